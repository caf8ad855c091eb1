"""Tea-briefs in a group chat, over real HTTP, with privacy mode as Telegram has it.

The stand-in delivers only commands and replies to the bot's own messages
from the group; anything else members say there never reaches the bot.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3

import pytest
from botapi import BotAPI, parse_html
from botrun import InProcessBot
from messages import head, tail, text
from test_telegram import buttons, plain, press, say, signed
from test_telegram_teams import sign

from outcomes_bot.content.flows import default_flows

GROUP = -1001
TEA = default_flows().teabrief
PROMPT = {p.id: p.text for p in TEA.prompts}  # a round's questions, by their id in flows/teabrief.yaml
LEAD, BET, CAI, DEE = 2001, 2002, 2003, 2004


@pytest.fixture
def api():
    """A stand-in where the team's group has four members; Lowri is the group's admin."""
    with BotAPI() as stand_in:
        stand_in.names.update({LEAD: "Lowri", BET: "Bet", CAI: "Cai", DEE: "Dee"})
        stand_in.admins[GROUP] = [LEAD]
        yield stand_in


@pytest.fixture
def bot(api, tmp_path):
    """The bot over a fresh database."""
    with InProcessBot(api, tmp_path / "tea.db") as running:
        yield running


def in_group(api: BotAPI, user: int, text: str, reply_to: int | None = None) -> list[dict]:
    """``user`` says something in the group; the bot's answer there."""
    before = len(api.sent(GROUP))
    api.say(user, text, chat=GROUP, reply_to=reply_to)
    return api.reply(GROUP, before)


def open_round(api: BotAPI, user: int = LEAD, command: str = "/teabrief") -> dict[str, dict]:
    """Open a round; the bot's messages by what they ask ('intro', then the prompt texts)."""
    posted = in_group(api, user, command)
    assert len(posted) == 7, plain(posted)
    return {"intro": posted[0], **{plain([m])[0]: m for m in posted[1:]}}


def prompt(messages: dict[str, dict], starts: str) -> int:
    """The message id of the prompt that starts with ``starts``."""
    return next(m["message_id"] for text, m in messages.items() if text.startswith(starts))


def answer(api: BotAPI, user: int, messages: dict, starts: str, text: str) -> list[str]:
    """``user`` replies to a prompt in the group; the reactions the bot put on it (a quiet 'noted')."""
    before = len(api.sent(GROUP, "setMessageReaction"))
    api.say(user, text, chat=GROUP, reply_to=prompt(messages, starts))
    return [
        json.loads(r["reaction"])[0]["emoji"]
        for r in api.wait_for(lambda: api.sent(GROUP, "setMessageReaction")[before:])
    ]


def run_round(api: BotAPI) -> dict:
    """A round with three members answering, one named, plus chatter the bot never sees."""
    messages = open_round(api)
    assert name_me(api, BET, messages["intro"]) == text("teabrief_named")
    assert answer(api, BET, messages, PROMPT["happened"], "Mr P's daughter rang about the stairs again") == ["👍"]
    answer(api, CAI, messages, PROMPT["felt"], "Stairs talk again, felt stuck and rushed")
    answer(api, BET, messages, PROMPT["went_well"], "Mr P sang while we did the stairs together")
    answer(api, CAI, messages, PROMPT["went_well"], "Asked Mr P what mattered and he told me about his allotment")
    answer(api, DEE, messages, PROMPT["hard"], "The stairs and the daughter's worries")
    answer(api, BET, messages, PROMPT["try"], "Cai will ask Mr P about the allotment by Friday")
    answer(api, DEE, messages, PROMPT["try"], "We'll all sit down before asking anything")
    answer(api, DEE, messages, PROMPT["support"], "I'm finding the late visits hard since my mam died")
    assert api.wait_for(lambda: [t for t in api.texts(DEE) if t == text("teabrief_support_in_group")])
    assert api.say(CAI, "ha, good one", chat=GROUP) is None  # not a reply to the bot: never delivered
    return messages


