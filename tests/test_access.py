"""Who may do what, rule by rule, on the engines without a network.

Each test here fails if the access rule it names is taken out of ``teams.py``, ``inbox.py``,
``reflections.py``, ``teabrief.py`` or the queries in ``team_store.py`` and ``tea_store.py``
that enforce one (checked by taking each rule out and running its test). The Telegram tests
(``test_telegram_teams.py``, ``test_telegram_teabrief.py``) probe the headline rules from outside.
"""

from __future__ import annotations

import pytest
from messages import head

from outcomes_bot.inbox import Inbox
from outcomes_bot.team.teams import Teams


@pytest.fixture
def inbox(engine) -> Inbox:
    """Two teams: 'sup' supervises A (workers 'wyn' and 'olu'); 'bea' supervises B (worker 'bo')."""
    teams = Teams(engine.flows, engine.store, admins=frozenset({"sup", "bea"}))
    for user, name in (("sup", "Sam"), ("bea", "Bea")):
        teams.new_team(user, name, f"Team {name}")
    for user, team in (("wyn", 1), ("olu", 1), ("bo", 2)):
        engine.store.remember_user(user, user.title())
        engine.store.add_member(team, user)
    return Inbox(engine, teams)


def member_id(inbox: Inbox, team_id: int, user: str) -> int:
    """A membership's id (what the remove and co-supervisor buttons carry)."""
    return next(m["id"] for m in inbox.store.members(team_id) if m["user"] == user)


def texts(replies) -> list[str]:
    """The text of each reply."""
    return [r.text for r in replies]


# --- teams.py ---------------------------------------------------------------------------------


def test_a_supervisor_acts_only_on_members_of_their_own_team(inbox):
    teams, text = inbox.teams, inbox.text
    bo = member_id(inbox, 2, "bo")
    assert texts(teams.remove("sup", bo)) == [text("not_supervisor")]  # a button naming team B's member
    assert texts(teams.make_cosupervisor("sup", bo)) == [text("not_supervisor")]
    assert inbox.store.role(2, "bo") == "worker"


def test_when_the_creator_has_left_the_longest_standing_supervisor_leads(inbox):
    teams, store = inbox.teams, inbox.store
    for user in ("wyn", "olu"):
        teams.make_cosupervisor("sup", member_id(inbox, 1, user))
    team = store.team(1)
    assert teams.lead(team) == "sup"  # the creator, while a supervisor
    assert texts(teams.leave("sup", 1)) == [teams.text("left_team", team="Team Sam")]
    assert teams.lead(team) == "wyn"  # in the team longer than Olu
    refused = teams.remove("olu", member_id(inbox, 1, "wyn"))
    assert refused[0].text == teams.text("only_lead_removes_supervisors", team="Team Sam")
    assert teams.remove("wyn", member_id(inbox, 1, "olu"))[0].text == teams.text(
        "member_removed", name="Olu", team="Team Sam"
    )


def test_leaving_a_team_you_are_not_in_changes_nothing_and_names_nothing(inbox):
    said = texts(inbox.teams.leave("wyn", 2))
    assert said == [inbox.text("not_in_that_team")] and "Team Bea" not in said[0]
    assert inbox.store.role(2, "bo") == "worker" and inbox.store.role(1, "wyn") == "worker"


def test_only_a_supervisor_of_a_schedules_team_can_stop_it(inbox):
    teams = inbox.teams
    (made,) = teams.add_schedule("bea", "weekly mon 09:00 How was the week?")
    schedule_id = made.data["schedule"]["id"]
    assert texts(teams.stop_schedule("sup", schedule_id)) == [inbox.text("not_supervisor")]
    assert texts(teams.stop_schedule("bo", schedule_id)) == [inbox.text("not_supervisor")]
    assert inbox.store.schedule(schedule_id) is not None
    assert teams.stop_schedule("bea", schedule_id)[0].data == {"unschedule": schedule_id}


