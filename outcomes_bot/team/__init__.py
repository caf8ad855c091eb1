"""Teams and reflection: teams and prompts, reflections, supervision preparation, tea-briefs, privacy.

Lives here: the engines for teams (``teams``), reflections, supervision
preparation, tea-brief rounds (``teabrief``), and the check for identifying
details (``privacy``) with its evaluation.

May import: ``practice`` (the length limit), ``content``, ``store`` and the shared
modules. Never a front end.
"""
