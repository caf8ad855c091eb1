"""Saying a statement's words back: to whoever spoke ("my" -> "your"), or in the person's own voice ("her" -> "my").

The word maps are ``voice:`` in ``flows/outcomes.yaml``. ``Who`` says who a
statement is about (the speaker, a relative, someone named, or nobody named)
and so how the person is named in a question ("you", "your mum") and which
maps turn their words round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.checks_learn_outcomes import OutcomeRules
from ..content.schema_learn_outcomes import Voice

TOKEN = re.compile(r"[\w'’-]+|[^\w'’-]+")
OWNER = re.compile(r"^(?:my|our)\s+", re.IGNORECASE)
PRONOUN = re.compile(r"\b(she|her|hers|herself|he|him|his|himself)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Who:
    """Who a statement is about: ``first`` (the speaker), ``family``, ``named`` or ``none``; and their gender."""

    role: str
    words: str  # as typed: "Mum", "my dad", "Mrs Jones"
    gender: str | None  # "she", "he" or None

    def them(self) -> str:
        """How the person is named to whoever is asked: "your mum" to a relative, else "you" (asked directly)."""
        if self.role == "family":
            return "your " + OWNER.sub("", self.words).lower()
        return "you"

    def obj(self) -> str:
        """The person as an object, to whoever is asked: "her", "him", "them" for a relative, else "you"."""
        if self.role == "family":
            return {"she": "her", "he": "him"}.get(self.gender or "", "them")
        return "you"


def who_of(rules: OutcomeRules, text: str) -> Who:
    """Who ``text`` is about: the first relative, named person or first-person word in it."""
    voice = rules.flow.voice
    found = rules.who.search(text)
    if found is None:
        return Who("none", "", _pronoun_gender(text))
    role = next(group for group in ("family", "named", "first") if found.group(group))
    words = found.group(role)
    if role == "first":
        return Who(role, words, None)
    key = OWNER.sub("", words).split()[0].lower()
    gender = "she" if key in voice.she else "he" if key in voice.he else _pronoun_gender(text)
    return Who(role, words, gender)


def _pronoun_gender(text: str) -> str | None:
    """"she" or "he" from the first third-person pronoun in ``text``, if any."""
    found = PRONOUN.search(text)
    if found is None:
        return None
    return "she" if found.group(1).lower().startswith(("she", "her")) else "he"


def said_back(voice: Voice, who: Who, words: str) -> str:
    """``words`` said to whoever is asked: "my" -> "your"; and to the person themself ("her" -> "your")."""
    maps = [voice.to_you]
    if who.role != "family" and who.gender is not None:
        maps.append(voice.she_to_you if who.gender == "she" else voice.he_to_you)
    return _turn(voice, words, maps, voice.verbs_you, object_form="you")


def own_voice(voice: Voice, who: Who, words: str) -> str:
    """``words`` as the person would say them: "her friends" -> "my friends", "she feels" -> "I feel"."""
    if who.role == "first" or who.gender is None:
        return words
    maps = [voice.she_to_i if who.gender == "she" else voice.he_to_i]
    return _turn(voice, words, maps, voice.verbs_i, object_form="me")


def _turn(voice: Voice, words: str, maps: list[dict[str, str]], verbs: dict[str, str], object_form: str) -> str:
    """Each word through the first map that has it; "her" before an object word is ``object_form``;
    the verb after a subject that changed takes the new subject's form."""
    tokens = TOKEN.findall(words)
    out: list[str] = []
    subject_changed = ""
    for index, token in enumerate(tokens):
        low = token.lower().replace("’", "'")
        if not re.match(r"[\w'-]", token):
            out.append(token)
            continue
        if subject_changed:
            out.append(_verb(voice, low, verbs, token, third=subject_changed in ("he", "she")))
            subject_changed = ""
            continue
        mapped = next((m[low] for m in maps if low in m), None)
        if mapped is not None and low == "her" and _next_word(tokens, index) in {*voice.object_before, ""}:
            mapped = object_form
        if mapped is None:
            out.append(token)
            continue
        subject_changed = low if low in voice.subjects else ""
        out.append(mapped.capitalize() if token[0].isupper() and mapped != "I" else mapped)
    return "".join(out)


def _verb(voice: Voice, low: str, verbs: dict[str, str], token: str, third: bool) -> str:
    """The verb after a changed subject: from the map, or (after "he", "she") without its third-person -s."""
    if low in verbs:
        return verbs[low]
    return re.sub(voice.third_person_s, "", token) if third and re.search(voice.third_person_s, low) else token


def _next_word(tokens: list[str], index: int) -> str:
    """The next word after ``tokens[index]``, lower case ("" at the end or before a stop)."""
    for token in tokens[index + 1 :]:
        if re.match(r"[\w'-]", token):
            return token.lower()
        if re.search(r"[.,;!?]", token):
            return ""
    return ""
