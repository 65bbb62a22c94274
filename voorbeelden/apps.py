from django.apps import AppConfig


class VoorbeeldenConfig(AppConfig):
    name = "voorbeelden"
    verbose_name = "Praktijkvoorbeelden"

    def ready(self):
        # Connects page_published: a published page publishes its submission's attachments.
        from voorbeelden.inzendingen import moderation  # noqa: F401
