from django.apps import AppConfig


class BalatkopConfig(AppConfig):
    name = "balatkop"
    verbose_name = "Balatkop"
