"""The practice engine: takes (who, text) and returns plain replies.

It knows nothing of Telegram or terminals. Each call loads the user's
session from the store, runs one turn (coach, machine, persona), saves the
turn before returning, and hands back a list of ``Reply`` objects for a
front end to show.
"""

from __future__ import annotations

import unicodedata
import uuid

from ..coach.classifier import classify
from ..content.flows import Flows
from ..content.schema import Scenario
from ..replies import Reply
from ..service import Service
from ..store.database import Store
from ..text import clean, normalise
from . import turn as turn_rules
from .focus import focus_lines, focus_report, focus_start, focus_word
from .machine import PracticeMachine, Session, Turn
from .persona import respond, rotate
from .report import build_report, captures, render_report

MAX_CHARS = 4096
RECENT_TURNS = 4


class Engine(Service):
    """Runs practice sessions over a store, using validated flows."""

    def __init__(self, flows: Flows, store: Store):
        super().__init__(flows, store)
        self.machine = PracticeMachine(flows.practice)

    # --- helpers ---------------------------------------------------------------

    def progress(self, session: Session) -> Reply:
        """The 'Stage 2 of 5: active listening' line."""
        number = self.machine.stage_number(session)
        stage = self.flows.practice.stages[number - 1]
        return Reply(
            "progress",
            self.text(
                "progress", number=number, total=len(self.flows.practice.stages), name=stage.name, trust=session.trust
            ),
            data={"stage": number, "trust": session.trust, "session": session.id},
        )

    def scenarios(self) -> list[Scenario]:
        """Every scenario, in file order."""
        return list(self.flows.scenarios.values())

    # --- journeys --------------------------------------------------------------

    def start(self, user: str, scenario_id: str) -> list[Reply]:
        """Begin a session with a scenario (ending any the user had open)."""
        if scenario_id not in self.flows.scenarios:
            return self._note("unknown_scenario", id=scenario_id, ids=", ".join(self.flows.scenarios))
        scenario = self.flows.scenarios[scenario_id]
        session = Session(
            id=uuid.uuid4().hex,
            user=user,
            scenario=scenario_id,
            state=self.flows.practice.initial,
            trust=scenario.start_trust,
        )
        opening = scenario.opening[self.store.count_sessions(user) % len(scenario.opening)]
        session.thought = rotate(scenario.thoughts["opening"], session)
        session.last_reply = opening
        session.focus = self.store.take_focus(user, session.id)  # read once, here, and kept with the session
        self.store.start_session(session)
        intro = self.text(
            "intro",
            title=scenario.title,
            name=scenario.person.name,
            about=scenario.person.about,
            setting=scenario.setting,
            referral=scenario.referral,
        )
        return [
            Reply("intro", intro, data={"scenario": scenario_id}),
            Reply("persona", opening, speaker=scenario.person.name),
            *focus_start(self.flows, session),
            self.progress(session),
        ]

    def say(self, user: str, text: str, source: str = "") -> list[Reply]:
        """Handle one worker reply in the user's active session.

        ``source`` is the front end's id for the message. If that message was
        already coached (delivered again after a crash), the person's reply
        is given again rather than the turn being taken twice.
        """
        session, note = self._open(user)
        if session is None:
            return note
        done = self.store.turn_from(session.id, source)
        if done is not None:
            name = self.flows.scenarios[session.scenario].person.name
            return [Reply("persona", done.reply, speaker=name), self.progress(session)]
        text = normalise(clean(text))
        problem = check_text(text, session.last_text)
        if problem:
            return self._note(problem, limit=MAX_CHARS, length=len(text))
        return self._take_turn(session, text.strip(), source)

    def _take_turn(self, session: Session, text: str, source: str) -> list[Reply]:
        """Coach one reply, move the machine, let the person answer, and save the turn."""
        scenario = self.flows.scenarios[session.scenario]
        result = classify(text, session.recent, self.flows.rules, before=session.last_reply)
        talk = turn_rules.talk_kind(result)
        session.turn += 1
        session.last_text = text
        session.recent = (session.recent + [result.move_ids])[-RECENT_TURNS:]
        trust_before = session.trust
        session.trust = turn_rules.new_trust(self.flows, session, result, talk)
        acts, main_move, main_act = turn_rules.acts(self.flows, result, text)
        summarised = "summary" in result.move_ids and not result.traps
        captured = summarised and captures(self.flows, scenario, session.revealed, text)
        stage = self.machine.stage_number(session)
        notes = turn_rules.trap_notes(self.flows, scenario, session, result=result, text=text, stage=stage)
        self.machine.fire(session, acts)
        persona = respond(self.flows, scenario, session, result, move=main_move, act=main_act, text=text, talk=talk)
        session.thought = persona.thought
        session.last_reply = persona.text
        opened_up = bool(persona.fact) or session.trust > trust_before
        replies = [Reply("persona", persona.text, speaker=scenario.person.name)]
        replies += turn_rules.feedback(self.flows, scenario, session, notes=notes, move=main_move, opened_up=opened_up)
        replies += turn_rules.talk_note(self.flows, talk, session, "captured" if captured else summarised)
        replies += focus_word(self.flows, session, result)
        turn = Turn(
            session_id=session.id,
            turn=session.turn,
            text=text,
            moves=result.move_ids,
            traps=notes,
            stage=self.machine.stage_number(session),
            trust=session.trust,
            reply=persona.text,
            thought=persona.thought,
            fact=persona.fact,
            questions=list(result.questions),
            source=source,
        )
        ended = session.state == self.flows.practice.final
        session.ended_by = "summary" if ended else ""
        self.store.save_turn(session, turn)
        return replies + (self._finish(scenario, session) if ended else [self.progress(session)])

    def end(self, user: str) -> list[Reply]:
        """Finish the user's session now and return the report."""
        session, note = self._open(user)
        if session is None:
            return note
        self.machine.fire(session, ["end"])
        session.ended_by = "worker"
        return [
            Reply("note", self.text("worker_ended", name=self.flows.scenarios[session.scenario].person.name))
        ] + self._finish(self.flows.scenarios[session.scenario], session)

    def hint(self, user: str) -> list[Reply]:
        """What kind of move would help now, with an example from the resource."""
        session, note = self._open(user)
        if session is None:
            return note
        stage = self.flows.practice.stages[self.machine.stage_number(session) - 1]
        values = {"number": stage.number, "name": stage.name, "hint": stage.hint, "example": stage.example}
        return [Reply("hint", self.text("hint" if stage.example else "hint_no_example", **values))]

    def thought(self, user: str) -> list[Reply]:
        """What the person was thinking after the last turn (the thought bubble)."""
        session, note = self._open(user)
        if session is None:
            return note
        if not session.thought:
            return self._note("no_thought")
        name = self.flows.scenarios[session.scenario].person.name
        return [Reply("thought", self.text("thought", name=name, thought=session.thought))]

    def cancel(self, user: str) -> list[Reply]:
        """Stop the user's session without a report (what they said so far is kept)."""
        session = self.store.active_session(user)
        if session is None:
            return self._note("nothing_to_cancel")
        session.ended_by = "cancelled"
        self.store.end_session(session, {})
        scenario = self.flows.scenarios.get(session.scenario)
        return self._note("cancelled", name=scenario.person.name if scenario else session.scenario)

    def my_data(self, user: str) -> dict:
        """Everything kept about the user, as JSON-ready data."""
        return self.store.user_data(user)

    def forget_warnings(self, user: str) -> list[str]:
        """What deleting would do to the teams the user supervises, to say before they confirm."""
        handed, closed = self.store.teams_to_settle(user)
        said = [
            self.text("forget_will_hand_over", team=t["name"], name=t["to_name"] or self.text("unnamed"))
            for t in handed
        ]
        for team in closed:
            others = len(team["members"])
            said.append(
                self.text("forget_will_close" if others else "forget_will_close_empty", team=team["name"], count=others)
            )
        return said

    def forget(self, user: str) -> list[Reply]:
        """Delete everything kept about the user, and say how much went.

        A team they made that has another supervisor passes to that supervisor; a team they alone
        supervise is closed. The user is told which, and so, privately, is everyone concerned.
        """
        gone = self.store.forget(user)
        handed, closed = gone.pop("handed"), gone.pop("closed")
        replies = self._note("forgotten", **gone)
        if gone["prompts"] or gone["schedules"]:
            replies += self._note("forgotten_prompts", prompts=gone["prompts"], schedules=gone["schedules"])
        told = []
        for team in handed:
            name = team["to_name"] or self.text("unnamed")
            replies += self._note("forget_handed_over", team=team["name"], name=name)
            told.append(Reply("note", self.text("team_handed_to_you", team=team["name"]), to=team["to"]))
        for team in closed:
            others = len(team["members"])
            replies += self._note("forget_closed" if others else "forget_closed_empty", team=team["name"], count=others)
            told += [Reply("note", self.text("team_closed_for_you", team=team["name"]), to=m) for m in team["members"]]
        return replies + told

    def active(self, user: str) -> Session | None:
        """The user's active session, if any."""
        return self.store.active_session(user)

    def _open(self, user: str) -> tuple[Session | None, list[Reply]]:
        """The user's session, or None and the note to send instead."""
        session = self.store.active_session(user)
        if session is None:
            return None, [Reply("note", self.text("no_session"), data={"no_session": True})]
        if session.scenario not in self.flows.scenarios:
            return None, self._drop(session)
        if session.state == self.flows.practice.final:  # ended, but stopped before the report was saved
            return None, self._finish(self.flows.scenarios[session.scenario], session)
        return session, []

    def _drop(self, session: Session) -> list[Reply]:
        """Close a session whose scenario no longer exists, and say so."""
        session.ended_by = "scenario_gone"
        self.store.end_session(session, {})
        return self._note("scenario_gone")

    # --- the end of a session ------------------------------------------------------

    def _finish(self, scenario: Scenario, session: Session) -> list[Reply]:
        """Close the session: compute, save and return the report."""
        report = build_report(self.flows, scenario, session, self.store.turns(session.id))
        data, text, focus = report.to_json(), render_report(self.flows, report), focus_report(self.flows, session)
        if focus:  # how the session went on the worker's chosen focus
            data, text = {**data, "focus": focus}, f"{text}\n\n{focus_lines(self.flows, focus)}"
        self.store.end_session(session, data)
        return [Reply("report", text, data={**data, "session": session.id})]


def check_text(text: str, last: str = "") -> str | None:
    """Why a reply cannot be coached, as a message key; None if it is fine."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if len(text) > MAX_CHARS:
        return "too_long"
    letters = [c for c in stripped if c.isalpha()]
    if not letters:
        return "no_words"
    if not stripped.isascii():  # ASCII letters are Latin; only look the others up
        latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
        if latin < len(letters) / 2:
            return "other_script"
    if last and " ".join(stripped.casefold().split()) == " ".join(last.casefold().split()):
        return "repeated"
    return None
