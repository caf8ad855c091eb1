"""The second pass over a scenario (``scenarios/<id>.yaml``): ids, reply pools, traps, thoughts, strengths and cues."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .checks_practice import known_reply_kinds, needed_thoughts, thought_kinds
from .problems import Problems
from .schema import MOVE_IDS, STRENGTH_KINDS, TRAP_IDS, PracticeFlow, Reveal, Scenario
from .schema_coach import CoachFlow
from .yamlsource import FlowError, Path_, Source


@dataclass(frozen=True)
class ScenarioCues:
    """A scenario's cue phrases, compiled once."""

    outcome: tuple[re.Pattern, ...]
    strengths: tuple[tuple[str, re.Pattern], ...]
    facts: dict[str, re.Pattern | None]


def check_scenario(
    src: Source,
    sc: Scenario,
    practice: PracticeFlow,
    coach: CoachFlow,
    seen: dict[str, Scenario],
    errors: list[FlowError],
) -> ScenarioCues | None:
    """A scenario's ids, stages, reply pools, traps, thoughts and cues all make sense; return its cues compiled."""
    problems, before = Problems(src, errors), len(errors)
    _check_id(problems, sc, seen)
    _check_replies(problems, sc, practice)
    problems.variants(("guarded",), sc.guarded, practice.min_variants)
    _check_traps(problems, sc)
    problems.ids(("thoughts",), sc.thoughts, thought_kinds(practice), "thought", required=needed_thoughts(practice))
    kinds_present = {s.kind for s in sc.strengths}
    for kind in STRENGTH_KINDS:
        if kind not in kinds_present:
            fix = f"add a strength with kind: {kind} (soft and hard, individual and community)"
            problems.add(("strengths",), f"no '{kind}' strength", fix)
    words = dict(coach.words)
    facts = _fact_cues(problems, sc, words)
    if sc.outcome.min_cues > len(sc.outcome.cues):
        problems.add(
            ("outcome", "min_cues"),
            f"min_cues is {sc.outcome.min_cues} but there are only {len(sc.outcome.cues)} cues",
            "lower min_cues or add cues",
        )
    outcome = [problems.cues([c], words, ("outcome", "cues", i)) for i, c in enumerate(sc.outcome.cues)]
    strengths = [(s.text, problems.cues(s.cues, words, ("strengths", i, "cues"))) for i, s in enumerate(sc.strengths)]
    outcome_found = tuple(cue for cue in outcome if cue is not None)
    strengths_found = tuple((text, cue) for text, cue in strengths if cue is not None)
    if len(errors) > before or len(outcome_found) < len(outcome) or len(strengths_found) < len(strengths):
        return None
    return ScenarioCues(outcome_found, strengths_found, facts)


def _check_id(problems: Problems, sc: Scenario, seen: dict[str, Scenario]) -> None:
    """The id is the scenario's own, and its file's name."""
    stem = Path(problems.src.file).stem
    if sc.id in seen:
        problems.add(("id",), f"duplicate scenario id '{sc.id}'", "give each scenario its own id")
    if sc.id != stem:
        problems.add(
            ("id",),
            f"id '{sc.id}' does not match the file name '{stem}.yaml'",
            f"rename the file to {sc.id}.yaml or set id: {stem}",
        )


def _check_replies(problems: Problems, sc: Scenario, practice: PracticeFlow) -> None:
    """Replies for every stage (and 'any'), each pool a known kind with enough different lines."""
    wants = {s.id: s.replies for s in practice.stages} | {"any": practice.any_reply_kinds}
    known = sorted(known_reply_kinds(practice))
    for key, pools in sc.replies.items():
        if key not in wants:
            problems.known(("replies", key), key, list(wants), "stage")
            continue
        for kind, lines in pools.items():
            problems.known(("replies", key, kind), kind, known, "reply kind")
            problems.variants(("replies", key, kind), lines, practice.min_variants)
        for kind in wants[key]:
            if kind not in pools:
                problems.add(
                    ("replies", key),
                    f"missing text: no '{kind}' replies",
                    f"add '{kind}:' with at least {practice.min_variants} lines",
                )
    for key in wants:
        if key not in sc.replies:
            problems.add(("replies",), f"missing text: no replies for '{key}'", f"add '{key}:' under replies")


def _check_traps(problems: Problems, sc: Scenario) -> None:
    """Every trap is known, with a better way for any moment; 'after' and a strength's 'told_in' name facts."""
    problems.ids(("traps",), sc.traps, TRAP_IDS, "trap")
    fact_names = [sc.outcome.reveal.id, *(f.id for f in sc.facts)]
    for trap_id, notes in sc.traps.items():
        path = ("traps", trap_id, "better")
        if all(b.stages or b.after for b in notes.better):
            problems.add(path, "no better way for every moment", "add one line with no stages or after")
        for index, better in enumerate(notes.better):
            for fact in better.after:
                problems.known(path + (index, "after"), fact, fact_names, "fact id")
    for index, strength in enumerate(sc.strengths):
        for fact in strength.told_in:
            problems.known(("strengths", index, "told_in"), fact, fact_names, "fact id")


def _fact_cues(problems: Problems, sc: Scenario, words: dict[str, str]) -> dict[str, re.Pattern | None]:
    """The outcome's reveal and the facts: ids once each, moves known; return their cues compiled, by id."""
    reveals: list[tuple[Path_, Reveal]] = [(("outcome", "reveal"), sc.outcome.reveal)]
    reveals += [(("facts", i), f) for i, f in enumerate(sc.facts)]
    cues: dict[str, re.Pattern | None] = {}
    for path, reveal in reveals:
        if reveal.id in cues:
            problems.add(path + ("id",), f"duplicate fact id '{reveal.id}'", "give each fact its own id")
        for move in reveal.moves:
            problems.known(path + ("moves",), move, MOVE_IDS, "move id")
        cues[reveal.id] = problems.cues(reveal.cues, words, path + ("cues",))
    return cues
