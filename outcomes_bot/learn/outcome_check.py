"""Is it an outcome? A statement a worker would write in a plan, read against the guide's kinds and qualities.

A pure function over the rules in ``flows/outcomes.yaml`` (``OutcomeRules``):
``check`` says whether a statement reads as a personal outcome, a need or
barrier, a resource or service, or an output, with the words that show it;
for an outcome, which of the guide's qualities it shows; and advice built from
the statement's own words. How a kind is chosen is described in the YAML's
header comment. ``reading_text`` is the answer as a person reads it, in the
terminal or the chat. Nothing is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.checks_learn_outcomes import OutcomeRules, Phrase
from ..content.schema_learn_outcomes import Kind
from .outcome_voice import Who, own_voice, said_back, who_of

MAX_CHARS = 2000  # a statement longer than this is read up to here
SENTENCE = re.compile(r"(?i:(?<!\bmr)(?<!\bmrs)(?<!\bms)(?<!\bdr))[.!?;]+(?:\s+|$)|\n+")
BULLET = re.compile(r"^[\s\-*•–]+")


@dataclass(frozen=True)
class Reading:
    """What a statement reads as: its kind, the qualities of an outcome, the words that show them, and advice."""

    text: str
    kind: Kind  # "outcome" | "need" | "resource" | "output"
    qualities: dict[str, bool]
    evidence: dict[str, list[str]]  # "kind", each quality, and "service" (service words), as typed
    advice: list[str]

    def as_json(self) -> dict:
        """{"text", "kind", "qualities", "evidence", "advice"}, as ``outcome-check`` prints it."""
        return {
            "text": self.text,
            "kind": self.kind,
            "qualities": dict(self.qualities),
            "evidence": {key: list(words) for key, words in self.evidence.items()},
            "advice": list(self.advice),
        }


@dataclass(frozen=True)
class _Hit:
    """A phrase found: its words as typed and where they start."""

    words: str
    start: int


def check(rules: OutcomeRules, text: str) -> Reading:
    """Read ``text``: its kind, the qualities (for an outcome), the words that show them, and advice."""
    statement = " ".join(text[:MAX_CHARS].split())
    kind, kind_words = choose_kind(rules, statement)
    qualities, evidence = _qualities(rules, statement, kind)
    evidence = {"kind": kind_words, **evidence}
    advice = _advice(rules, statement, kind, qualities, evidence["service"])
    return Reading(statement, kind, qualities, evidence, advice)


def sentences(text: str) -> list[str]:
    """The statement's sentences, without bullets or spaces around them."""
    parts = (BULLET.sub("", part).strip() for part in SENTENCE.split(text))
    return [part for part in parts if part]


def _found(phrases: tuple[Phrase, ...], text: str) -> list[tuple[Phrase, _Hit]]:
    """Each phrase found in ``text`` (once, at its first place), with the words it matched."""
    hits = []
    for phrase in phrases:
        match = phrase.pattern.search(text)
        if match is not None and match.group(0).strip():
            hits.append((phrase, _Hit(match.group(0).strip(), match.start())))
    return hits


def _any_kind(rules: OutcomeRules, text: str) -> bool:
    """Whether any kind's phrase is in ``text``."""
    return any(_found(phrases, text) for phrases in rules.kinds.values())


def read_part(rules: OutcomeRules, text: str) -> str:
    """The part of the statement a kind is chosen from: the first sentence with a kind's phrase, before its why."""
    chosen = next((s for s in sentences(text) if _any_kind(rules, s)), "")
    why = rules.why.search(chosen)
    if why is not None and why.start() > 0 and _any_kind(rules, chosen[: why.start()]):
        return chosen[: why.start()].rstrip(" ,")
    return chosen


def choose_kind(rules: OutcomeRules, text: str) -> tuple[Kind, list[str]]:
    """The kind ``text`` reads as and the words that show it: highest score; ties to the earliest, then tie_order."""
    settings = rules.flow.settings
    part = read_part(rules, text)
    scored = []
    for kind in settings.tie_order:
        hits = _found(rules.kinds[kind], part)
        if not hits or _found(rules.unless[kind], part):
            continue
        score = sum(phrase.weight for phrase, _ in hits)
        first = min(hit.start for _, hit in hits)
        scored.append((-score, first, settings.tie_order.index(kind), kind, hits))
    if not scored:
        return settings.default_kind, []
    *_, kind, hits = min(scored)
    return kind, _unique(hit for _, hit in hits)


