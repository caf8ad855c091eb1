"""The end-of-session report: a pure function of the scenario and the turns.

Figures follow MITI coding: the share of questions that were open, and the
ratio of reflections (summaries count as reflections) to questions, each
rated against the thresholds in ``flows/coach.yaml``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from .flows import Flows
from .machine import Session, Turn
from .messages import render
from .schema import MOVE_IDS, Scenario


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
    open_question_pct: float
    reflection_to_question: float
    outcome_captured: bool
    strength_captured: bool
    strengths_named: list[str]
    facts_found: list[str]
    facts_total: int
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
    limits = flows.coach.thresholds[name]
    return "good" if value >= limits.good else "fair" if value >= limits.fair else "low"


def build_report(flows: Flows, scenario: Scenario, session: Session, turns: list[Turn]) -> Report:
    """Compute the report for a session from its saved turns."""
    counts = Counter(move for turn in turns for move in set(turn.moves))
    moves = {move: counts.get(move, 0) for move in MOVE_IDS}
    questions = moves["open_question"] + moves["closed_question"]
    reflections = sum(1 for t in turns if {"reflection", "summary"} & set(t.moves))
    open_pct = round(100 * moves["open_question"] / questions, 1) if questions else 0.0
    ratio = round(reflections / questions, 2) if questions else float(reflections)
    traps = [
        {"turn": t.turn, "trap": trap["trap"], "quote": trap["quote"], "better": scenario.traps[trap["trap"]].better}
        for t in turns
        for trap in t.traps
    ]
    summaries = [t.text for t in turns if "summary" in t.moves or t.stage == 5 or t is turns[-1]]
    cues = flows.cues[scenario.id]
    outcome = any(
        sum(1 for c in cues.outcome if c and c.search(text)) >= scenario.outcome.min_cues for text in summaries
    )
    named = [name for name, pattern in cues.strengths if pattern and any(pattern.search(t) for t in summaries)]
    report = Report(
        scenario=scenario.id,
        title=scenario.title,
        person=scenario.person.name,
        turns=len(turns),
        stages_reached=sorted(session.reached),
        traps=traps,
        moves=moves,
        open_question_pct=open_pct,
        reflection_to_question=ratio,
        outcome_captured=outcome,
        strength_captured=bool(named),
        strengths_named=named,
        facts_found=list(session.revealed),
        facts_total=len(scenario.facts) + 1,
        trust=session.trust,
        ended_by=session.ended_by,
        next_time="",
    )
    return Report(**{**asdict(report), "next_time": next_time(flows, report, questions)})


def next_time(flows: Flows, report: Report, questions: int) -> str:
    """The one thing to try next time: the commonest trap, else the weakest skill."""
    texts = flows.messages
    if report.traps:
        commonest = Counter(t["trap"] for t in report.traps).most_common(1)[0][0]
        return flows.coach.traps[commonest].try_next
    rq = rating(report.reflection_to_question if questions else None, "reflection_to_question", flows)
    oq = rating(report.open_question_pct if questions else None, "open_question_pct", flows)
    if 2 not in report.stages_reached or rq == "low":
        return render(texts, "next_reflect")
    if oq == "low":
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


def render_report(flows: Flows, report: Report) -> str:
    """The report as short lines that read well on a phone."""
    texts = flows.messages
    stages = {s.number: s.name for s in flows.practice.stages}
    reached = ", ".join(f"{n} {stages[n]}" for n in report.stages_reached)
    missing = [f"{n} {name}" for n, name in stages.items() if n not in report.stages_reached]
    lines = [
        render(texts, "report_title", person=report.person, title=report.title, turns=report.turns),
        "",
        render(texts, "report_stages", reached=reached, count=len(report.stages_reached), total=len(stages)),
    ]
    if missing:
        lines.append(render(texts, "report_stage_missing", missing=", ".join(missing)))
    lines.append("")
    if report.traps:
        lines.append(render(texts, "report_traps", count=len(report.traps)))
        for trap in report.traps:
            lines.append(
                render(
                    texts,
                    "report_trap_line",
                    turn=trap["turn"],
                    name=flows.coach.traps[trap["trap"]].name,
                    quote=trap["quote"],
                    better=trap["better"],
                )
            )
    else:
        lines.append(render(texts, "report_no_traps"))
    lines += ["", render(texts, "report_moves")]
    lines += [
        render(texts, "report_move_line", name=flows.coach.moves[m].name, count=n) for m, n in report.moves.items() if n
    ]
    asked = report.moves["open_question"] + report.moves["closed_question"]
    oq = rating(report.open_question_pct if asked else None, "open_question_pct", flows)
    rq = rating(report.reflection_to_question if asked else None, "reflection_to_question", flows)
    limits = flows.coach.thresholds
    lines += [
        "",
        render(
            texts,
            "report_open_pct",
            value=report.open_question_pct,
            rating=render(texts, f"rating_{oq}"),
            fair=limits["open_question_pct"].fair,
            good=limits["open_question_pct"].good,
        ),
        render(
            texts,
            "report_rq",
            value=report.reflection_to_question,
            rating=render(texts, f"rating_{rq}"),
            fair=limits["reflection_to_question"].fair,
            good=limits["reflection_to_question"].good,
        ),
        "",
    ]
    lines.append(
        render(texts, "report_outcome_yes" if report.outcome_captured else "report_outcome_no", person=report.person)
    )
    lines.append(
        render(texts, "report_strength_yes", strengths="; ".join(report.strengths_named))
        if report.strength_captured
        else render(texts, "report_strength_no")
    )
    lines.append(
        render(texts, "report_facts", found=len(report.facts_found), total=report.facts_total, person=report.person)
    )
    lines += ["", render(texts, "report_next", next=report.next_time)]
    return "\n".join(lines)
