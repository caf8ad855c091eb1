"""Telegram handlers for the personal-outcomes quiz: ``/quiz`` as native quiz polls, in a private chat or a group.

The engine is ``learn/quiz_rounds.py`` (``context.bot_data.inbox.quiz``); this
sends its poll replies with ``sendPoll`` (``type=quiz``, the right option and
the explanation) and hands back what comes in:

- in a private chat the polls are not anonymous, so each answer arrives as a
  ``poll_answer`` with the person; the engine marks it and answers with the
  next poll, or the result. One Bot API call per answer.
- in a group the round's polls are anonymous: no member, and not the bot,
  can see who answered what. Telegram sends the bot each poll's new counts
  (a ``poll`` update), which are all it keeps; no Bot API call per answer.
  The round closes after ``sizes.group_minutes`` (the polls close themselves
  then, by ``open_period``) or with ``/quiz end``, and the summary is posted.

Polls, runs and counts are in SQLite, and ``arm_rounds`` puts the closing times
back on the job queue at start-up, so a restart loses nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import Poll, Update
from telegram.constants import ChatType

from ..learn.quiz_rounds import POLL
from ..replies import Reply
from .context import App, Context
from .delivery import deliver
from .handlers import who
from .schedules import at, disarm, job_of, jobs
from .views import escape

log = logging.getLogger(__name__)
END_WORDS = ("end", "stop", "close")  # /quiz end: close a group's round now


async def quiz(update: Update, context: Context) -> None:
    """/quiz: a quiz of the guide's statements, one poll at a time; in a group, a team round (/quiz end closes it)."""
    chat = update.effective_chat
    if chat is None:
        return
    rounds = context.bot_data.inbox.quiz
    if chat.type == ChatType.PRIVATE:
        log.info("update %s: /quiz", update.update_id)
        await post(context, chat.id, rounds.start_private(who(update), chat.id), user=who(update))
        return
    if context.args and context.args[0].lower() in END_WORDS:
        log.info("update %s: /quiz end in a group", update.update_id)
        disarm(context.app, job_name(chat.id))
        await post(context, chat.id, rounds.close_group(chat.id), user=None)
        return
    log.info("update %s: /quiz in a group", update.update_id)
    replies = rounds.start_group(chat.id)
    closes = next((r.data["quiz_closes"] for r in replies if "quiz_closes" in r.data), None)
    if closes:
        arm(context.app, chat.id, closes)
    await post(context, chat.id, replies, user=None)


async def poll_answer(update: Update, context: Context) -> None:
    """Someone answered a poll of their own quiz: the next poll, or the result. Anything else is ignored."""
    answer = update.poll_answer
    if answer is None or answer.user is None:  # an answer on behalf of a chat: no quiz of ours is like that
        return
    user = f"tg:{answer.user.id}"
    answered = context.bot_data.inbox.quiz.answered(answer.poll_id, user, answer.option_ids)
    if answered is None:
        log.info("update %s: a poll answer the quiz was not waiting for, ignored", update.update_id)
        return
    await post(context, answered.chat_id, answered.replies, user=user)


async def poll_state(update: Update, context: Context) -> None:
    """A poll's new counts (Telegram sends them for the bot's own polls): kept for a team round's summary."""
    poll = update.poll
    if poll is not None:
        context.bot_data.inbox.quiz.counted(poll.id, [option.voter_count for option in poll.options])


async def post(context: Context, chat_id: int, replies: list[Reply], user: str | None) -> None:
    """Send replies in order: polls as quiz polls (each remembered by its poll id), the rest as messages."""
    rounds = context.bot_data.inbox.quiz
    for reply in replies:
        if reply.kind != POLL:
            await deliver(context.bot, rounds.store, chat_id, context.bot_data.view.render([reply]))
            continue
        group = bool(reply.data["group"])
        sent = await context.bot.send_poll(
            chat_id,
            escape(reply.text),
            [escape(option) for option in reply.data["options"]],
            is_anonymous=group,  # in a group no one's answer is shown, to anyone
            type=Poll.QUIZ,
            correct_option_ids=[reply.data["correct"]],
            explanation=escape(reply.data["explanation"]),
            open_period=context.bot_data.inbox.quiz.quiz.sizes.group_minutes * 60 if group else None,
        )
        if sent.poll is not None:
            rounds.sent(sent.poll.id, chat_id, reply, None if group else user)


# --- a team round's closing time ----------------------------------------------------------


def job_name(chat_id: int) -> str:
    """The job that closes a group's round."""
    return f"quiz-{chat_id}"


def arm(app: App, chat_id: int, closes_at: str) -> None:
    """Close a group's round when its time runs out."""
    disarm(app, job_name(chat_id))
    jobs(app).run_once(close_on_time, at(closes_at), data=chat_id, name=job_name(chat_id))


def migrated(app: App, old: int, new: int) -> None:
    """A group became a supergroup: its quiz moves to the new id, and so does the round's closing time."""
    store = app.bot_data.inbox.quiz.store
    if store.migrate_quiz_chat(old, new):
        disarm(app, job_name(old))
        run = store.quiz_run(new)
        if run is not None and run["closes_at"]:
            arm(app, new, run["closes_at"])


def arm_rounds(app: App) -> int:
    """At start-up, put back the closing time of every team round still open; how many."""
    runs = app.bot_data.inbox.quiz.store.group_quiz_runs()
    for run in runs:
        arm(app, run["chat_id"], run["closes_at"] or dt.datetime.now(dt.timezone.utc).isoformat())
    return len(runs)


async def close_on_time(context: Context) -> None:
    """A team round's time is up: post its summary (nothing, if it was closed already)."""
    chat_id = job_of(context)[1]
    replies = context.bot_data.inbox.quiz.close_group(chat_id, quietly=True)
    if replies:
        log.info("a team quiz round closed on time")
        await post(context, chat_id, replies, user=None)
