from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    label = "accounts"

    def ready(self) -> None:
        from apps.accounts.admin import install_admin_policy

        install_admin_policy()

        from apps.accounts import staff_session

        staff_session.connect_device_signals()
