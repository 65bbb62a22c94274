"""A second URL configuration (test_fragments): the theme overview under another path."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elders/<slug:slug>/", lambda request, slug: HttpResponse(),
                    name="thema_detail")]
