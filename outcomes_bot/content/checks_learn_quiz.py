"""The second pass over ``flows/quiz.yaml``.

``check_quiz`` holds the key together (one item per number, answer and
category agree, each explanation names its category) and holds every item to
Telegram's quiz-poll limits.
"""

from __future__ import annotations

import re

from .schema_learn_quiz import (
    CATEGORY_IDS,
    POLL_EXPLANATION_LINE_FEEDS,
    POLL_EXPLANATION_MAX,
    POLL_OPTION_MAX,
    POLL_QUESTION_MAX,
    QuizFlow,
    QuizMessages,
)
from .yamlsource import FlowError, Source

PLACEHOLDERS = {  # message key -> the names the program fills in; a key not listed takes none
    "intro": {"count"},
    "question": {"position", "count", "statement"},
    "ask_again": {"line"},
    "right": {"explanation"},
    "wrong": {"answer", "explanation"},
    "result": {"score", "total"},
    "come_back": {"numbers"},
    "ran_out": {"answered", "count"},
    "group_intro": {"count", "minutes"},
    "group_result": {"answers", "right", "most"},
    "group_hardest": {"statement", "wrong", "answered", "answer", "explanation"},
}


def check_quiz(src: Source, flow: QuizFlow, errors: list[FlowError]) -> None:
    """The key is whole and consistent, every message fills in only its own names, and polls fit Telegram."""
    _check_categories(src, flow, errors)
    _check_numbers(src, flow, errors)
    for index, item in enumerate(flow.items):
        path = ("items", index)
        if item.outcome != (item.category == "outcome"):
            fix = "set outcome: true only for category outcome" if item.outcome else "set category: outcome"
            errors.append(src.error(path + ("outcome",), f"item {item.number}: answer and category disagree", fix))
        _check_explanation(src, flow, index, errors)
    if _check_messages(src, flow.messages, errors):
        _check_questions(src, flow, errors)
    for field in ("private", "group", "terminal"):
        if getattr(flow.sizes, field) > len(flow.items):
            fix = f"use at most {len(flow.items)}, the number of items"
            errors.append(src.error(("sizes", field), "more statements than there are items", fix))


def _check_questions(src: Source, flow: QuizFlow, errors: list[FlowError]) -> None:
    """Every statement, put in the question as the biggest quiz would number it, fits a poll question."""
    count = max(len(flow.items), flow.sizes.private, flow.sizes.group, flow.sizes.terminal)
    for index, item in enumerate(flow.items):
        question = flow.messages.question.format(position=count, count=count, statement=item.statement)
        if len(question) > POLL_QUESTION_MAX:
            fix = f"shorten messages.question so the longest is {POLL_QUESTION_MAX} characters or fewer"
            errors.append(src.error(("items", index, "statement"), f"poll question is {len(question)} characters", fix))


def _check_categories(src: Source, flow: QuizFlow, errors: list[FlowError]) -> None:
    """All four of the guide's terms are described."""
    for name in CATEGORY_IDS:
        if name not in flow.categories:
            errors.append(src.error(("categories",), f"no category '{name}'", f"add '{name}:' under categories"))


def _check_numbers(src: Source, flow: QuizFlow, errors: list[FlowError]) -> None:
    """Items are numbered 1, 2, 3... in order, as the guide numbers them, each statement once."""
    statements: set[str] = set()
    for index, item in enumerate(flow.items):
        if item.number != index + 1:
            fix = f"number the items 1 to {len(flow.items)} in order, without gaps or repeats"
            errors.append(src.error(("items", index, "number"), f"item {index + 1} has number {item.number}", fix))
        if item.statement in statements:
            errors.append(src.error(("items", index, "statement"), "statement listed twice", "remove one of them"))
        statements.add(item.statement)


def _check_explanation(src: Source, flow: QuizFlow, index: int, errors: list[FlowError]) -> None:
    """An explanation fits a quiz poll and names its item's category."""
    item = flow.items[index]
    path = ("items", index, "explanation")
    text = item.explanation
    if len(text) > POLL_EXPLANATION_MAX:
        fix = f"shorten it to {POLL_EXPLANATION_MAX} characters or fewer (Telegram's limit for a quiz explanation)"
        errors.append(src.error(path, f"item {item.number}: explanation is {len(text)} characters", fix))
    if text.count("\n") > POLL_EXPLANATION_LINE_FEEDS:
        fix = f"use at most {POLL_EXPLANATION_LINE_FEEDS} line breaks"
        errors.append(src.error(path, f"item {item.number}: explanation has {text.count(chr(10))} line breaks", fix))
    category = flow.categories.get(item.category)
    if category and not any(re.search(rf"\b{re.escape(word)}\b", text, re.I) for word in category.called):
        fix = f"say which it is: {' or '.join(repr(word) for word in category.called)}"
        errors.append(src.error(path, f"item {item.number}: explanation does not name its category", fix))


def _check_messages(src: Source, messages: QuizMessages, errors: list[FlowError]) -> bool:
    """Placeholders are the ones the program fills in; options fit a poll; yes and no words differ.

    True when the placeholders are all known, so the messages can be filled in.
    """
    before = len(errors)
    for key in QuizMessages.model_fields:
        value = getattr(messages, key)
        for text in value if isinstance(value, list) else [value]:
            for name in re.findall(r"\{([^{}]*)\}", text):
                if name not in PLACEHOLDERS.get(key, set()):
                    allowed = ", ".join(f"{{{n}}}" for n in sorted(PLACEHOLDERS.get(key, set()))) or "none"
                    fix = f"use only these here: {allowed}"
                    errors.append(src.error(("messages", key), f"unknown placeholder '{{{name}}}'", fix))
    for key in ("yes", "no"):
        if len(getattr(messages, key)) > POLL_OPTION_MAX:
            fix = f"shorten it to {POLL_OPTION_MAX} characters or fewer (Telegram's limit for a poll option)"
            errors.append(src.error(("messages", key), "poll option too long", fix))
    known = len(errors) == before
    both = {w.lower() for w in messages.yes_words} & {w.lower() for w in messages.no_words}
    for word in sorted(both):
        errors.append(src.error(("messages", "no_words"), f"'{word}' means both yes and no", "list it once"))
    return known