def name_me(api: BotAPI, user: int, intro: dict) -> str:
    """``user`` presses 'Name me' under a round's intro; the pop-up only they see."""
    data = next(v for k, v in signed(intro).items() if k.startswith("named:") and k.endswith(".1"))
    before = len(api.sent(None, "answerCallbackQuery"))
    api.press(user, data, api.messages[intro["message_id"]])
    return api.wait_for(lambda: [c for c in api.sent(None, "answerCallbackQuery")[before:] if c.get("text")])[0]["text"]


def press_in_group(api: BotAPI, user: int, message: dict, starts: str) -> list[dict]:
    """``user`` presses a button under a bot message in the group."""
    data = next(v for k, v in signed(message).items() if k.startswith(starts))
    before = len(api.sent(GROUP))
    api.press(user, data, api.messages[message["message_id"]])
    return api.reply(GROUP, before)


def test_a_whole_round_with_three_members_ends_in_a_summary_that_keeps_support_private(api, bot):
    run_round(api)
    assert api.dropped == ["ha, good one"]  # privacy mode: the bot never saw the chatter
    summary = plain(in_group(api, LEAD, "/teabrief_close"))[0]
    assert summary.startswith(head("teabrief_summary_title"))
    assert text("teabrief_themes", themes="stairs") in summary
    bet = text("teabrief_named_as", name="Bet")
    assert text("teabrief_item", text="Mr P sang while we did the stairs together", who=bet) in summary  # named
    cai = text("teabrief_item", text="Asked Mr P what mattered and he told me about his allotment", who="")
    assert cai.rstrip() + "\n" in summary + "\n"  # Cai did not agree to be named
    cai_will = "Cai will ask Mr P about the allotment by Friday"
    assert text("teabrief_action", text=cai_will, who="Cai", by_when="Friday") in summary
    all_of_us, follow_up = text("teabrief_who_all"), head("teabrief_by_followup")
    sit_down = "We'll all sit down before asking anything"
    assert head("teabrief_action", text=sit_down, who=all_of_us) + follow_up in summary
    assert "late visits" not in summary and "mam" not in summary
    assert text("teabrief_support_note") in summary
    told = api.wait_for(
        lambda: [t for t in api.texts(LEAD) if t.startswith(head("teabrief_support_for_supervisor"))]
    )
    dee = text("teabrief_support_item", name="Dee", text="I'm finding the late visits hard since my mam died")
    assert dee in told[0]
    assert not any("late visits" in t for t in api.texts(GROUP))
    with sqlite3.connect(bot.db) as connection:
        actions = connection.execute("SELECT who, by_when FROM actions ORDER BY id").fetchall()
    assert actions[0] == ("Cai", "Friday") and actions[1][0] == all_of_us


def test_a_private_answer_stays_out_of_the_group_unless_its_writer_adds_it(api, bot):
    messages = open_round(api)
    payload = _payload(messages["intro"])
    # someone outside the group, guessing the round's number, gets nowhere
    assert plain(say(api, 9999, "/start tb1-guess")) == [text("bad_button")]
    choose = say(api, DEE, f"/start {payload}")[-1]
    labels = buttons(choose)
    went_well = next(k for k, label in labels.items() if PROMPT["went_well"].startswith(label))  # cut short if long
    asked = plain(press(api, DEE, went_well, choose))
    assert asked == [text("teabrief_private_ask", prompt=PROMPT["went_well"])]
    saved = say(api, DEE, "Mrs D laughed for the first time in weeks")[-1]
    hard = next(k for k, label in labels.items() if PROMPT["hard"].startswith(label))
    press(api, DEE, hard, choose)
    say(api, DEE, "I nearly cried in the car after")
    press(api, DEE, went_well, choose)
    say(api, DEE, "Her son finally visited")  # private, and not added
    press(api, DEE, next(k for k in buttons(saved) if k.startswith("tbshare:")), saved)
    summary = plain(in_group(api, LEAD, "/teabrief_close"))[0]
    assert text("teabrief_item", text="Mrs D laughed for the first time in weeks", who="").rstrip() in summary
    assert text("teabrief_named_as", name="Dee") not in summary
    assert "nearly cried" not in " ".join(api.texts(GROUP)) and "son finally visited" not in summary


