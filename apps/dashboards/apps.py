from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "apps.dashboards"
    label = "dashboards"

    def ready(self) -> None:
        from apps.dashboards import signals

        signals.connect()
