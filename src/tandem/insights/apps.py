from django.apps import AppConfig

from tandem.workspace.navigation import NavLink, register


class InsightsConfig(AppConfig):
    name = "tandem.insights"
    label = "insights"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Panels on the item page, status guards, and other hooks into lower apps.
        from . import hooks, records  # noqa: F401

        records.register_all()
        from . import questions

        questions.register()  # what insights answers in Ask
        # Rows that travel in a product's archive besides the registered kinds.
        from tandem.workspace.registry import register_export

        from . import models as m

        register_export(m.EvidenceWeights)
        register_export(m.FeedbackLink, product_path="feedback__product")
        register_export(m.IdeaVote, product_path="idea__product")
        register_export(m.SurveyQuestion, product_path="survey__product")
        register_export(m.SurveyResponse, product_path="survey__product")
        register_export(m.SurveyAnswer, product_path="response__survey__product")
        register(NavLink("Insights", "insights:index", "Insights", 50, "i", ("/insights/",)))
