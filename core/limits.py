"""How long each kind of free text may be: one number per kind, used by the
model field, the form field and the page alike.

Encrypted text has no length in the database, so these are the only limit:
the model field validates it (`full_clean`, ModelForms, the admin) and the
form refuses longer text beside the field, keeping what was typed.
"""

# Pathway writing and its drafts: letters and reflections can be long.
WRITING = 20_000
# A title someone gives: an agreement's.
TITLE = 120
# A short line: something appreciated or needed, a commitment.
SHORT = 500
# An answer to someone: an acknowledgement, reassurance, a reason, a note to a client.
ANSWER = 1_000
# A longer answer: a check-in's note, a slip's answer, what will help, monthly answers.
LONGER = 2_000
# Words that need room: an agreement's text, what happened in a slip or a trigger.
ACCOUNT = 3_000
# A therapist's private note on a client.
THERAPIST_NOTE = 5_000
