"""outcomes-bot: practise 'what matters' conversations from the outcomes approach.

The public surface: load the flows, classify an utterance, run a session.
"""

from .coach.classifier import Classification, Detection, classify
from .content.flows import Flows, default_flows, load_flows
from .practice.engine import Engine, Reply
from .store.database import Store

__all__ = [
    "Classification",
    "Detection",
    "Engine",
    "Flows",
    "Reply",
    "Store",
    "classify",
    "default_flows",
    "load_flows",
]
