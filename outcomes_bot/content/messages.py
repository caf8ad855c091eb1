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
    intro progress trap_feedback trap_feedback_short hint hint_no_example how_to_end how_to_end_captured
    how_to_end_summary welsh_note thought no_thought no_session worker_ended scenario_gone cancelled
    nothing_to_cancel forgotten empty too_long no_words other_script repeated report_title report_stages
    report_stage_missing report_no_traps report_traps report_trap_line report_moves report_move_line
    report_open_pct report_rq report_no_questions report_none report_outcome_yes report_outcome_no
    report_strength_yes report_strength_no report_facts report_outcome report_worries report_next rating_good
    rating_fair rating_low rating_none next_reflect next_open next_explore next_exchange next_outcome
    next_strength next_keep_going terminal_choose terminal_choice_prompt terminal_commands terminal_you
    terminal_bad_choice terminal_unknown_command terminal_default_scenario terminal_reflect_how
    terminal_pii_choice terminal_pii_masked terminal_prep_commands label_coach label_hint label_thought label_note
    unknown_scenario flows_ok bot_no_token bot_bad_token bot_already_running bot_no_network cannot_open_db
    tg_welcome tg_help
    tg_privacy tg_choose tg_choose_line tg_persona_label tg_coach_label tg_hint_label tg_thought_label
    tg_report_label tg_non_text tg_non_text_idle tg_edited tg_unknown_command tg_private_only tg_old_button
    tg_already_practising tg_forget_confirm tg_forget_kept tg_mydata_caption tg_error btn_practice
    btn_help btn_privacy btn_hint btn_thought btn_end btn_again btn_forget_yes btn_forget_no btn_open_private
    cmd_start cmd_practice cmd_end cmd_hint cmd_think cmd_cancel cmd_help cmd_privacy cmd_mydata cmd_forget
    reflect_ask reflect_differently reflect_prompt reflect_empty reflect_saved reflect_saved_no_team
    reflect_shared reflect_unshared reflect_deleted reflect_dropped reflect_gone reflect_none reflect_list
    reflect_item more_reflections private shared_with card out_of_date nothing_waiting stopped_writing pii_warning
    pii_choose_first pii_name pii_phone pii_email pii_postcode pii_date_of_birth pii_nhs_number mask_name
    mask_phone mask_email mask_postcode mask_date_of_birth mask_nhs_number pii_address mask_address prep_question
    prep_given prep_empty
    prep_name_too_much prep_stopped agenda_title agenda_note agenda_answer not_admin team_name_needed team_made
    join_usage bad_code joined already_member member_joined code_rotated code_revoked no_teams teams_list
    team_line current_mark role_supervisor role_worker btn_use_team team_chosen not_in_that_team not_supervisor
    choose_rm choose_co no_one_to_choose member_gone use_leave member_removed you_were_removed cosupervisor_made
    you_are_cosupervisor choose_leave btn_leave last_supervisor left_team unnamed prompt_needed prompt_to_member
    prompt_sent prompt_offer btn_offer_yes btn_offer_no prompt_gone no_prompts responses_header prompt_answers
    answer_line no_shared_answers schedule_usage schedule_set schedule_when schedule_line no_schedules
    schedule_gone schedule_stopped btn_stop_schedule every_day weekdays day_sun day_mon day_tue day_wed day_thu
    day_fri day_sat team_overview code_active code_off member_line no_practice practice_count trap_trend
    trend_fewer trend_more trend_same no_shared shared_header shared_item in_answer_to export_header
    export_reflection export_practice reflection_kind_free reflection_kind_card reflection_kind_practice
    reflection_kind_prompt reflection_kind_agenda reflection_kind_record export_caption bad_button btn_cancel
    btn_share btn_unshare
    btn_delete btn_keep_as_written btn_mask btn_dont_save btn_write_card btn_another_card btn_answer_prompt
    btn_differently btn_older btn_newer btn_prep_skip btn_prep_back btn_prep_stop cmd_reflect cmd_card
    cmd_myreflections cmd_prep cmd_record cmd_outcome outcome_too_long cmd_quiz
    cmd_join cmd_teams tg_help_group teabrief_groups_only teabrief_intro story_intro
    story_question story_unknown teabrief_supervisors_only teabrief_already_open teabrief_nothing_open
    teabrief_noted teabrief_reply_to_a_question teabrief_support_in_group teabrief_support_nobody
    teabrief_support_no_one teabrief_support_item teabrief_item teabrief_named_as btn_tell_supervisor
    teabrief_empty teabrief_round_closed teabrief_named teabrief_not_named teabrief_private_choose
    teabrief_private_ask teabrief_private_saved teabrief_private_saved_pii teabrief_pii_group
    teabrief_private_support teabrief_private_shared
    teabrief_forgot_mine teabrief_summary_title teabrief_themes teabrief_no_themes teabrief_successes
    teabrief_actions teabrief_action teabrief_none_yet teabrief_support_note teabrief_followup_when
    teabrief_support_for_supervisor teabrief_who_all teabrief_who_offered teabrief_by_followup teabrief_followup
    teabrief_already_done teabrief_marked_done story_summary_title teabrief_linked teabrief_settings_who
    teabrief_settings_usage teabrief_settings_now teabrief_leaders_supervisors teabrief_leaders_anyone teabrief_on
    teabrief_off share_and_tell_anyone share_and_tell_you btn_answer_privately btn_name_me btn_dont_name_me
    btn_add_to_summary btn_mark_done
    forgotten_prompts forget_will_hand_over forget_will_close forget_will_close_empty forget_handed_over
    forget_closed forget_closed_empty team_handed_to_you team_closed_for_you
    teamgroup_taken teamgroup_admins_only only_lead_removes_supervisors tg_forget_expired
    card_unknown_deck reflection_kind_risk cmd_risk teabrief_senses
    reflection_kind_strengths cmd_strengths
    cmd_remind
    cmd_progress cmd_focus
    unfinished_stopped unfinished_open unfinished_reflection unfinished_prep unfinished_teabrief unfinished_risk
    unfinished_strengths unfinished_record unfinished_outcome unfinished_culture unfinished_offer unfinished_other
    """.split()
)


class _Blank(dict):
    """Leaves an unknown ``{placeholder}`` as it is rather than failing."""

    def __missing__(self, key: str) -> str:
        """An unknown placeholder, written back as it was."""
        return "{" + key + "}"


def render(messages: Messages, key: str, **values: object) -> str:
    """Return message ``key`` with its placeholders filled in."""
    return messages.texts[key].format_map(_Blank(values))
