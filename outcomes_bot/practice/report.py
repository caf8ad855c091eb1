"""The end-of-session report: a pure function of the scenario and the turns.

Figures follow MITI coding. Each question counts once, open or closed; a
reflection is a reply with a reflection or a summary (a summary is a
reflection that gathers things up). The share of open questions and the
ratio of reflections to questions are rated against the thresholds in
``flows/coach.yaml``; with no questions asked they are None. Move counts
are the number of replies that contained each move, except questions, which
are counted one by one as above. A summary captured the person's outcome if
it used enough of its cues, or said back enough of what the person told about
it; the strengths named are the worker's own words for them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, replace

from ..coach.classifier import classify, reading
from ..content.flows import Flows
from ..content.messages import render
from ..content.schema import MOVE_IDS, Scenario
from .machine import Session, Turn


@dataclass(frozen=True)
class Report:
    """What the worker did in one session, in figures and words."""

    scenario: str
    title: str
    person: str
    turns: int
    stages_reached: list[int]
    traps: list[dict]
    moves: dict[str, int]
    questions: dict[str, int]
    open_question_pct: float | None
    open_question_rating: str
    reflection_to_question: float | None
    reflection_rating: str
    outcome_captured: bool
    strength_captured: bool
    strengths_named: list[str]
    facts_found: list[str]
    facts_total: int
    outcome: str
    worries: list[str]
    risks: list[str]
    trust: int
    ended_by: str
    next_time: str

    def to_json(self) -> dict:
        """The report as one JSON-ready object."""
        return asdict(self)


def rating(value: float | None, name: str, flows: Flows) -> str:
    """Rate a figure 'good', 'fair' or 'low' against its thresholds; 'none' if there is none."""
    if value is None:
        return "none"
    limits = getattr(flows.coach.thresholds, name)
    return "good" if value >= limits.good else "fair" if value >= limits.fair else "low"


def summaries(turns: list[Turn]) -> list[str]:
    """What the worker said by way of summary: trap-free summaries, and reflections in stage 5."""
    return [
        t.text for t in turns if not t.traps and ("summary" in t.moves or (t.stage == 5 and "reflection" in t.moves))
    ]


def captures(flows: Flows, scenario: Scenario, revealed: list[str], text: str) -> bool:
    """This summary captures what matters most to the person: enough of the outcome's cues, or, once they have
    told it, enough of their own words about it said back ("your bench", "a cup of tea", "on your own feet")."""
    cues = flows.cues[scenario.id].outcome
    if sum(bool(cue and cue.search(text)) for cue in cues) >= scenario.outcome.min_cues:
        return True
    reveal = scenario.outcome.reveal
    if reveal.id not in revealed:
        return False
    language = flows.rules.language
    theirs = language.content_words(reading(f"{reveal.text} {scenario.outcome.statement}", flows.rules))
    return len(language.content_words(reading(text, flows.rules)) & theirs) >= flows.practice.capture_words


def strengths_named(flows: Flows, scenario: Scenario, turns: list[Turn]) -> list[str]:
    """The person's strengths in the worker's own words: a scenario strength's words in a trap-free
    reflection, summary or affirmation, and what the worker affirmed ("you're a fighter")."""
    named: list[str] = []
    listened = [t for t in turns if not t.traps and {"reflection", "summary", "affirmation"} & set(t.moves)]
    for _, pattern in flows.cues[scenario.id].strengths:
        for turn in listened:
            match = pattern.search(turn.text) if pattern else None
            if match:
                named.append(_words_around(turn.text, match.start(), match.end()))
                break
    for turn in (t for t in listened if "affirmation" in t.moves):
        said = classify(turn.text, rules=flows.rules)
        named += [d.evidence for d in said.moves if d.id == "affirmation"]
    return list(dict.fromkeys(named))


def _words_around(text: str, start: int, end: int) -> str:
    """The whole words a cue matched ("sweet pea" in "your sweet peas": "sweet peas")."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "'"):
        end += 1
    return text[start:end]


def build_report(flows: Flows, scenario: Scenario, session: Session, turns: list[Turn]) -> Report:
    """Compute the report for a session from its saved turns."""
    asked = Counter(kind for turn in turns for kind in turn.questions)
    counts = Counter(move for turn in turns for move in set(turn.moves))
    counts.update({kind: asked[kind] - counts[kind] for kind in ("open_question", "closed_question")})
    open_q, closed_q = asked["open_question"], asked["closed_question"]
    reflections = sum(1 for t in turns if {"reflection", "summary"} & set(t.moves))
    open_pct = round(100 * open_q / (open_q + closed_q), 1) if open_q + closed_q else None
    ratio = round(reflections / (open_q + closed_q), 2) if open_q + closed_q else None
    outcome = any(captures(flows, scenario, session.revealed, text) for text in summaries(turns))
    named = strengths_named(flows, scenario, turns)
    report = Report(
        scenario=scenario.id,
        title=scenario.title,
        person=scenario.person.name,
        turns=len(turns),
        stages_reached=sorted(session.reached),
        traps=[
            {
                "turn": t.turn,
                "trap": trap["trap"],
                "quote": trap["quote"],
                "better": trap.get("better") or scenario.traps[trap["trap"]].better[0].text,
            }
            for t in turns
            for trap in t.traps
        ],
        moves={move: counts.get(move, 0) for move in MOVE_IDS},
        questions={"open": open_q, "closed": closed_q},
        open_question_pct=open_pct,
        open_question_rating=rating(open_pct, "open_question_pct", flows),
        reflection_to_question=ratio,
        reflection_rating=rating(ratio, "reflection_to_question", flows),
        outcome_captured=outcome,
        strength_captured=bool(named),
        strengths_named=named,
        facts_found=list(session.revealed),
        facts_total=len(scenario.facts) + 1,
        outcome=scenario.outcome.statement,
        worries=list(scenario.worries),
        risks=list(scenario.risks),
        trust=session.trust,
        ended_by=session.ended_by,
        next_time="",
    )
    return replace(report, next_time=next_time(flows, report))


