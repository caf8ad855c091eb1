"""Load the flows under ``flows/`` and check them in two passes.

Pass one is the schema (``schema.py``, with pydantic). Pass two is the
semantic checks: unknown or unreachable stages, duplicate ids, missing text,
unknown trap or move ids, phrases that do not compile. Every error names the
file, the line, the key and the fix.
"""

from __future__ import annotations

import functools
import os
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import messages as messages_module
from .coach import RuleError, Rules, compile_phrases, compile_rules
from .schema import (
    MOVE_IDS,
    STRENGTH_KINDS,
    TRAP_IDS,
    CoachFlow,
    Messages,
    PracticeFlow,
    Scenario,
)
from .yamlsource import FlowError, FlowErrors, Source, dotted, read_source

CONDITIONS = ("explored",)  # methods the practice machine's model provides
SILENT_ACTS = ("ask", "none")  # acts that never move the conversation between stages
BASE_FILES = {"coach.yaml": CoachFlow, "practice.yaml": PracticeFlow, "messages.yaml": Messages}


@dataclass(frozen=True)
class ScenarioCues:
    """A scenario's cue phrases, compiled once."""

    outcome: tuple[re.Pattern, ...]
    strengths: tuple[tuple[str, re.Pattern], ...]
    facts: dict[str, re.Pattern | None]


@dataclass(frozen=True)
class Flows:
    """Every flow, validated: the coach, the practice machine, scenarios and messages."""

    root: Path
    coach: CoachFlow
    rules: Rules
    practice: PracticeFlow
    messages: Messages
    scenarios: dict[str, Scenario]
    cues: dict[str, ScenarioCues]
    act_cues: dict[str, dict[str, re.Pattern]] = field(default_factory=dict)

    def scenario(self, scenario_id: str) -> Scenario:
        """Return a scenario by id; KeyError if there is none."""
        return self.scenarios[scenario_id]


def flows_dir() -> Path:
    """Where the flows live: $OUTCOMES_FLOWS, the installed copy, or the checkout's."""
    if os.environ.get("OUTCOMES_FLOWS"):
        return Path(os.environ["OUTCOMES_FLOWS"])
    packaged = Path(__file__).parent / "flows"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "flows"


@functools.lru_cache(maxsize=4)
def _cached(root: str) -> Flows:
    return load_flows(Path(root))


def default_flows() -> Flows:
    """Load (once) and return the flows from ``flows_dir()``; raise FlowErrors if invalid."""
    return _cached(str(flows_dir()))


def load_flows(root: Path, replace: Path | None = None) -> Flows:
    """Load and check every flow under ``root``; raise FlowErrors listing all problems.

    ``replace`` checks one file in place of its namesake under ``root`` (or, for
    a scenario, alongside the base files only).
    """
    errors: list[FlowError] = []
    base: dict[str, tuple[Source, BaseModel]] = {}
    for name, model in BASE_FILES.items():
        path = replace if replace is not None and replace.name == name else root / name
        loaded = _load(path, model, errors)
        if loaded:
            base[name] = loaded
    scenario_paths = sorted((root / "scenarios").glob("*.yaml"))
    if replace is not None and replace.name not in BASE_FILES:
        scenario_paths = [replace]
    scenarios = [loaded for path in scenario_paths if (loaded := _load(path, Scenario, errors))]
    if not scenario_paths and replace is None:
        errors.append(
            FlowError(str(root / "scenarios"), 1, "", "no scenarios found", "add at least one scenarios/<id>.yaml file")
        )
    if len(base) < len(BASE_FILES):
        raise FlowErrors(errors)

    coach_src, coach = base["coach.yaml"]
    practice_src, practice = base["practice.yaml"]
    messages_src, messages = base["messages.yaml"]
    rules = _check_coach(coach_src, coach, errors)
    act_cues = _check_practice(practice_src, practice, coach, errors)
    _check_messages(messages_src, messages, errors)
    checked: dict[str, Scenario] = {}
    cues: dict[str, ScenarioCues] = {}
    for src, scenario in scenarios:
        compiled = _check_scenario(src, scenario, practice, coach, checked, errors)
        if compiled:
            checked[scenario.id] = scenario
            cues[scenario.id] = compiled
    if errors or rules is None:
        raise FlowErrors(sorted(set(errors), key=lambda e: (e.file, e.line, e.key)))
    return Flows(root, coach, rules, practice, messages, checked, cues, act_cues)


