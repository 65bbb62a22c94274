from django.urls import path

from zoeken import views

app_name = "zoeken"

urlpatterns = [
    path("", views.search_view, name="search"),
    path("suggesties/", views.suggestions_view, name="suggestions"),
]
