"""The organisation scope in the admin (issue 15): the admin stays the repair tool, and a
planning office on staff sees and changes only the rows of the organisations it manages.

Every ModelAdmin the site registers (and its inlines) is wrapped here, so an app cannot forget:
- rows: ``plan.permissions.restrict(…, MANAGE)`` on the model's ``ORG_PATHS``; a model without
  an organisation (users, groups, sign-in attempts, the risk methodology) is for superusers
  only, so nobody raises their own privileges;
- one row outside the scope: 404 on its change, delete and history pages, GET and POST;
- choices: a foreign key to the owning organisation (the first hop of ``ORG_PATHS``) offers
  the managed organisations; other foreign keys (a sector plan's indicator reported by an
  entity's unit) the organisations it reads; a posted id outside them is refused in Spanish;
- list filters offer only the values present in the scoped rows.
Superusers are not restricted."""

from __future__ import annotations

from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from plan import permissions

OUT_OF_SCOPE = _("Elija una opción de las entidades a su cargo: esa no está entre las disponibles.")


def _label(model) -> str:
    return model._meta.label_lower


def scoped(request) -> bool:
    return not request.user.is_superuser


def has_scope(model) -> bool:
    return _label(model) in permissions.ORG_PATHS


def _owner_field(model) -> str | None:
    """The field of ``model`` that leads to its owning organisation ("" for Organisation)."""
    path = permissions.ORG_PATHS.get(_label(model))
    return path.split("__")[0] if path else None


class ScopedChoicesMixin:
    """Rows and choices of a ModelAdmin or an inline, narrowed to the user's scope."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not scoped(request):
            return queryset
        if not has_scope(self.model):
            return queryset.none()
        return permissions.restrict(queryset, request.user, permissions.MANAGE)

    def _narrow(self, db_field, request, formfield):
        if formfield is None or not scoped(request) or not hasattr(formfield, "queryset"):
            return formfield
        related = formfield.queryset.model
        if not has_scope(related):
            return formfield  # people, methodology levels: not owned by an organisation
        owner = db_field.name == _owner_field(self.model)
        action = permissions.MANAGE if owner else permissions.READ
        formfield.queryset = permissions.restrict(formfield.queryset, request.user, action)
        formfield.error_messages["invalid_choice"] = OUT_OF_SCOPE
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._narrow(db_field, request, formfield)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._narrow(db_field, request, formfield)

    def _allowed(self, request) -> bool:
        return not scoped(request) or has_scope(self.model)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request, *args):
        if scoped(request) and _owner_field(self.model) is None:
            # Organisations themselves: the district's; models without one: superusers'.
            district = permissions.managed_organisations(request.user) is None
            if not (has_scope(self.model) and district):
                return False
        return self._allowed(request) and super().has_add_permission(request, *args)


class ScopedModelAdmin(ScopedChoicesMixin):
    """A ModelAdmin's pages for one row answer 404 outside the scope."""

    def has_module_permission(self, request):
        return self._allowed(request) and super().has_module_permission(request)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and scoped(request):
            raise Http404(_("No existe o no está a su cargo."))
        return obj

    def _require_in_scope(self, request, object_id):
        if scoped(request) and not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404(_("No existe o no está a su cargo."))

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if not scoped(request):
            return filters
        return [self._only_related(f) for f in filters]

    def _only_related(self, entry):
        if not isinstance(entry, str):
            return entry
        try:
            field = get_fields_from_path(self.model, entry)[-1]
        except FieldDoesNotExist:
            return entry
        return (entry, RelatedOnlyFieldListFilter) if field.is_relation else entry


def scoped_admin(admin_class):
    """``admin_class`` with the scope mixed in, its inlines too."""
    if issubclass(admin_class, ScopedModelAdmin):
        return admin_class
    inlines = [
        i if issubclass(i, ScopedChoicesMixin) else type(i.__name__, (ScopedChoicesMixin, i), {})
        for i in admin_class.inlines
    ]
    attrs = {"inlines": inlines, "__module__": admin_class.__module__}
    return type(admin_class.__name__, (ScopedModelAdmin, admin_class), attrs)
