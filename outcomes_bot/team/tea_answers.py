"""Answers to a tea-brief round: replies in the group, or private answers through the round's deep link.

Nothing written privately reaches the group unless its writer chooses so,
and a support request never does. A member is named in the summary only if
they agreed.
"""

from __future__ import annotations

import re
import secrets

from ..replies import Button, Refused, Reply
from ..service import refusals_as_notes
from .tea_rounds import TeaRounds

# A round's deep link, as _link writes it: tb<round>-<token>, and -s for the support prompt. The token
# (secrets.token_urlsafe(9) in the store) is 12 characters that may themselves end in "-s".
LINK = re.compile(r"tb(\d{1,12})-([A-Za-z0-9_-]{1,40})")
TOKEN_LENGTH = 12


class TeaAnswers(TeaRounds):
    """Take answers in the group and in private, consent to be named, and forgetting one's answers."""

    @refusals_as_notes
    def reply(self, chat_id: int, user: str, name: str, ref: str, text: str) -> list[Reply] | None:
        """A member's reply in the group to one of the bot's prompts; None if it was not to one."""
        posted = self.store.round_message(chat_id, ref)
        if posted is None:
            return None
        text = text.strip()
        if not text:
            return self._note("teabrief_empty")
        if posted["prompt"] == "intro":
            return self._note("teabrief_reply_to_a_question")
        prompt, round_ = posted["prompt"], self.store.round(posted["round_id"])
        outside = prompt.startswith("action:") or prompt == "share"  # a follow-up or share-and-tell: no round open
        if round_ is not None and not outside and round_["closed_at"]:
            raise Refused("teabrief_round_closed")
        self.store.add_answer(
            round_id=posted["round_id"], chat_id=chat_id, user=user, name=name, prompt=prompt, text=text, private=False
        )
        if round_ is None or outside:
            return self._ack()
        if self._part(round_, prompt) == "support":  # said in the group after all: reassure them privately
            return self._ack() + [Reply("note", self.text("teabrief_support_in_group"), to=user)]
        return self._ack() + self._warn_in_group(user, text)

    def _warn_in_group(self, user: str, text: str) -> list[Reply]:
        """A private word to the writer if their group answer seems to identify someone; the summary masks it."""
        found = self.identifying(text)
        if not found:
            return []
        return [Reply("note", self.text("teabrief_pii_group", kinds=self.kinds_of(found)), to=user)]

    def _ack(self) -> list[Reply]:
        """'Noted', which a front end may show as a reaction rather than a message."""
        return [Reply("note", self.text("teabrief_noted"), data={"ack": True})]

    @refusals_as_notes
    def name_me(self, chat_id: int, user: str, round_id: int, named: bool) -> list[Reply]:
        """A member agrees, or declines, to be named in a round's summary."""
        if self._round(round_id)["chat_id"] != chat_id:
            raise Refused("bad_button")
        self.store.set_named(round_id, user, named)
        return self._note("teabrief_named" if named else "teabrief_not_named")

    @refusals_as_notes
    def from_link(self, user: str, payload: str) -> list[Reply] | None:
        """A round's deep link opened in a private chat; None if ``payload`` is not one."""
        link = LINK.fullmatch(payload)
        if link is None:
            return None
        token = link.group(2)
        support = len(token) == TOKEN_LENGTH + 2 and token.endswith("-s")
        return self.private_start(user, int(link.group(1)), token[:TOKEN_LENGTH] if support else token, support)

    @refusals_as_notes
    def private_start(self, user: str, round_id: int, token: str, support: bool = False) -> list[Reply]:
        """In a private chat, from the group's deep link (its token checked): which prompt to answer."""
        round_ = self._round(round_id)
        if not secrets.compare_digest(token, round_["token"] or ""):
            raise Refused("bad_button")
        if round_["closed_at"]:
            raise Refused("teabrief_round_closed")
        prompts = self._prompts(round_)
        if support:
            index = next((n for n, (pid, _) in enumerate(prompts) if self._part(round_, pid) == "support"), None)
            if index is not None:
                return self.private_pick(user, round_id, index)
        rows = tuple((Button(label[:60], "tbp", f"{round_id}.{n}"),) for n, (_, label) in enumerate(prompts))
        return [Reply("text", self.text("teabrief_private_choose"), buttons=rows)]

    @refusals_as_notes
    def private_pick(self, user: str, round_id: int, index: int) -> list[Reply]:
        """Ask for a private answer to one prompt."""
        round_ = self.store.round(round_id)
        if round_ is None or round_["closed_at"]:
            raise Refused("teabrief_round_closed")
        prompts = self._prompts(round_)
        if not 0 <= index < len(prompts):
            raise Refused("bad_button")
        prompt_id, label = prompts[index]
        self.store.set_pending(user, "teabrief", {"round_id": round_id, "prompt": prompt_id})
        return self._note("teabrief_private_ask", prompt=label)

    @refusals_as_notes
    def private_answer(self, user: str, name: str, text: str, data: dict) -> list[Reply]:
        """Keep a private answer; it reaches the group only if its writer says so (support never does)."""
        text = text.strip()
        if not text:
            return self._note("teabrief_empty")
        round_ = self.store.round(data["round_id"])
        self.store.clear_pending(user)  # the answer asked for has come: refused or kept, it is no longer awaited
        if round_ is None or round_["closed_at"]:
            raise Refused("teabrief_round_closed")
        answer_id = self.store.add_answer(
            round_id=round_["id"],
            chat_id=round_["chat_id"],
            user=user,
            name=name,
            prompt=data["prompt"],
            text=text,
            private=True,
        )
        if self._part(round_, data["prompt"]) == "support":
            return self._note("teabrief_private_support")
        share = (Button(self.text("btn_add_to_summary"), "tbshare", str(answer_id)),)
        found = self.identifying(text)
        if found:  # kept as written, privately; masked if it is ever added to the summary
            return self._note("teabrief_private_saved_pii", share, kinds=self.kinds_of(found))
        return self._note("teabrief_private_saved", share)

    @refusals_as_notes
    def share_private(self, user: str, answer_id: int) -> list[Reply]:
        """Let one's own private answer into the group summary (without a name unless agreed)."""
        answer = self.store.answer(answer_id)
        if answer is None or answer["user"] != user or not answer["private"]:
            raise Refused("bad_button")
        self.store.set_answer_shared(answer_id, True)
        return self._note("teabrief_private_shared")

    @refusals_as_notes
    def forget_mine(self, chat_id: int, user: str) -> list[Reply]:
        """Delete everything the person answered in this group."""
        return self._note("teabrief_forgot_mine", count=self.store.delete_answers(chat_id, user))
