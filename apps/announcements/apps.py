from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    name = "apps.announcements"
    label = "announcements"

    def ready(self) -> None:
        from apps.announcements import signals  # noqa: F401  (connects the webhook outbox)
