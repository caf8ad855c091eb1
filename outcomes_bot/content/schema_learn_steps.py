"""The messages every question-by-question conversation says (``learn/stepper.py``), whatever its flow file.

The positive-risk conversation (``risk.yaml``) and the strengths map
(``strengths.yaml``) each have a ``messages:`` section whose model extends
``StepMessages`` with the tool's own sentences.
"""

from __future__ import annotations

from .schema import Frozen, Text

STEP_PLACEHOLDERS = {  # message key -> the names the stepper fills in
    "given": {"answer"},
    "too_long": {"length", "limit"},
    "record_too_long": {"length", "limit", "total"},
    "pii_warning": {"kinds", "masked"},
}


class StepMessages(Frozen):
    """What the stepper says: asking for the person, answers, identifying details, its buttons (not ``question``)."""

    intro: Text
    person_question: Text
    name_too_much: Text
    given: Text  # {answer}
    empty: Text
    too_long: Text  # {length} {limit}
    record_too_long: Text  # {length} {limit} {total}: the answer would take the whole record over its length
    pii_warning: Text  # {kinds} {masked}
    choose_first: Text
    retype: Text
    stopped: Text
    not_kept: Text
    btn_skip: Text
    btn_back: Text
    btn_stop: Text
    btn_keep: Text
    btn_mask: Text
    btn_retype: Text
    terminal_commands: Text
    terminal_pii_choice: Text
    terminal_pii_masked: Text
