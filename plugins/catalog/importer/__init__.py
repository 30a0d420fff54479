"""``python -m catalog import p2pu``: a library's circles and courses from P2PU's public API
(docs/importing.md).

The answers are read whole and checked for their shape before anything is written
(:mod:`.answers`); each item becomes our content as faithfully as the data allows
(:mod:`.mapping`); every file is checked by the validator before it is written, a circle
that cannot be made valid goes to ``needs-review/`` with its problems, and a file a person
edited since it was imported is left alone (:mod:`.files`); what was guessed, missing or
skipped is reported (:mod:`.report`).
"""
