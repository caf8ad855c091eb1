"""Read YAML while remembering where every value came from.

Flow errors must name the file and the line, so we parse each file once into
both its data and a map from a key path (``("replies", "stage_1", 0)``) to
the line it starts on. Duplicate mapping keys, which PyYAML silently lets
the last one win, are reported here as errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class FlowError:
    """One problem in a flow file: where it is, what is wrong and how to fix it."""

    file: str
    line: int
    key: str
    message: str
    fix: str

    @classmethod
    def in_file(cls, file: str, message: str, fix: str, line: int = 1) -> FlowError:
        """A problem with the file as a whole, or at a line no key starts on."""
        return cls(file=file, line=line, key="", message=message, fix=fix)

    def __str__(self) -> str:
        """``file:line: key: message. Fix: fix``."""
        where = f"{self.file}:{self.line}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}. Fix: {self.fix}"


class FlowErrors(Exception):
    """Raised when flows fail validation; carries every error found."""

    def __init__(self, errors: list[FlowError]):
        """FlowErrors carrying ``errors``, one a line in the message."""
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class Source:
    """A parsed YAML file: its data and the line of every key path."""

    file: str
    data: Any
    lines: dict[Path_, int]

    def line(self, path: Path_) -> int:
        """Return the line of the nearest known ancestor of ``path``."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def error(self, path: Path_, message: str, fix: str) -> FlowError:
        """Build a FlowError located at ``path`` in this file."""
        return FlowError(file=self.file, line=self.line(path), key=dotted(path), message=message, fix=fix)


def dotted(path: Path_) -> str:
    """Render a key path as ``replies.stage_1[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_source(path: Path, label: str | None = None) -> tuple[Source | None, list[FlowError]]:
    """Parse one YAML file; return the Source, or None with the errors found."""
    label = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [
            FlowError.in_file(label, f"cannot read the file ({exc.__class__.__name__})", "save it as UTF-8 text")
        ]
    return parse_source(text, label)


def parse_source(text: str, label: str) -> tuple[Source | None, list[FlowError]]:
    """Parse YAML text; return the Source, or None with the errors found."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, [FlowError.in_file(label, "the file is empty", "add the flow's content")]
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = (exc.problem or "not valid YAML").strip()
        fix = "check the indentation, and put text containing ': ' or '#' in quotes"
        return None, [FlowError.in_file(label, f"YAML syntax: {problem}", fix, line=line)]
    except yaml.YAMLError as exc:  # pragma: no cover - marks are nearly always present
        return None, [FlowError.in_file(label, f"YAML syntax: {exc}", "check the file is valid YAML")]
    finally:
        loader.dispose()
    lines: dict[Path_, int] = {}
    errors: list[FlowError] = []
    _walk(node, (), lines=lines, errors=errors, label=label)
    return Source(label, data, lines), errors


def _walk(node: yaml.Node, path: Path_, *, lines: dict[Path_, int], errors: list[FlowError], label: str) -> None:
    """Record the line of every node below ``node``, and flag duplicate keys."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                errors.append(
                    FlowError(
                        file=label,
                        line=line,
                        key=dotted(path + (key,)),
                        message=f"duplicate key '{key}' (first on line {seen[key]})",
                        fix="remove one of them or give it a different name",
                    )
                )
                continue
            seen[key] = line
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines=lines, errors=errors, label=label)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines=lines, errors=errors, label=label)
