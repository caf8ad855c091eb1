"""Content: the flows under ``flows/`` read, validated and looked up.

Lives here: the YAML reader that remembers lines (``yamlsource``), the shape of every
file (``schema``, ``schema_coach``, ``schema_team``), the checks across files
(``checks``, ``checks_practice``, ``checks_scenario``, ``checks_team``, reporting
through ``problems``), the loader (``flows``), system messages by key (``messages``)
and labelled evaluation sets (``labelled``).

May import: ``coach`` (the loader compiles the coach's rules) and the shared
modules at the top of the package. Never a front end, never the store.
"""
