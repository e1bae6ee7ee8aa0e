import pytest
import torch

from seqgen.checks import check_close, check_shape


def test_check_shape_accepts_exact_shape():
    check_shape(torch.zeros(2, 3), (2, 3))


def test_check_shape_names_both_shapes():
    with pytest.raises(AssertionError, match=r"h has shape \(2, 3\), expected \(3, 2\)"):
        check_shape(torch.zeros(2, 3), (3, 2), name="h")


def test_check_close_within_tolerance():
    check_close(torch.ones(3) + 1e-7, torch.ones(3))


def test_check_close_reports_gap():
    with pytest.raises(AssertionError, match="differs by up to 0.1"):
        check_close(torch.tensor([1.1]), torch.tensor([1.0]))


def test_check_close_rejects_nan_and_shape_mismatch():
    with pytest.raises(AssertionError, match="NaN"):
        check_close(torch.tensor([float("nan")]), torch.tensor([1.0]))
    with pytest.raises(AssertionError, match="shape"):
        check_close(torch.zeros(2), torch.zeros(3))
