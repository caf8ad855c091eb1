"""Teams as pure engines, without a network: roles, codes, and what supervisors see."""

from __future__ import annotations

from outcomes_bot.teams import Teams, code_hash


def team_with(flows, store, engine):
    """A team with a supervisor and a worker; (teams, join code)."""
    teams = Teams(flows, store, admins=frozenset({"sup"}), join_link="https://t.me/bot?start={code}")
    made = teams.new_team("sup", "Sam", "Valley Care")[0].text
    code = made.split("the code: ")[1].split()[0]
    assert f"https://t.me/bot?start={code}" in made
    teams.join("wyn", "Wyn", code)
    return teams, code


def practise(engine, user: str, lines: list[str]) -> None:
    """A whole practice: start, say each line, end."""
    engine.start(user, "haircut")
    for line in lines:
        engine.say(user, line)
    engine.end(user)


def test_the_overview_shows_practice_and_a_trap_trend_without_ranking(flows, store, engine):
    teams, _ = team_with(flows, store, engine)
    practise(engine, "wyn", ["You should really get out more, Huw.", "You need to see a doctor about it."])
    practise(engine, "wyn", ["What matters most to you, Huw?", "It sounds like the barber's means a lot to you."])
    text = teams.overview("sup")[0].text
    assert "Valley Care: 2 members" in text and "not to rank them" in text
    assert "• Wyn (member): 2 practice sessions" in text and "(fewer)" in text
    assert "Traps per reply: 1.00 in earlier sessions, 0.00 in later ones" in text
    assert text.index("• Sam") < text.index("• Wyn")  # alphabetical, never by score
    assert "You should really" not in text  # figures, never what was typed


def test_codes_are_kept_only_as_hashes_and_a_new_code_replaces_the_old(flows, store, engine):
    teams, code = team_with(flows, store, engine)
    assert store.team_by_code(code_hash(code))["name"] == "Valley Care"
    assert code not in str(store.db.execute("SELECT * FROM teams").fetchall())
    new = teams.new_code("sup")[0].text.split("Code: ")[1].strip()
    assert new != code and len(new) >= 16
    assert teams.join("x", "X", code)[0].text.startswith("That join code doesn't work.")
    assert teams.join("x", "X", new)[0].text.startswith("You've joined Valley Care.")


def test_roles_co_supervisors_leaving_and_choosing_a_team(flows, store, engine):
    teams, code = team_with(flows, store, engine)
    member = next(m for m in store.members(1) if m["user"] == "wyn")
    assert teams.make_cosupervisor("wyn", member["id"])[0].text.startswith("That's for a team's supervisors.")
    made = teams.make_cosupervisor("sup", member["id"])
    assert made[0].text == "Wyn is now a co-supervisor of Valley Care." and made[1].to == "wyn"
    assert teams.overview("wyn")[0].text.startswith("Valley Care")
    assert teams.leave("wyn", 1)[0].text.startswith("You've left Valley Care.")
    assert teams.overview("wyn")[0].text.startswith("That's for a team's supervisors.")
    assert teams.use_team("wyn", 1)[0].text == "You're not in that team."
    assert teams.remove("sup", member["id"])[0].text == "That person isn't in the team any more."
