"""The recording review: a care note read against the guide's 12 principles for outcomes-focused recording.

A pure function over the rules in ``flows/recording.yaml``. For each principle
it says whether the note shows it (``ok`` True), has something worth a look
(False) or cannot tell (None: one note cannot show it, or nothing in the note
bears on it), with the words that decided it, quoted from the note with their
positions, and a kind suggestion. It lists the labels found, and the details
that could identify someone (``team.privacy.find``), so a front end can warn
before anything is kept. It keeps nothing itself.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..content.checks_learn_recording import Hit, RecordingRules, compile_recording
from ..content.schema_learn_recording import RecordingFlow
from ..content.schema_team import PrivacyFlow
from ..team.privacy import Found, find

SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
QUOTES = "\"'“”‘’"


@dataclass(frozen=True)
class Evidence:
    """Words from the note that decided a check: where they are, and whether they are a problem."""

    check: str
    text: str
    start: int
    end: int
    problem: bool  # True: goes against the principle; False: shows it (or was excused)
    instead: str | None  # what to write instead, where the list says

    def as_json(self) -> dict:
        """The evidence as the JSON review gives it."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "check": self.check,
            "problem": self.problem,
            "instead": self.instead,
        }


@dataclass(frozen=True)
class PrincipleReview:
    """One principle: shown (True), worth a look (False) or cannot tell (None), why, and what to do."""

    id: str
    number: int
    title: str
    ok: bool | None
    evidence: tuple[Evidence, ...]
    advice: str

    def as_json(self) -> dict:
        """{"id", "ok", "evidence", "advice"}."""
        return {"id": self.id, "ok": self.ok, "evidence": [e.as_json() for e in self.evidence], "advice": self.advice}


@dataclass(frozen=True)
class Review:
    """A whole review: every principle in the guide's order, the labels, and identifying details."""

    principles: tuple[PrincipleReview, ...]
    labels: tuple[Evidence, ...]
    identifying: tuple[Found, ...]
    read: int  # characters of the note reviewed
    length: int  # characters in the note


@dataclass(frozen=True)
class _Outcome:
    """What one check made of the note."""

    ok: bool | None
    evidence: tuple[Evidence, ...]


def review(note: str, rules: RecordingRules | RecordingFlow, privacy_words: PrivacyFlow | None) -> Review:
    """Review ``note`` against the principles; ``privacy_words`` are the words the identifying check uses."""
    if isinstance(rules, RecordingFlow):
        rules = compile_recording(rules)
    flow = rules.flow
    text = note[: flow.max_chars]
    hits = {name: matcher.hits(text) for name, matcher in rules.find.items()}
    starts = [m.start() for m in SENTENCE.finditer(text)]
    ends = [m.end() for m in SENTENCE.finditer(text)]
    outcomes = {name: _run(rules, name, text, hits, starts, ends) for name in flow.checks}
    principles = []
    for principle in flow.principles:
        if not principle.checks:
            principles.append(
                PrincipleReview(principle.id, principle.number, principle.title, None, (), principle.cannot or "")
            )
            continue
        results = [(name, outcomes[name]) for name in principle.checks]
        ok, advice = _verdict(flow, results)
        evidence = tuple(e for _, outcome in results for e in outcome.evidence)
        principles.append(PrincipleReview(principle.id, principle.number, principle.title, ok, evidence, advice))
    labels = tuple(e for e in outcomes[flow.labels].evidence if e.problem)
    identifying = tuple(find(text, privacy_words))
    return Review(tuple(principles), labels, identifying, len(text), len(note))


def _run(
    rules: RecordingRules, name: str, text: str, hits: dict[str, list[Hit]], starts: list[int], ends: list[int]
) -> _Outcome:
    """One check over the note: what it found, what was excused, and the result."""
    check = rules.flow.checks[name]
    found = hits[name]
    if not found:
        return _Outcome(check.if_nothing, ())
    if check.mode == "show":
        return _Outcome(True, tuple(Evidence(name, h.text, h.start, h.end, False, h.instead) for h in found))
    excuses = rules.unless[name].hits(text) + [h for other in check.unless_shown for h in hits[other]]
    evidence = []
    for hit in found:
        low, high = _scope(hit.start, check.scope, len(text), starts, ends)
        excused = any(e.start < high and e.end > low and (e.start, e.end) != (hit.start, hit.end) for e in excuses)
        evidence.append(Evidence(name, hit.text, hit.start, hit.end, not excused, hit.instead))
    return _Outcome(not any(e.problem for e in evidence), tuple(evidence))


