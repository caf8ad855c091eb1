"""A strengths map: the guide's four quadrants, soft and hard, individual and community, as text and a picture.

Two ways in. For a practice person, ``practice_map`` builds the map from what
the worker found out in a finished session: each of the scenario's strengths
sits in its quadrant (its ``kind``), found if the worker said it back (its cue in
a reflection, summary or affirmation free of traps, as the report counts a
strength named) or if the person told it in a hidden fact the worker drew out
(the strength's ``told_in``). A strength not found yet keeps its place in its
quadrant, marked "not found yet", without giving its content away: the worker
knows where to look next time, and still has it to discover. For someone the
worker supports, ``typed_map`` makes the map from their answers, one quadrant
at a time (``strengths_talk.py`` asks them).

Either way the map is shown as a 2x2 grid picture (``strengths_chart.py``), as
the same map in text, and with a nudge for each quadrant still empty ("who do
they know nearby?"). Every word is in ``flows/strengths.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..content.flows import Flows
from ..content.schema_learn_strengths import StrengthsFlow
from ..replies import Button, Reply
from ..service import Service, refusals_as_notes
from .strengths_chart import strengths_grid

FILENAME = "strengths-map.png"
SEPARATORS = re.compile(r"\s*(?:\n|;)\s*")  # one answer may hold several strengths, a line or a ';' each


@dataclass(frozen=True)
class Mapped:
    """One strength on the map: what it is (empty if not found yet) and whether it was found."""

    text: str
    found: bool


@dataclass(frozen=True)
class StrengthsMap:
    """A strengths map: who it is for, and each quadrant's strengths, by quadrant id in the guide's order."""

    person: str
    quadrants: dict[str, list[Mapped]]
    practice: str = ""  # the scenario's title, for a practice person

    def found(self) -> int:
        """How many strengths were found."""
        return sum(m.found for items in self.quadrants.values() for m in items)

    def total(self) -> int:
        """How many strengths there are on the map, found or not."""
        return sum(len(items) for items in self.quadrants.values())

    def empty(self) -> list[str]:
        """The quadrants with nothing found in them, in order."""
        return [q for q, items in self.quadrants.items() if not any(m.found for m in items)]


def say(flow: StrengthsFlow, key: str, **values: object) -> str:
    """One of the map's own messages (``strengths.yaml``), filled in (an unknown placeholder is left as it is)."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), getattr(flow.messages, key))


