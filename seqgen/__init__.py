"""Teaching code shared by the chapters of the sequence-generation course.

Only what two or more chapters use lives here: seeding, synthetic data sets, one
training loop, plotting helpers, check helpers, metric reporting and widget fallbacks.
Every sequence model in the course follows one interface::

    logits, loss = model(x, targets=None)

so one training loop (:func:`seqgen.train.fit`) serves every chapter.
"""

from seqgen.checks import check_close, check_shape
from seqgen.data import Vocab, batches_forever, copy_task, long_range_recall
from seqgen.report import report_metric
from seqgen.seed import setup
from seqgen.train import History, accuracy, fit

__all__ = [
    "History",
    "Vocab",
    "accuracy",
    "batches_forever",
    "check_close",
    "check_shape",
    "copy_task",
    "fit",
    "long_range_recall",
    "report_metric",
    "setup",
]
