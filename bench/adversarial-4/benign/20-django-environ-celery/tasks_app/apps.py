from django.apps import AppConfig


class TasksAppConfig(AppConfig):
    name = "tasks_app"

    def ready(self):
        from . import signals  # noqa: F401  (connects post_save handlers)