def fill(text: str, **values: object) -> str:
    """A quadrant's prompt or nudge with {person} filled in."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), text)


def named(pattern: re.Pattern | None, turns: Sequence) -> bool:
    """Whether the worker said a strength back: its cue in a trap-free reflection, summary or affirmation."""
    listened = (t for t in turns if not t.traps and {"reflection", "summary", "affirmation"} & set(t.moves))
    return pattern is not None and any(pattern.search(t.text) for t in listened)


def practice_map(flows: Flows, scenario_id: str, revealed: Sequence[str], turns: Sequence) -> StrengthsMap:
    """The map for a practice person: each strength in its quadrant, found (said back, or told) or not yet.

    ``revealed`` are the ids of the facts the person told; ``turns`` the session's turns (text, moves, traps).
    """
    scenario = flows.scenarios[scenario_id]
    cues = dict(enumerate(pattern for _, pattern in flows.cues[scenario_id].strengths))
    quadrants: dict[str, list[Mapped]] = {q.id: [] for q in flows.strengths.quadrants}
    for index, strength in enumerate(scenario.strengths):
        found = bool(set(strength.told_in) & set(revealed)) or named(cues.get(index), turns)
        quadrants[strength.kind].append(Mapped(strength.text if found else "", found))
    for items in quadrants.values():
        items.sort(key=lambda m: not m.found)  # found first, in the scenario's order
    return StrengthsMap(person=scenario.person.name, quadrants=quadrants, practice=scenario.title)


def items_of(answer: str) -> list[str]:
    """The strengths in one typed answer: a line or a ';' each, blanks dropped."""
    return [item for item in SEPARATORS.split(answer.strip()) if item]


def typed_map(flow: StrengthsFlow, person: str, answers: dict[str, str]) -> StrengthsMap:
    """The map for someone the worker supports, from their answers (by quadrant id; a skipped one is absent)."""
    quadrants: dict[str, list[Mapped]] = {
        q.id: [Mapped(item, True) for item in items_of(answers.get(q.id, ""))] for q in flow.quadrants
    }
    return StrengthsMap(person=person, quadrants=quadrants)


def nudges(flow: StrengthsFlow, strengths: StrengthsMap) -> list[str]:
    """For each quadrant with nothing found, its nudge: where to look next."""
    return [fill(flow.quadrant(q).nudge, person=strengths.person) for q in strengths.empty()]


def render_map(flow: StrengthsFlow, strengths: StrengthsMap) -> str:
    """The map as text: each quadrant's strengths ("not found yet" for a missed one), the count, the nudges."""
    person = strengths.person
    if strengths.practice:
        lines = [say(flow, "practice_title", person=person, title=strengths.practice)]
    else:
        lines = [say(flow, "map_title", person=person)]
    for quadrant in flow.quadrants:
        lines += ["", say(flow, "quadrant_heading", title=quadrant.title)]
        items = strengths.quadrants[quadrant.id]
        lines += [say(flow, "item", item=m.text if m.found else say(flow, "not_found")) for m in items]
        if not items:
            lines.append(say(flow, "nothing"))
    if strengths.practice:
        key = "all_found" if strengths.found() == strengths.total() else "found_count"
        lines += ["", say(flow, key, found=strengths.found(), total=strengths.total(), person=person)]
    advice = nudges(flow, strengths)
    if advice:
        lines += ["", say(flow, "nudges_title"), *(say(flow, "nudge_line", nudge=n) for n in advice)]
    return "\n".join(lines)


def picture(flow: StrengthsFlow, strengths: StrengthsMap) -> bytes:
    """The map as a 2x2 grid, PNG bytes: found strengths in black, those not found yet in grey."""
    items = [
        [(m.text if m.found else say(flow, "not_found"), m.found) for m in strengths.quadrants[q.id]]
        for q in flow.quadrants
    ]
    title = say(flow, "image_title", person=strengths.person)
    return strengths_grid([q.title for q in flow.quadrants], items, title=title, empty=say(flow, "image_empty"))


def shown(flow: StrengthsFlow, strengths: StrengthsMap, *rows: tuple[Button, ...]) -> list[Reply]:
    """The map as a photo (its caption the title) and as text, with buttons under the text if given."""
    caption = say(flow, "caption", person=strengths.person)
    data = {"filename": FILENAME, "content": picture(flow, strengths)}
    text = render_map(flow, strengths)
    return [Reply("photo", caption, data=data), Reply("text", text, data={"strengths": True}, buttons=tuple(rows))]


class StrengthsMaps(Service):
    """The map of a practice person, from a finished session of the worker's own: nothing new is kept."""

    def say(self, key: str, **values: object) -> str:
        """One of the map's own messages, filled in."""
        return say(self.flows.strengths, key, **values)

    @refusals_as_notes
    def of_session(self, user: str, session_id: str | None = None) -> list[Reply]:
        """The map for a session (the worker's last finished one if none is given), offering to map a real person."""
        if session_id is None:
            finished = self.store.practice_summaries(user)
            if not finished:
                return [Reply("note", self.say("no_practice"), buttons=((self._new(),),))]
            session_id = finished[-1]["id"]
        session = self.store.session(session_id)
        if session is None or session.user != user:
            return [Reply("note", self.say("no_such_session"))]
        if session.scenario not in self.flows.scenarios:
            return [Reply("note", self.say("scenario_gone"))]
        strengths = practice_map(self.flows, session.scenario, session.revealed, self.store.turns(session.id))
        return shown(self.flows.strengths, strengths, (self._new(),))

    def _new(self) -> Button:
        """The button that starts a map for someone the worker supports."""
        return Button(self.say("btn_new"), "strengths", "new")
