"""Refusals, one mechanism: a rule that says no raises ``Refused``, and one decorator answers it with its note.

Each refusal below is the note its key names, filled in, and nothing else; and the
database is exactly as it was before the refused request.
"""

from __future__ import annotations

import pytest
from messages import fields, text

from outcomes_bot.replies import Refused, Reply
from outcomes_bot.service import Service, refusals_as_notes
from outcomes_bot.team.reflections import Reflections
from outcomes_bot.team.supervision import SupervisionPrep
from outcomes_bot.team.teabrief import TeaBrief
from outcomes_bot.team.teams import Teams

GROUP, ELSEWHERE, UNLINKED = -100, -200, -300


class Doorkeeper(Service):
    """A toy engine: each method refuses, or not, to show what the decorator does."""

    @refusals_as_notes
    def refuse(self, key: str, **values: object) -> list[Reply]:
        """Always refused, with ``key``."""
        raise Refused(key, **values)

    @refusals_as_notes
    def nothing(self) -> list[Reply] | None:
        """Not for this engine: None, passed through."""
        return None

    @refusals_as_notes
    def breaks(self) -> list[Reply]:
        """A fault, not a refusal: it is not turned into a note."""
        raise KeyError("not a refusal")


def note(key: str, **values: object) -> list[Reply]:
    """What a refusal is answered with: one note, the message ``key`` names."""
    return [Reply("note", text(key, **values))]


def test_a_refusal_is_answered_with_the_note_its_key_names(flows, store):
    keeper = Doorkeeper(flows, store)
    assert keeper.refuse("bad_button") == note("bad_button")
    assert keeper.refuse("last_supervisor", team="Valley Care") == note("last_supervisor", team="Valley Care")
    assert keeper.refusal(Refused("out_of_date")) == note("out_of_date")
    assert keeper.nothing() is None
    with pytest.raises(KeyError):
        keeper.breaks()
    assert Doorkeeper.refuse.__doc__ == "Always refused, with ``key``."  # the decorator keeps the method's name and doc


@pytest.fixture
def world(flows, store):
    """A team (sup supervises, wyn works), a schedule, a prompt, a reflection, and a tea-brief round open."""
    teams = Teams(flows, store, admins=frozenset({"sup"}))
    code = fields("team_made", teams.new_team("sup", "Sam", "Valley Care")[0].text)["code"]
    teams.join("wyn", "Wyn", code)
    schedule = teams.add_schedule("sup", "daily 09:00 How did today go?")[0].data["schedule"]
    prompt_id = teams.send_prompt("sup", "What went well?")[0].data["prompt_id"]
    reflections = Reflections(flows, store)
    reflections.write("wyn", "I listened more than I talked today.")
    reflection = store.reflections_of("wyn", 1)[0]
    tea = TeaBrief(flows, store)
    store.set_group(GROUP, team_id=1, supervisors_only=1)
    round_id = tea.open(GROUP, "sup")[0].data["round"]
    members = {m["user"]: m["id"] for m in store.members(1)}
    return {
        "teams": teams,
        "reflections": reflections,
        "prep": SupervisionPrep(flows, store),
        "tea": tea,
        "schedule": schedule["id"],
        "prompt": prompt_id,
        "reflection": reflection,
        "round": round_id,
        "members": members,
    }


