"""What the programs app tells other apps; notices listens (the arrow stays notices → programs)."""

from django.dispatch import Signal

# Sent with ``program=`` inside the transaction that opened it for nominations.
program_opened = Signal()
