import math

import numpy as np
import pytest
import torch

from autograder.codec import MAX_BYTES, CodecError, Once, copy_across, decode, encode


def test_round_trip_of_supported_values():
    param = torch.nn.Parameter(torch.randn(3))
    param.grad = torch.ones(3)
    value = {
        "tensors": (torch.randn(2, 3), torch.arange(4), torch.tensor([True, False])),
        "numbers": [1, 2.5, math.inf, None, "text", True],
        "array": np.arange(6, dtype=np.float64).reshape(2, 3),
        "param": param,
    }
    back = copy_across(value)
    assert torch.equal(back["tensors"][0], value["tensors"][0])
    assert back["tensors"][1].dtype == torch.int64 and isinstance(back["tensors"], tuple)
    assert back["numbers"][:3] == [1, 2.5, math.inf] and back["numbers"][3:] == [None, "text", True]
    assert np.array_equal(back["array"], value["array"])
    assert isinstance(back["param"], torch.nn.Parameter) and torch.equal(
        back["param"].grad, param.grad
    )


def test_copies_are_independent_and_keep_requires_grad():
    x = torch.randn(2, requires_grad=True)
    y = copy_across(x)
    assert y.requires_grad and y is not x
    with torch.no_grad():
        y.add_(1)
    assert not torch.equal(x, y)


def test_once_becomes_a_one_shot_iterator():
    it = copy_across(Once([1, 2]))
    assert list(it) == [1, 2] and list(it) == []


@pytest.mark.parametrize(
    "value", [object(), {1: "int key"}, torch.zeros(2, dtype=torch.complex64), lambda: 0]
)
def test_unsupported_values_are_refused(value):
    with pytest.raises(CodecError):
        encode(value)


def test_malformed_data_is_refused():
    tree, blobs = encode(torch.zeros(4))
    tree["tensor"]["shape"] = [5]
    with pytest.raises(CodecError, match="does not match"):
        decode(tree, blobs)
    with pytest.raises(CodecError):
        decode({"tensor": {"dtype": "object", "shape": [1], "blob": 0}}, [b"x"])
    with pytest.raises(CodecError):
        decode({"eval": "__import__('os')"}, [])
    deep = 1
    for _ in range(40):
        deep = [deep]
    with pytest.raises(CodecError, match="deeply"):
        encode(deep)


def test_size_is_bounded():
    with pytest.raises(CodecError, match="larger"):
        encode(torch.zeros(MAX_BYTES // 4 + 1))
