"""Load the flows under ``flows/`` and check them in two passes.

Pass one is the schema (``schema.py``, with pydantic); pass two is the
semantic checks in ``checks.py``. Every error names the file, the line, the
key and the fix.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..coach.classifier import Rules
from .checks import (
    ScenarioCues,
    check_coach,
    check_messages,
    check_practice,
    check_scenario,
)
from .checks_learn_culture import check_culture
from .checks_learn_nudges import check_nudges
from .checks_learn_outcomes import OutcomeRules, check_outcomes
from .checks_learn_quiz import check_quiz
from .checks_learn_recording import RecordingRules, check_recording
from .checks_learn_risk import check_risk
from .checks_learn_strengths import check_strengths
from .checks_progress import check_progress
from .checks_team import check_privacy, check_supervision, check_teabrief
from .schema import Messages, PracticeFlow, Scenario
from .schema_coach import CoachFlow
from .schema_errors import schema_error
from .schema_learn_culture import CultureFlow
from .schema_learn_nudges import NudgesFlow
from .schema_learn_outcomes import OutcomesFlow
from .schema_learn_quiz import QuizFlow
from .schema_learn_recording import RecordingFlow
from .schema_learn_risk import RiskFlow
from .schema_learn_strengths import StrengthsFlow
from .schema_progress import ProgressFlow
from .schema_team import PrivacyFlow, SupervisionFlow, TeaBriefFlow
from .yamlsource import FlowError, FlowErrors, Source, read_source

BASE_FILES: dict[str, type[BaseModel]] = {
    "coach.yaml": CoachFlow,
    "practice.yaml": PracticeFlow,
    "messages.yaml": Messages,
    "supervision.yaml": SupervisionFlow,
    "teabrief.yaml": TeaBriefFlow,
    "privacy.yaml": PrivacyFlow,
    "quiz.yaml": QuizFlow,
    "outcomes.yaml": OutcomesFlow,
    "recording.yaml": RecordingFlow,
    "risk.yaml": RiskFlow,
    "culturestar.yaml": CultureFlow,
    "strengths.yaml": StrengthsFlow,
    "nudges.yaml": NudgesFlow,
    "progress.yaml": ProgressFlow,
}
Model = TypeVar("Model", bound=BaseModel)
Compiled = TypeVar("Compiled")
Loaded = dict[str, tuple[Source, BaseModel]]  # the base files read, by file name


@dataclass(frozen=True)
class Flows:
    """Every flow, validated: the coach, the practice machine, scenarios, messages, teams and the learning tools."""

    coach: CoachFlow
    rules: Rules
    practice: PracticeFlow
    messages: Messages
    scenarios: dict[str, Scenario]
    cues: dict[str, ScenarioCues]
    act_cues: dict[str, dict[str, re.Pattern | None]]
    supervision: SupervisionFlow
    teabrief: TeaBriefFlow
    privacy: PrivacyFlow
    quiz: QuizFlow
    outcomes: OutcomeRules  # flows/outcomes.yaml compiled (its flow is ``outcomes.flow``)
    recording: RecordingRules  # flows/recording.yaml compiled (its flow is ``recording.flow``)
    risk: RiskFlow  # flows/risk.yaml: the positive-risk conversation, its tests and the 12 principles
    culture: CultureFlow  # flows/culturestar.yaml: the culture star, its eight points and the action plan
    strengths: StrengthsFlow  # flows/strengths.yaml: the strengths map, its four quadrants
    nudges: NudgesFlow  # flows/nudges.yaml: weekly reminders, and progress shared with supervisors
    progress: ProgressFlow  # flows/progress.yaml: progress measures, skills to focus on, who to practise with


def flows_dir() -> Path:
    """Where the flows live: $OUTCOMES_FLOWS, the installed copy, or the checkout's."""
    if os.environ.get("OUTCOMES_FLOWS"):
        return Path(os.environ["OUTCOMES_FLOWS"])
    packaged = Path(__file__).resolve().parents[1] / "flows"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "flows"


@functools.lru_cache(maxsize=4)
def _cached(root: str) -> Flows:
    """Load and cache the flows under one folder (the path is the cache key)."""
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
    base: Loaded = {}
    for name, model in BASE_FILES.items():
        path = replace if replace is not None and replace.name == name else root / name
        loaded = _load(path, model, errors)
        if loaded:
            base[name] = loaded
    scenarios = _load_scenarios(root, replace, errors)
    if len(base) < len(BASE_FILES):
        raise FlowErrors(errors)
    flows = _check(base, scenarios, errors, whole=replace is None or replace.name in BASE_FILES)
    if errors or flows is None:
        raise FlowErrors(sorted(set(errors), key=lambda e: (e.file, e.line, e.key)))
    return flows


def _load_scenarios(root: Path, replace: Path | None, errors: list[FlowError]) -> list[tuple[Source, Scenario]]:
    """Every scenario under ``root`` (or only ``replace``, if it is a scenario), read and validated."""
    scenario_paths = sorted((root / "scenarios").glob("*.yaml"))
    if replace is not None and replace.name not in BASE_FILES:
        scenario_paths = [replace]
    scenarios = [loaded for path in scenario_paths if (loaded := _load(path, Scenario, errors))]
    if not scenario_paths and replace is None:
        errors.append(
            FlowError.in_file(
                str(root / "scenarios"), "no scenarios found", "add at least one scenarios/<id>.yaml file"
            )
        )
    return scenarios


