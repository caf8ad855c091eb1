"""The second pass over the flows: do they make sense together?

After the schema pass, these checks find unknown or unreachable stages,
transitions to nowhere, duplicate ids, missing text, unknown trap or move
ids, and phrases that do not compile. Each adds a FlowError with the file,
the line, the key and the fix, and the checks return what they compiled.
"""

from __future__ import annotations

import re
import string
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from ..coach.classifier import RuleError, Rules, compile_phrases, compile_rules
from . import messages as messages_module
from .schema import MOVE_IDS, STRENGTH_KINDS, TRAP_IDS, Messages, PracticeFlow, Scenario
from .schema_coach import CoachFlow
from .yamlsource import FlowError, Source

CONDITIONS = ("explored",)  # methods the practice machine's model provides
SILENT_ACTS = ("ask", "none")  # acts that never move the conversation between stages
PRONOUNS = {"subject", "object", "possessive"}  # placeholders a praise line may use


@dataclass(frozen=True)
class ScenarioCues:
    """A scenario's cue phrases, compiled once."""

    outcome: tuple[re.Pattern, ...]
    strengths: tuple[tuple[str, re.Pattern], ...]
    facts: dict[str, re.Pattern | None]


def _known(src: Source, path: tuple, value: str, known, what: str, errors: list[FlowError]) -> None:
    """Report ``value`` if it is not one of ``known``, listing the ones that are."""
    if value not in known:
        errors.append(src.error(path, f"unknown {what} '{value}'", f"use one of: {', '.join(known)}"))


def _check_ids(src: Source, path: tuple, found, known, what: str, errors: list[FlowError], required=None) -> None:
    """Report ids not in ``known``, and ``required`` ids (all known ones unless given) that are missing."""
    for item in found:
        _known(src, path + (item,), item, known, f"{what} id", errors)
    for item in known if required is None else required:
        if item not in found:
            errors.append(src.error(path, f"missing {what} '{item}'", f"add '{item}:' under '{path[-1]}'"))


def check_coach(src: Source, coach: CoachFlow, errors: list[FlowError]) -> Rules | None:
    """Trap and move ids are the stable ones, and every phrase compiles."""
    _check_ids(src, ("traps",), list(coach.traps), TRAP_IDS, "trap", errors)
    _check_ids(src, ("moves",), list(coach.moves), MOVE_IDS, "move", errors)
    for trap_id in coach.settings.permission_allows:
        _known(src, ("settings", "permission_allows"), trap_id, TRAP_IDS, "trap id", errors)
    _check_ids(src, ("settings", "trap_priority"), coach.settings.trap_priority, TRAP_IDS, "trap", errors)
    for trap_id, trap in coach.traps.items():
        if trap_id != "question_answer" and not trap.phrases:
            errors.append(src.error(("traps", trap_id), "no phrases to detect this trap", "add a 'phrases:' list"))
    for move_id, move in coach.moves.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(move.praise) if name is not None}
        if fields - PRONOUNS:
            errors.append(
                src.error(
                    ("moves", move_id, "praise"),
                    f"unknown placeholder {{{sorted(fields - PRONOUNS)[0]}}}",
                    f"use only {', '.join('{' + p + '}' for p in sorted(PRONOUNS))}",
                )
            )
    try:
        return compile_rules(coach)
    except RuleError as exc:
        errors.append(src.error(exc.where, str(exc), exc.fix))
        return None


