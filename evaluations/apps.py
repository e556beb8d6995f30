from django.apps import AppConfig, apps


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = "Evaluasi pembelajaran"

    def ready(self) -> None:
        # The activity report (documents app) leaves a section for the evaluation recap.
        if apps.is_installed("documents"):
            from documents import activity_report
            from evaluations.documents import activity_report_section

            activity_report.REPORT_SECTIONS["evaluation"] = (
                "Evaluasi pembelajaran",
                activity_report_section,
            )
