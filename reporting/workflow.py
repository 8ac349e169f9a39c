"""The review workflow as pure rules (no ORM): who may move a measurement or a cutoff where.

Measurements (indicators.choices.MeasurementStatus), only while their cutoff is open:

    (new) / draft / returned --save--> draft        reporter of the unit, or planning office
    (new) / draft / returned --submit--> submitted  reporter of the unit, or planning office
    submitted --approve--> approved                 planning office
    submitted / approved --return (comment)--> returned   planning office

The planning office may also edit (save or submit again) a submitted or approved measurement;
it then goes back through review. Directors change nothing.

Cutoffs (plan.choices.CutoffStatus), planning office only:

    open --close--> closed       every programmed indicator approved, or override + reason
    closed --publish--> published   stores a snapshot; a reason when it corrects an earlier one
    closed / published --reopen (reason)--> open
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

DRAFT, SUBMITTED, RETURNED, APPROVED = "draft", "submitted", "returned", "approved"
OPEN, CLOSED, PUBLISHED = "open", "closed", "published"
SAVE, SUBMIT, APPROVE, RETURN = "save", "submit", "approve", "return"
CLOSE, PUBLISH, REOPEN = "close", "publish", "reopen"

# Buckets of the reporting overview.
PENDING = "pending"
BUCKETS = (PENDING, SUBMITTED, RETURNED, APPROVED)

REPORTER_EDITABLE = (None, DRAFT, RETURNED)
HUNDRED = Decimal(100)


class TransitionError(Exception):
    """A move the workflow forbids; the message (Spanish) says why."""

    @property
    def message(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Actor:
    """What the workflow needs to know about a user for one indicator."""

    planning: bool = False
    unit_reporter: bool = False  # reporter and member of the indicator's unit

    @property
    def editor(self) -> bool:
        return self.planning or self.unit_reporter


def _locked(cutoff_status: str) -> TransitionError:
    if cutoff_status == PUBLISHED:
        return TransitionError(
            _(
                "El corte ya fue publicado: sus valores están bloqueados. Planeación debe "
                "reabrirlo, con un motivo, para corregirlos."
            )
        )
    return TransitionError(
        _("El corte está cerrado: sus valores están bloqueados hasta que Planeación lo reabra.")
    )


def can_edit(actor: Actor, current: str | None, cutoff_status: str) -> bool:
    if cutoff_status != OPEN or not actor.editor:
        return False
    return actor.planning or current in REPORTER_EDITABLE


def measurement_transition(
    action: str, current: str | None, cutoff_status: str, actor: Actor, comment: str = ""
) -> str:
    """The status after ``action``, or TransitionError."""
    if cutoff_status != OPEN:
        raise _locked(cutoff_status)
    if action in (SAVE, SUBMIT):
        if not actor.editor:
            raise TransitionError(
                _("Solo la dependencia responsable o Planeación pueden reportar este indicador.")
            )
        if not actor.planning and current not in REPORTER_EDITABLE:
            if current == SUBMITTED:
                raise TransitionError(
                    _("El reporte ya fue enviado a revisión; espere la respuesta de Planeación.")
                )
            raise TransitionError(
                _("El reporte ya fue aprobado; solo Planeación puede devolverlo para corregirlo.")
            )
        return DRAFT if action == SAVE else SUBMITTED
    if action in (APPROVE, RETURN):
        if not actor.planning:
            raise TransitionError(_("Solo la Oficina Asesora de Planeación revisa los reportes."))
        if action == APPROVE:
            if current != SUBMITTED:
                raise TransitionError(_("Solo se aprueba un reporte enviado a revisión."))
            return APPROVED
        if current not in (SUBMITTED, APPROVED):
            raise TransitionError(_("Solo se devuelve un reporte enviado o aprobado."))
        if not comment.strip():
            raise TransitionError(
                _("Escriba un comentario que explique a la dependencia qué debe corregir.")
            )
        return RETURNED
    raise TransitionError(_("Acción desconocida."))


def cutoff_transition(
    action: str,
    current: str,
    *,
    planning: bool,
    missing: int = 0,
    override: bool = False,
    reason: str = "",
    published_before: bool = False,
) -> str:
    """The cutoff status after ``action``, or TransitionError."""
    if not planning:
        raise TransitionError(
            _("Solo la Oficina Asesora de Planeación cierra, publica o reabre cortes.")
        )
    reason = reason.strip()
    if action == CLOSE:
        if current != OPEN:
            raise TransitionError(_("Solo se cierra un corte abierto."))
        if missing and not (override and reason):
            raise TransitionError(
                _(
                    "Hay %(n)s indicadores programados sin reporte aprobado. Para cerrar de "
                    "todos modos marque «Cerrar sin esos reportes» y escriba el motivo."
                )
                % {"n": missing}
            )
        return CLOSED
    if action == PUBLISH:
        if current != CLOSED:
            raise TransitionError(_("Solo se publica un corte cerrado."))
        if published_before and not reason:
            raise TransitionError(
                _("Este corte ya se había publicado: escriba el motivo de la corrección.")
            )
        return PUBLISHED
    if action == REOPEN:
        if current not in (CLOSED, PUBLISHED):
            raise TransitionError(_("El corte ya está abierto."))
        if not reason:
            raise TransitionError(_("Escriba el motivo para reabrir el corte."))
        return OPEN
    raise TransitionError(_("Acción desconocida."))


def bucket(status: str | None) -> str:
    """The overview bucket of a measurement status (no measurement or a draft: pending)."""
    return PENDING if status in (None, DRAFT) else status


def is_pending(status: str | None) -> bool:
    """Still waiting for the reporter: not reported, a draft, or returned."""
    return status in (None, DRAFT, RETURNED)


def count_buckets(statuses: Iterable[str | None]) -> dict[str, int]:
    counts = Counter(bucket(s) for s in statuses)
    return {b: counts.get(b, 0) for b in BUCKETS}


def analysis_problem(progress: Decimal | None, analysis: str) -> str | None:
    """The analysis is required when the progress at the cutoff is not exactly 100 %."""
    if progress is None or analysis.strip():
        return None
    if progress < HUNDRED:
        return _("El avance al corte es menor que el 100 %%: explique el rezago (%(p)s %%).") % {
            "p": _pct(progress)
        }
    if progress > HUNDRED:
        return _("El avance al corte supera el 100 %%: explique la sobre-ejecución (%(p)s %%).") % {
            "p": _pct(progress)
        }
    return None


def _pct(value: Decimal) -> str:
    from plan.formatting import format_number

    return format_number(value, 2)