def check_practice(
    src: Source, practice: PracticeFlow, coach: CoachFlow, errors: list[FlowError]
) -> dict[str, dict[str, re.Pattern]]:
    """Stages are unique and reachable, transitions name real stages, moves are known."""
    stage_ids = [s.id for s in practice.stages]
    for index, stage in enumerate(practice.stages):
        if stage_ids.index(stage.id) != index:
            errors.append(
                src.error(("stages", index, "id"), f"duplicate stage id '{stage.id}'", "give each stage its own id")
            )
        if stage.number != index + 1:
            errors.append(
                src.error(
                    ("stages", index, "number"),
                    f"stage '{stage.id}' is numbered {stage.number}",
                    f"number the stages 1, 2, 3... in order; this one is {index + 1}",
                )
            )
    states = set(stage_ids) | {practice.final}
    _known(src, ("initial",), practice.initial, stage_ids, "stage", errors)
    triggers = set()
    graph: dict[str, set[str]] = {s: set() for s in states}
    for index, trans in enumerate(practice.transitions):
        triggers.add(trans.trigger)
        for state in trans.source:
            _known(src, ("transitions", index, "source"), state, stage_ids, "stage", errors)
        _known(src, ("transitions", index, "dest"), trans.dest, sorted(states), "stage", errors)
        for cond in trans.conditions:
            _known(src, ("transitions", index, "conditions"), cond, CONDITIONS, "condition", errors)
        for state in trans.source:
            graph.setdefault(state, set()).add(trans.dest)
    reached, queue = {practice.initial}, deque([practice.initial])
    while queue:
        for nxt in graph.get(queue.popleft(), ()):
            if nxt not in reached:
                reached.add(nxt)
                queue.append(nxt)
    for state in stage_ids + [practice.final]:
        if state not in reached:
            path = ("stages", stage_ids.index(state)) if state in stage_ids else ("final",)
            errors.append(
                src.error(
                    path,
                    f"stage '{state}' cannot be reached from '{practice.initial}'",
                    "add a transition whose dest is this stage, or remove it",
                )
            )
    _check_ids(src, ("moves",), list(practice.moves), MOVE_IDS, "move", errors)
    kinds = known_reply_kinds(practice)
    act_cues: dict[str, dict[str, re.Pattern]] = {}
    for move_id, act in list(practice.moves.items()) + [("no_move", practice.no_move)]:
        path = ("moves", move_id) if move_id != "no_move" else ("no_move",)
        for name in [act.act, *act.cues]:
            if name not in triggers and name not in SILENT_ACTS:
                errors.append(
                    src.error(
                        path,
                        f"unknown act '{name}'",
                        f"use a trigger from 'transitions' ({', '.join(sorted(triggers))}) "
                        f"or one of {', '.join(SILENT_ACTS)}",
                    )
                )
        for kind in act.replies:
            if kind not in kinds:
                errors.append(
                    src.error(
                        path + ("replies",),
                        f"unknown reply kind '{kind}'",
                        "add it to any_reply_kinds, or use one listed there",
                    )
                )
        act_cues[move_id] = {
            name: _cues(src, phrases, dict(coach.words), path + ("cues", name), errors)
            for name, phrases in act.cues.items()
        }
    return act_cues


def _needed_thoughts(practice: PracticeFlow) -> list[str]:
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


def check_messages(src: Source, messages: Messages, errors: list[FlowError]) -> None:
    """Every message the code uses is present."""
    for key in messages_module.REQUIRED:
        if key not in messages.texts:
            errors.append(src.error(("texts",), f"missing message '{key}'", f"add '{key}:' under 'texts'"))


