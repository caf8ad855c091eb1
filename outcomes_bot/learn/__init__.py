"""Learning tools beside practice: the guide's other tools, carried by chat.

Lives here: the personal-outcomes quiz (``quiz``, rounds on Telegram in
``quiz_rounds``), the outcome-statement check (``outcome_check``, with
``outcome_voice``, ``outcome_eval`` and the chat in ``outcome_chat``), the
recording review (``record_check``, chat in ``record_chat``), the culture star
(``culture_star``, ``culture_rounds``, ``culture_plan``), the positive-risk
conversation (``risk``) and the strengths map (``strengths``,
``strengths_talk``), both on one question-by-question ``stepper``; progress
over time (``progress``, shown by ``progress_view``), the weekly reminder a
worker sets (``nudges``), progress shared with supervisors only with consent
(``progress_share``), and the charts they draw
(``charts``, ``strengths_chart``: PNG bytes by matplotlib, imported only when a
chart is drawn).

Each is a pure engine over content from ``flows/`` (and the store, for what a
worker has answered), answering with plain ``Reply`` objects like the others.

May import: ``content``, ``store``, ``team`` (the identifying-details check and
reflections), ``practice`` (the report's ratings) and the shared modules. Never a
front end.
"""
