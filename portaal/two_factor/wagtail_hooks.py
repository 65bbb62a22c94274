from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from portaal.two_factor import views


@hooks.register("register_admin_urls")
def two_factor_urls():
    return [
        path("tweestapsverificatie/", views.setup, name="two_factor_setup"),
        path("tweestapsverificatie/controle/", views.verify, name="two_factor_verify"),
        path("tweestapsverificatie/koppelen/<str:token>/", views.enrol_link,
             name="two_factor_enrol_link"),
        path("tweestapsverificatie/herstellen/<int:pk>/", views.reset, name="two_factor_reset"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_setup"),
        "label": "Tweestapsverificatie",
        "help_text": "Log in met uw wachtwoord én een code uit een authenticator-app.",
    }


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user):
    if request_user.is_superuser:
        yield ListingButton("Tweestapsverificatie herstellen",
                            reverse("two_factor_reset", args=[user.pk]), priority=60)