def check_scenario(
    src: Source,
    sc: Scenario,
    practice: PracticeFlow,
    coach: CoachFlow,
    seen: dict[str, Scenario],
    errors: list[FlowError],
) -> ScenarioCues | None:
    """A scenario's ids, stages, reply pools, traps, thoughts and cues all make sense."""
    before = len(errors)
    stem = Path(src.file).stem
    if sc.id in seen:
        errors.append(src.error(("id",), f"duplicate scenario id '{sc.id}'", "give each scenario its own id"))
    if sc.id != stem:
        errors.append(
            src.error(
                ("id",),
                f"id '{sc.id}' does not match the file name '{stem}.yaml'",
                f"rename the file to {sc.id}.yaml or set id: {stem}",
            )
        )
    wants = {s.id: s.replies for s in practice.stages} | {"any": practice.any_reply_kinds}
    known = known_reply_kinds(practice)
    for key, pools in sc.replies.items():
        if key not in wants:
            _known(src, ("replies", key), key, list(wants), "stage", errors)
            continue
        wanted = wants[key]
        for kind, lines in pools.items():
            _known(src, ("replies", key, kind), kind, sorted(known), "reply kind", errors)
            _check_variants(src, ("replies", key, kind), lines, practice.min_variants, errors)
        for kind in wanted:
            if kind not in pools:
                errors.append(
                    src.error(
                        ("replies", key),
                        f"missing text: no '{kind}' replies",
                        f"add '{kind}:' with at least {practice.min_variants} lines",
                    )
                )
    for key in wants:
        if key not in sc.replies:
            errors.append(
                src.error(("replies",), f"missing text: no replies for '{key}'", f"add '{key}:' under replies")
            )
    _check_variants(src, ("guarded",), sc.guarded, practice.min_variants, errors)
    _check_ids(src, ("traps",), list(sc.traps), TRAP_IDS, "trap", errors)
    fact_names = [sc.outcome.reveal.id, *(f.id for f in sc.facts)]
    for trap_id, notes in sc.traps.items():
        path = ("traps", trap_id, "better")
        if all(b.stages or b.after for b in notes.better):
            errors.append(src.error(path, "no better way for every moment", "add one line with no stages or after"))
        for index, better in enumerate(notes.better):
            for fact in better.after:
                _known(src, path + (index, "after"), fact, fact_names, "fact id", errors)
    _check_ids(
        src,
        ("thoughts",),
        list(sc.thoughts),
        thought_kinds(practice),
        "thought",
        errors,
        required=_needed_thoughts(practice),
    )
    kinds_present = {s.kind for s in sc.strengths}
    for kind in STRENGTH_KINDS:
        if kind not in kinds_present:
            errors.append(
                src.error(
                    ("strengths",),
                    f"no '{kind}' strength",
                    f"add a strength with kind: {kind} (soft and hard, individual and community)",
                )
            )
    fact_ids: dict[str, int] = {}
    words = dict(coach.words)
    fact_cues: dict[str, re.Pattern | None] = {}
    reveals = [(("outcome", "reveal"), sc.outcome.reveal)] + [(("facts", i), f) for i, f in enumerate(sc.facts)]
    for path, reveal in reveals:
        if reveal.id in fact_ids:
            errors.append(src.error(path + ("id",), f"duplicate fact id '{reveal.id}'", "give each fact its own id"))
        fact_ids[reveal.id] = 1
        for move in reveal.moves:
            _known(src, path + ("moves",), move, MOVE_IDS, "move id", errors)
        fact_cues[reveal.id] = _cues(src, reveal.cues, words, path + ("cues",), errors)
    if sc.outcome.min_cues > len(sc.outcome.cues):
        errors.append(
            src.error(
                ("outcome", "min_cues"),
                f"min_cues is {sc.outcome.min_cues} but there are only {len(sc.outcome.cues)} cues",
                "lower min_cues or add cues",
            )
        )
    outcome = tuple(_cues(src, [c], words, ("outcome", "cues", i), errors) for i, c in enumerate(sc.outcome.cues))
    strengths = tuple(
        (s.text, _cues(src, s.cues, words, ("strengths", i, "cues"), errors)) for i, s in enumerate(sc.strengths)
    )
    if len(errors) > before:
        return None
    return ScenarioCues(outcome, strengths, fact_cues)


def _check_variants(src: Source, path: tuple, lines: list[str], minimum: int, errors: list[FlowError]) -> None:
    """A pool has enough lines and no line twice (so nothing repeats in a session)."""
    if len(lines) < minimum:
        errors.append(
            src.error(
                path,
                f"missing text: only {len(lines)} line(s), at least {minimum} needed",
                f"add {minimum - len(lines)} more way(s) of saying it",
            )
        )
    seen: dict[str, int] = {}
    for index, line in enumerate(lines):
        if line in seen:
            errors.append(
                src.error(
                    path + (index,), f"duplicate line (same as item {seen[line]})", "reword it so it does not repeat"
                )
            )
        seen.setdefault(line, index)


def _cues(
    src: Source, phrases: list[str], words: dict[str, str], path: tuple, errors: list[FlowError]
) -> re.Pattern | None:
    """Compile cue phrases (matching the start of words), collecting errors."""
    try:
        return compile_phrases(phrases, words, path, whole_words=False)
    except RuleError as exc:
        errors.append(src.error(exc.where, str(exc), exc.fix))
        return None
