from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    name = "portaal.two_factor"
    label = "two_factor"
    verbose_name = "Tweestapsverificatie"
