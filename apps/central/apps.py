from django.apps import AppConfig


class CentralConfig(AppConfig):
    name = "apps.central"
    label = "central"

    def ready(self) -> None:
        # The core's estimate adds central's expected delay while the link is down (apps.applications.estimates).
        from apps.applications import estimates
        from apps.central import health

        estimates.register_delay_source("central", health.delay_for)
