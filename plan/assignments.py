"""Roles held in an organisation, a sector or the whole district (DOMAIN.md, «Who may do what,
at district scale»).

A ``RoleAssignment`` gives a person the planning office's or a director's role over one
scope: an entity (its own plans), a sector (the sector organisation's plans, which the sector
head consolidates, and reading its entities) or the whole district (``organisation`` empty).
A reporter's scope is the units it is a member of (``Unit.members``), as before.

The groups Planeación and Directivo still name the role. A member of a group who holds no
assignment for that role has the district's scope: the single-entity deployment, where one
planning office runs everything, needs no assignment at all. ``plan.people`` grants and
revokes both together so that revoking the last scoped assignment never widens a scope.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class AssignedRole(models.TextChoices):
    PLANNING = "planning", _("Planeación")
    DIRECTOR = "director", _("Directivo")


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persona"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("rol"), max_length=10, choices=AssignedRole.choices)
    organisation = models.ForeignKey(
        "plan.Organisation",
        verbose_name=_("organización o sector"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text=_("Vacío: todo el distrito."),
    )
    granted_at = models.DateTimeField(_("otorgado el"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("otorgado por"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rol asignado")
        verbose_name_plural = _("roles asignados")
        ordering = ["user__username", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="role_assignment_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(organisation__isnull=True),
                name="role_assignment_district_unique",
            ),
        ]

    def __str__(self):
        where = self.organisation or _("todo el distrito")
        return f"{self.user}: {self.get_role_display()} ({where})"
