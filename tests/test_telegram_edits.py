"""Edited commands: in a group an edit starts nothing; in a private chat it is answered as an edit."""

from __future__ import annotations

import time

from botrun import InProcessBot
from messages import text
from test_telegram import plain
from test_telegram_quiz import GROUP, QUIZ, polls

from outcomes_bot.telegram_bot.commands import EVERYWHERE


def edited_command(api, user: int, chat: int, command: str) -> int:
    """``user`` edits an earlier message in ``chat`` so that it reads ``command``."""
    entities = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    message = api.message(user, chat, text=command, entities=entities)
    return api.push("edited_message", {**message, "edit_date": int(time.time())})


def test_editing_an_old_quiz_command_in_a_group_starts_nothing(api, tmp_path):
    """Reviewer's finding: a command answering in groups took edited messages too, and started a second round."""
    assert "quiz" in EVERYWHERE
    with InProcessBot(api, tmp_path / "q.db"):
        api.say(8201, "/quiz", chat=GROUP)
        api.wait_for(lambda: len(polls(api, GROUP)) == QUIZ.sizes.group)
        api.say(8201, "/quiz end", chat=GROUP)
        time.sleep(1.0)
        sent = len(api.sent(GROUP))
        edited_command(api, 8201, GROUP, "/quiz")
        time.sleep(1.5)
        assert len(polls(api, GROUP)) == QUIZ.sizes.group, "a second round was posted on an edit"
        assert len(api.sent(GROUP)) == sent, "an edit in a group is answered with nothing"
        # a new /quiz still starts a round: only edits are left out
        api.say(8201, "/quiz", chat=GROUP)
        api.wait_for(lambda: len(polls(api, GROUP)) == 2 * QUIZ.sizes.group)


def test_editing_a_command_in_a_private_chat_is_answered_as_an_edit(api, tmp_path):
    """In a private chat an edited command is still answered as any edit is, and starts nothing."""
    with InProcessBot(api, tmp_path / "q.db"):
        before = len(api.sent(8202))
        edited_command(api, 8202, 8202, "/quiz")
        api.wait_for(lambda: len(api.sent(8202)) > before)
        time.sleep(0.5)
        assert plain(api.sent(8202)[before:]) == [text("tg_edited")]
        assert polls(api, 8202) == []
