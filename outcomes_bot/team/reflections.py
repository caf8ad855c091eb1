"""Reflections: written at any time, from a card, after a practice or to a prompt.

Every reflection is private to its writer. The writer shares it with a team
(that is, its supervisors) by pressing a button, and can stop sharing it or
delete it later. Buttons carry the reflection's version, so a press on an
old message ("replayed") is refused rather than undoing a later choice.
Before anything is kept, the writer is warned about details that could
identify a person they support, and may keep them or mask them.
"""

from __future__ import annotations

import secrets
from typing import NamedTuple

from ..practice.engine import MAX_CHARS
from ..replies import Button, Refused, Reply
from ..service import Service, refusals_as_notes

__all__ = ["DECKS", "MAX_CHARS", "PAGE", "Face", "Reflections"]

PAGE = 5
DECKS = ("", "principles", "senses")  # card sets: situations, the 12 risk principles, the Senses Framework


class Face(NamedTuple):
    """One reflection card as shown: its id (kept as the reflection's ref), what to think about, and a question."""

    id: str
    situation: str
    question: str


class Reflections(Service):
    """Write, keep, share, unshare and delete reflections, and draw reflection cards."""

    # --- writing ------------------------------------------------------------------------

    @refusals_as_notes
    def begin(self, user: str, kind: str = "free", ref: str = "", prompt_id: int | None = None) -> list[Reply]:
        """Ask for a reflection: the person's next message will be it (an unfinished other conversation stops)."""
        stopped = self.replacing(user, "reflection")
        self.store.set_pending(user, "reflection", {"kind": kind, "ref": ref, "prompt_id": prompt_id})
        return stopped + self._ask(kind, prompt_id)

    def _ask(self, kind: str, prompt_id: int | None) -> list[Reply]:
        """The question a reflection of ``kind`` is asked with, and a button to cancel it."""
        if kind == "practice":
            return self._note(
                "reflect_differently",
                (Button(self.text("btn_cancel"), "stop", "reflect"),),
                question=self.flows.supervision.differently,
            )
        if kind == "prompt" and prompt_id is not None:
            prompt = self.store.prompt(prompt_id)
            return self._note(
                "reflect_prompt",
                (Button(self.text("btn_cancel"), "stop", "reflect"),),
                prompt=prompt["text"] if prompt else "",
            )
        return self._note("reflect_ask", (Button(self.text("btn_cancel"), "stop", "reflect"),))

    @refusals_as_notes
    def card(self, user: str, index: int | None = None, deck: str = "") -> list[Reply]:
        """A reflection card from a set (``DECKS``), with 'write about this' and 'another card'."""
        if deck not in DECKS:
            raise Refused("card_unknown_deck", decks=", ".join(d for d in DECKS if d))
        faces = self.deck(deck)
        if index is None:
            index = self.store.count_reflections(user, "card")
        index %= len(faces)
        face = faces[index]
        text = self.text(
            "card", number=index + 1, total=len(faces), situation=face.situation, question=face.question
        )
        following = (index + 1) % len(faces)
        buttons = (
            Button(self.text("btn_write_card"), "card", face.id),
            Button(self.text("btn_another_card"), "cards", f"{deck}.{following}" if deck else str(following)),
        )
        return [Reply("text", text, buttons=(buttons,), data={"card": face.id})]

    def deck(self, deck: str) -> list[Face]:
        """The cards of one set: the situations, the 12 practice principles, or the six senses for three people."""
        if deck == "principles":
            risk = self.flows.risk
            return [
                Face(
                    f"principle_{p.number}",
                    risk.messages.principle_card.format(number=p.number, total=len(risk.principles), text=p.text),
                    p.prompt,
                )
                for p in risk.principles
            ]
        if deck == "senses":
            senses = self.flows.supervision.senses
            return [
                Face(
                    f"sense_{sense}_{who.id}",
                    "\n\n".join(
                        [who.card.format(sense=sense)] + [e for e in [senses.examples.get(sense, {}).get(who.id)] if e]
                    ),
                    senses.question,
                )
                for sense in senses.senses
                for who in senses.who
            ]
        question = self.flows.supervision.card_question
        return [Face(c.id, c.situation, question) for c in self.flows.supervision.cards]

    @refusals_as_notes
    def begin_card(self, user: str, card_id: str) -> list[Reply]:
        """Start writing about a card, from any set."""
        if not any(face.id == card_id for deck in DECKS for face in self.deck(deck)):
            raise Refused("bad_button")
        return self.begin(user, "card", card_id)

    @refusals_as_notes
    def write(
        self,
        user: str,
        text: str,
        kind: str = "free",
        ref: str = "",
        prompt_id: int | None = None,
    ) -> list[Reply]:
        """Keep a reflection, or first ask what to do about identifying details in it.

        A pending input other than the reflection ask this answers (a /risk conversation, when the text
        is a reply to a supervisor's prompt) is left as it was: it waits, set aside in the draft while
        the identifying details are settled, and carries on after.
        """
        text = text.strip()
        if not text:
            return self._note("reflect_empty")
        limit = MAX_CHARS * 20 if kind == "agenda" else MAX_CHARS  # an agenda gathers many answers
        if len(text) > limit:
            return self._note("too_long", limit=limit, length=len(text))
        found = self.identifying(text)
        if found:
            nonce = secrets.token_hex(4)  # binds the choice buttons to this draft and no other
            aside = self._aside(user)  # what was pending before this reflection: it carries on once it is settled
            draft = {"text": text, "kind": kind, "ref": ref, "prompt_id": prompt_id, "nonce": nonce, "aside": aside}
            self.store.set_pending(user, "identifiers", draft)
            choices = (
                (Button(self.text("btn_keep_as_written"), "pii", f"keep.{nonce}"),),
                (Button(self.text("btn_mask"), "pii", f"mask.{nonce}"),),
                (Button(self.text("btn_dont_save"), "pii", f"drop.{nonce}"),),
            )
            masked = self.masked(text, found)
            return self._note("pii_warning", *choices, kinds=self.kinds_of(found), masked=masked)
        return self._save(user, text=text, kind=kind, ref=ref, prompt_id=prompt_id, done=self._aside(user) is None)

    def _aside(self, user: str) -> list | None:
        """The person's pending input as [kind, data], unless it is the reflection ask being answered (or none)."""
        pending = self.store.pending(user)
        return list(pending) if pending is not None and pending[0] != "reflection" else None

    @refusals_as_notes
    def resolve(self, user: str, choice: str, nonce: str | None = None) -> list[Reply]:
        """Keep the waiting reflection as written, masked, or not at all (if ``nonce`` is its draft's)."""
        pending = self.store.pending(user)
        if pending is None or pending[0] != "identifiers":
            raise Refused("nothing_waiting")
        draft = pending[1]
        if nonce is not None and nonce != draft["nonce"]:
            raise Refused("out_of_date")
        if draft.get("aside"):  # what was pending before this reflection carries on
            self.store.set_pending(user, draft["aside"][0], draft["aside"][1])
        else:
            self.store.clear_pending(user)
        if choice == "drop":
            return self._note("reflect_dropped")
        text = draft["text"]
        if choice == "mask":
            text = self.masked(text)
        kind, ref, prompt_id = draft["kind"], draft["ref"], draft["prompt_id"]
        return self._save(user, text=text, kind=kind, ref=ref, prompt_id=prompt_id, done=False)

    def keep(self, user: str, text: str, kind: str, ref: str = "") -> list[Reply]:
        """Keep a text already checked for identifying details, answer by answer (a decision record), privately.

        The conversation that made it (the person's pending input) is over.
        """
        return self._save(user, text=text, kind=kind, ref=ref, prompt_id=None, done=True)

    def _save(self, user: str, text: str, kind: str, ref: str, prompt_id: int | None, done: bool) -> list[Reply]:
        """Keep a reflection privately and offer to share it; ``done``: the pending input it answered is over."""
        if done:
            self.store.clear_pending(user)
        reflection_id = self.store.add_reflection(user, text=text, kind=kind, ref=ref, prompt_id=prompt_id)
        teams = self.store.teams_of(user)
        said = self.text("reflect_saved" if teams else "reflect_saved_no_team")
        return [Reply("note", said, buttons=self._buttons(user, self._kept(reflection_id)))]

    # --- sharing, unsharing, deleting -----------------------------------------------------

    @refusals_as_notes
    def share(self, user: str, reflection_id: int, team_id: int, version: int, shared: bool) -> list[Reply]:
        """Share a reflection with a team, or stop sharing it, if the button is current and it is theirs."""
        self._own(user, reflection_id, version)
        team = self.store.team(team_id) if self.store.role(team_id, user) is not None else None
        if team is None:
            raise Refused("not_in_that_team")
        self.store.set_shared(reflection_id, team_id, shared)
        said = self.text("reflect_shared" if shared else "reflect_unshared", team=team["name"])
        return [Reply("note", said, buttons=self._buttons(user, self._kept(reflection_id)))]

    @refusals_as_notes
    def delete(self, user: str, reflection_id: int, version: int) -> list[Reply]:
        """Delete one of the person's reflections, shares and all."""
        self._own(user, reflection_id, version)
        self.store.delete_reflection(reflection_id)
        return self._note("reflect_deleted")

    def _own(self, user: str, reflection_id: int, version: int) -> dict:
        """The reflection, if it exists, is the person's, and the button is current; refused if not."""
        reflection = self._kept(reflection_id)
        if reflection["user"] != user:
            raise Refused("reflect_gone")
        if reflection["version"] != version:
            raise Refused("out_of_date")
        return reflection

    def _kept(self, reflection_id: int) -> dict:
        """A reflection by id; refused if it is gone."""
        reflection = self.store.reflection(reflection_id)
        if reflection is None:
            raise Refused("reflect_gone")
        return reflection

    def _buttons(self, user: str, reflection: dict, teams: list[dict] | None = None) -> tuple[tuple[Button, ...], ...]:
        """Share or unshare with each of the person's ``teams``, and delete; all bound to this version."""
        rid, version = reflection["id"], reflection["version"]
        rows = []
        for team in self.store.teams_of(user) if teams is None else teams:
            if team["id"] in reflection["shared_with"]:
                label, action = self.text("btn_unshare", team=team["name"]), "unshare"
            else:
                label, action = self.text("btn_share", team=team["name"]), "share"
            rows.append((Button(label, action, f"{rid}.{team['id']}.{version}"),))
        rows.append((Button(self.text("btn_delete"), "delete", f"{rid}.{version}"),))
        return tuple(rows)

    # --- reading one's own ------------------------------------------------------------------

    @refusals_as_notes
    def mine(self, user: str, offset: int = 0) -> list[Reply]:
        """The person's own reflections, newest first, a page at a time, each with its buttons."""
        total = self.store.count_reflections(user)
        if total == 0:
            return self._note("reflect_none")
        offset = max(0, min(offset, total - 1))
        replies = [
            Reply("note", self.text("reflect_list", first=offset + 1, last=min(offset + PAGE, total), total=total))
        ]
        teams = self.store.teams_of(user)  # once for the page, not once per reflection
        names = {t["id"]: t["name"] for t in teams}
        for reflection in self.store.reflections_of(user, PAGE, offset):
            shared = [names[t] for t in reflection["shared_with"] if t in names]
            status = self.text("shared_with", teams=", ".join(shared)) if shared else self.text("private")
            text = self.text("reflect_item", date=reflection["created_at"][:10], status=status, text=reflection["text"])
            replies.append(Reply("text", text, buttons=self._buttons(user, reflection, teams)))
        if offset + PAGE < total:
            replies.append(
                Reply(
                    "note",
                    self.text("more_reflections"),
                    buttons=((Button(self.text("btn_older"), "mine", str(offset + PAGE)),),),
                )
            )
        return replies
