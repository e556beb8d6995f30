"""What the outcomes app tells other apps; notices listens (the arrow stays notices → outcomes)."""

from django.dispatch import Signal

# Sent with ``job=`` when a background export ended, done or failed.
export_finished = Signal()
