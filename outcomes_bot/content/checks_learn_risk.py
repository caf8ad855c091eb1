"""The second pass over ``flows/risk.yaml``.

``check_risk`` holds the conversation to the guide: all four impacts asked for
doing it and for not doing it, every part asked once, the three tests in the
guide's order with "what is missing" for each part they need, the 12
principles numbered in order, and every text filling in only its own names.
"""

from __future__ import annotations

from .problems import only_placeholders
from .schema_learn_risk import IMPACT_PARTS, IMPACTS, PARTS, PRINCIPLES, TEST_IDS, RiskFlow, RiskMessages
from .schema_learn_steps import STEP_PLACEHOLDERS
from .yamlsource import FlowError, Source

PLACEHOLDERS = {  # message key -> the names the program fills in; a key not listed takes none
    **STEP_PLACEHOLDERS,
    "question": {"number", "total", "title", "ask"},
    "record_title": {"person"},
    "test_met": {"name", "met"},
    "test_missing": {"name"},
    "missing_item": {"missing"},
    "test_rule": {"judged"},
    "principle_card": {"number", "total", "text"},
    "btn_principle": {"number"},
}


def check_risk(src: Source, flow: RiskFlow, errors: list[FlowError]) -> None:
    """The conversation, tests, principles and messages are whole and fill in only their own names."""
    if tuple(flow.impacts) != IMPACTS:
        fix = f"list the guide's four, in its order: {', '.join(IMPACTS)}"
        errors.append(src.error(("impacts",), "not the guide's four impacts", fix))
    _check_steps(src, flow, errors)
    _check_tests(src, flow, errors)
    _check_principles(src, flow, errors)
    for field in ("blank_answers", "defensive_phrases"):
        _check_words(src, field, getattr(flow, field), errors)
    for key in RiskMessages.model_fields:
        only_placeholders(src, ("messages", key), getattr(flow.messages, key), PLACEHOLDERS.get(key, set()), errors)


def _check_steps(src: Source, flow: RiskFlow, errors: list[FlowError]) -> None:
    """Ids are unique; each part is asked once, and each risk part once per impact."""
    seen: set[str] = set()
    asked: dict[tuple[str, str | None], int] = {}  # (part, impact) -> the step that asks it
    for index, step in enumerate(flow.steps):
        path = ("steps", index)
        if step.id in seen:
            errors.append(src.error((*path, "id"), f"duplicate id '{step.id}'", "give each step its own id"))
        seen.add(step.id)
        if (step.part in IMPACT_PARTS) != (step.impact is not None):
            fix = "give an impact to a risk step (doing, not_doing), and none to any other"
            errors.append(src.error((*path, "impact"), f"step '{step.id}': impact and part disagree", fix))
        key: tuple[str, str | None] = (step.part, step.impact)
        if key in asked:
            errors.append(src.error((*path, "part"), f"step '{step.id}' asks what is asked already", "remove one"))
        asked[key] = index
        for field in ("title", "ask"):
            only_placeholders(src, (*path, field), getattr(step, field), {"person"}, errors)
    for part in PARTS:
        wanted: list[str | None] = list(IMPACTS) if part in IMPACT_PARTS else [None]
        for impact in wanted:
            if (part, impact) not in asked:
                what = f"part '{part}'" + (f", impact '{impact}'" if impact else "")
                errors.append(src.error(("steps",), f"no step for {what}", f"add a step with {what}"))


def _check_tests(src: Source, flow: RiskFlow, errors: list[FlowError]) -> None:
    """The guide's three tests in its order; 'what is missing' for each part needed; one reads defensive words."""
    ids = tuple(test.id for test in flow.tests)
    if ids != TEST_IDS:
        fix = f"list the guide's three tests, in its order: {', '.join(TEST_IDS)}"
        errors.append(src.error(("tests",), f"tests are {', '.join(ids)}", fix))
    for index, test in enumerate(flow.tests):
        path = ("tests", index)
        if set(test.missing) != set(test.needs):
            fix = f"say what is missing for each part in needs, and only those: {', '.join(test.needs)}"
            errors.append(src.error((*path, "missing"), f"test '{test.id}': missing and needs disagree", fix))
        for part, said in test.missing.items():
            names = {"person", "impacts"} if part in IMPACT_PARTS else {"person"}
            only_placeholders(src, (*path, "missing", part), said, names, errors)
        for field in ("judged", "met"):
            only_placeholders(src, (*path, field), getattr(test, field), {"person"}, errors)
        if (test.defensive is not None) != (test.id == "defensible"):
            fix = "set 'defensive:' on the defensible test, and only there"
            errors.append(src.error((*path, "defensive"), f"test '{test.id}': defensive wording misplaced", fix))
        if test.defensive is not None:
            only_placeholders(src, (*path, "defensive"), test.defensive, {"phrase", "person"}, errors)


def _check_principles(src: Source, flow: RiskFlow, errors: list[FlowError]) -> None:
    """The 12 principles, numbered 1 to 12 in order, each text once."""
    if len(flow.principles) != PRINCIPLES:
        fix = f"list all {PRINCIPLES} of the guide's practice principles"
        errors.append(src.error(("principles",), f"{len(flow.principles)} principles", fix))
    texts: set[str] = set()
    for index, principle in enumerate(flow.principles):
        if principle.number != index + 1:
            fix = "number the principles 1 to 12 in the guide's order"
            errors.append(src.error(("principles", index, "number"), f"principle {index + 1} has another number", fix))
        if principle.text in texts:
            errors.append(src.error(("principles", index, "text"), "principle listed twice", "remove one of them"))
        texts.add(principle.text)


def _check_words(src: Source, field: str, words: list[str], errors: list[FlowError]) -> None:
    """Each word or phrase is in lower case and listed once."""
    seen: set[str] = set()
    for index, word in enumerate(words):
        if word != word.lower():
            fix = f"write it in lower case: '{word.lower()}'"
            errors.append(src.error((field, index), f"'{word}' has capitals", fix))
        if word in seen:
            errors.append(src.error((field, index), f"'{word}' is listed twice", "remove one of them"))
        seen.add(word)
