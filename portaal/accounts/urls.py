from django.contrib.auth import views as auth_views
from django.urls import path

from portaal.accounts import views

urlpatterns = [
    path("aanmelden/", views.register, name="account_register"),
    path("bevestigen/<uidb64>/<token>/", views.confirm, name="account_confirm"),
    path("bevestigen/opnieuw/", views.resend_confirmation, name="account_resend"),
    path("goedkeuren/<int:pk>/", views.approve, name="account_approve"),
    path("inloggen/", views.LoginView.as_view(), name="account_login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="account_logout"),
    path("wachtwoord/", views.PasswordResetView.as_view(), name="password_reset"),
    path("wachtwoord/verstuurd/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("wachtwoord/nieuw/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("wachtwoord/klaar/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]