def test_nobody_can_share_or_read_someone_elses_private_answer(api, bot):
    messages = open_round(api)
    answer(api, BET, messages, PROMPT["went_well"], "Bet's own answer, said in the group")
    answer_privately(api, DEE, messages["intro"], PROMPT["went_well"])
    saved = say(api, DEE, "Mrs D told me about her sister, for my ears only")[-1]
    dees = signed(saved)[next(k for k in buttons(saved) if k.startswith("tbshare:"))]
    last = int(dees.split("~")[0].split(":")[1])
    # Bet sends Dee's genuine 'add it to the summary' data from her own chat (as a modified client could), then
    # data the bot itself signed for every answer there is, Bet's own group answer too: nothing is shared
    for data in (dees, *(sign(bot, "tbshare", str(n)) for n in range(1, last + 2))):
        before = len(api.sent(BET))
        api.press(BET, data)
        assert plain(api.reply(BET, before)) == [text("bad_button")]
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT shared FROM answers WHERE private = 1").fetchall() == [(0,)]
    summary = plain(in_group(api, LEAD, "/teabrief_close"))[0]
    assert "Bet's own answer" in summary and "sister" not in summary
    # nor can Bet read it: not in the group, not in anything sent to her, not in her own data
    before = len(api.sent(BET, "sendDocument"))
    api.say(BET, "/mydata")
    document = api.wait_for(lambda: api.sent(BET, "sendDocument")[before:])[0]
    assert b"sister" not in api.files[document["document_filename"]]
    assert not any("sister" in t for t in api.texts(GROUP) + api.texts(BET) + api.texts(LEAD))


def test_identifying_details_are_warned_about_privately_and_masked_in_the_summary(api, bot):
    """A group answer naming someone: its writer is told privately, and the summary masks it (item 7 of #14)."""
    messages = open_round(api)
    answer(api, BET, messages, PROMPT["went_well"], "Mrs Jones at 14 Elm Road sang with me")
    warning = text("teabrief_pii_group", kinds=f"{text('pii_name')}, {text('pii_address')}")
    assert api.wait_for(lambda: [t for t in api.texts(BET) if t == warning])
    never = head("teabrief_pii_group")
    assert not any(never in t for t in api.texts(GROUP))  # the warning is never said in the group
    answer_privately(api, DEE, messages["intro"], PROMPT["went_well"])
    saved = say(api, DEE, "Her son rang me on 07700 900461 to say thanks")[-1]
    assert plain([saved])[0] == text("teabrief_private_saved_pii", kinds=text("pii_phone"))
    press(api, DEE, next(k for k in buttons(saved) if k.startswith("tbshare:")), saved)
    summary = plain(in_group(api, LEAD, "/teabrief_close"))[0]
    masked = f"{text('mask_name')} at {text('mask_address')} sang with me"
    assert text("teabrief_item", text=masked, who="").rstrip() in summary
    masked = f"Her son rang me on {text('mask_phone')} to say thanks"
    assert text("teabrief_item", text=masked, who="").rstrip() in summary
    assert "Jones" not in summary and "Elm Road" not in summary and "07700" not in summary
    with sqlite3.connect(bot.db) as connection:  # kept as written for its writer's own /mydata
        texts = {t for (t,) in connection.execute("SELECT text FROM answers")}
    assert "Her son rang me on 07700 900461 to say thanks" in texts


def test_a_follow_up_a_week_later_asks_how_each_action_went_and_actions_can_be_marked_done(api, bot):
    run_round(api)
    in_group(api, LEAD, "/teabrief_close")
    (job,) = [j for j in bot.app.job_queue.jobs() if j.name.startswith("followup-")]
    assert 6.9 < (job.next_t - _now()).total_seconds() / 86400 < 7.1  # due in a week
    asked = _fire(api, bot, job)
    assert [plain([m])[0] for m in asked] == [
        text("teabrief_followup", action="Cai will ask Mr P about the allotment by Friday"),
        text("teabrief_followup", action="We'll all sit down before asking anything"),
    ]
    before = len(api.sent(GROUP, "setMessageReaction"))
    api.say(CAI, "He showed me his prize leeks!", chat=GROUP, reply_to=asked[0]["message_id"])
    api.wait_for(lambda: api.sent(GROUP, "setMessageReaction")[before:])
    assert plain(press_in_group(api, BET, asked[0], "done:")) == [
        text("teabrief_marked_done", action="Cai will ask Mr P about the allotment by Friday")
    ]
    assert plain(press_in_group(api, BET, asked[0], "done:")) == [text("teabrief_already_done")]
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT text FROM answers WHERE prompt LIKE 'action:%'").fetchall() == [
            ("He showed me his prize leeks!",)
        ]