def _unique(hits) -> list[str]:
    """The words of ``hits`` in the order they stand in the text, each once (a word inside a longer one dropped)."""
    ordered = sorted(hits, key=lambda hit: (hit.start, -len(hit.words)))
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for hit in ordered:
        span = (hit.start, hit.start + len(hit.words))
        if any(start <= span[0] and span[1] <= end for start, end in spans):
            continue
        spans.append(span)
        words.append(hit.words)
    return words


def _qualities(rules: OutcomeRules, text: str, kind: Kind) -> tuple[dict[str, bool], dict[str, list[str]]]:
    """Each quality (looked for only in an outcome) with its words, and the service words found."""
    service = _unique(hit for phrases in rules.service.values() for _, hit in _found(phrases, text))
    evidence: dict[str, list[str]] = {}
    qualities: dict[str, bool] = {}
    for name, phrases in rules.qualities.items():
        words = _unique(hit for _, hit in _found(phrases, text)) if kind == "outcome" else []
        evidence[name] = words
        qualities[name] = bool(words)
    if "personal" in qualities and service:
        qualities["personal"] = False  # service language: the plan's words, not theirs
    evidence["service"] = service
    return qualities, evidence


def _advice(rules: OutcomeRules, text: str, kind: Kind, qualities: dict[str, bool], service: list[str]) -> list[str]:
    """Advice lines, at most ``max_advice``: one built from their words (or the kind's), the service words', the
    missing qualities'."""
    says = rules.flow.messages
    who = who_of(rules, text)
    addressed = {"them": who.them(), "obj": who.obj()}
    lines = [_built(rules, text, kind, who, addressed) or says.generic_advice[kind].format(**addressed)]
    entry = next((name for name, phrases in rules.service.items() if _found(phrases, text)), None)
    if entry is not None and kind == "outcome":
        lines.append(says.service_language[entry].format(**addressed))
    if kind == "outcome":
        lines += [says.qualities[name].missing.format(**addressed) for name, ok in qualities.items() if not ok]
    return lines[: rules.flow.settings.max_advice]


def _built(rules: OutcomeRules, text: str, kind: Kind, who: Who, addressed: dict[str, str]) -> str | None:
    """The first builder for ``kind`` that matches a sentence of ``text``, its message filled from their words."""
    voice, limit = rules.flow.voice, rules.flow.settings.max_quote_words
    for builder in (b for b in rules.builders if b.kind == kind):
        for sentence in sentences(text):
            match = builder.pattern.search(sentence)
            if match is None:
                continue
            groups = {name: _lower_start(match, name) for name in match.groupdict()}
            if any(len(value.split()) > limit for value in groups.values()):
                continue
            values = {name: said_back(voice, who, value) for name, value in groups.items()}
            values |= {f"{name}_i": own_voice(voice, who, value) for name, value in groups.items()}
            if not groups.get("who"):
                values["who"] = addressed["them"]
            return rules.flow.messages.advice[builder.message].format(**values, **addressed)
    return None


def _lower_start(match: re.Match, name: str) -> str:
    """A group's words; lower-cased at their start if they open the sentence ("Referral" -> "referral"),
    unless they are who it is about or a capital is meant ("I", "OT")."""
    value = (match.group(name) or "").strip()
    first = value.split(" ", 1)[0]
    if name == "who" or match.start(name) != 0 or first == "I" or first.isupper():
        return value
    return value[:1].lower() + value[1:]


def reading_text(rules: OutcomeRules, reading: Reading) -> str:
    """The reading as a person reads it: the kind and its words, the qualities (for an outcome), the advice."""
    says = rules.flow.messages
    words = says.kinds[reading.kind]
    parts = [says.kind_line.format(kind=words.name) + " " + words.explain]
    found = reading.evidence.get("kind", [])
    parts.append(says.evidence_line.format(words=_quoted(rules, found)) if found else says.no_evidence)
    if reading.kind == "outcome":
        lines = [says.qualities_heading]
        for name, ok in reading.qualities.items():
            title = says.qualities[name].name
            shown = _quoted(rules, reading.evidence.get(name, [])) or says.quality_no_words
            lines.append(says.quality_shown.format(quality=title, words=shown) if ok else
                         says.quality_missing.format(quality=title))
        if reading.evidence.get("service"):
            lines.append(says.service_line.format(words=_quoted(rules, reading.evidence["service"])))
        parts.append("\n".join(lines))
    else:
        parts.append(says.not_outcome_qualities)
    if reading.advice:
        parts.append("\n".join([says.advice_heading, *reading.advice]))
    return "\n\n".join(parts)


def _quoted(rules: OutcomeRules, words: list[str]) -> str:
    """``words`` each in quotes, joined."""
    says = rules.flow.messages
    return says.joiner.join(says.quote.format(words=w) for w in words)