def _scope(at: int, scope: str, length: int, starts: list[int], ends: list[int]) -> tuple[int, int]:
    """The span an excuse must fall in: the sentence holding ``at``, or the whole note."""
    if scope == "note":
        return 0, length
    index = bisect.bisect_right(starts, at) - 1
    if index < 0:
        return 0, length
    return starts[index], ends[index]


def _verdict(flow: RecordingFlow, results: list[tuple[str, _Outcome]]) -> tuple[bool | None, str]:
    """A principle's result from its checks' (any not met: False; else any met: True; else None) and its advice.

    The praise is for what the note shows; a check met only because nothing was found against it is praised
    only when no check found anything.
    """
    checks = flow.checks
    missed = [checks[name].advice for name, outcome in results if outcome.ok is False]
    if missed:
        return False, " ".join(missed)
    met = [(checks[name].praise, bool(outcome.evidence)) for name, outcome in results if outcome.ok is True]
    if met:  # praise what was found; only when nothing was, what was rightly not there
        return True, " ".join(praise for praise, found in met if found or not any(f for _, f in met))
    return None, " ".join(checks[name].unknown or "" for name, _ in results).strip()


def as_json(result: Review) -> dict:
    """The review as ``record-check`` prints it: {"principles", "labels", "identifying"}."""
    return {
        "principles": [p.as_json() for p in result.principles],
        "labels": [e.as_json() for e in result.labels],
        "identifying": [{"kind": f.kind, "text": f.text, "start": f.start, "end": f.end} for f in result.identifying],
    }


def review_text(result: Review, rules: RecordingRules | RecordingFlow) -> str:
    """The review as a person reads it (terminal or chat): what is worth a look first, then what the note shows."""
    flow = rules.flow if isinstance(rules, RecordingRules) else rules
    says = flow.messages
    parts = [says.heading]
    if result.identifying:
        details = ", ".join(f"“{text}”" for text in _unique(f.text for f in result.identifying))
        parts.append(says.identifying.format(details=details))
    if result.read < result.length:
        parts.append(says.too_long.format(max=result.read))
    for heading, wanted in ((says.concerns, False), (says.shows, True)):
        chosen = [p for p in result.principles if p.ok is wanted]
        if chosen:
            parts.append("\n".join([heading] + [line for p in chosen for line in _lines(flow, p, not wanted)]))
    checked = _checked(flow)
    unknown = [p for p in result.principles if p.ok is None and p.id in checked]
    uncheckable = [str(p.number) for p in result.principles if p.id not in checked]
    lines = [line for p in unknown for line in _lines(flow, p, False)]
    if uncheckable:
        lines.append(says.cannot_list.format(numbers=", ".join(uncheckable)))
    if lines:
        parts.append("\n".join([says.cannot_tell] + lines))
    if result.labels:
        parts.append(says.labels.format(labels=", ".join(_unique(e.text for e in result.labels))))
    return "\n\n".join(parts)


def _checked(flow: RecordingFlow) -> set[str]:
    """The ids of the principles a note can show."""
    return {p.id for p in flow.principles if p.checks}


def _lines(flow: RecordingFlow, principle: PrincipleReview, problems: bool) -> list[str]:
    """A principle's lines: its title, the advice, and up to ``evidence_shown`` quotes (the problems, if any)."""
    says = flow.messages
    lines = [says.principle.format(number=principle.number, title=principle.title)]
    lines.append(says.advice.format(advice=principle.advice))
    shown: dict[str, Evidence] = {}
    for item in principle.evidence:
        if item.problem == problems and item.text.lower() not in shown:
            shown[item.text.lower()] = item
    for item in list(shown.values())[: flow.evidence_shown]:
        text = item.text.strip(QUOTES) or item.text  # the message puts its own quote marks round it
        if item.instead:
            lines.append(says.evidence_instead.format(text=text, instead=item.instead))
        else:
            lines.append(says.evidence.format(text=text))
    return lines


def _unique(words) -> list[str]:
    """Words in order, each once whatever its case."""
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(word.lower(), word)
    return list(seen.values())
