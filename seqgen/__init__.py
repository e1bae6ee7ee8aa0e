"""Teaching code shared by the chapters of the sequence-generation course.

Only what two or more chapters use lives here: seeding, synthetic data sets, one
training loop, plotting helpers, check helpers, metric reporting and widget fallbacks.
Every sequence model in the course follows one interface::

    logits, loss = model(x, targets=None)

so one training loop (:func:`seqgen.train.fit`) serves every chapter.
"""

from seqgen.checks import check_close, check_shape
from seqgen.data import Vocab, batches_forever, copy_task, long_range_recall, random_batches
from seqgen.models import ClassifierConfig, SequenceClassifier, count_params
from seqgen.report import report_metric
from seqgen.seed import make_generator, setup
from seqgen.train import History, accuracy, fit

# The book's version: the light wheel (packaging/seqgen) and every notebook's install cell
# carry the same number, so a notebook opened in Colab gets the code it was written with.
__version__ = "0.1.0"

__all__ = [
    "ClassifierConfig",
    "History",
    "SequenceClassifier",
    "Vocab",
    "accuracy",
    "batches_forever",
    "check_close",
    "check_shape",
    "copy_task",
    "count_params",
    "fit",
    "long_range_recall",
    "make_generator",
    "random_batches",
    "report_metric",
    "setup",
]
