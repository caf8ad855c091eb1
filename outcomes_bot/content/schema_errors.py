"""A pydantic validation error as a ``FlowError`` with a fix a trainer can follow (the schema pass's wording)."""

from __future__ import annotations

from pydantic_core import ErrorDetails

from .schema_coach import WORD_PATTERN
from .yamlsource import FlowError, Source, dotted


def schema_error(source: Source, err: ErrorDetails) -> FlowError:
    """Turn one pydantic error into a FlowError with a fix."""
    loc = tuple(err["loc"])
    kind = err["type"]
    key = loc[-1] if loc else ""
    if kind == "missing":
        line = source.line(loc[:-1])
        return FlowError(
            file=source.file, line=line, key=dotted(loc), message=f"missing key '{key}'", fix=f"add '{key}:' here"
        )
    if kind == "extra_forbidden":
        return source.error(loc, f"unknown key '{key}'", "remove it, or correct its spelling")
    if kind in ("string_type", "string_too_short"):
        fix = "write some text here (put it in quotes if it contains ': ' or starts with a symbol)"
    elif kind in ("list_type", "too_short"):
        fix = "make this a list with enough items, each on its own line starting with '- '"
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        fix = "make this a mapping of 'key: value' lines, indented under it"
    elif kind.startswith("int") or kind.startswith("greater") or kind.startswith("less"):
        fix = "use a whole number in the allowed range"
    elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == WORD_PATTERN:
        fix = "write one word in lower case, as it is typed: letters, digits or an apostrophe, no spaces"
    elif kind == "string_pattern_mismatch":
        fix = "use lower-case letters, digits and underscores, starting with a letter"
    elif kind == "literal_error":
        fix = "use one of the values listed"
    else:
        fix = "correct the value"
    return source.error(loc, err["msg"].rstrip("."), fix)
