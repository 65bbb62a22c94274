from django.apps import AppConfig


class PortaalConfig(AppConfig):
    name = "portaal"
    verbose_name = "Portaal"

    def ready(self):
        from portaal import cache, security, storage

        cache.connect_signals()
        security.connect_signals()
        storage.connect_signals()