def test_a_schedule_whose_team_has_no_supervisor_left_sends_nothing(inbox):
    (made,) = inbox.teams.add_schedule("bea", "daily 09:00 How did today go?")
    inbox.store.remove_member(2, "bea")
    assert inbox.teams.fire(made.data["schedule"]["id"]) == []


# --- team_store.py: the queries that enforce a rule ----------------------------------------------


def test_commands_never_act_on_a_team_the_person_has_left(inbox):
    store = inbox.store
    store.add_member(2, "wyn")
    inbox.teams.use_team("wyn", 2)
    store.remove_member(2, "wyn")
    assert store.current_team("wyn") is None and inbox.teams.current("wyn") == 1


def test_what_a_removed_member_shared_does_not_come_back_when_they_rejoin(inbox):
    notes, store = inbox.reflections, inbox.store
    rid = notes.write("wyn", "Shared, then removed")[0].buttons[0][0].arg.split(".")[0]
    notes.share("wyn", int(rid), 1, 1, shared=True)
    inbox.teams.remove("sup", member_id(inbox, 1, "wyn"))
    store.add_member(1, "wyn")
    assert store.count_shared_with(1) == 0
    assert store.reflection(int(rid))["shared_with"] == []


def test_supervisors_never_see_what_someone_outside_the_team_shared_with_it(inbox):
    """Even a share row left behind (say, by an older version) shows nothing once its writer is not a member."""
    store, teams = inbox.store, inbox.teams
    teams.send_prompt("sup", "What helped?")
    rid = store.add_reflection("bo", "Bo's answer, from outside Team Sam", "prompt", "", 1)
    store.set_shared(rid, 1, True)
    assert store.count_shared_with(1) == 0
    assert store.shared_with(1, 10) == []
    assert store.shared_answers(1, 1) == []
    assert "Bo's answer" not in " ".join(texts(teams.responses("sup")))


def test_a_reply_is_linked_only_to_a_prompt_delivered_to_that_person(inbox):
    store = inbox.store
    inbox.teams.send_prompt("sup", "What helped?")
    store.add_delivery(1, "wyn", "55")  # the message that carried the prompt to Wyn
    assert store.delivered_prompt("olu", "55") is None  # message numbers are per chat: Olu's 55 is another message
    inbox.receive("olu", "Olu replying to his own message 55", replying_to="55")
    assert store.db.execute("SELECT count(*) FROM reflections WHERE prompt_id IS NOT NULL").fetchone() == (0,)


def test_only_a_prompt_delivered_to_the_person_is_offered_for_their_answer(inbox):
    inbox.teams.send_prompt("bea", "Team B's question")
    inbox.store.add_delivery(1, "bo", "56")
    assert inbox.store.latest_unanswered_prompt("wyn") is None
    assert inbox.store.latest_unanswered_prompt("bo")["id"] == 1


# --- inbox.py -------------------------------------------------------------------------------------


def test_an_offer_button_works_only_for_the_offer_it_was_made_with(inbox):
    store = inbox.store
    inbox.teams.send_prompt("sup", "What helped?")
    for user in ("wyn", "olu"):
        store.add_delivery(1, user, "60")
    first = inbox.receive("wyn", "First thought")[0].buttons[0][0]
    inbox.receive("wyn", "Second thought")  # a new offer replaces the first
    assert texts(inbox.press("wyn", "offer", first.arg)) == [inbox.text("out_of_date")]
    assert texts(inbox.press("olu", "offer", first.arg)) == [inbox.text("out_of_date")]  # not Olu's offer
    assert store.reflections_of("wyn", 5) == [] and store.reflections_of("olu", 5) == []


def test_what_would_you_do_differently_is_only_for_ones_own_practice(inbox, engine):
    engine.start("wyn", "haircut")
    engine.end("wyn")
    (session,) = inbox.store.db.execute("SELECT id FROM sessions WHERE user = 'wyn'").fetchall()
    assert texts(inbox.press("olu", "rethink", session[0])) == [inbox.text("bad_button")]
    assert inbox.store.pending("olu") is None


