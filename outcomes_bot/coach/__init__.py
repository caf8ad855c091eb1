"""The coach: a pure function from a worker's reply to the moves and traps in it.

Lives here: the classifier (``classifier``, which reads a reply's shape with
``clauses``, finds traps with ``traps`` and moves with ``moves``, and says
what it found in ``detection`` types), its compiled rules (``rules``), the
phrase index (``phrases``), texting shorthand, the language rules it reads
with (``language``), the word model that backs it up, the better way to say
it (``feedback``) and its evaluation (``evaluate``, over ``corpus``,
``metrics``, ``scorecard`` and ``crossval``).

May import: ``content`` (the schema of coach.yaml) and the shared modules.
Never the store, a front end, practice or teams.
"""
