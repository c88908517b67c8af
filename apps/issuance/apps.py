from django.apps import AppConfig


class IssuanceConfig(AppConfig):
    name = "apps.issuance"
    label = "issuance"

    def ready(self) -> None:
        # The core's estimate adds the print queue and the blanks (apps.issuance.estimates).
        from apps.applications import estimates as core_estimates
        from apps.issuance import estimates

        core_estimates.register_delay_source("issuance", estimates.delay_for)