def test_a_preparation_button_needs_a_preparation_under_way(inbox):
    assert texts(inbox.press("wyn", "prep", "skip.1.abcd1234")) == [inbox.text("out_of_date")]


def test_button_arguments_must_be_plain_small_numbers(inbox):
    rid = inbox.reflections.write("wyn", "Mine")[0].buttons[0][0].arg.split(".")[0]
    for arg in (f"{rid}.1", f"{rid}.1.1.1", f"{rid}.².1", f"{rid}.1.{'9' * 13}", f"{rid}.1.-1"):
        assert texts(inbox.press("wyn", "share", arg)) == [inbox.text("bad_button")], arg
    assert inbox.store.reflection(int(rid))["shared_with"] == []


# --- reflections.py -------------------------------------------------------------------------------


def test_a_reflection_is_shared_only_with_a_team_its_writer_is_in(inbox):
    notes = inbox.reflections
    share = notes.write("wyn", "Before I was removed")[0].buttons[0][0]
    rid, team, version = map(int, share.arg.split("."))
    assert texts(notes.share("wyn", rid, 2, version, shared=True)) == [inbox.text("not_in_that_team")]
    inbox.store.remove_member(1, "wyn")
    assert texts(notes.share("wyn", rid, team, version, shared=True)) == [inbox.text("not_in_that_team")]
    assert inbox.store.reflection(rid)["shared_with"] == []


def test_a_choice_about_identifying_details_needs_a_draft_waiting(inbox):
    inbox.reflections.begin("wyn")  # waiting for a reflection, not for a choice about one
    assert texts(inbox.reflections.resolve("wyn", "keep", "abcd1234")) == [inbox.text("nothing_waiting")]


# --- teabrief.py and tea_store.py ------------------------------------------------------------------

GROUP, OTHER_GROUP = -100, -200


def linked_round(inbox: Inbox) -> int:
    """Group GROUP linked to Team Sam, rounds led by supervisors only, and a round open; its id."""
    tea = inbox.tea
    assert tea.link_team(GROUP, "sup", 1, group_admin=True)[0].text == inbox.text("teabrief_linked", team="Team Sam")
    tea.settings(GROUP, "sup", ["leaders", "supervisors"])
    return tea.open(GROUP, "sup")[0].data["round"]


def test_when_only_supervisors_lead_no_one_else_closes_a_round_or_tells_a_story(inbox):
    tea = inbox.tea
    round_id = linked_round(inbox)
    assert texts(tea.close(GROUP, "wyn")) == [inbox.text("teabrief_supervisors_only")]
    assert inbox.store.round(round_id)["closed_at"] is None
    tea.close(GROUP, "sup")
    assert texts(tea.story(GROUP, "wyn", "may")) == [inbox.text("teabrief_supervisors_only")]


def test_a_group_is_linked_only_by_a_supervisor_of_the_team(inbox):
    tea = inbox.tea
    assert texts(tea.link_team(GROUP, "wyn", 1, group_admin=True)) == [inbox.text("not_supervisor")]
    assert inbox.store.group(GROUP)["team_id"] is None


def test_a_group_linked_to_a_team_with_no_supervisor_left_can_be_linked_by_a_group_admin(inbox):
    tea, store = inbox.tea, inbox.store
    tea.link_team(GROUP, "sup", 1, group_admin=True)
    assert texts(tea.link_team(GROUP, "bea", 2, group_admin=True)) == [inbox.text("teamgroup_taken")]
    store.remove_member(1, "sup")  # Team Sam has no supervisor now
    assert texts(tea.link_team(GROUP, "bea", 2)) == [inbox.text("teamgroup_admins_only")]
    assert tea.link_team(GROUP, "bea", 2, group_admin=True)[0].text == inbox.text("teabrief_linked", team="Team Bea")


