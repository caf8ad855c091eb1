"""The bot's clock, on PTB's JobQueue: repeating prompts, rounds that close, follow-ups, share and tell, reminders.

Everything timed is stored in SQLite first; the queue only holds reminders
of it. At every start ``arm_all`` puts back whatever is still to come (a
follow-up that fell due while the bot was down is sent at once), and
``follow`` arms or disarms jobs from what a reply says it started or stopped.
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import Job, JobQueue

from ..learn.nudges import Nudges
from ..replies import Reply
from ..team.teams import DAYS, TIMEZONE
from .context import App, Context
from .delivery import deliver

log = logging.getLogger(__name__)
SHARE_AND_TELL = dt.time(10, 0, tzinfo=ZoneInfo(TIMEZONE))  # on the first of the month
RETRY = 600  # seconds before trying a follow-up again


def jobs(app: App) -> JobQueue[Context]:
    """The application's job queue (PTB's job-queue extra, which the bot depends on)."""
    if app.job_queue is None:
        raise RuntimeError("python-telegram-bot was installed without its job-queue extra")
    return app.job_queue


def job_of(context: Context) -> tuple[Job[Context], int]:
    """The job a job callback runs for, and the id it carries (a schedule's, round's, follow-up's or chat's)."""
    job = context.job
    assert job is not None and isinstance(job.data, int), "a job callback without its job, or its job without an id"
    return job, job.data


def arm(app: App, schedule: dict) -> None:
    """Put one stored repeating prompt on the job queue."""
    hours, minutes = (int(part) for part in schedule["at"].split(":"))
    jobs(app).run_daily(
        fire,
        time=dt.time(hours, minutes, tzinfo=ZoneInfo(TIMEZONE)),
        days=tuple(DAYS.index(day) for day in schedule["days"].split(",")),
        data=schedule["id"],
        name=f"schedule-{schedule['id']}",
    )


def disarm(app: App, name: str) -> None:
    """Take a job off the queue now."""
    for job in jobs(app).get_jobs_by_name(name):
        job.schedule_removal()


def at(when: str) -> dt.datetime:
    """A stored time as a moment for the queue; one already past means 'now'."""
    moment = dt.datetime.fromisoformat(when)
    now = dt.datetime.now(dt.timezone.utc)
    return moment if moment > now else now + dt.timedelta(seconds=1)


def arm_close(app: App, round_id: int, closes_at: str) -> None:
    """Close a tea-brief round when its time runs out."""
    jobs(app).run_once(close_round, at(closes_at), data=round_id, name=f"round-{round_id}")


def arm_followup(app: App, followup_id: int, due_at: str) -> None:
    """Ask how the actions went when the follow-up is due."""
    jobs(app).run_once(send_followup, at(due_at), data=followup_id, name=f"followup-{followup_id}")


def arm_share_and_tell(app: App, chat_id: int) -> None:
    """Invite a group's monthly share and tell, on the first of each month."""
    disarm(app, f"share-{chat_id}")
    jobs(app).run_monthly(share_and_tell, SHARE_AND_TELL, day=1, data=chat_id, name=f"share-{chat_id}")


def arm_culture_review(app: App, action_id: int, due_at: str) -> None:
    """Ask for a culture-star action's red/amber/green review on its by-when date."""
    jobs(app).run_once(culture_review, at(due_at), data=action_id, name=f"culture-{action_id}")


def arm_reminder(app: App, user: str, day: int, hour: int) -> None:
    """A worker's weekly reminder to practise, on their day at their hour (UK time); a Telegram user's only."""
    disarm(app, f"remind-{user}")
    if user.startswith("tg:"):
        when = dt.time(hour, 0, tzinfo=ZoneInfo(TIMEZONE))
        jobs(app).run_daily(send_reminder, time=when, days=(day,), data=int(user[3:]), name=f"remind-{user}")


def arm_all(app: App) -> int:
    """At start-up, put back everything still to come; how many jobs."""
    store = app.bot_data.engine.store
    for schedule in store.schedules():
        arm(app, schedule)
    for round_ in store.open_rounds():
        arm_close(app, round_["id"], round_["closes_at"])
    for followup in store.unsent_followups():
        arm_followup(app, followup["id"], followup["due_at"])
    for chat_id in store.share_and_tell_groups():
        arm_share_and_tell(app, chat_id)
    for action in store.culture_reviews_due():
        arm_culture_review(app, action["id"], action["due_at"])
    for reminder in store.reminders():
        arm_reminder(app, reminder["user"], reminder["day"], reminder["hour"])
    return len(jobs(app).jobs())