def check_path(path: Path) -> tuple[Flows | None, list[FlowError]]:
    """Check a flows folder, or one flow file against the default folder."""
    try:
        if path.is_dir():
            return load_flows(path), []
        if not path.exists():
            return None, [
                FlowError(str(path), 1, "", "no such file or folder", "give the path of flows/ or a .yaml file")
            ]
        root = path.parent.parent if path.parent.name == "scenarios" else path.parent
        if not (root / "coach.yaml").exists():
            root = flows_dir()
        return load_flows(root, replace=path.resolve()), []
    except FlowErrors as exc:
        return None, exc.errors


# --- pass one: schema -------------------------------------------------------


def _load(path: Path, model: type[BaseModel], errors: list[FlowError]) -> tuple[Source, BaseModel] | None:
    """Parse a file and validate it against its model, collecting errors."""
    source, parse_errors = read_source(path, _label(path))
    errors.extend(parse_errors)
    if source is None or parse_errors:
        return None
    try:
        return source, model.model_validate(source.data)
    except ValidationError as exc:
        for err in exc.errors():
            errors.append(_schema_error(source, err, model))
        return None


def _label(path: Path) -> str:
    """A short path for messages: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _schema_error(source: Source, err: dict, model: type[BaseModel]) -> FlowError:
    """Turn one pydantic error into a FlowError with a fix."""
    loc = tuple(err["loc"])
    kind = err["type"]
    key = loc[-1] if loc else ""
    if kind == "missing":
        return FlowError(source.file, source.line(loc[:-1]), dotted(loc), f"missing key '{key}'", f"add '{key}:' here")
    if kind == "extra_forbidden":
        return source.error(loc, f"unknown key '{key}'", "remove it, or correct its spelling")
    if kind in ("string_type", "string_too_short"):
        fix = "write some text here (put it in quotes if it contains ': ' or starts with a symbol)"
    elif kind in ("list_type", "too_short"):
        fix = "make this a list with enough items, each on its own line starting with '- '"
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        fix = "make this a mapping of 'key: value' lines, indented under it"
    elif kind.startswith("int") or kind.startswith("greater") or kind.startswith("less"):
        fix = "use a whole number in the allowed range"
    elif kind == "string_pattern_mismatch":
        fix = "use lower-case letters, digits and underscores, starting with a letter"
    elif kind == "literal_error":
        fix = "use one of the values listed"
    else:
        fix = "correct the value"
    return source.error(loc, err["msg"].rstrip("."), fix)


# --- pass two: meaning ------------------------------------------------------


def _check_ids(
    src: Source, path: tuple, found, known, what: str, errors: list[FlowError], require_all: bool = True
) -> None:
    """Report ids not in ``known`` and, if asked, known ids that are missing."""
    for item in found:
        if item not in known:
            errors.append(src.error(path + (item,), f"unknown {what} id '{item}'", f"use one of: {', '.join(known)}"))
    if require_all:
        for item in known:
            if item not in found:
                errors.append(src.error(path, f"missing {what} '{item}'", f"add '{item}:' under '{path[-1]}'"))


def _check_coach(src: Source, coach: CoachFlow, errors: list[FlowError]) -> Rules | None:
    """Trap and move ids are the stable ones, and every phrase compiles."""
    _check_ids(src, ("traps",), list(coach.traps), TRAP_IDS, "trap", errors)
    _check_ids(src, ("moves",), list(coach.moves), MOVE_IDS, "move", errors)
    for trap_id in coach.settings.permission_allows:
        if trap_id not in TRAP_IDS:
            errors.append(
                src.error(
                    ("settings", "permission_allows"),
                    f"unknown trap id '{trap_id}'",
                    f"use one of: {', '.join(TRAP_IDS)}",
                )
            )
    for trap_id, trap in coach.traps.items():
        if trap_id != "question_answer" and not trap.phrases:
            errors.append(src.error(("traps", trap_id), "no phrases to detect this trap", "add a 'phrases:' list"))
    for name in ("open_question_pct", "reflection_to_question"):
        if name not in coach.thresholds:
            errors.append(
                src.error(("thresholds",), f"missing threshold '{name}'", f"add '{name}: {{fair: .., good: ..}}'")
            )
    try:
        return compile_rules(coach)
    except RuleError as exc:
        errors.append(src.error(exc.where, str(exc), exc.fix))
        return None


def _check_practice(
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
    if practice.initial not in stage_ids:
        errors.append(
            src.error(("initial",), f"unknown stage '{practice.initial}'", f"use one of: {', '.join(stage_ids)}")
        )
    triggers = set()
    graph: dict[str, set[str]] = {s: set() for s in states}
    for index, trans in enumerate(practice.transitions):
        triggers.add(trans.trigger)
        for state in trans.source:
            if state not in states:
                errors.append(
                    src.error(
                        ("transitions", index, "source"),
                        f"unknown stage '{state}'",
                        f"use one of: {', '.join(stage_ids)}",
                    )
                )
        if trans.dest not in states:
            errors.append(
                src.error(
                    ("transitions", index, "dest"),
                    f"unknown stage '{trans.dest}'",
                    f"use one of: {', '.join(sorted(states))}",
                )
            )
        for cond in trans.conditions:
            if cond not in CONDITIONS:
                errors.append(
                    src.error(
                        ("transitions", index, "conditions"),
                        f"unknown condition '{cond}'",
                        f"use one of: {', '.join(CONDITIONS)}",
                    )
                )
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
    kinds = reply_kinds(practice)
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
        try:
            act_cues[move_id] = {
                name: compile_phrases(phrases, dict(coach.words), path + ("cues", name), whole_words=False)
                for name, phrases in act.cues.items()
            }
        except RuleError as exc:
            errors.append(src.error(exc.where, str(exc), exc.fix))
    return act_cues


def reply_kinds(practice: PracticeFlow) -> set[str]:
    """Every reply pool kind the practice flow knows of."""
    return set(practice.any_reply_kinds).union(*(s.replies for s in practice.stages))


def _check_messages(src: Source, messages: Messages, errors: list[FlowError]) -> None:
    """Every message the code uses is present."""
    for key in messages_module.REQUIRED:
        if key not in messages.texts:
            errors.append(src.error(("texts",), f"missing message '{key}'", f"add '{key}:' under 'texts'"))


def _check_scenario(
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
    known = reply_kinds(practice)
    for key, pools in sc.replies.items():
        if key not in wants:
            errors.append(src.error(("replies", key), f"unknown stage '{key}'", f"use one of: {', '.join(wants)}"))
            continue
        wanted = wants[key]
        for kind, lines in pools.items():
            if kind not in known:
                errors.append(
                    src.error(
                        ("replies", key, kind),
                        f"unknown reply kind '{kind}'",
                        f"use one of: {', '.join(sorted(known))}",
                    )
                )
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
    _check_ids(src, ("thoughts",), list(sc.thoughts), practice.thought_kinds, "thought", errors)
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
            if move not in MOVE_IDS:
                errors.append(
                    src.error(path + ("moves",), f"unknown move id '{move}'", f"use one of: {', '.join(MOVE_IDS)}")
                )
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
