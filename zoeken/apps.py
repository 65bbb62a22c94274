from django.apps import AppConfig


class ZoekenConfig(AppConfig):
    name = "zoeken"
    verbose_name = "Zoeken"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Not at the top: this module is read while the app registry fills, before the
        # models that signals needs exist.
        from zoeken import signals

        signals.connect()
