"""The word model: deterministic, offline, explainable, and only a backup to the rules."""

from __future__ import annotations

import json
from dataclasses import replace

from outcomes_bot.coach.classifier import classify, reading
from outcomes_bot.coach.evaluate import default_corpus, load_corpus
from outcomes_bot.coach.model import MODEL_PATH, TrapModel, features, train
from outcomes_bot.content.schema import TRAP_IDS


def test_the_model_ships_inside_the_package_and_loads_offline():
    assert MODEL_PATH.exists()
    model = TrapModel.load()
    assert set(model.weights) == {"any", *TRAP_IDS}
    assert 0 < model.threshold <= model.cautious_threshold <= 1


def test_training_is_deterministic():
    items = [i for i in load_corpus(default_corpus()) if i.split == "dev"][:120]
    texts, labels = [i.text for i in items], [i.traps for i in items]
    first = train(texts, labels, 0.8, 0.9, epochs=5)
    assert json.dumps(first, sort_keys=True) == json.dumps(train(texts, labels, 0.8, 0.9, epochs=5), sort_keys=True)


def test_features_know_where_they_are(flows):
    """Each word or word pair points at exactly the text it came from, read as the coach reads it."""
    text = reading("Dont you think u should rest", flows.rules)
    assert text == "don't you think you should rest"
    for feature, start, end in features(text):
        assert " ".join(text[start:end].split()) == feature


def test_the_model_speaks_only_when_the_rules_are_silent(flows):
    alone = replace(flows.rules, model=None)
    items = load_corpus(default_corpus())
    for item in items[:300]:
        with_model, rules_only = classify(item.text, rules=flows.rules), classify(item.text, rules=alone)
        if rules_only.traps:
            assert with_model.traps == rules_only.traps
        elif with_model.traps:
            det = with_model.traps[0]
            assert det.evidence and det.evidence.lower() in item.text.lower()
            assert not {d.id for d in rules_only.moves if not d.weak} & {"reflection", "open_question", "summary"}
            assert " " in det.evidence.strip()  # the reason shown is a pair of words


def test_the_eval_shows_the_rules_alone_beside_the_model(flows):
    from outcomes_bot.coach.evaluate import evaluate

    items = [i for i in load_corpus(default_corpus()) if i.split == "test"][:60]
    figures = evaluate(items, flows.rules)
    assert set(figures["rules_alone"]) >= {"any_trap_recall", "false_alarm_rate", "traps"}
