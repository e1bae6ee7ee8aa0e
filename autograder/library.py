"""What a dotted name means in the grader's own environment: is the module installed, and
which object does ``torch.nn.LSTMCell`` name? Used by :mod:`autograder.static`."""

import importlib
import importlib.util
import sys


def installed(module: str) -> bool:
    """True when ``module`` is importable here (found, never imported)."""
    if module in sys.modules:
        return True
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def library_object(path: str):
    """The object at ``path`` when its top package is already imported here, else None."""
    parts = path.split(".")
    obj = sys.modules.get(parts[0])
    if obj is None:
        return None
    for index, part in enumerate(parts[1:], start=1):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            try:
                obj = importlib.import_module(".".join(parts[: index + 1]))
            except Exception:
                return None
        except Exception:
            return None
    return obj