def _base(base: Loaded, name: str, model: type[Model]) -> tuple[Source, Model]:
    """One base file as read, with its own model's type."""
    src, flow = base[name]
    assert isinstance(flow, model), name
    return src, flow


def _check(  # long because each flow file is checked here in turn, some with what another's check compiled
    base: Loaded, scenarios: list[tuple[Source, Scenario]], errors: list[FlowError], whole: bool = True
) -> Flows | None:
    """Pass two over the files read: the checks across them; the flows, or None if the coach's rules failed.
    ``whole``: every scenario was read, not one alone, so progress.yaml's names of scenarios are checked (if all
    else is valid: a broken scenario would make them look unknown)."""
    coach_src, coach = _base(base, "coach.yaml", CoachFlow)
    practice_src, practice = _base(base, "practice.yaml", PracticeFlow)
    messages_src, messages = _base(base, "messages.yaml", Messages)
    rules = check_coach(coach_src, coach, errors)
    act_cues = check_practice(practice_src, practice, coach, errors)
    check_messages(messages_src, messages, errors)
    supervision_src, supervision = _base(base, "supervision.yaml", SupervisionFlow)
    check_supervision(supervision_src, supervision, errors)
    teabrief_src, teabrief = _base(base, "teabrief.yaml", TeaBriefFlow)
    check_teabrief(teabrief_src, teabrief, errors)
    privacy_src, privacy = _base(base, "privacy.yaml", PrivacyFlow)
    check_privacy(privacy_src, privacy, errors)
    quiz_src, quiz = _base(base, "quiz.yaml", QuizFlow)
    check_quiz(quiz_src, quiz, errors)
    outcomes = check_outcomes(*_base(base, "outcomes.yaml", OutcomesFlow), errors)
    recording = check_recording(*_base(base, "recording.yaml", RecordingFlow), errors)
    risk_src, risk = _base(base, "risk.yaml", RiskFlow)
    check_risk(risk_src, risk, errors)
    culture = check_culture(*_base(base, "culturestar.yaml", CultureFlow), errors)
    strengths_src, strengths = _base(base, "strengths.yaml", StrengthsFlow)
    check_strengths(strengths_src, strengths, errors)
    nudges = check_nudges(*_base(base, "nudges.yaml", NudgesFlow), errors)
    checked: dict[str, Scenario] = {}
    cues: dict[str, ScenarioCues] = {}
    for src, scenario in scenarios:
        compiled = check_scenario(src, scenario, practice=practice, coach=coach, seen=checked, errors=errors)
        if compiled:
            checked[scenario.id] = scenario
            cues[scenario.id] = compiled
    progress_src, progress = _base(base, "progress.yaml", ProgressFlow)
    named = checked if whole and not errors else None  # the people progress.yaml names, if checkable
    check_progress(progress_src, progress, coach=coach, scenarios=named, errors=errors)
    if rules is None or outcomes is None or recording is None:
        return None
    return Flows(
        coach=coach,
        rules=rules,
        practice=practice,
        messages=messages,
        scenarios=checked,
        cues=cues,
        act_cues=act_cues,
        supervision=supervision,
        teabrief=teabrief,
        privacy=privacy,
        quiz=quiz,
        outcomes=outcomes,
        recording=recording,
        risk=risk,
        culture=culture,
        strengths=strengths,
        nudges=nudges,
        progress=progress,
    )


def check_path(path: Path) -> tuple[Flows | None, list[FlowError]]:
    """Check a flows folder, or one flow file against the default folder."""
    try:
        if path.is_dir():
            return load_flows(path), []
        if not path.exists():
            return None, [
                FlowError.in_file(str(path), "no such file or folder", "give the path of flows/ or a .yaml file")
            ]
        root = path.parent.parent if path.parent.name == "scenarios" else path.parent
        if not (root / "coach.yaml").exists():
            root = flows_dir()
        return load_flows(root, replace=path.resolve()), []
    except FlowErrors as exc:
        return None, exc.errors


def check_file(
    path: Path, model: type[Model], check: Callable[[Source, Model, list[FlowError]], Compiled]
) -> tuple[Model | None, Compiled | None, list[FlowError]]:
    """One flow file alone, both passes: the model and what its check compiled (None if broken), and the errors."""
    errors: list[FlowError] = []
    loaded = _load(path, model, errors)
    if loaded is None:
        return None, None, errors
    src, flow = loaded
    compiled = check(src, flow, errors)
    errors = sorted(set(errors), key=lambda e: (e.file, e.line, e.key))
    return (None, None, errors) if errors else (flow, compiled, errors)


# --- pass one: schema -------------------------------------------------------


def _load(path: Path, model: type[Model], errors: list[FlowError]) -> tuple[Source, Model] | None:
    """Parse a file and validate it against its model, collecting errors."""
    source, parse_errors = read_source(path, _label(path))
    errors.extend(parse_errors)
    if source is None or parse_errors:
        return None
    try:
        return source, model.model_validate(source.data)
    except ValidationError as exc:
        for err in exc.errors():
            errors.append(schema_error(source, err))
        return None


def _label(path: Path) -> str:
    """A short path for messages: relative to the working folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
