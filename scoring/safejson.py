"""JSON from outside (uploaded scorecard documents, transcript files) read with a bound on nesting.

``json.loads`` on a document nested tens of thousands of levels deep raises ``RecursionError``,
and a document a few hundred levels deep parses but can exhaust the stack of any recursive code
that walks it later. Real documents here are a handful of levels deep, so anything deeper is
refused with a plain message before it reaches the code that reads it.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 20


class JSONDocumentError(ValueError):
    """The text is not JSON, or is nested deeper than allowed; the message says which."""


def loads_bounded(text: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` that raises :class:`JSONDocumentError` (never ``RecursionError``) on text
    that is not JSON or nests objects/lists more than ``max_depth`` levels. Cost: one parse plus
    one iterative walk of the result."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise JSONDocumentError(
            f"nested too deeply (more than {max_depth} levels of lists or objects)"
        ) from None
    except UnicodeDecodeError as exc:
        raise JSONDocumentError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise JSONDocumentError(f"not valid JSON ({exc})") from None
    check_depth(data, max_depth=max_depth)
    return data


def check_depth(data: Any, *, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`JSONDocumentError` when parsed JSON nests deeper than ``max_depth``
    (iteratively: a deep document cannot exhaust the stack here)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > max_depth:
            raise JSONDocumentError(
                f"nested too deeply (more than {max_depth} levels of lists or objects)"
            )
        stack.extend((child, depth + 1) for child in children)
