"""Writer-grouped cross-validation of the word model (``outcomes-bot model cv``)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from dataclasses import replace
from functools import partial

from .classifier import Classification, Rules, classify, reading
from .corpus import Item
from .metrics import score
from .model import TrapModel, train, word_classes


def cross_validate(
    items: list[Item], rules: Rules, thresholds: list[tuple[float, float]], workers: int = 1, **options
) -> list[dict]:
    """Writer-grouped cross-validation of the word model, for each (threshold, cautious threshold).

    Each writer in turn is held out: the model is trained (with ``options``,
    see ``model.train``) on the other writers' items only, and the held-out
    writer's items are classified by the rules and that model. The figures
    are pooled over all held-out items, so they estimate how the model does
    on people it has never read. The rules themselves are not refitted.
    ``workers`` trains that many folds at once, in separate processes.
    """
    options.setdefault("classes", word_classes(rules.flow.word_classes))
    writers = sorted({item.source for item in items})
    folds = [[reading(i.text, rules) for i in items if i.source != w] for w in writers]
    labels = [[i.traps for i in items if i.source != w] for w in writers]
    with ProcessPoolExecutor(workers) if workers > 1 else nullcontext() as pool:
        fit = partial(train, threshold=0.5, cautious_threshold=0.5, **options)
        models = list(pool.map(fit, folds, labels) if pool else map(fit, folds, labels))
    pooled: list[list[tuple[Item, Classification]]] = [[] for _ in thresholds]
    for writer, model in zip(writers, models, strict=True):
        held_out = [item for item in items if item.source == writer]
        trained = TrapModel.from_dict(model)
        for results, (threshold, cautious) in zip(pooled, thresholds, strict=True):
            fold = replace(rules, model=replace(trained, threshold=threshold, cautious_threshold=cautious))
            results += [(item, classify(item.text, rules=fold, before=item.before)) for item in held_out]
    return [
        {"threshold": t, "cautious_threshold": c, **{k: v for k, v in score(r).items() if k != "errors"}}
        for (t, c), r in zip(thresholds, pooled, strict=True)
    ]
