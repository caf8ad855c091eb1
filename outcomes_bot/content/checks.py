"""The second pass over the flows: do they make sense together?

After the schema pass, these checks find unknown or unreachable stages,
transitions to nowhere, duplicate ids, missing text, unknown trap or move
ids, and phrases that do not compile. Each adds a FlowError with the file,
the line, the key and the fix, and the checks return what they compiled.

The coach's file and the messages are checked here; the practice flow in
``checks_practice``, scenarios in ``checks_scenario``, the team flows in
``checks_team``. Every check is importable from here.
"""

from __future__ import annotations

import string

from ..coach.rules import RuleError, Rules, compile_rules
from . import messages as messages_module
from .checks_practice import CONDITIONS, SILENT_ACTS, check_practice, known_reply_kinds, thought_kinds
from .checks_scenario import ScenarioCues, check_scenario
from .problems import Problems
from .schema import MOVE_IDS, TRAP_IDS, Messages
from .schema_coach import CoachFlow
from .yamlsource import FlowError, Source

__all__ = [
    "CONDITIONS",
    "PRONOUNS",
    "SILENT_ACTS",
    "ScenarioCues",
    "check_coach",
    "check_messages",
    "check_practice",
    "check_scenario",
    "known_reply_kinds",
    "thought_kinds",
]

PRONOUNS = {"subject", "object", "possessive"}  # placeholders a praise line may use


def check_coach(src: Source, coach: CoachFlow, errors: list[FlowError]) -> Rules | None:
    """Trap and move ids are the stable ones, the language's words are listed once, and every phrase compiles."""
    problems = Problems(src, errors)
    problems.ids(("traps",), coach.traps, TRAP_IDS, "trap")
    problems.ids(("moves",), coach.moves, MOVE_IDS, "move")
    for trap_id in coach.settings.permission_allows:
        problems.known(("settings", "permission_allows"), trap_id, TRAP_IDS, "trap id")
    problems.ids(("settings", "trap_priority"), coach.settings.trap_priority, TRAP_IDS, "trap")
    for trap_id, trap in coach.traps.items():
        if trap_id != "question_answer" and not trap.phrases:
            problems.add(("traps", trap_id), "no phrases to detect this trap", "add a 'phrases:' list")
    for move_id, move in coach.moves.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(move.praise) if name is not None}
        if fields - PRONOUNS:
            problems.add(
                ("moves", move_id, "praise"),
                f"unknown placeholder {{{sorted(fields - PRONOUNS)[0]}}}",
                f"use only {', '.join('{' + p + '}' for p in sorted(PRONOUNS))}",
            )
    for name in ("function_words", "common_words"):
        problems.once(("language", name), getattr(coach.language, name))
    try:
        return compile_rules(coach)
    except RuleError as exc:
        problems.add(exc.where, str(exc), exc.fix)
        return None


def check_messages(src: Source, messages: Messages, errors: list[FlowError]) -> None:
    """Every message the code uses is present."""
    for key in messages_module.REQUIRED:
        if key not in messages.texts:
            errors.append(src.error(("texts",), f"missing message '{key}'", f"add '{key}:' under 'texts'"))
