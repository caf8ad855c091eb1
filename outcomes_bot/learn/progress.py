"""Progress over a worker's practice sessions: the trend of each measure, what improved, what to work on next.

The figures are the ones each session's report already holds (``practice/report.py``
computed and stored them when the session ended), read in one query for all of a
worker's finished sessions: traps per ten replies, the share of open questions,
reflections to questions, the highest stage reached, whether the person's outcome
and a strength were captured (1 or 0) and how many hidden facts were found; and how
often each trap came up. A measure has improved when the latest session's value is
better than the average of the sessions before it (lower, for traps). What to work
on next is the skill for the worker's commonest trap of late, else the first skill
whose measure was below 'fair' last time; the person to practise with is the one
who reacts most to that trap (``flows/progress.yaml``), or one not tried yet. The
wording, measure names and skills are all in ``flows/progress.yaml``; the 'fair'
and 'good' lines are the report's own (``flows/coach.yaml`` thresholds).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..content.flows import Flows
from ..content.schema_progress import ProgressFlow
from ..practice.report import rating
from ..store.database import Store

Series = dict[str, list[float | None]]


@dataclass(frozen=True)
class Progress:
    """A worker's finished practice sessions as a trend: a value per measure per session, and what follows."""

    sessions: int
    series: Series
    improved: list[str]
    next: dict
    scenarios: list[str] = field(default_factory=list)  # the scenario of each session, in order

    def as_json(self) -> dict:
        """The progress as the CLI prints it: exactly sessions, series, improved and next."""
        return {"sessions": self.sessions, "series": self.series, "improved": self.improved, "next": self.next}


def figures(report: dict) -> dict[str, float | None]:
    """One session's figures, from its stored report (``Report.to_json``): measure id -> value."""
    turns = report.get("turns") or 0
    return {
        "traps_per_10": round(10 * len(report["traps"]) / turns, 1) if turns else None,
        "open_question_pct": report["open_question_pct"],
        "reflection_to_question": report["reflection_to_question"],
        "stage_max": float(max(report["stages_reached"], default=0)),
        "outcome_captured": float(bool(report["outcome_captured"])),
        "strength_captured": float(bool(report["strength_captured"])),
        "facts_found": float(len(report["facts_found"])),
    }


def finished_reports(store: Store, user: str) -> list[dict]:
    """The reports of a worker's finished sessions, oldest first (one query); cancelled ones have none."""
    return [row["report"] for row in store.practice_summaries(user) if row["report"].get("scenario")]


def progress(store: Store, flows: Flows, user: str) -> Progress:
    """A worker's progress over their finished practice sessions, in order."""
    return progress_of(flows, finished_reports(store, user))


def progress_of(flows: Flows, reports: list[dict]) -> Progress:
    """Progress from finished sessions' reports, oldest first (a pure function, for tests and the bench)."""
    rows = [figures(r) for r in reports]
    series: Series = {m.id: [row[m.id] for row in rows] for m in flows.progress.measures}
    for trap in flows.coach.traps:
        counts = [float(sum(t["trap"] == trap for t in r["traps"])) for r in reports]
        if any(counts):
            series[f"trap_{trap}"] = counts  # type: ignore[assignment]
    return Progress(
        sessions=len(reports),
        series=series,
        improved=improved(flows, series),
        next=suggest(flows, reports, rows),
        scenarios=[r["scenario"] for r in reports],
    )


def improved(flows: Flows, series: Series) -> list[str]:
    """The measures whose latest value beats the average of the sessions before it (lower is better for traps)."""
    better = []
    for measure in flows.progress.measures:
        values = series[measure.id]
        before = [v for v in values[:-1] if v is not None]
        if len(values) < 2 or values[-1] is None or not before:
            continue
        average = sum(before) / len(before)
        latest = values[-1]
        if (latest < average) if measure.better == "lower" else (latest > average):
            better.append(measure.id)
    return better


def commonest_trap(flows: Flows, reports: list[dict]) -> str | None:
    """The trap the worker fell into most over their recent sessions (ties: the coach's order), or None."""
    recent = reports[-flows.progress.recent :]
    counts = Counter(t["trap"] for r in recent for t in r["traps"])
    if not counts:
        return None
    most = max(counts.values())
    return next(trap for trap in flows.coach.traps if counts[trap] == most)


def weakest_skill(flows: Flows, latest: dict[str, float | None]) -> str | None:
    """The first skill whose measure was below 'fair' (or not shown at all) in the latest session."""
    for skill in flows.progress.skills:
        if not skill.measure:
            continue
        value = latest.get(skill.measure)
        if skill.measure in ("open_question_pct", "reflection_to_question"):
            if rating(value, skill.measure, flows) in ("low", "none"):
                return skill.id
        elif not value:
            return skill.id
    return None


def suggest(flows: Flows, reports: list[dict], rows: list[dict[str, float | None]]) -> dict:
    """What to work on next and who with: the skill, the trap behind it (if any), the scenario and why."""
    trap = commonest_trap(flows, reports)
    skill = next((s.id for s in flows.progress.skills if trap and s.trap == trap), None)
    if skill is None:
        skill = weakest_skill(flows, rows[-1]) if rows else flows.progress.skills[0].id
    tried = {r["scenario"] for r in reports}
    ranked = list(flows.progress.practise_with.get(trap, [])) if trap else []
    untried = [s for s in ranked if s not in tried] + [s for s in flows.scenarios if s not in tried]
    if trap and ranked and ranked[0] not in tried:
        scenario, why = ranked[0], "reacts"
    elif untried:
        scenario, why = untried[0], "untried"
    elif ranked:
        scenario, why = ranked[0], "reacts"
    else:
        last = {r["scenario"]: i for i, r in enumerate(reports)}
        scenario, why = min(flows.scenarios, key=lambda s: last.get(s, -1)), "least_recent"
    person = flows.scenarios[scenario].person.name if scenario in flows.scenarios else scenario
    return {"skill": skill, "trap": trap, "scenario": scenario, "person": person, "why": why}


def say(flow: ProgressFlow, key: str, **values: object) -> str:
    """Message ``key`` of flows/progress.yaml, its placeholders filled in."""
    return str(getattr(flow.messages, key)).format(**values)


def progress_text(flows: Flows, progress: Progress) -> str:
    """Three lines: what has improved, what to work on next, and who to practise with next (or the empty state)."""
    texts = flows.progress
    if progress.sessions == 0:
        return say(texts, "progress_none")
    names = {m.id: m.said for m in flows.progress.measures}
    skills = {s.id: s.name for s in flows.progress.skills}
    nxt = progress.next
    if progress.sessions == 1:
        first = say(texts, "progress_one")
    elif progress.improved:
        first = say(texts, "progress_improved", measures=", ".join(names[m] for m in progress.improved))
    else:
        first = say(texts, "progress_not_yet")
    work = (
        say(texts, "progress_next_skill", skill=skills[nxt["skill"]])
        if nxt.get("skill")
        else say(texts, "progress_keep_going")
    )
    trap_name = flows.coach.traps[nxt["trap"]].name if nxt.get("trap") else ""
    who = say(texts, f"progress_with_{nxt['why']}", person=nxt["person"], trap=trap_name)
    return "\n".join([first, work, who])
