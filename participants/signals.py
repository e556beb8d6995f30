"""What the participants app tells other apps; notices listens (the arrow stays notices → participants)."""

from django.dispatch import Signal

# Sent with ``nomination=`` after a decision or a placement changed its status (saved).
nomination_status_changed = Signal()
