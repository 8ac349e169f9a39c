"""Admin pages for records that only the application writes (published snapshots, logs):
the planning office may look at them in the admin but never add, change or delete one."""


class ReadOnlyAdminMixin:
    """Put before ``admin.ModelAdmin`` in the bases: every field shown, nothing editable."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
