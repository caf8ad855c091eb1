"""The coach: a pure function from a worker's reply to the moves and traps in it.

Lives here: the classifier, its compiled rules, the phrase index, texting
shorthand, the language rules it reads with, the word model that backs it up,
the better way to say it (``feedback``) and its evaluation (``evaluate``).

May import: ``content`` (the schema of coach.yaml) and the shared modules.
Never the store, a front end, practice or teams.
"""
