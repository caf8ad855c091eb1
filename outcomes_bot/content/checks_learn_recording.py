"""The second pass over ``flows/recording.yaml``, and its word lists compiled for the review.

``check_recording`` holds the file together (12 principles in order, each
either checked or saying why one note cannot show it, every check used, every
pattern a valid regular expression) and returns the compiled rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .schema_learn_recording import RecordingFlow, RecordingMessages, Triggers
from .yamlsource import FlowError, Source

PLACEHOLDERS = {  # message key -> the names the program fills in; a key not listed takes none
    "too_long": {"max"},
    "cli_too_long": {"length", "max"},
    "principle": {"number", "title"},
    "advice": {"advice"},
    "evidence": {"text"},
    "evidence_instead": {"text", "instead"},
    "cannot_list": {"numbers"},
    "labels": {"labels"},
    "identifying": {"details"},
}


@dataclass(frozen=True)
class Hit:
    """Words found in a note: where, what exactly, and what to write instead (if the list says)."""

    start: int
    end: int
    text: str
    instead: str | None


@dataclass(frozen=True)
class Matcher:
    """One check's words and patterns as a single regular expression; group ``g<n>`` is entry n."""

    pattern: re.Pattern | None
    instead: tuple[str | None, ...]

    def hits(self, text: str) -> list[Hit]:
        """Every match in ``text``, left to right, longest entry first where two start together."""
        if self.pattern is None:
            return []
        found = []
        for match in self.pattern.finditer(text):
            if match.end() > match.start():
                index = int((match.lastgroup or "g0")[1:])
                found.append(Hit(match.start(), match.end(), match.group(), self.instead[index]))
        return found


@dataclass(frozen=True)
class RecordingRules:
    """The recording flow with each check's words compiled."""

    flow: RecordingFlow
    find: dict[str, Matcher]
    unless: dict[str, Matcher]


def word_pattern(word: str) -> str:
    """A listed word as a whole-word pattern: spaces match any run of spaces, either apostrophe matches."""
    body = r"\s+".join(re.escape(part) for part in word.split())
    return rf"(?<!\w){body.replace(chr(39), '[’' + chr(39) + ']')}(?!\w)"


def matcher(triggers: Triggers) -> Matcher:
    """Compile a check's words (any case), exact words and patterns into one Matcher."""
    entries: list[tuple[str, str | None]] = []
    for word, instead in sorted(triggers.words.items(), key=lambda kv: -len(kv[0])):
        entries.append((f"(?i:{word_pattern(word)})", instead))
    for word, instead in sorted(triggers.exact.items(), key=lambda kv: -len(kv[0])):
        entries.append((word_pattern(word), instead))
    for pattern, instead in triggers.patterns.items():
        entries.append((f"(?:{pattern})", instead))
    if not entries:
        return Matcher(None, ())
    joined = "|".join(f"(?P<g{n}>{body})" for n, (body, _) in enumerate(entries))
    return Matcher(re.compile(joined), tuple(instead for _, instead in entries))


def compile_recording(flow: RecordingFlow) -> RecordingRules:
    """The flow's checks compiled (the flow must have passed ``check_recording``)."""
    find = {name: matcher(check.find) for name, check in flow.checks.items()}
    unless = {name: matcher(check.unless) for name, check in flow.checks.items()}
    return RecordingRules(flow, find, unless)


def check_recording(src: Source, flow: RecordingFlow, errors: list[FlowError]) -> RecordingRules | None:
    """Principles in order and each checked or excused, checks used and consistent, patterns valid."""
    before = len(errors)
    _check_principles(src, flow, errors)
    _check_checks(src, flow, errors)
    _check_words(src, flow, errors)
    _check_messages(src, flow.messages, errors)
    return compile_recording(flow) if len(errors) == before else None


