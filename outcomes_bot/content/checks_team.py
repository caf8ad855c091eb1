"""The second pass over the team flows: supervision questions, tea-brief prompts and the privacy words."""

from __future__ import annotations

import re

from .schema_team import SENSE_WHO, SENSES, PrivacyFlow, SensesCards, SupervisionFlow, TeaBriefFlow, TeaLanguage
from .words import ONE_WORD, words_of
from .yamlsource import FlowError, Source


def check_supervision(src: Source, flow: SupervisionFlow, errors: list[FlowError]) -> None:
    """Ids are unique, every section feeds an agenda item, and only {person} is filled in."""
    agenda = [item.id for item in flow.agenda]
    lists = (("sections", [s.id for s in flow.sections]), ("agenda", agenda), ("cards", [c.id for c in flow.cards]))
    for kind, ids in lists:
        for index, name in enumerate(ids):
            if name in ids[:index]:
                errors.append(src.error((kind, index, "id"), f"duplicate id '{name}'", "give each one its own id"))
    for index, section in enumerate(flow.sections):
        if section.agenda not in agenda:
            errors.append(
                src.error(
                    ("sections", index, "agenda"),
                    f"unknown agenda item '{section.agenda}'",
                    f"use one of: {', '.join(agenda)}",
                )
            )
        for number, question in enumerate(section.questions):
            _only_person(src, ("sections", index, "questions", number), question, errors)
    for index, item in enumerate(flow.agenda):
        _only_person(src, ("agenda", index, "title"), item.title, errors)
        _only_person(src, ("agenda", index, "note"), item.note, errors)
    check_senses(src, flow.senses, errors)


def check_senses(src: Source, senses: SensesCards, errors: list[FlowError]) -> None:
    """The guide's six senses in its order, for the person, the family and the worker; only {sense} filled in."""
    if tuple(senses.senses) != SENSES:
        fix = f"list the guide's six, in its order: {', '.join(SENSES)}"
        errors.append(src.error(("senses", "senses"), "not the Senses Framework's six senses", fix))
    if tuple(w.id for w in senses.who) != SENSE_WHO:
        fix = f"write one card for each, in this order: {', '.join(SENSE_WHO)}"
        errors.append(src.error(("senses", "who"), "not the person, the family and the worker", fix))
    for index, who in enumerate(senses.who):
        for name in re.findall(r"\{([^{}]*)\}", who.card):
            if name != "sense":
                fix = "the only placeholder here is {sense}"
                errors.append(src.error(("senses", "who", index, "card"), f"unknown placeholder '{{{name}}}'", fix))
    for sense in senses.examples:
        if sense not in senses.senses:
            fix = f"use one of: {', '.join(senses.senses)}"
            errors.append(src.error(("senses", "examples", sense), f"unknown sense '{sense}'", fix))


def _only_person(src: Source, path: tuple, text: str, errors: list[FlowError]) -> None:
    """A text's placeholders are {person} and nothing else."""
    for name in re.findall(r"\{([^{}]*)\}", text):
        if name != "person":
            errors.append(src.error(path, f"unknown placeholder '{{{name}}}'", "the only placeholder here is {person}"))


def check_teabrief(src: Source, flow: TeaBriefFlow, errors: list[FlowError]) -> None:
    """Prompt and story ids are unique, and there is a prompt for actions and one for support."""
    for kind, ids in (("prompts", [p.id for p in flow.prompts]), ("stories", [s.id for s in flow.stories])):
        for index, name in enumerate(ids):
            if name in ids[:index]:
                errors.append(src.error((kind, index, "id"), f"duplicate id '{name}'", "give each one its own id"))
    parts = {p.part for p in flow.prompts}
    if flow.senses.part != "senses" or "senses" in parts:
        fix = "give the closing senses question part: senses, and no other prompt"
        errors.append(src.error(("senses", "part"), "the senses question's part is misplaced", fix))
    if flow.senses.id in {p.id for p in flow.prompts}:
        errors.append(src.error(("senses", "id"), f"duplicate id '{flow.senses.id}'", "give it its own id"))
    for part in ("actions", "support"):
        if part not in parts:
            errors.append(src.error(("prompts",), f"no prompt with part '{part}'", f"add a prompt with part: {part}"))
    check_tea_language(src, flow.language, errors)


