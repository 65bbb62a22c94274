from django.urls import path, reverse

from wagtail import hooks

from portaal.two_factor import views


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("tweestapsverificatie/", views.setup, name="two_factor_setup"),
        path("tweestapsverificatie/controle/", views.verify, name="two_factor_verify"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": "Tweestapsverificatie",
        "help_text": "Log in met je wachtwoord én een code uit een authenticator-app.",
    }
