"""The second pass over ``flows/outcomes.yaml``, and its phrases compiled for the outcome check.

``check_outcomes`` finds what the schema cannot (a kind or quality without rules or words, an
unknown word list, a phrase that is not a valid pattern, a message that names a field it will
not be given) and returns the compiled rules.
Every error names the file, the line, the key and the fix.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from .schema_learn_outcomes import KINDS, QUALITIES, OutcomesFlow
from .yamlsource import FlowError, Source

SLOT = re.compile(r"\{([a-z_]+)\}")
ADDRESSED = {"them", "obj"}  # how the person is named to whoever is asked ("you", "your mum"; "you", "her")
STRENGTHS = ("strong", "phrases", "weak")
PATTERN_FIX = "check brackets and special characters; write a literal ? or ( as \\? or \\("


class PhraseError(ValueError):
    """A phrase that cannot be compiled; ``where`` is its key path and ``fix`` says what to do."""

    def __init__(self, where: tuple, message: str, fix: str):
        super().__init__(message)
        self.where = where
        self.fix = fix


@dataclass(frozen=True)
class Phrase:
    """One compiled phrase: as written, as a pattern, and what it adds to its kind's score."""

    source: str
    pattern: re.Pattern
    weight: int = 1


@dataclass(frozen=True)
class CompiledBuilder:
    """Advice built from their words, for one kind: the pattern and the message id."""

    kind: str
    pattern: re.Pattern
    message: str


@dataclass(frozen=True)
class OutcomeRules:
    """flows/outcomes.yaml, checked and compiled: what ``learn.outcome_check.check`` reads a statement with."""

    flow: OutcomesFlow
    kinds: dict[str, tuple[Phrase, ...]]
    unless: dict[str, tuple[Phrase, ...]]
    qualities: dict[str, tuple[Phrase, ...]]
    service: dict[str, tuple[Phrase, ...]]
    why: re.Pattern
    builders: tuple[CompiledBuilder, ...]
    third_person_s: re.Pattern
    who: re.Pattern  # who a statement is about: groups family, named, first


def expand(phrase: str, words: dict[str, str], where: tuple, depth: int = 0) -> str:
    """Put each ``{name}``'s word list in its place; a space is any run of spaces, an apostrophe optional."""

    def slot(match: re.Match) -> str:
        name = match.group(1)
        if name not in words:
            raise PhraseError(where, f"unknown word list '{{{name}}}'", f"add '{name}:' under 'words:', or correct it")
        if depth > 3:
            fix = "avoid word lists that refer to each other in a loop"
            raise PhraseError(where, "word lists nest too deeply", fix)
        return "(?:" + expand(words[name], words, where, depth + 1) + ")"

    return SLOT.sub(slot, phrase).replace(" ", r"\s+").replace("'", "'?")


def _regex(body: str, where: tuple) -> re.Pattern:
    """A pattern compiled ignoring case; raise PhraseError naming it if it is not valid."""
    try:
        return re.compile(body, re.IGNORECASE)
    except re.error as exc:
        raise PhraseError(where, f"not a valid pattern ({exc.msg})", PATTERN_FIX) from None


def compile_phrase(phrase: str, words: dict[str, str], where: tuple, weight: int = 1) -> Phrase:
    """One phrase on whole words: it starts at a word's start (or ``^``) and ends at a word's end."""
    body = expand(phrase, words, where)
    start = "" if body.startswith("^") else r"(?<!\w)"
    return Phrase(phrase, _regex(f"{start}(?:{body})(?:(?<!\\w)|(?!\\w))", where), weight)


def _compile(flow: OutcomesFlow) -> OutcomeRules:
    """Compile every phrase, pattern and builder; raise PhraseError for the first that fails."""
    words, weights = dict(flow.words), flow.settings.weights
    kinds: dict[str, tuple[Phrase, ...]] = {
        kind: tuple(
            compile_phrase(p, words, ("kinds", kind, strength, i), getattr(weights, strength))
            for strength in STRENGTHS
            for i, p in enumerate(getattr(rules, strength))
        )
        for kind, rules in flow.kinds.items()
    }
    unless: dict[str, tuple[Phrase, ...]] = {
        kind: tuple(compile_phrase(p, words, ("kinds", kind, "unless", i)) for i, p in enumerate(rules.unless))
        for kind, rules in flow.kinds.items()
    }
    qualities = {
        name: tuple(compile_phrase(p, words, ("qualities", name, "phrases", i)) for i, p in enumerate(rules.phrases))
        for name, rules in flow.qualities.items()
    }
    service = {
        name: tuple(compile_phrase(p, words, ("service_language", name, i)) for i, p in enumerate(phrases))
        for name, phrases in flow.service_language.items()
    }
    builders = tuple(
        CompiledBuilder(b.kind, _regex(expand(b.from_, words, where), where), b.message)
        for i, b in enumerate(flow.builders)
        for where in [("builders", i, "from")]
    )
    if "why" not in words:
        raise PhraseError(("words",), "no 'why' word list", "add 'why:', the words that start the why ('so that')")
    why = _regex(expand(words["why"], words, ("words", "why")), ("words", "why"))
    suffix = _regex(flow.voice.third_person_s, ("voice", "third_person_s"))
    who = compile_phrase(flow.voice.who, words, ("voice", "who")).pattern
    for group in ("family", "named", "first"):
        if group not in who.groupindex:
            raise PhraseError(("voice", "who"), f"no group '{group}'", f"name a group (?P<{group}>...) in the pattern")
    return OutcomeRules(flow, kinds, unless, qualities, service, why, builders, suffix, who)


