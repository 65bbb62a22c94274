from django.apps import AppConfig


class VoorbeeldenConfig(AppConfig):
    name = "voorbeelden"
    verbose_name = "Praktijkvoorbeelden"