def test_a_restart_between_the_round_and_the_follow_up_loses_nothing(api, tmp_path):
    db = tmp_path / "restart.db"
    with InProcessBot(api, db):
        run_round(api)
        in_group(api, LEAD, "/teabrief_close")
    with InProcessBot(api, db) as bot:  # the follow-up comes back from SQLite
        (job,) = [j for j in bot.app.job_queue.jobs() if j.name.startswith("followup-")]
        asked = _fire(api, bot, job)
        cai_will = text("teabrief_followup", action="Cai will ask Mr P about the allotment by Friday")
        assert len(asked) == 2 and parse_html(asked[0]["text"]) == cai_will
    with InProcessBot(api, db) as bot:  # sent once only, never again
        assert not [j for j in bot.app.job_queue.jobs() if j.name.startswith("followup-")]


def test_a_round_closes_itself_when_its_time_is_up_even_after_a_restart(api, tmp_path):
    db = tmp_path / "timer.db"
    with InProcessBot(api, db):
        messages = open_round(api, command="/teabrief 30")
        answer(api, BET, messages, PROMPT["went_well"], "Everyone helped with the hoist")
    with InProcessBot(api, db) as bot:
        (job,) = [j for j in bot.app.job_queue.jobs() if j.name.startswith("round-")]
        posted = _fire(api, bot, job)
        assert parse_html(posted[0]["text"]).startswith(head("teabrief_summary_title"))
        assert plain(in_group(api, LEAD, "/teabrief_close")) == [text("teabrief_nothing_open")]


def test_a_story_is_posted_with_the_resources_questions_and_thoughts_are_gathered(api, bot):
    posted = in_group(api, LEAD, "/story may")
    texts = plain(posted)
    story = next(s for s in TEA.stories if s.id == "may")
    may = story.title
    assert texts[0] == text("story_intro", title=may, story=story.text, minutes=TEA.minutes)
    question = TEA.story_questions[0]
    assert texts[1] == text("story_question", number=1, question=question)
    assert len(posted) == 7
    answer(api, BET, {texts[1]: posted[1]}, head("story_question", number=1), "Seeing the person, not the label")
    summary = plain(in_group(api, LEAD, "/teabrief_close"))[0]
    assert summary.startswith(text("story_summary_title", title=may))
    assert text("teabrief_item", text="Seeing the person, not the label", who="").rstrip() in summary


def test_members_delete_their_own_answers_and_forget_removes_them(api, bot):
    messages = open_round(api)
    answer(api, BET, messages, PROMPT["hard"], "Bet's hard bit")
    answer(api, CAI, messages, PROMPT["hard"], "Cai's hard bit")
    answer(api, BET, messages, PROMPT["try"], "I'll bring the big teapot by Friday")
    in_group(api, LEAD, "/teabrief_close")
    assert plain(in_group(api, BET, "/teabrief_forgetme")) == [text("teabrief_forgot_mine", count=2)]
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT count(*) FROM actions").fetchone() == (0,)
    confirm = say(api, CAI, "/forget")[-1]
    assert tail("forgotten", answers=1) in plain(press(api, CAI, "forget:yes", confirm))[0]
    with sqlite3.connect(bot.db) as connection:
        assert connection.execute("SELECT count(*) FROM answers").fetchone() == (0,)


def test_a_group_can_leave_rounds_to_its_supervisors(api, bot):
    store_team(bot, LEAD)
    assert plain(in_group(api, LEAD, "/teamgroup")) == [text("teabrief_linked", team="Valley Care")]
    assert plain(in_group(api, BET, "/teabrief_settings leaders supervisors")) == [text("teabrief_settings_who")]
    now = head("teabrief_settings_now", leaders=text("teabrief_leaders_supervisors"))
    assert now in plain(in_group(api, LEAD, "/teabrief_settings leaders supervisors"))[0]
    assert plain(in_group(api, BET, "/teabrief")) == [text("teabrief_supervisors_only")]
    assert len(open_round(api, LEAD)) == 7
    assert plain(say(api, BET, "/teabrief")) == [text("teabrief_groups_only")]


