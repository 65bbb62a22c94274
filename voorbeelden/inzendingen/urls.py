"""Member submission URLs, included from portaal/urls.py before Wagtail's catch-all."""

from django.urls import path

from voorbeelden.inzendingen import views as inzendingen

urlpatterns = [
    path("inzenden/", inzendingen.inzending_form, name="inzending_new"),
    path("inzenden/<int:pk>/bewerken/", inzendingen.inzending_form, name="inzending_edit"),
    path("inzenden/bijlage/<int:pk>/", inzendingen.bijlage_download, name="inzending_bijlage"),
    path("inzenden/bijlage/<int:pk>/verwijderen/", inzendingen.bijlage_delete,
         name="inzending_bijlage_delete"),
    path("mijn-inzendingen/", inzendingen.mijn_inzendingen, name="mijn_inzendingen"),
    path("mijn-inzendingen/<int:pk>/", inzendingen.inzending_detail, name="inzending_detail"),
]