def refusals(w: dict) -> list[tuple[str, object, str, dict]]:
    """(what is asked, how, the key of the refusal, its values) for every kind of refusal."""
    teams, reflections, prep, tea = w["teams"], w["reflections"], w["prep"], w["tea"]
    team = {"team": "Valley Care"}
    r = w["reflection"]
    return [
        ("a worker makes a team", lambda: teams.new_team("wyn", "Wyn", "Mine"), "not_admin", {}),
        ("a wrong code", lambda: teams.join("x", "X", "not-a-code"), "bad_code", {}),
        ("a worker renews the code", lambda: teams.new_code("wyn"), "not_supervisor", {}),
        ("a worker revokes the code", lambda: teams.revoke_code("wyn"), "not_supervisor", {}),
        ("a worker sends a prompt", lambda: teams.send_prompt("wyn", "Hello"), "not_supervisor", {}),
        ("a worker schedules", lambda: teams.add_schedule("wyn", "daily 09:00 Hi"), "not_supervisor", {}),
        ("a worker lists schedules", lambda: teams.list_schedules("wyn"), "not_supervisor", {}),
        ("a worker stops one", lambda: teams.stop_schedule("wyn", w["schedule"]), "not_supervisor", {}),
        ("a schedule gone", lambda: teams.stop_schedule("sup", 999), "schedule_gone", {}),
        ("a worker reads responses", lambda: teams.responses("wyn"), "not_supervisor", {}),
        ("a worker's overview", lambda: teams.overview("wyn"), "not_supervisor", {}),
        ("a worker's shared page", lambda: teams.shared_page("wyn"), "not_supervisor", {}),
        ("a worker exports", lambda: teams.export("wyn"), "not_supervisor", {}),
        ("a worker chooses members", lambda: teams.choose_member("wyn", "rm"), "not_supervisor", {}),
        ("a member gone", lambda: teams.remove("sup", 999), "member_gone", {}),
        ("removing oneself", lambda: teams.remove("sup", w["members"]["sup"]), "use_leave", {}),
        ("a worker removes", lambda: teams.remove("wyn", w["members"]["sup"]), "not_supervisor", {}),
        ("a worker promotes", lambda: teams.make_cosupervisor("wyn", w["members"]["wyn"]), "not_supervisor", {}),
        ("another team", lambda: teams.use_team("x", 1), "not_in_that_team", {}),
        ("leaving another team", lambda: teams.leave("x", 1), "not_in_that_team", {}),
        ("the last supervisor leaves", lambda: teams.leave("sup", 1), "last_supervisor", team),
        (
            "someone else's reflection",
            lambda: reflections.share("sup", r["id"], 1, r["version"], True),
            "reflect_gone",
            {},
        ),
        (
            "sharing with another team",
            lambda: reflections.share("wyn", r["id"], 9, r["version"], True),
            "not_in_that_team",
            {},
        ),
        ("an old button", lambda: reflections.delete("wyn", r["id"], r["version"] + 1), "out_of_date", {}),
        ("nothing to resolve", lambda: reflections.resolve("wyn", "keep"), "nothing_waiting", {}),
        ("an unknown card", lambda: reflections.begin_card("wyn", "no_such_card"), "bad_button", {}),
        (
            "an old preparation button",
            lambda: prep.move("wyn", "skip", 3, {"step": 1, "nonce": "a"}),
            "out_of_date",
            {},
        ),
        ("a worker opens a round", lambda: tea.open(GROUP, "wyn"), "teabrief_supervisors_only", {}),
        ("a second round", lambda: tea.open(GROUP, "sup"), "teabrief_already_open", {}),
        ("a worker tells a story", lambda: tea.story(GROUP, "wyn"), "teabrief_supervisors_only", {}),
        ("a worker closes the round", lambda: tea.close(GROUP, "wyn"), "teabrief_supervisors_only", {}),
        ("nothing open to close", lambda: tea.close(ELSEWHERE, "wyn"), "teabrief_nothing_open", {}),
        ("named in another group", lambda: tea.name_me(ELSEWHERE, "wyn", w["round"], True), "bad_button", {}),
        ("a forged link", lambda: tea.private_start("wyn", w["round"], "forged"), "bad_button", {}),
        ("a round gone", lambda: tea.private_pick("wyn", 999, 0), "teabrief_round_closed", {}),
        ("a prompt not there", lambda: tea.private_pick("wyn", w["round"], 99), "bad_button", {}),
        ("someone else's answer", lambda: tea.share_private("wyn", 999), "bad_button", {}),
        ("an action gone", lambda: tea.done(GROUP, 999), "bad_button", {}),
        ("a worker links a group", lambda: tea.link_team(GROUP, "wyn", 1), "not_supervisor", {}),
        ("a group linked by no admin", lambda: tea.link_team(UNLINKED, "sup", 1), "teamgroup_admins_only", {}),
        ("a worker's settings", lambda: tea.settings(GROUP, "wyn", ["followup", "3"]), "teabrief_settings_who", {}),
    ]


def test_every_refusal_is_its_note_and_changes_nothing_in_the_store(world, store):
    for what, ask, key, values in refusals(world):
        before = list(store.db.conn.iterdump())
        assert ask() == note(key, **values), what
        assert list(store.db.conn.iterdump()) == before, what


def test_the_prompt_pair_kept_for_older_callers_says_the_same(world):
    teams = world["teams"]
    assert teams.answer_prompt("x", world["prompt"]) == (None, note("prompt_gone"))
    prompt, refusal = teams.answer_prompt("wyn", world["prompt"])
    assert refusal == [] and prompt is not None and prompt["id"] == world["prompt"]
    with pytest.raises(Refused) as refused:
        teams.prompt_to_answer("x", world["prompt"])
    assert refused.value.key == "prompt_gone"
