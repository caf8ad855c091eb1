"""Learning tools beside practice: the personal-outcomes quiz, the outcome-statement check, the recording review.

Each is a pure engine over content from ``flows/`` (and the store, for what a
worker has answered), answering with plain ``Reply`` objects like the others.

May import: ``content``, ``store``, ``team`` (the identifying-details check) and
the shared modules. Never a front end.
"""
