from django.apps import AppConfig


class QueueingConfig(AppConfig):
    name = "apps.queueing"
    label = "queueing"
