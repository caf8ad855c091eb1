"""Teams and reflection: teams and prompts, reflections, supervision preparation, tea-briefs, privacy.

Lives here: the ``Teams`` service (``teams``), built from who may do what
(``team_access``), making and joining teams (``team_members``), prompts and
schedules (``team_prompts``) and what a supervisor sees (``team_oversight``);
reflections and supervision preparation; the ``TeaBrief`` service
(``teabrief``), built from opening a round (``tea_rounds``), its answers
(``tea_answers``), its summary and follow-up (``tea_summary``) and how it reads
actions (``tea_words``, words from ``flows/teabrief.yaml``); and the check for
identifying details (``privacy``, with ``privacy_names``, ``privacy_patterns``
and its evaluation ``privacy_eval``).

May import: ``practice`` (the length limit), ``content``, ``store`` and the shared
modules. Never a front end.
"""