def fields(text: str) -> set[str]:
    """The ``{field}`` names a message fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _fields_known(src: Source, path: tuple, text: str, known: set[str], errors: list[FlowError]) -> None:
    """Every field of a message is one it will be given."""
    try:
        strange = sorted(fields(text) - known)
    except ValueError:
        errors.append(src.error(path, "a lone '{' or '}'", "write a field as {name}, or double a brace: {{ }}"))
        return
    if strange:
        fix = f"use only {', '.join('{' + k + '}' for k in sorted(known)) or 'no fields'}"
        errors.append(src.error(path, f"unknown field {{{strange[0]}}}", fix))


def _all_named(src: Source, path: tuple, found, wanted, what: str, errors: list[FlowError]) -> None:
    """``found`` names each of ``wanted`` and nothing else."""
    for name in wanted:
        if name not in found:
            errors.append(src.error(path, f"no {what} '{name}'", f"add '{name}:' here"))
    for name in found:
        if name not in wanted:
            errors.append(src.error(path + (name,), f"unknown {what} '{name}'", f"use one of: {', '.join(wanted)}"))


def _check_messages(src: Source, flow: OutcomesFlow, errors: list[FlowError]) -> None:
    """Each kind, quality and service entry has its words, and each message names only fields it is given."""
    msgs = flow.messages
    _all_named(src, ("messages", "kinds"), msgs.kinds, KINDS, "kind", errors)
    _all_named(src, ("messages", "generic_advice"), msgs.generic_advice, KINDS, "kind", errors)
    _all_named(src, ("messages", "qualities"), msgs.qualities, QUALITIES, "quality", errors)
    service = list(flow.service_language)
    _all_named(src, ("messages", "service_language"), msgs.service_language, service, "entry", errors)
    single = {"kind_line": {"kind"}, "evidence_line": {"words"}, "quality_shown": {"quality", "words"},
              "quality_missing": {"quality"}, "service_line": {"words"}, "quote": {"words"},
              "cli_unreadable": {"path", "reason"}, "cli_not_text": {"path"}}
    for key in type(msgs).model_fields:
        value = getattr(msgs, key)
        if isinstance(value, str):
            _fields_known(src, ("messages", key), value, single.get(key, set()), errors)
    for group in ("generic_advice", "service_language"):
        for key, text in getattr(msgs, group).items():
            _fields_known(src, ("messages", group, key), text, ADDRESSED, errors)
    for key, words in msgs.qualities.items():
        _fields_known(src, ("messages", "qualities", key, "missing"), words.missing, ADDRESSED, errors)


def _check_builders(src: Source, flow: OutcomesFlow, rules: OutcomeRules, errors: list[FlowError]) -> None:
    """Each builder's message exists, and names only the pattern's groups (``{group}``, ``{group_i}``)."""
    for index, builder in enumerate(rules.builders):
        path = ("builders", index, "message")
        text = flow.messages.advice.get(builder.message)
        if text is None:
            fix = f"add '{builder.message}:' under messages.advice, or use one of: {', '.join(flow.messages.advice)}"
            errors.append(src.error(path, f"unknown message '{builder.message}'", fix))
            continue
        groups = set(builder.pattern.groupindex)
        known = groups | {f"{g}_i" for g in groups} | ADDRESSED
        _fields_known(src, ("messages", "advice", builder.message), text, known, errors)


def check_outcomes(src: Source, flow: OutcomesFlow, errors: list[FlowError]) -> OutcomeRules | None:
    """Kinds and qualities are the guide's, each has rules and words, and every phrase compiles."""
    _all_named(src, ("kinds",), flow.kinds, KINDS, "kind", errors)
    _all_named(src, ("qualities",), flow.qualities, QUALITIES, "quality", errors)
    for kind, kind_rules in flow.kinds.items():
        if not (kind_rules.strong or kind_rules.phrases or kind_rules.weak):
            errors.append(src.error(("kinds", kind), "no phrases to show this kind", "add a 'phrases:' list"))
    order = flow.settings.tie_order
    if sorted(order) != sorted(KINDS):
        errors.append(src.error(("settings", "tie_order"), "not each kind once", f"list {', '.join(KINDS)} once each"))
    _check_messages(src, flow, errors)
    try:
        rules = _compile(flow)
    except PhraseError as exc:
        errors.append(src.error(exc.where, str(exc), exc.fix))
        return None
    _check_builders(src, flow, rules, errors)
    return rules
