from django.apps import AppConfig


class BalatkopConfig(AppConfig):
    name = "balatkop"
    verbose_name = "Balatkop"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from balatkop.freshness import watch_connection

        connection_created.connect(watch_connection, dispatch_uid="balatkop.freshness")
