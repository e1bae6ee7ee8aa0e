"""Values that cross the boundary between a submission's process and the grader.

Only plain data crosses: None, bool, int, float, str, lists, tuples, dicts with string
keys, torch tensors and numpy arrays (raw bytes of a whitelisted dtype, never pickles),
``torch.nn.Parameter`` with its ``.grad``, and a one-shot iterator (``Once``). Decoding
checks every size and type, so a hostile process can send wrong values but nothing that
runs as code or exhausts the grader.
"""

import math
from dataclasses import dataclass

import numpy as np
import torch

DTYPES = {
    "float32": (np.float32, torch.float32),
    "float64": (np.float64, torch.float64),
    "int64": (np.int64, torch.int64),
    "int32": (np.int32, torch.int32),
    "bool": (np.bool_, torch.bool),
}
TORCH_NAMES = {torch_dtype: name for name, (_, torch_dtype) in DTYPES.items()}
MAX_DEPTH = 16
MAX_ITEMS = 10_000
MAX_BYTES = 64 * 2**20


class CodecError(ValueError):
    """A value that cannot cross the boundary (an unsupported type, or malformed data)."""


@dataclass
class Once:
    """A list passed to the student's function as an iterator it can consume only once."""

    items: list


class OnceIterator:
    """What a ``Once`` becomes on arrival: a one-shot iterator that remembers its items, so
    the arguments can be sent back after the call (as the list of those items)."""

    def __init__(self, items: list):
        self.items = items
        self.rest = iter(items)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.rest)


class Encoder:
    """Turn a value into (JSON-able tree, list of byte blobs)."""

    def __init__(self):
        self.blobs: list[bytes] = []
        self.total = 0

    def blob(self, data: bytes) -> int:
        self.total += len(data)
        if self.total > MAX_BYTES:
            raise CodecError(f"value larger than {MAX_BYTES // 2**20} MiB")
        self.blobs.append(data)
        return len(self.blobs) - 1

    def array(self, array: np.ndarray) -> dict:
        name = str(array.dtype)
        if name not in DTYPES:
            raise CodecError(f"unsupported array dtype {name}")
        data = np.ascontiguousarray(array).tobytes()
        return {"dtype": name, "shape": list(array.shape), "blob": self.blob(data)}

    def encode(self, value, depth: int = 0):
        if depth > MAX_DEPTH:
            raise CodecError("value nested too deeply")
        if value is None or isinstance(value, bool | int | str):
            return value
        if isinstance(value, float | np.floating):
            return {"float": repr(float(value))}  # JSON has no NaN or infinity
        if isinstance(value, np.integer | np.bool_):
            return value.item()
        if isinstance(value, torch.Tensor):
            return self.tensor(value)
        if isinstance(value, np.ndarray):
            return {"ndarray": self.array(value)}
        if isinstance(value, OnceIterator):
            value = value.items
        if isinstance(value, Once):
            return {"once": [self.encode(v, depth + 1) for v in value.items]}
        if isinstance(value, list | tuple):
            if len(value) > MAX_ITEMS:
                raise CodecError("sequence too long")
            items = [self.encode(v, depth + 1) for v in value]
            return {"tuple": items} if isinstance(value, tuple) else {"list": items}
        if isinstance(value, dict) and all(isinstance(k, str) for k in value):
            return {"dict": {k: self.encode(v, depth + 1) for k, v in value.items()}}
        raise CodecError(f"unsupported type {type(value).__name__}")

    def tensor(self, value: torch.Tensor) -> dict:
        if value.dtype not in TORCH_NAMES:
            raise CodecError(f"unsupported tensor dtype {value.dtype}")
        node = {"tensor": self.array(value.detach().cpu().numpy())}
        node["requires_grad"] = bool(value.requires_grad)
        if isinstance(value, torch.nn.Parameter):
            node["parameter"] = True
            node["grad"] = None if value.grad is None else self.tensor(value.grad)
        return node


def encode(value) -> tuple[object, list[bytes]]:
    encoder = Encoder()
    return encoder.encode(value), encoder.blobs


class Decoder:
    """Rebuild a value from a tree and its blobs, checking everything."""

    def __init__(self, blobs: list[bytes]):
        self.blobs = blobs

    def array(self, node) -> np.ndarray:
        if not isinstance(node, dict) or node.get("dtype") not in DTYPES:
            raise CodecError("malformed array")
        shape = node.get("shape")
        index = node.get("blob")
        if not (isinstance(shape, list) and all(isinstance(n, int) and n >= 0 for n in shape)):
            raise CodecError("malformed array shape")
        if not (isinstance(index, int) and 0 <= index < len(self.blobs)):
            raise CodecError("malformed array data")
        np_dtype = DTYPES[node["dtype"]][0]
        data = self.blobs[index]
        if math.prod(shape) * np.dtype(np_dtype).itemsize != len(data):
            raise CodecError("array data does not match its shape")
        return np.frombuffer(data, dtype=np_dtype).reshape(shape).copy()

    def decode(self, node, depth: int = 0):
        if depth > MAX_DEPTH:
            raise CodecError("value nested too deeply")
        if node is None or isinstance(node, bool | int | str):
            return node
        if not isinstance(node, dict) or len(node) == 0:
            raise CodecError("malformed value")
        if "float" in node:
            try:
                return float(node["float"])
            except (TypeError, ValueError):
                raise CodecError("malformed number") from None
        if "tensor" in node:
            return self.tensor(node)
        if "ndarray" in node:
            return self.array(node["ndarray"])
        if "once" in node:
            return OnceIterator([self.decode(v, depth + 1) for v in self.items(node["once"])])
        if "tuple" in node:
            return tuple(self.decode(v, depth + 1) for v in self.items(node["tuple"]))
        if "list" in node:
            return [self.decode(v, depth + 1) for v in self.items(node["list"])]
        if "dict" in node and isinstance(node["dict"], dict):
            return {str(k): self.decode(v, depth + 1) for k, v in node["dict"].items()}
        raise CodecError("malformed value")

    @staticmethod
    def items(items) -> list:
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise CodecError("malformed sequence")
        return items

    def tensor(self, node) -> torch.Tensor:
        value = torch.from_numpy(self.array(node["tensor"]))
        if node.get("parameter"):
            value = torch.nn.Parameter(value, requires_grad=bool(node.get("requires_grad")))
            grad = node.get("grad")
            if grad is not None:
                value.grad = self.tensor(grad)
            return value
        if node.get("requires_grad") and value.is_floating_point():
            value.requires_grad_(True)
        return value


def decode(tree, blobs: list[bytes]):
    return Decoder(blobs).decode(tree)


def copy_across(value):
    """What the other side would receive: encode then decode (used in-process)."""
    return decode(*encode(value))
