"""Short system messages, looked up by key from ``flows/messages.yaml``.

Every sentence a person reads that is not part of a scenario or the coach's
rules lives in that one file, so that a Welsh version can be made by
translating it. ``REQUIRED`` lists the keys the code uses; ``flows check``
fails if one is missing, and a test checks the list against the code.
"""

from __future__ import annotations

from .schema import Messages

REQUIRED = tuple(
    """
    intro progress trap_feedback hint thought no_thought no_session worker_ended scenario_gone
    cancelled nothing_to_cancel forgotten
    empty too_long no_words other_script repeated
    report_title report_stages report_stage_missing report_no_traps report_traps report_trap_line report_moves
    report_move_line report_open_pct report_rq report_no_questions report_none report_outcome_yes report_outcome_no
    report_strength_yes report_strength_no report_facts report_outcome report_worries report_next
    rating_good rating_fair rating_low rating_none
    next_reflect next_open next_explore next_exchange next_outcome next_strength next_keep_going
    terminal_choose terminal_choice_prompt terminal_commands terminal_you terminal_bad_choice terminal_unknown_command
    terminal_default_scenario label_coach label_hint label_thought label_note unknown_scenario flows_ok
    bot_no_token bot_bad_token bot_no_network cannot_open_db
    tg_welcome tg_help tg_privacy tg_choose tg_choose_line tg_persona_label tg_coach_label tg_hint_label
    tg_thought_label tg_report_label tg_non_text tg_non_text_idle tg_edited tg_unknown_command tg_private_only
    tg_old_button tg_bad_button tg_forget_confirm tg_forget_kept tg_mydata_caption tg_error
    btn_practice btn_help btn_privacy btn_hint btn_thought btn_end btn_again btn_forget_yes btn_forget_no
    btn_open_private
    cmd_start cmd_practice cmd_end cmd_hint cmd_think cmd_cancel cmd_help cmd_privacy cmd_mydata cmd_forget
    """.split()
)


class _Blank(dict):
    """Leaves an unknown ``{placeholder}`` as it is rather than failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(messages: Messages, key: str, **values: object) -> str:
    """Return message ``key`` with its placeholders filled in."""
    return messages.texts[key].format_map(_Blank(values))
