"""Repeating reflection prompts on PTB's JobQueue, armed again from SQLite at every start."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from telegram.ext import Application, ContextTypes

from ..teams import DAYS, TIMEZONE
from .handlers import deliver

log = logging.getLogger(__name__)


def arm(app: Application, schedule: dict) -> None:
    """Put one stored schedule on the job queue."""
    hours, minutes = (int(part) for part in schedule["at"].split(":"))
    days = tuple(DAYS.index(day) for day in schedule["days"].split(","))
    app.job_queue.run_daily(
        fire,
        time=dt.time(hours, minutes, tzinfo=ZoneInfo(TIMEZONE)),
        days=days,
        data=schedule["id"],
        name=f"schedule-{schedule['id']}",
    )


def arm_all(app: Application) -> int:
    """Put every stored schedule on the job queue (at start-up); how many."""
    stored = app.bot_data["engine"].store.schedules()
    for schedule in stored:
        arm(app, schedule)
    return len(stored)


async def fire(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send a scheduled prompt to its team; a schedule since stopped takes itself off the queue."""
    teams = context.bot_data["teams"]
    replies = teams.fire(context.job.data)
    if not replies:
        if teams.store.schedule(context.job.data) is None:
            context.job.schedule_removal()
        return
    log.info("schedule %s fired", context.job.data)
    await deliver(context.bot, teams.store, None, context.bot_data["view"].render(replies))
