"""The ``outcomes-bot`` command line (click): one module per family of commands.

``base`` holds the group and what every command shares; ``practice`` the
terminal commands (practice, reflect, supervision-prep, scenarios, classify);
``run`` the Telegram bot; ``evaluation`` and ``bench`` the measures;
``model`` the word model; ``flows`` the flows' check and diagram; ``record``
the recording review (record-check); ``outcomes`` the outcome check
(outcome-check, eval outcomes); ``risk`` the positive-risk
conversation; ``quiz`` the personal-outcomes quiz. Importing
a module registers its commands on ``cli``.

May import any engine room and the two other front ends.
"""

from . import bench, evaluation, flows, model, outcomes, practice, quiz, record, risk, run  # noqa: F401 (registers)
from .base import cli as cli
from .culture import culture_star  # noqa: F401  (registers culture-star)
from .progress import progress  # noqa: F401  (registers progress)
from .strengths import strengths  # noqa: F401  (registers strengths)
