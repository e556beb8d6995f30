"""The domain events that become notices; connected when the app is ready."""

from django.dispatch import receiver

from notices import services
from outcomes.signals import export_finished
from participants.signals import nomination_status_changed
from programs.signals import program_opened


@receiver(program_opened, dispatch_uid="notices.program_opened")
def _program_opened(sender, *, program, **kwargs) -> None:
    services.program_opened(program=program)


@receiver(nomination_status_changed, dispatch_uid="notices.nomination_status_changed")
def _nomination_status_changed(sender, *, nomination, **kwargs) -> None:
    services.nomination_status_changed(nomination=nomination)


@receiver(export_finished, dispatch_uid="notices.export_finished")
def _export_finished(sender, *, job, **kwargs) -> None:
    services.export_finished(job=job)
