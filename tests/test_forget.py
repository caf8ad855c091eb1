"""/forget and /mydata against every table in the database, on a real SQLite file.

Three people use everything the bot keeps: practice, reflections (free, and in answer to prompts,
shared and not), teams as supervisor, co-supervisor and member, prompts sent, delivered and
answered, schedules, a tea-brief round answered in the group and privately, consent to be named,
actions and their follow-up, the quiz (their own, and a team round's counts), and a draft left
half-written. Messages go out through the Telegram
front end's own ``deliver`` (to a stand-in bot), which records delivered prompts and round posts
as it does in production.

Which tables hold personal data is read from the database itself: every table is personal unless
``NO_PERSONAL_DATA`` says why not. A table added later fails these tests until the fill below
writes to it and ``/forget`` and ``/mydata`` cover it (or it is listed, with its reason).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from messages import head, text

from outcomes_bot.inbox import Inbox
from outcomes_bot.learn.culture_plan import CultureStar
from outcomes_bot.learn.nudges import Nudges
from outcomes_bot.learn.progress_share import ProgressShares
from outcomes_bot.learn.progress_view import ProgressView
from outcomes_bot.practice.engine import Engine
from outcomes_bot.replies import Reply
from outcomes_bot.store.database import Store
from outcomes_bot.team.teams import Teams
from outcomes_bot.telegram_bot.delivery import deliver
from outcomes_bot.telegram_bot.views import Signer, View

TAM, ORI, WYN = "tg:7000000001", "tg:7000000002", "tg:7000000003"  # who forgets; who stays; a member of TAM's team
NAMES = {TAM: "Tamsin", ORI: "Oriel", WYN: "Wyn"}
MARKS = {TAM: "zarzuela", ORI: "bramblewick", WYN: "quillet"}  # a word only that person writes
GROUP, OTHER_GROUP = -1007000000000, -1007000000001  # Birch Court's group; the team TAM runs alone's

# Tables that hold no one's id or words, each with why. They are searched all the same: a person's
# id, name or words found in one fails the test.
NO_PERSONAL_DATA = {
    "_sqlite_migrations": "which schema migrations ran, and when",
    "sqlite_sequence": "SQLite's own counters for ids that are never reused",
    "secrets": "the key that signs buttons",
    "handled_updates": "Telegram's update numbers and when each was handled, not who sent it",
    "groups": "a group chat's settings and which team it belongs to",
    "rounds": "when a group's rounds opened and closed, and their link token (who opened one is not kept: m006)",
    "round_messages": "which of the bot's own messages in a group carried which prompt",
    "followups": "when a round's follow-up is due and when it was sent",
    "culture_counts": "how many gave each score to each culture-star point: no person, time or id",
    "culture_shown": "the culture-star counts as last shown, and how many answers they reflect: no person, time or id",
}

# Rows that are a person's through another table's row, not by holding their id or words.
LINKED = {
    "turns": "session_id IN (SELECT id FROM sessions WHERE user = ?)",
    "shares": "reflection_id IN (SELECT id FROM reflections WHERE user = ?)",
}

# Where each personal table's rows appear in /mydata, counted.
EXPORTED = {
    "users": lambda d: int(d["profile"] is not None),
    "teams": lambda d: len(d["teams_made"]),
    "members": lambda d: len(d["teams"]),
    "sessions": lambda d: len(d["sessions"]),
    "turns": lambda d: sum(len(s["turns"]) for s in d["sessions"]),
    "reflections": lambda d: len(d["reflections"]),
    "shares": lambda d: sum(len(r["shared_with"]) for r in d["reflections"]),
    "prompts": lambda d: len(d["prompts_sent"]),
    "schedules": lambda d: len(d["schedules_made"]),
    "deliveries": lambda d: len(d["prompts_received"]),
    "pending": lambda d: int(d["unfinished"] is not None),
    "answers": lambda d: len(d["tea_brief_answers"]),
    "named": lambda d: len(d["tea_brief_named"]),
    "actions": lambda d: len(d["tea_brief_actions"]),
    "culture_rounds": lambda d: len(d["culture_rounds_opened"]),
    "culture_done": lambda d: len(d["culture_rounds_answered"]),
    "culture_taps": lambda d: len(d["culture_scores_unfinished"]),
    "culture_actions": lambda d: len(d["culture_actions_written"]),
    "quiz_history": lambda d: len(d["quiz_history"]),
    "quiz_runs": lambda d: int(d["quiz_running"] is not None),
    "quiz_polls": lambda d: len(d["quiz_polls"]),
    "reminders": lambda d: int(d["reminder"] is not None),
    "progress_shares": lambda d: len(d["progress_shared_with"]),
    "focus": lambda d: int(d["focus"] is not None),
}
NOT_EXPORTED: dict[str, str] = {}  # a personal table whose rows /mydata leaves out: why


class Phone:
    """Sends replies as the Telegram front end does (``views`` then ``delivery.deliver``), to a stand-in bot."""

    def __init__(self, engine: Engine):
        self.store = engine.store
        self.view = View(engine.text, Signer(engine.store.secret("button_key")))
        self.ids = itertools.count(1000)

    async def send_message(self, chat: int, html: str, reply_markup=None):
        """What Telegram answers: the sent message, with its id."""
        return SimpleNamespace(message_id=next(self.ids), chat_id=chat)

    def __call__(self, chat: str | int, replies: list[Reply]) -> list[Reply]:
        """Send ``replies`` in the chat with ``chat`` (a person, or a group's id); the replies."""
        chat_id = int(chat[3:]) if isinstance(chat, str) else chat
        asyncio.run(deliver(self, self.store, chat_id, self.view.render(replies)))
        return replies


def pressed(inbox: Inbox, user: str, replies: list[Reply], action: str, team: int | None = None) -> list[Reply]:
    """``user`` presses the first ``action`` button under ``replies`` (for ``team``, if given)."""
    arg = next(
        b.arg
        for r in replies
        for row in r.buttons
        for b in row
        if b.action == action and (team is None or b.arg.split(".")[1] == str(team))
    )
    return inbox.press(user, action, arg)


def delivered(store: Store, user: str, starts: str) -> str:
    """The message that carried the prompt starting with ``starts`` to ``user``."""
    return store.db.execute(
        "SELECT d.ref FROM deliveries d JOIN prompts p ON p.id = d.prompt_id WHERE d.user = ? AND p.text LIKE ?",
        [user, starts + "%"],
    ).fetchone()[0]


def posted(store: Store, round_id: int, prompt: str) -> str:
    """The bot's message in the group that carried one of a round's prompts."""
    return store.db.execute(
        "SELECT ref FROM round_messages WHERE round_id = ? AND prompt LIKE ?", [round_id, prompt]
    ).fetchone()[0]


def fill(flows, store: Store) -> dict:
    """Everyone uses everything, as they would through the bot; the engines and the teams' ids."""
    engine = Engine(flows, store)
    teams = Teams(flows, store, admins=frozenset({TAM, ORI}))
    inbox = Inbox(engine, teams)
    tea = inbox.tea
    phone = Phone(engine)

    def new_team(user: str, name: str) -> tuple[int, str]:
        made = phone(user, teams.new_team(user, NAMES[user], name))[0].text
        return store.current_team(user), made.split("the code: ")[1].split()[0]

    # teams: TAM makes Ash Lane (ORI becomes co-supervisor) and another that only TAM supervises (WYN in it);
    # ORI makes Birch Court, which TAM joins
    ash, code = new_team(TAM, "Ash Lane")
    phone(ORI, teams.join(ORI, NAMES[ORI], code))
    co = next(m["id"] for m in store.members(ash) if m["user"] == ORI)
    phone(TAM, teams.make_cosupervisor(TAM, co))
    alone, code = new_team(TAM, "The zarzuela team")
    phone(WYN, teams.join(WYN, NAMES[WYN], code))
    birch, code = new_team(ORI, "Birch Court")
    phone(TAM, teams.join(TAM, NAMES[TAM], code))

    # prompts, now and repeating
    teams.use_team(TAM, ash)
    phone(TAM, teams.send_prompt(TAM, "zarzuela: what went well?"))
    phone(TAM, teams.send_prompt(TAM, "zarzuela: what will you try?"))
    phone(TAM, teams.add_schedule(TAM, "weekly mon 09:00 zarzuela: how was the week?"))
    teams.use_team(TAM, alone)
    phone(TAM, teams.send_prompt(TAM, "zarzuela: what surprised you?"))
    phone(TAM, teams.add_schedule(TAM, "daily 17:00 zarzuela: how did today go?"))
    phone(ORI, teams.send_prompt(ORI, "bramblewick: what went well?"))
    phone(ORI, teams.send_prompt(ORI, "bramblewick: what was hard?"))
    phone(ORI, teams.add_schedule(ORI, "weekly fri 16:00 bramblewick: the week"))

    # answers to prompts, by replying to them, shared with the team; and a reflection kept private
    for user, starts, team, said in (
        (TAM, "bramblewick: what went well", birch, "The zarzuela chat helped"),
        (ORI, "zarzuela: what went well", ash, "bramblewick: sitting down first"),
        (WYN, "zarzuela: what surprised", alone, "quillet: how much she laughed"),
    ):
        saved = phone(user, inbox.receive(user, said, delivered(store, user, starts), name=NAMES[user]))
        assert saved[0].text == inbox.text("reflect_saved"), saved[0].text
        assert pressed(inbox, user, saved, "share", team)[0].text.startswith(head("reflect_shared"))
    for user in (TAM, ORI):
        kept = inbox.reflections.write(user, f"A {MARKS[user]} thought of my own")
        assert kept[0].text == inbox.text("reflect_saved")

    # practice
    for user in (TAM, ORI, WYN):
        engine.start(user, "haircut")
        engine.say(user, f"What matters most to you about the {MARKS[user]}, Huw?", source=f"{user}:1")
        engine.end(user)

    # a tea-brief in Birch Court's group: answers in the group and privately, names, actions, a follow-up
    linked = phone(GROUP, tea.link_team(GROUP, ORI, birch, group_admin=True))  # ORI administers the group
    assert linked[0].text == tea.text("teabrief_linked", team="Birch Court"), linked[0].text
    other_linked = phone(OTHER_GROUP, tea.link_team(OTHER_GROUP, TAM, alone, group_admin=True))
    assert other_linked[0].text == tea.text("teabrief_linked", team="The zarzuela team")
    intro = phone(GROUP, tea.open(GROUP, ORI))[0]
    round_id = intro.data["round"]
    for user in (TAM, ORI):
        assert tea.name_me(GROUP, user, round_id, True)[0].text == tea.text("teabrief_named")
        tea.reply(GROUP, user, NAMES[user], posted(store, round_id, "happened"), f"The {MARKS[user]} visit went well")
        tea.reply(GROUP, user, NAMES[user], posted(store, round_id, "try"), f"I will bring the {MARKS[user]} by Friday")
    choices = phone(TAM, tea.from_link(TAM, intro.buttons[0][0].url))
    hard = next(b.arg for row in choices[0].buttons for b in row if b.label.startswith("What was hard"))
    phone(TAM, inbox.press(TAM, "tbp", hard))
    kept = phone(TAM, inbox.receive(TAM, "A private zarzuela worry", name=NAMES[TAM]))
    assert pressed(inbox, TAM, kept, "tbshare")[0].text == tea.text("teabrief_private_shared")
    summary = phone(GROUP, tea.close(GROUP, ORI))
    phone(GROUP, tea.followup(summary[0].data["followup"]))
    tea.reply(GROUP, TAM, NAMES[TAM], posted(store, round_id, "action:%"), "Done: the zarzuela came on Friday")

    # the quiz: TAM and ORI each answer the first poll of their own quiz (the second left open), and a
    # team round in Birch Court's group has counts from Telegram's anonymous poll (never who answered)
    for user in (TAM, ORI):
        chat = int(user[3:])
        first = [r for r in inbox.quiz.start_private(user, chat, seed=1) if r.kind == "poll"][0]
        inbox.quiz.sent(f"{MARKS[user]}-poll-1", chat, first, user)
        answered = inbox.quiz.answered(f"{MARKS[user]}-poll-1", user, [0])
        assert answered is not None and answered.replies[0].kind == "poll"
        inbox.quiz.sent(f"{MARKS[user]}-poll-2", chat, answered.replies[0], user)
    team_poll = [r for r in inbox.quiz.start_group(GROUP, seed=1) if r.kind == "poll"][0]
    inbox.quiz.sent("round-poll-1", GROUP, team_poll, None)
    assert inbox.quiz.counted("round-poll-1", [2, 1])

    culture_star(flows, store, ash, birch)

    # drafts left half-written: each types something with no practice open, and is asked if it answers
    # a prompt still unanswered
    for user in (TAM, ORI):
        offer = phone(user, inbox.receive(user, f"{MARKS[user]}: a thought I had", name=NAMES[user]))
        assert offer[0].text.startswith(head("prompt_offer")), offer[0].text
    for user in (TAM, ORI):  # each chooses a focus for their next practice (/focus)
        assert ProgressView(flows, store).focus(user, "reflect_first")[0].data == {"focus": "reflect_first"}
    nudges(flows, store, {TAM: birch, ORI: ash, WYN: alone})
    store.mark_update_handled(424242)
    return {"engine": engine, "teams": teams, "ash": ash, "alone": alone, "birch": birch}


def culture_star(flows, store: Store, ash: int, birch: int) -> None:
    """A culture-star round in Ash Lane that TAM, ORI and a third answer (so it is shown), one in Birch Court each
    begins; an action each."""
    culture = CultureStar(flows, store)
    for user, team in ((TAM, ash), (ORI, birch)):
        assert culture.supervise(user, team)[-1].text.startswith(culture.flows.culture.messages.opened[:10])
    ash_round, birch_round = (store.open_culture_round_of(team)["id"] for team in (ash, birch))
    third = "tg:7000000004"  # one more Ash Lane member, who answers only this: the star is shown from three
    store.add_member(ash, third)
    for user in (TAM, ORI, third):
        for index in range(8):
            culture.tap(user, ash_round, index, 3 + index % 5)
    for user in (TAM, ORI):
        culture.tap(user, birch_round, 0, 6)  # one point of eight, kept as theirs until all are in
    when = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    for user, round_id in ((TAM, ash_round), (ORI, birch_round)):
        culture.begin_action(user, round_id, 5)
        for answer in (f"{MARKS[user]}: meet the community centre", NAMES[user], when, "two new links a month"):
            culture.answer(user, answer, store.pending(user)[1])


def nudges(flows, store: Store, teams: dict[str, int]) -> None:
    """TAM and ORI each set a weekly reminder; each person shares their progress with one of their teams."""
    for user, day in ((TAM, "mon"), (ORI, "fri")):
        assert Nudges(flows, store).command(user, f"{day} 18")[0].data["remind"]["hour"] == 18
    shares = ProgressShares(flows, store)
    for user, team in teams.items():
        assert shares.share(user, team)[0].text == shares.say("shared", team=store.team(team)["name"])


def tables(store: Store) -> list[str]:
    """Every table in the database, SQLite's own included."""
    return [r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]


def personal(store: Store) -> list[str]:
    """Tables that hold people's ids or words: all of them, but those listed as holding none."""
    return [t for t in tables(store) if t not in NO_PERSONAL_DATA]


def words(user: str) -> tuple[str, ...]:
    """What marks a person's data: their id, their name and the word only they write."""
    return (user, NAMES[user], MARKS[user])


def holds(value: object, user: str) -> bool:
    """Whether a cell holds the person's id, name or word (in any case, anywhere in it)."""
    return isinstance(value, str) and any(w.casefold() in value.casefold() for w in words(user))


def rows_of(store: Store, table: str, user: str) -> list[dict]:
    """A table's rows that are the person's: holding their id, name or words, or linked to a row that is."""
    linked = set()
    if table in LINKED:
        linked = {r[0] for r in store.db.execute(f"SELECT rowid FROM [{table}] WHERE {LINKED[table]}", [user])}
    rowid = "rowid" if table in LINKED else "NULL"  # some tables have none (WITHOUT ROWID)
    cursor = store.db.execute(f"SELECT {rowid} AS _rowid, * FROM [{table}]")
    names = [c[0] for c in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return [
        {k: v for k, v in row.items() if k != "_rowid"}
        for row in rows
        if row["_rowid"] in linked or any(holds(v, user) for v in row.values())
    ]


@pytest.fixture
def db(tmp_path) -> Path:
    """Where the database lives."""
    return tmp_path / "outcomes.db"


@pytest.fixture
def filled(flows, db):
    """A store on a real file that everyone has used for everything."""
    store = Store(db)
    world = fill(flows, store)
    yield store, world
    store.close()


def test_every_table_is_filled_and_each_personal_one_holds_everyones_rows(filled):
    store, _ = filled
    assert set(NO_PERSONAL_DATA) <= set(tables(store)), "a table listed as holding no personal data has gone"
    for table in tables(store):
        assert store.db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0], f"{table}: the fill writes nothing"
    for table in personal(store):
        for user in (TAM, ORI):
            assert rows_of(store, table, user), f"{table} holds nothing of {user}: drive it in fill()"
    for table in NO_PERSONAL_DATA:
        for user in (TAM, ORI, WYN):
            assert not rows_of(store, table, user), f"{table} is listed as holding no personal data, but holds {user}'s"


def test_forget_leaves_nothing_of_the_person_anywhere_and_everyone_elses_rows_stay(filled, db):
    store, world = filled
    before = {table: len(rows_of(store, table, ORI)) for table in personal(store)}
    said = world["engine"].forget(TAM)
    for table in tables(store):
        cursor = store.db.execute(f"SELECT * FROM [{table}]")
        for row in cursor.fetchall():
            assert not any(holds(v, TAM) for v in row), f"{table} still holds {TAM}'s data: {row}"
        if table in LINKED:
            assert not rows_of(store, table, TAM), f"{table} still holds rows linked to {TAM}"
    after = {table: len(rows_of(store, table, ORI)) for table in personal(store)}
    assert after == {**before, "teams": before["teams"] + 1}  # all ORI's rows stay, and ORI now leads Ash Lane
    # the team TAM ran with ORI passed to ORI; the one TAM ran alone is closed, and its member told
    assert store.team(world["ash"])["created_by"] == ORI and world["teams"].lead(store.team(world["ash"])) == ORI
    assert store.team(world["alone"]) is None and not rows_of(store, "members", WYN)
    assert store.group(GROUP)["team_id"] == world["birch"] and store.group(OTHER_GROUP)["team_id"] is None
    assert {r.to for r in said if r.to} == {ORI, WYN}
    # nothing lingers in the file: rows are overwritten as they are deleted, and the log is emptied
    assert store.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    wal = Path(f"{db}-wal")
    assert wal.stat().st_size == 0
    raw = (db.read_bytes() + wal.read_bytes()).lower()
    for word in words(TAM):
        assert word.lower().encode() not in raw, f"{word} is still in the file"
    assert MARKS[ORI].encode() in raw  # the search would find one that stayed


def test_mydata_exports_every_row_of_every_personal_table(filled):
    store, world = filled
    assert set(EXPORTED) | set(NOT_EXPORTED) == set(personal(store)), "say where /mydata shows each personal table"
    for user in (TAM, ORI, WYN):
        data = json.loads(json.dumps(world["engine"].my_data(user), ensure_ascii=False))  # as the file is sent
        assert data["user"] == user
        strings = "\n".join(leaves(data))
        for table, count in EXPORTED.items():
            rows = rows_of(store, table, user)
            assert count(data) == len(rows), f"/mydata shows {count(data)} of {user}'s {len(rows)} rows in {table}"
            for row in rows:
                for value in row.values():
                    for leaf in leaves(parsed(value)):
                        if holds(leaf, user) and leaf != user:
                            assert leaf in strings, f"/mydata leaves out {leaf!r} ({table})"
    mine = world["engine"].my_data(TAM)
    assert mine["profile"]["name"] == "Tamsin"
    assert [p["text"] for p in mine["prompts_sent"]] == [
        "zarzuela: what went well?",
        "zarzuela: what will you try?",
        "zarzuela: what surprised you?",
    ]
    assert {s["team"] for s in mine["schedules_made"]} == {"Ash Lane", "The zarzuela team"}
    assert mine["unfinished"]["data"]["text"] == "zarzuela: a thought I had"
    assert [a["text"] for a in mine["tea_brief_actions"]] == ["I will bring the zarzuela by Friday"]


def parsed(value: object) -> object:
    """A cell, with JSON text read as what it holds."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def leaves(value: object):
    """Every string in nested data."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from leaves(item)


def test_over_telegram_a_supervisor_is_told_before_confirming_and_the_others_after(tmp_path):
    """The confirmation says what happens to each team they run; the new lead and the members are told."""
    from botapi import BotAPI
    from botrun import InProcessBot
    from test_telegram import buttons, plain, press, say

    lead, co, member, other = 8001, 8002, 8003, 8004
    with BotAPI() as api:
        api.names.update({lead: "Sam", co: "Cerys", member: "Wyn", other: "Olu"})
        with InProcessBot(api, tmp_path / "forget.db", admins=frozenset({f"tg:{lead}"})):
            for team, joiner in (("Valley Care", co), ("Hill Care", member)):
                made = plain(say(api, lead, f"/newteam {team}"))[0]
                say(api, joiner, f"/join {made.split('code: ')[1].split()[0]}")
            listed = say(api, lead, "/teams")[-1]
            press(api, lead, next(k for k, label in buttons(listed).items() if "Valley Care" in label), listed)
            choose = say(api, lead, "/cosupervisor")[-1]
            press(api, lead, next(k for k, label in buttons(choose).items() if label == "Cerys"), choose)
            confirm = say(api, other, "/forget")[-1]  # someone with no team sees only the usual question
            assert plain([confirm])[0] == text("tg_forget_confirm", minutes=10)
            confirm = say(api, lead, "/forget")[-1]
            asked = plain([confirm])[0]
            assert asked.startswith(text("forget_will_hand_over", team="Valley Care", name="Cerys"))
            assert text("forget_will_close", team="Hill Care", count=1) in asked
            assert text("tg_forget_confirm", minutes=10) in asked
            done = "\n".join(plain(press(api, lead, "forget:yes", confirm)))
            assert text("forget_handed_over", team="Valley Care", name="Cerys") in done
            assert text("forget_closed", team="Hill Care", count=1) in done
            handed = text("team_handed_to_you", team="Valley Care")
            assert api.wait_for(lambda: [t for t in api.texts(co) if t == handed])
            closed = text("team_closed_for_you", team="Hill Care")
            assert api.wait_for(lambda: [t for t in api.texts(member) if t == closed])
            assert plain(say(api, member, "/teams"))[0] == text("no_teams")
            assert "Valley Care" in plain(say(api, co, "/team"))[0]
