from django.apps import AppConfig


class VoorbeeldenConfig(AppConfig):
    name = "voorbeelden"
    verbose_name = "Praktijkvoorbeelden"

    def ready(self):
        from wagtail.signals import page_published

        # Connects page_published: a published page publishes its submission's attachments.
        from voorbeelden.inzendingen import moderation  # noqa: F401
        from voorbeelden.models.base import record_edit

        page_published.connect(record_edit, dispatch_uid="voorbeelden.record_edit")