def _check_principles(src: Source, flow: RecordingFlow, errors: list[FlowError]) -> None:
    """Numbered 1, 2, 3... with unique ids; known checks; a reason wherever one note cannot show it."""
    ids: set[str] = set()
    for index, principle in enumerate(flow.principles):
        path = ("principles", index)
        if principle.number != index + 1:
            fix = f"number the principles 1 to {len(flow.principles)} in the guide's order"
            errors.append(src.error(path + ("number",), f"principle {index + 1} has number {principle.number}", fix))
        if principle.id in ids:
            errors.append(src.error(path + ("id",), f"duplicate id '{principle.id}'", "give each one its own id"))
        ids.add(principle.id)
        for number, name in enumerate(principle.checks):
            if name not in flow.checks:
                fix = f"use one of: {', '.join(flow.checks)}"
                errors.append(src.error(path + ("checks", number), f"unknown check '{name}'", fix))
        if not principle.checks and principle.cannot is None:
            fix = "list the checks that show it, or say in 'cannot:' why one note cannot show it"
            errors.append(src.error(path, f"principle {principle.number} has no checks and no reason", fix))
        if principle.checks and principle.cannot is not None:
            fix = "remove 'cannot:', or remove the checks"
            errors.append(src.error(path + ("cannot",), "a checked principle also says it cannot be shown", fix))


def _check_checks(src: Source, flow: RecordingFlow, errors: list[FlowError]) -> None:
    """Every check is used; excuses fit their mode; 'cannot tell' has its wording; labels is an avoid check."""
    used = {name for principle in flow.principles for name in principle.checks}
    for name, check in flow.checks.items():
        path = ("checks", name)
        if name not in used:
            errors.append(
                src.error(path, f"check '{name}' is not used", "add it to a principle's checks, or remove it")
            )
        if check.if_nothing is None and check.unknown is None:
            errors.append(src.error(path, "missing key 'unknown'", "add 'unknown:': what to say when it cannot tell"))
        has_excuse = check.unless != type(check.unless)() or check.unless_shown
        if check.mode == "show" and has_excuse:
            errors.append(src.error(path + ("unless",), "a show check has excuses", "remove unless and unless_shown"))
        for number, other in enumerate(check.unless_shown):
            if other not in flow.checks or flow.checks[other].mode != "show":
                shows = ", ".join(n for n, c in flow.checks.items() if c.mode == "show")
                fix = f"use one of: {shows}"
                errors.append(src.error(path + ("unless_shown", number), f"'{other}' is not a show check", fix))
    if flow.labels not in flow.checks or flow.checks[flow.labels].mode != "avoid":
        avoid = ", ".join(n for n, c in flow.checks.items() if c.mode == "avoid")
        errors.append(src.error(("labels",), f"'{flow.labels}' is not an avoid check", f"use one of: {avoid}"))


def _check_words(src: Source, flow: RecordingFlow, errors: list[FlowError]) -> None:
    """Patterns compile and cannot match nothing; no word is found by two checks or listed twice."""
    owner: dict[str, str] = {}
    for name, check in flow.checks.items():
        for part, triggers in (("find", check.find), ("unless", check.unless)):
            for pattern in triggers.patterns:
                path = ("checks", name, part, "patterns", pattern)
                try:
                    if re.compile(pattern).fullmatch(""):
                        errors.append(src.error(path, "pattern matches empty text", "make it need at least a letter"))
                except re.error as exc:
                    fix = "write a Python regular expression (in single quotes, with \\ as it is)"
                    errors.append(src.error(path, f"not a regular expression ({exc})", fix))
            if part == "unless":
                continue
            for kind in ("words", "exact"):
                for word in getattr(triggers, kind):
                    key = word.lower() if kind == "words" else word
                    key = " ".join(key.split())
                    if key in owner:
                        fix = "keep it in one check only"
                        errors.append(
                            src.error(("checks", name, part, kind, word), f"'{word}' is in {owner[key]}", fix)
                        )
                    owner[key] = f"{name}.{kind}"


def _check_messages(src: Source, messages: RecordingMessages, errors: list[FlowError]) -> None:
    """Each message uses only the placeholders the program fills in."""
    for key in RecordingMessages.model_fields:
        for name in re.findall(r"\{([^{}]*)\}", getattr(messages, key)):
            allowed = PLACEHOLDERS.get(key, set())
            if name not in allowed:
                shown = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
                fix = f"use only these here: {shown}"
                errors.append(src.error(("messages", key), f"unknown placeholder '{{{name}}}'", fix))