def test_replies_are_filed_only_under_the_groups_own_round_and_never_after_it_closed(inbox):
    tea, store = inbox.tea, inbox.store
    round_id = tea.open(GROUP, "wyn")[0].data["round"]
    store.add_round_message(GROUP, "70", round_id, "went_well")
    assert tea.reply(OTHER_GROUP, "bo", "Bo", "70", "From another group") is None
    tea.close(GROUP, "wyn")
    assert texts(tea.reply(GROUP, "olu", "Olu", "70", "Too late")) == [inbox.text("teabrief_round_closed")]
    assert store.answers(round_id) == []


def test_name_me_and_mark_done_act_only_in_their_own_group(inbox):
    tea, store = inbox.tea, inbox.store
    round_id = tea.open(GROUP, "wyn")[0].data["round"]
    assert texts(tea.name_me(OTHER_GROUP, "bo", round_id, True)) == [inbox.text("bad_button")]
    assert store.named(round_id) == set()
    action_id = store.add_action(round_id, GROUP, "Bring the teapot", "Wyn", "Friday", "wyn")
    assert texts(tea.done(OTHER_GROUP, action_id)) == [inbox.text("bad_button")]
    assert store.action(action_id)["done"] == 0


def test_a_closed_round_takes_no_private_answers(inbox):
    tea, store = inbox.tea, inbox.store
    round_id = tea.open(GROUP, "wyn")[0].data["round"]
    token = store.round(round_id)["token"]
    assert tea.private_pick("olu", round_id, 0)[0].text.startswith(head("teabrief_private_ask"))
    pending = store.pending("olu")[1]
    tea.close(GROUP, "wyn")
    closed = [inbox.text("teabrief_round_closed")]
    assert texts(tea.private_start("bo", round_id, token)) == closed
    assert texts(tea.private_pick("bo", round_id, 0)) == closed
    assert texts(tea.private_answer("olu", "Olu", "Picked before it closed", pending)) == closed
    assert store.answers(round_id) == []


def test_a_private_answer_never_carries_its_writers_name(inbox):
    tea, store = inbox.tea, inbox.store
    round_id = tea.open(GROUP, "wyn")[0].data["round"]
    tea.name_me(GROUP, "olu", round_id, True)  # Olu agreed to be named in the group...
    prompts = {p.part: n for n, p in enumerate(inbox.flows.teabrief.prompts)}
    for part, said in (("successes", "Mrs D laughed again"), ("actions", "I'll ring the pharmacy by Friday")):
        tea.private_pick("olu", round_id, prompts[part])
        saved = tea.private_answer("olu", "Olu", said, store.pending("olu")[1])
        tea.share_private("olu", int(saved[0].buttons[0][0].arg))  # ...and added these, written privately
    store.add_round_message(GROUP, "80", round_id, inbox.flows.teabrief.prompts[prompts["actions"]].id)
    tea.reply(GROUP, "wyn", "Wyn", "80", "I'll bring biscuits by Monday")  # Wyn, in the group, never agreed
    summary = tea.close(GROUP, "wyn")[0].text
    offered = inbox.text("teabrief_who_offered")
    assert inbox.text("teabrief_item", text="Mrs D laughed again", who="").rstrip() + "\n" in summary
    assert head("teabrief_action", text="I'll ring the pharmacy by Friday", who=offered) in summary
    assert head("teabrief_action", text="I'll bring biscuits by Monday", who=offered) in summary
    assert "Olu" not in summary and "Wyn" not in summary


def test_forgetting_ones_answers_in_one_group_leaves_the_others(inbox):
    tea, store = inbox.tea, inbox.store
    for chat in (GROUP, OTHER_GROUP):
        round_id = tea.open(chat, "wyn")[0].data["round"]
        store.add_answer(round_id, chat, "olu", "Olu", "went_well", f"In {chat}", private=False)
    assert texts(tea.forget_mine(GROUP, "olu")) == [inbox.text("teabrief_forgot_mine", count=1)]
    assert [a["text"] for a in store.answers(2)] == [f"In {OTHER_GROUP}"]
