"""The admin is the planning office's tool: superusers and members of Planeación only, each
office within the organisations it manages (config.admin_scope).

A Directivo or a Reportante who happens to have is_staff is refused at sign-in and on every
admin page (Django's own check is only is_staff)."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plan.roles import is_planning


def may_use_admin(user) -> bool:
    return user.is_active and user.is_staff and is_planning(user)


class PlanningOfficeAuthenticationForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not is_planning(user):
            raise ValidationError(
                _("La administración es solo para la Oficina Asesora de Planeación."),
                code="not_planning_office",
            )


class PlanningOfficeAdminSite(admin.AdminSite):
    login_form = PlanningOfficeAuthenticationForm

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every ModelAdmin, of every app, with the organisation scope (config.admin_scope)."""
        from config.admin_scope import scoped_admin

        admin_class = scoped_admin(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request):
        return may_use_admin(request.user)
