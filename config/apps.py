from django.contrib.admin.apps import AdminConfig


class TableroAdminConfig(AdminConfig):
    """django.contrib.admin with the planning office's site as ``admin.site``."""

    default_site = "config.admin.PlanningOfficeAdminSite"

    def ready(self):
        super().ready()
        from config import checks  # noqa: F401 - registers the deployment checks
