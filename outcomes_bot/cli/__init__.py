"""The ``outcomes-bot`` command line (click): one module per family of commands.

``base`` holds the group and what every command shares; ``practice`` the
terminal commands (practice, reflect, supervision-prep, scenarios, classify);
``run`` the Telegram bot; ``evaluation`` and ``bench`` the measures;
``model`` the word model; ``flows`` the flows' check and diagram. Importing
a module registers its commands on ``cli``.

May import any engine room and the two other front ends.
"""

from . import bench, evaluation, flows, model, practice, run  # noqa: F401  (each registers its commands)
from .base import cli as cli