def store_team(bot: InProcessBot, supervisor: int, name: str = "Valley Care") -> int:
    """A team with ``supervisor`` as its supervisor (and their current team), written straight to the database."""

    async def make() -> int:
        store = bot.app.bot_data.engine.store
        team_id = store.create_team(name, f"tg:{supervisor}", "x")
        store.set_current_team(f"tg:{supervisor}", team_id)
        return team_id

    return bot.run(make())


def add_supervisor(bot: InProcessBot, team_id: int, user: int) -> None:
    """``user`` joins the team as a co-supervisor, written straight to the database."""

    async def add() -> None:
        bot.app.bot_data.engine.store.add_member(team_id, f"tg:{user}", "supervisor")

    bot.run(add())


def linked_team(bot: InProcessBot, chat: int = GROUP) -> int | None:
    """The team a group is linked to, if any."""
    with sqlite3.connect(bot.db) as connection:
        row = connection.execute("SELECT team_id FROM groups WHERE chat_id = ?", [chat]).fetchone()
    return row[0] if row else None


def test_a_supervisor_of_another_team_cannot_take_over_a_linked_group(api, bot):
    valley = store_team(bot, LEAD)
    assert plain(in_group(api, LEAD, "/teamgroup")) == [text("teabrief_linked", team="Valley Care")]
    store_team(bot, BET, "Hill Care")
    api.admins[GROUP].append(BET)  # even as one of the group's admins: the group is Valley Care's
    refused = plain(in_group(api, BET, "/teamgroup"))
    assert refused == [text("teamgroup_taken")]  # and nothing about the other team: not its name, nor who runs it
    assert linked_team(bot) == valley
    # support requests from the group still go to Valley Care's supervisor, and never to Hill Care's
    messages = open_round(api)
    answer(api, DEE, messages, PROMPT["support"], "Could do with a chat about nights")
    in_group(api, LEAD, "/teabrief_close")
    dee = text("teabrief_support_item", name="Dee", text="Could do with a chat about nights")
    assert api.wait_for(lambda: [t for t in api.texts(LEAD) if dee in t])
    assert not any("Could do with a chat" in t for t in api.texts(BET))


def test_a_supervisor_who_is_not_a_group_admin_cannot_link_an_unlinked_group(api, bot):
    store_team(bot, BET, "Hill Care")
    refused = plain(in_group(api, BET, "/teamgroup"))
    assert refused == [text("teamgroup_admins_only")]
    assert linked_team(bot) is None
    elsewhere = -1002  # a group whose admins Telegram will not tell: refused too
    before = len(api.sent(elsewhere))
    api.say(BET, "/teamgroup", chat=elsewhere)
    assert plain(api.reply(elsewhere, before)) == [text("teamgroup_admins_only")]
    assert linked_team(bot, elsewhere) is None
    api.admins[GROUP].append(BET)  # once made an admin of the group, they can
    assert plain(in_group(api, BET, "/teamgroup")) == [text("teabrief_linked", team="Hill Care")]


def test_a_supervisor_of_the_linked_team_may_link_it_again_without_being_a_group_admin(api, bot):
    valley = store_team(bot, LEAD)
    in_group(api, LEAD, "/teamgroup")
    add_supervisor(bot, valley, CAI)  # Cai co-supervises Valley Care, and is no admin of the group
    hill = store_team(bot, CAI, "Hill Care")  # ...and supervises Hill Care, now Cai's current team
    assert plain(in_group(api, CAI, "/teamgroup")) == [text("teabrief_linked", team="Hill Care")]
    assert plain(in_group(api, CAI, "/teamgroup")) == [text("teabrief_linked", team="Hill Care")]  # unchanged
    assert linked_team(bot) == hill
    # the group's admin, who supervises only Valley Care now, cannot take it back
    assert plain(in_group(api, LEAD, "/teamgroup")) == [text("teamgroup_taken")]
    assert linked_team(bot) == hill


