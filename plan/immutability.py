"""Publications are immutable (issue 11, item 4), enforced below the views.

- A published version (``Snapshot``), its objective rows (``ObjectiveFigure``) and the cutoff
  log (``CutoffEvent``) are written once: saving an existing row, ``QuerySet.update`` and every
  delete (``Model.delete``, ``QuerySet.delete``, a cascade from a plan or a cutoff, the admin's
  bulk action) raise ``ImmutableError``. Deletes are guarded by a ``pre_delete`` receiver, which
  Django's deletion collector sends for every row it removes, cascades included.
- ``Cutoff.status`` changes only through the workflow (reporting.services, plan.publishing),
  which moves it with ``workflow_move``; any other save or update of the status is refused.
- A measurement of a closed or published cutoff changes only after reopening the cutoff with a
  reason: saves, updates and deletes of it are refused. Loading the published seed reports
  (historical data) runs inside ``loading_history()``.

``ImmutableError`` is a ``PermissionDenied``: a view that lets one through answers 403, not 500.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

_history = ContextVar("loading_history", default=False)


class ImmutableError(PermissionDenied):
    """A write that would alter a publication; the message (Spanish) says why."""

    @property
    def message(self) -> str:
        return str(self.args[0])


@contextmanager
def loading_history():
    """Load reports of already published cutoffs (the seed files): creating their rows is
    allowed inside; changing them still is not."""
    token = _history.set(True)
    try:
        yield
    finally:
        _history.reset(token)


def published_error() -> ImmutableError:
    return ImmutableError(
        _(
            "Una publicación no se modifica ni se borra: una corrección es una nueva versión, "
            "con su motivo, y la primera cifra sigue visible."
        )
    )


def status_error() -> ImmutableError:
    return ImmutableError(
        _(
            "El estado de un corte solo cambia por su flujo (cerrar, publicar, reabrir con "
            "motivo) en /reporte/."
        )
    )


def locked_measurement_error() -> ImmutableError:
    return ImmutableError(
        _(
            "El corte está cerrado o publicado: sus mediciones solo cambian después de "
            "reabrirlo, con un motivo."
        )
    )


class WriteOnceQuerySet(models.QuerySet):
    """Rows that are created and never changed: update() is refused (delete() is refused by
    the pre_delete receiver, which also covers cascades)."""

    def update(self, **kwargs):
        raise published_error()

    def bulk_update(self, objs, fields, batch_size=None):
        raise published_error()

    def delete(self):
        raise published_error()


class WriteOnceModel(models.Model):
    objects = WriteOnceQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise published_error()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise published_error()


def refuse_delete(sender, instance, **kwargs):
    raise published_error()


# --- Cutoff status -----------------------------------------------------------------------------


@contextmanager
def workflow_move(cutoff):
    """Let the workflow (and only it) save a new status of ``cutoff``."""
    cutoff._workflow_move = True
    try:
        yield cutoff
    finally:
        cutoff._workflow_move = False


class CutoffQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if "status" in kwargs:
            raise status_error()
        return super().update(**kwargs)


def check_status_change(cutoff) -> None:
    """Called by Cutoff.save: a new row may start in any status (loading history); an existing
    one changes status only inside ``workflow_move``."""
    if cutoff._state.adding or getattr(cutoff, "_workflow_move", False):
        return
    loaded = getattr(cutoff, "_loaded_status", None)
    if loaded is None:
        loaded = (
            type(cutoff)._default_manager.filter(pk=cutoff.pk).values_list("status", flat=True)
        ).first()
    if loaded is not None and loaded != cutoff.status:
        raise status_error()


# --- Measurements of a closed or published cutoff -------------------------------------------

OPEN = "open"
GUARDED_MEASUREMENT_FIELDS = ("executed", "analysis", "evidence_url", "status", "cutoff_id")


class LockedMeasurementQuerySet(models.QuerySet):
    def _touches_locked(self) -> bool:
        return self.exclude(cutoff__status=OPEN).exists()

    def update(self, **kwargs):
        if self._touches_locked():
            raise locked_measurement_error()
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        if self.filter(pk__in=[m.pk for m in objs]).exclude(cutoff__status=OPEN).exists():
            raise locked_measurement_error()
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        if self._touches_locked():
            raise locked_measurement_error()
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        """An upsert (``update_conflicts``) may rewrite existing rows: refused when any of
        them belongs to a closed or published cutoff."""
        from plan.models import Cutoff

        objs = list(objs)
        if kwargs.get("update_conflicts"):
            cutoffs = {m.cutoff_id for m in objs}
            if Cutoff.objects.filter(pk__in=cutoffs).exclude(status=OPEN).exists():
                raise locked_measurement_error()
        return super().bulk_create(objs, *args, **kwargs)


def check_measurement_save(measurement) -> None:
    from plan.models import Cutoff

    status = Cutoff.objects.filter(pk=measurement.cutoff_id).values_list("status", flat=True)
    status = status.first()
    if status in (None, OPEN):
        return
    if measurement._state.adding:
        if _history.get():
            return
        raise locked_measurement_error()
    loaded = getattr(measurement, "_loaded_values", None)
    if loaded is None or any(
        loaded.get(name) != getattr(measurement, name) for name in GUARDED_MEASUREMENT_FIELDS
    ):
        raise locked_measurement_error()


def check_measurement_delete(sender, instance, **kwargs) -> None:
    from plan.models import Cutoff

    status = Cutoff.objects.filter(pk=instance.cutoff_id).values_list("status", flat=True).first()
    if status not in (None, OPEN):
        raise locked_measurement_error()
