from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Monitoring & dampak"

    def ready(self):
        from outcomes.impact_facts import connect_signals

        connect_signals()