TEA_WORDS = ("name_joiner", "by", "next", "of")  # one word each
TEA_WORD_LISTS = ("not_names", "days", "month_starts", "ordinal_endings")  # one word per item
TEA_PHRASE_LISTS = ("me", "us", "will", "soon")  # a word or a few, one space apart


def check_tea_language(src: Source, language: TeaLanguage, errors: list[FlowError]) -> None:
    """The tea-brief's words: each in lower case and listed once, words one word, the letters letters."""
    here = ("language",)
    for field in TEA_WORDS:
        _tea_word(src, (*here, field), getattr(language, field), errors)
    for field in TEA_WORD_LISTS + TEA_PHRASE_LISTS:
        seen: set[str] = set()
        for index, item in enumerate(getattr(language, field)):
            path = (*here, field, index)
            if field in TEA_WORD_LISTS:
                _tea_word(src, path, item, errors)
            elif item != item.lower() or not all(ONE_WORD.fullmatch(word) for word in item.split(" ")):
                fix = "write words in lower case, one space between them"
                errors.append(src.error(path, f"'{item}' is not a lower-case phrase", fix))
            if item in seen:
                errors.append(src.error(path, f"'{item}' is listed twice", "remove one of them"))
            seen.add(item)
    letters = language.letters
    if not letters.isalpha() or letters != letters.lower() or len(set(letters)) != len(letters):
        fix = "write the alphabet's letters once each, in lower case, with nothing between them"
        errors.append(src.error((*here, "letters"), f"'{letters}' is not a list of lower-case letters", fix))
    joined = language.will_joined
    if joined != joined.lower() or " " in joined:
        fix = 'write what joins on to a name, in lower case, without spaces, e.g. "\'ll"'
        errors.append(src.error((*here, "will_joined"), f"'{joined}' is not joined on to a word", fix))


def _tea_word(src: Source, path: tuple, word: str, errors: list[FlowError]) -> None:
    """One word in lower case, as a listed word must be."""
    if not ONE_WORD.fullmatch(word) or word != word.lower():
        errors.append(
            src.error(path, f"'{word}' is not one lower-case word", "write one word in lower case, no spaces")
        )


def check_privacy(src: Source, flow: PrivacyFlow, errors: list[FlowError]) -> None:
    """Each word is one lower-case word and listed once; each well-known name has two words or more."""
    phrases = ("birth_words", "birthday_words", "well_known")
    for field in PrivacyFlow.model_fields:
        seen: set[str] = set()
        for index, word in enumerate(getattr(flow, field)):
            path = (field, index)
            if field == "well_known":
                key = " ".join(words_of(word))
                if len(key.split()) < 2:
                    errors.append(src.error(path, f"'{word}' is one word", "write the whole name, e.g. 'Mr Men'"))
            elif field in phrases:
                key = word
                if word != word.lower():
                    fix = f"write it in lower case: '{word.lower()}'"
                    errors.append(src.error(path, f"'{word}' has capitals", fix))
            else:
                key = word
                if not ONE_WORD.fullmatch(word) or word != word.lower():
                    fix = "write one word in lower case, no spaces"
                    errors.append(src.error(path, f"'{word}' is not one lower-case word", fix))
            if key in seen:
                errors.append(src.error(path, f"'{word}' is listed twice", "remove one of them"))
            seen.add(key)
    for field, within, what in (
        ("titles_ambiguous", set(flow.titles), "titles"),
        ("everyday_words", set(flow.given_names) | set(flow.surnames), "given_names or surnames"),
    ):
        for index, word in enumerate(getattr(flow, field)):
            if word not in within:
                fix = f"add it to {what}, or remove it"
                errors.append(src.error((field, index), f"'{word}' is not in {what}", fix))
