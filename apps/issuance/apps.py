from django.apps import AppConfig


class IssuanceConfig(AppConfig):
    name = "apps.issuance"
    label = "issuance"