def _payload(message: dict) -> str:
    """The deep-link payload of the 'answer privately' button under a group message."""
    link = next(b["url"] for row in _keyboard(message) for b in row if "url" in b)
    return re.search(r"start=(\S+)", link).group(1)


def answer_privately(api: BotAPI, user: int, intro: dict, asks: str) -> None:
    """``user`` opens the round's private link and picks the prompt ``asks`` (its button cuts it short if long)."""
    choose = say(api, user, f"/start {_payload(intro)}")[-1]
    picked = next(k for k, label in buttons(choose).items() if asks.startswith(label))
    press(api, user, picked, choose)


def _keyboard(message: dict) -> list:
    """A sent message's inline keyboard rows."""
    return json.loads(message["reply_markup"])["inline_keyboard"]


def _now() -> dt.datetime:
    """The time now, in UTC."""
    return dt.datetime.now(dt.timezone.utc)


def _fire(api: BotAPI, bot: InProcessBot, job) -> list[dict]:
    """Run a job as if its time had come; what it posted in the group."""
    before = len(api.sent(GROUP))
    bot.run(job.run(bot.app))
    return api.reply(GROUP, before)


def test_support_told_through_its_button_goes_only_to_the_supervisor_and_never_to_a_peer(api, bot):
    messages = open_round(api, user=BET)  # a peer opens the round, and answers in it
    answer(api, BET, messages, PROMPT["went_well"], "The new hoist made the mornings calmer")
    support = messages[PROMPT["support"]]
    payload = _payload(support)
    asked = plain(say(api, CAI, f"/start {payload}"))
    assert asked == [text("teabrief_private_ask", prompt=PROMPT["support"])]
    assert plain(say(api, CAI, "Struggling with nights, if I'm honest")) == [text("teabrief_private_support")]
    in_group(api, BET, "/teabrief_close")
    assert not any("Struggling" in t for t in api.texts(GROUP) + api.texts(BET))  # not the group, not the peer
    cai = text("teabrief_support_item", name="Cai", text="Struggling with nights, if I'm honest")
    assert api.wait_for(lambda: [t for t in api.texts(LEAD) if cai in t])  # the admin


def test_with_no_supervisor_to_tell_the_asker_is_told_privately(api, tmp_path):
    api.admins.pop(GROUP)  # a group whose admins Telegram will not list
    with InProcessBot(api, tmp_path / "nobody.db"):
        messages = open_round(api)
        answer(api, DEE, messages, PROMPT["support"], "Could do with a chat")
        summary = plain(in_group(api, LEAD, "/teabrief_close"))[0]
        assert text("teabrief_support_nobody") in summary and "Could do with a chat" not in summary
        assert api.wait_for(lambda: [t for t in api.texts(DEE) if t == text("teabrief_support_no_one")])
        assert not any("Could do with a chat" in t for t in api.texts(LEAD))


def test_a_group_that_becomes_a_supergroup_keeps_its_round(api, bot):
    messages = open_round(api)
    answer(api, BET, messages, PROMPT["went_well"], "The new rota works")
    new = -1009999
    moved = api.message(LEAD, chat=GROUP, migrate_to_chat_id=new)
    api.push("message", moved)
    api.wait_for(lambda: _count(bot, "SELECT count(*) FROM rounds WHERE chat_id = ?", new) == 1)
    before = len(api.sent(new))
    api.say(LEAD, "/teabrief_close", chat=new)
    summary = plain(api.reply(new, before))[0]
    assert text("teabrief_item", text="The new rota works", who="").rstrip() in summary


def _count(bot: InProcessBot, sql: str, *params) -> int:
    """A count from the bot's database."""
    with sqlite3.connect(bot.db) as connection:
        return connection.execute(sql, params).fetchone()[0]


def test_a_round_length_that_is_not_a_plain_number_opens_the_usual_round(api, bot):
    """'²' passes str.isdigit but not int(): it once reached the error handler, logging what was typed."""
    messages = open_round(api, command="/teabrief ²")
    assert plain([messages["intro"]])[0] == text("teabrief_intro", minutes=60)  # flows/teabrief.yaml's usual length
