from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "pemberitahuan"

    def ready(self) -> None:
        from notices import receivers  # noqa: F401  (connects the domain events)
