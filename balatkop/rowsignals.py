"""A signal for the writes that skip ``save()``: queryset ``update``, bulk inserts and updates.

Django sends ``post_save`` from ``save()`` alone. A table derived from a model's rows (the
impact fact rows of ``outcomes``) must follow every write, so the querysets of the models it
reads mix in :class:`SignallingQuerySet`, and ``balatkop.bulk`` sends the same signal after
its raw inserts. Receivers get ``pks`` (the rows written) and ``fields`` (the fields set; None
for new rows). Nothing is collected when nobody listens.
"""

from __future__ import annotations

from django.db import models
from django.dispatch import Signal

rows_written = Signal()


def send_rows_written(model, pks, fields=None) -> None:
    pks = [pk for pk in pks if pk is not None]
    if pks:
        rows_written.send(sender=model, pks=pks, fields=None if fields is None else set(fields))


class SignallingQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if not rows_written.has_listeners(self.model):
            return super().update(**kwargs)
        pks = list(self.order_by().values_list("pk", flat=True))  # before: the update may move them
        count = super().update(**kwargs)
        send_rows_written(self.model, pks, kwargs)
        return count

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        send_rows_written(self.model, [obj.pk for obj in objs], fields)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        send_rows_written(self.model, [obj.pk for obj in created])
        return created