def follow(app: App, replies: list[Reply]) -> None:
    """Arm or disarm jobs for what these replies started or stopped."""
    for reply in replies:
        data = reply.data
        if "schedule" in data:
            arm(app, data["schedule"])
        if "unschedule" in data:
            disarm(app, f"schedule-{data['unschedule']}")
        if "close_round" in data:
            arm_close(app, data["close_round"], data["closes_at"])
        if "followup" in data:
            arm_followup(app, data["followup"], data["due_at"])
        if "culture_review" in data:
            arm_culture_review(app, data["culture_review"], data["due_at"])
        if "remind" in data:
            arm_reminder(app, **data["remind"])
        if "unremind" in data:
            disarm(app, f"remind-{data['unremind']}")
        if data.get("share_and_tell") is True:
            arm_share_and_tell(app, data["chat_id"])
        elif data.get("share_and_tell") is False:
            disarm(app, f"share-{data['chat_id']}")


async def _post(context: Context, chat_id: int | None, replies: list[Reply]) -> None:
    """Send replies from a job, and follow what they start."""
    await deliver(context.bot, context.bot_data.engine.store, chat_id, context.bot_data.view.render(replies))
    follow(context.app, replies)


async def fire(context: Context) -> None:
    """Send a repeating prompt to its team; one since stopped takes itself off the queue."""
    job, schedule_id = job_of(context)
    teams = context.bot_data.teams
    replies = teams.fire(schedule_id)
    if not replies and teams.store.schedule(schedule_id) is None:
        job.schedule_removal()
        return
    log.info("schedule %s fired", schedule_id)
    await _post(context, None, replies)


async def group_admins(bot: Bot, chat_id: int) -> list[str]:
    """A group's human administrators, as engine names (none if Telegram will not say)."""
    try:
        members = await bot.get_chat_administrators(chat_id)
    except TelegramError:
        return []
    return [f"tg:{m.user.id}" for m in members if not m.user.is_bot]


async def close_round(context: Context) -> None:
    """A tea-brief round's time is up: post its summary."""
    tea = context.bot_data.tea
    round_ = tea.store.round(job_of(context)[1])
    if round_ is not None and not round_["closed_at"]:
        log.info("round %s closed on time", round_["id"])
        admins = await group_admins(context.bot, round_["chat_id"])
        await _post(context, round_["chat_id"], tea.close(round_["chat_id"], round_id=round_["id"], admins=admins))


async def send_followup(context: Context) -> None:
    """A follow-up is due: ask the group how each action went; marked sent only once it has gone."""
    tea = context.bot_data.tea
    followup = tea.store.followup(job_of(context)[1])
    if followup is None or followup["sent_at"]:
        return
    try:
        await _post(context, followup["chat_id"], tea.followup(followup["id"]))
    except TelegramError as exc:
        log.warning("follow-up %s not sent (%s); trying again in 10 minutes", followup["id"], exc.__class__.__name__)
        jobs(context.app).run_once(send_followup, RETRY, data=followup["id"], name=f"followup-{followup['id']}")
        return
    tea.store.mark_followup_sent(followup["id"])
    log.info("follow-up %s sent", followup["id"])


async def share_and_tell(context: Context) -> None:
    """The monthly invitation to share an outcome-focused success."""
    job, chat_id = job_of(context)
    tea = context.bot_data.tea
    if not tea.store.group(chat_id)["share_and_tell"]:
        job.schedule_removal()
        return
    await _post(context, chat_id, tea.share_and_tell(chat_id, dt.date.today().month))


async def culture_review(context: Context) -> None:
    """A culture-star action's by-when date: ask its writer for a review; marked asked once it has gone."""
    culture = context.bot_data.culture
    action_id = job_of(context)[1]
    replies = culture.review_ask(action_id)
    if replies:
        await _post(context, None, replies)
        log.info("culture-star review %s asked", action_id)
    culture.store.mark_culture_review_asked(action_id)


async def send_reminder(context: Context) -> None:
    """A worker's weekly reminder, with the next person to practise with; one turned off takes itself off the queue."""
    job, chat_id = job_of(context)
    engine = context.bot_data.engine
    replies = Nudges(engine.flows, engine.store).reminder(f"tg:{chat_id}")
    if not replies:
        job.schedule_removal()
        return
    log.info("a weekly reminder sent")
    await _post(context, None, replies)
