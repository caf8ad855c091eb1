"""The typed context every handler and job receives: ``context.bot_data`` is a ``BotData``.

PTB makes ``bot_data`` itself, with no arguments, when it builds the application
(``ContextTypes(bot_data=BotData)``), so a ``BotData`` starts empty and ``wire`` fills it
in once, in ``app.build``. Handlers then read ``context.bot_data.engine`` (and ``inbox``,
``teams``, ``tea``, ``view``, ``settings``) with their types, never by a string.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from telegram import Update
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from ..inbox import Inbox
from ..learn.culture_plan import CultureStar
from ..practice.engine import Engine
from ..team.teabrief import TeaBrief
from ..team.teams import Teams
from .settings import Settings
from .views import Signer, View

if TYPE_CHECKING:
    from .polling import UpdatesRequest


@dataclass(eq=False)
class BotData:
    """The services every handler and job shares, made once per application by ``wire``."""

    settings: Settings = field(init=False)
    engine: Engine = field(init=False)
    teams: Teams = field(init=False)
    inbox: Inbox = field(init=False)
    view: View = field(init=False)
    updates_request: UpdatesRequest | None = None  # the getUpdates connection, when it is ours (polling.py)
    recorded_by_turn: set[int] = field(default_factory=set)  # updates whose practice turn is their record

    def wire(self, settings: Settings, engine: Engine, updates_request: UpdatesRequest | None) -> None:
        """Make the services over ``engine``: teams, the inbox (with reflections and tea-briefs), the view."""
        self.settings = settings
        self.engine = engine
        self.teams = Teams(engine.flows, engine.store, settings.admins)
        self.inbox = Inbox(engine, self.teams)
        self.view = View(engine.text, Signer(engine.store.secret("button_key")))
        self.updates_request = updates_request

    @property
    def tea(self) -> TeaBrief:
        """Tea-briefs in group chats (the inbox's, which also takes their private answers)."""
        return self.inbox.tea

    @property
    def culture(self) -> CultureStar:
        """The culture star (the inbox's, which also takes the typed answers of an action being written)."""
        return self.inbox.culture


RateLimitedBot = ExtBot[int]  # the application's bot: AIORateLimiter takes an int (max retries) per call


class Context(CallbackContext[RateLimitedBot, dict[Any, Any], dict[Any, Any], BotData]):
    """What every handler and job is given: PTB's context, whose ``bot_data`` is the ``BotData``."""

    @property
    def app(self) -> App:
        """The application, typed as built here (PTB types ``application`` with its context type left open)."""
        return cast(App, self.application)


CONTEXT_TYPES = ContextTypes(context=Context, bot_data=BotData)
App = Application[RateLimitedBot, Context, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Context]]
Step = Callable[[Update, Context], Coroutine[Any, Any, None]]  # a handler, as PTB calls it
Pressed = Callable[[Update, Context, str], Coroutine[Any, Any, None]]  # a button's handler, given its signed argument
