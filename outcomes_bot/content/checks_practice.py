"""The second pass over ``practice.yaml``: stages in order and reachable, transitions to real stages, known acts."""

from __future__ import annotations

import re
from collections import deque

from .problems import Problems
from .schema import MOVE_IDS, MoveAct, PracticeFlow
from .schema_coach import CoachFlow
from .yamlsource import FlowError, Path_, Source

CONDITIONS = ("explored",)  # methods the practice machine's model provides
SILENT_ACTS = ("ask", "none")  # acts that never move the conversation between stages


def check_practice(
    src: Source, practice: PracticeFlow, coach: CoachFlow, errors: list[FlowError]
) -> dict[str, dict[str, re.Pattern | None]]:
    """Stages are unique and reachable, transitions name real stages, moves are known; return the acts' cues."""
    problems = Problems(src, errors)
    _check_stages(problems, practice)
    triggers = _check_transitions(problems, practice)
    problems.ids(("moves",), list(practice.moves), MOVE_IDS, "move")
    acts: list[tuple[str, Path_, MoveAct]] = [
        (move_id, ("moves", move_id), act) for move_id, act in practice.moves.items()
    ]
    acts.append(("no_move", ("no_move",), practice.no_move))
    kinds, words = known_reply_kinds(practice), dict(coach.words)
    return {
        move_id: _check_act(problems, path, act, triggers=triggers, kinds=kinds, words=words)
        for move_id, path, act in acts
    }


def _check_stages(problems: Problems, practice: PracticeFlow) -> None:
    """Each stage has its own id and is numbered 1, 2, 3... in order."""
    stage_ids = [s.id for s in practice.stages]
    for index, stage in enumerate(practice.stages):
        if stage_ids.index(stage.id) != index:
            problems.add(("stages", index, "id"), f"duplicate stage id '{stage.id}'", "give each stage its own id")
        if stage.number != index + 1:
            problems.add(
                ("stages", index, "number"),
                f"stage '{stage.id}' is numbered {stage.number}",
                f"number the stages 1, 2, 3... in order; this one is {index + 1}",
            )


def _check_transitions(problems: Problems, practice: PracticeFlow) -> set[str]:
    """Transitions name real stages and conditions, and every stage can be reached; return the triggers."""
    stage_ids = [s.id for s in practice.stages]
    states = set(stage_ids) | {practice.final}
    problems.known(("initial",), practice.initial, stage_ids, "stage")
    triggers = set()
    graph: dict[str, set[str]] = {s: set() for s in states}
    for index, trans in enumerate(practice.transitions):
        triggers.add(trans.trigger)
        for state in trans.source:
            problems.known(("transitions", index, "source"), state, stage_ids, "stage")
        problems.known(("transitions", index, "dest"), trans.dest, sorted(states), "stage")
        for cond in trans.conditions:
            problems.known(("transitions", index, "conditions"), cond, CONDITIONS, "condition")
        for state in trans.source:
            graph.setdefault(state, set()).add(trans.dest)
    reached = _reached(practice.initial, graph)
    for state in stage_ids + [practice.final]:
        if state not in reached:
            path = ("stages", stage_ids.index(state)) if state in stage_ids else ("final",)
            problems.add(
                path,
                f"stage '{state}' cannot be reached from '{practice.initial}'",
                "add a transition whose dest is this stage, or remove it",
            )
    return triggers


def _reached(start: str, graph: dict[str, set[str]]) -> set[str]:
    """Every state that can be reached from ``start``."""
    reached, queue = {start}, deque([start])
    while queue:
        for nxt in graph.get(queue.popleft(), ()):
            if nxt not in reached:
                reached.add(nxt)
                queue.append(nxt)
    return reached


def _check_act(
    problems: Problems, path: Path_, act: MoveAct, *, triggers: set[str], kinds: set[str], words: dict[str, str]
) -> dict[str, re.Pattern | None]:
    """An act and its cues name real triggers and its replies known kinds; return its cues compiled."""
    for name in [act.act, *act.cues]:
        if name not in triggers and name not in SILENT_ACTS:
            problems.add(
                path,
                f"unknown act '{name}'",
                f"use a trigger from 'transitions' ({', '.join(sorted(triggers))}) or one of {', '.join(SILENT_ACTS)}",
            )
    for kind in act.replies:
        if kind not in kinds:
            problems.add(
                path + ("replies",),
                f"unknown reply kind '{kind}'",
                "add it to any_reply_kinds, or use one listed there",
            )
    return {name: problems.cues(phrases, words, path + ("cues", name)) for name, phrases in act.cues.items()}


def needed_thoughts(practice: PracticeFlow) -> list[str]:
    """The thoughts every scenario must have: for the reply pools it must have, and its opening, guarded and
    closing lines (pools only used for neutral talk may go without, and then the person thinks nothing new)."""
    needed = set(practice.any_reply_kinds).union(*(s.replies for s in practice.stages))
    return sorted(needed) + ["guarded", "opening", "closing"]


def thought_kinds(practice: PracticeFlow) -> list[str]:
    """The thought bubbles a scenario needs: one for each kind of reply, and its opening, guarded and closing lines."""
    return sorted(known_reply_kinds(practice)) + ["guarded", "opening", "closing"]


def known_reply_kinds(practice: PracticeFlow) -> set[str]:
    """Every reply pool kind the practice flow knows of."""
    return set(practice.any_reply_kinds).union(
        practice.optional_reply_kinds, *(s.replies for s in practice.stages), *practice.neutral_replies.values()
    )
