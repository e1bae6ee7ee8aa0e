"""Text from a submission or a file name, made safe to write, store and print."""

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def safe_text(value, limit: int | None = None) -> str:
    """``value`` as a string that encodes to UTF-8: lone surrogates become '?'."""
    text = value if isinstance(value, str) else str(value)
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def printable(value) -> str:
    """Safe text with terminal control characters (ANSI escapes, bidi overrides) removed;
    newlines and tabs kept."""
    return CONTROL.sub("", safe_text(value).replace("\r", ""))