def next_time(flows: Flows, report: Report) -> str:
    """The one thing to try next time: the commonest trap, else the weakest skill."""
    texts = flows.messages
    if report.traps:
        commonest = Counter(t["trap"] for t in report.traps).most_common(1)[0][0]
        return flows.coach.traps[commonest].try_next
    if 2 not in report.stages_reached or report.reflection_rating in ("low", "none"):
        return render(texts, "next_reflect")
    if report.open_question_rating == "low":
        return render(texts, "next_open")
    if 3 not in report.stages_reached:
        return render(texts, "next_explore")
    if not report.outcome_captured:
        return render(texts, "next_outcome")
    if not report.strength_captured:
        return render(texts, "next_strength")
    if 4 not in report.stages_reached:
        return render(texts, "next_exchange")
    return render(texts, "next_keep_going")


def _number(value: float) -> str:
    """A threshold as people write it: 50, not 50.0."""
    return f"{value:g}"


def render_report(flows: Flows, report: Report) -> str:
    """The report as short lines that read well on a phone."""
    lines = [
        *_stage_lines(flows, report),
        "",
        *_trap_lines(flows, report),
        "",
        *_move_lines(flows, report),
        "",
        *_question_lines(flows, report),
        "",
        *_outcome_lines(flows, report),
        "",
        render(flows.messages, "report_next", next=report.next_time),
    ]
    return "\n".join(lines)


def _stage_lines(flows: Flows, report: Report) -> list[str]:
    """The title, the stages reached and any missed."""
    texts = flows.messages
    stages = {s.number: s.name for s in flows.practice.stages}
    reached = ", ".join(f"{n} {stages[n]}" for n in report.stages_reached) or render(texts, "report_none")
    missing = [f"{n} {name}" for n, name in stages.items() if n not in report.stages_reached]
    lines = [
        render(texts, "report_title", person=report.person, turns=report.turns),
        "",
        render(texts, "report_stages", reached=reached, count=len(report.stages_reached), total=len(stages)),
    ]
    if missing:
        lines.append(render(texts, "report_stage_missing", missing=", ".join(missing)))
    return lines


def _trap_lines(flows: Flows, report: Report) -> list[str]:
    """Each trap fallen into, with its quote and the better way; or that there were none."""
    texts = flows.messages
    if not report.traps:
        return [render(texts, "report_no_traps")]
    lines = [render(texts, "report_traps", count=len(report.traps))]
    for trap in report.traps:
        name = flows.coach.traps[trap["trap"]].name
        lines.append(
            render(texts, "report_trap_line", turn=trap["turn"], name=name, quote=trap["quote"], better=trap["better"])
        )
    return lines


def _move_lines(flows: Flows, report: Report) -> list[str]:
    """The skilled moves used, and how often."""
    texts = flows.messages
    done = [
        render(texts, "report_move_line", name=flows.coach.moves[m].name, count=n) for m, n in report.moves.items() if n
    ]
    return [render(texts, "report_moves"), *(done or [render(texts, "report_none")])]


def _question_lines(flows: Flows, report: Report) -> list[str]:
    """The share of open questions and reflections to questions, each rated; or that none were asked."""
    texts = flows.messages
    if report.open_question_pct is None or report.reflection_to_question is None:  # both, or neither
        return [render(texts, "report_no_questions")]
    oq, rq = flows.coach.thresholds.open_question_pct, flows.coach.thresholds.reflection_to_question
    return [
        render(
            texts,
            "report_open_pct",
            value=_number(report.open_question_pct),
            open=report.questions["open"],
            total=report.questions["open"] + report.questions["closed"],
            rating=render(texts, f"rating_{report.open_question_rating}"),
            fair=_number(oq.fair),
            good=_number(oq.good),
        ),
        render(
            texts,
            "report_rq",
            value=_number(report.reflection_to_question),
            rating=render(texts, f"rating_{report.reflection_rating}"),
            fair=_number(rq.fair),
            good=_number(rq.good),
        ),
    ]


def _outcome_lines(flows: Flows, report: Report) -> list[str]:
    """Whether the outcome and a strength were caught, the facts found, the outcome and the worries."""
    texts, person = flows.messages, report.person
    return [
        render(texts, "report_outcome_yes" if report.outcome_captured else "report_outcome_no", person=person),
        render(texts, "report_strength_yes", strengths="; ".join(report.strengths_named))
        if report.strength_captured
        else render(texts, "report_strength_no"),
        render(texts, "report_facts", found=len(report.facts_found), total=report.facts_total, person=person),
        "",
        render(texts, "report_outcome", person=person, outcome=report.outcome),
        render(texts, "report_worries", person=person, worries=" ".join(report.worries)),
    ]
