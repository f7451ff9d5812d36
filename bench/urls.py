"""The site's URLs plus /bench/ceiling/, a trivial template view: the benchmark's ceiling."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from odop_bazaar import urls as site_urls


def ceiling(request: HttpRequest) -> HttpResponse:
    """No query, a tiny template: what the same server and middleware do with no real work."""
    return render(request, "bench/ceiling.html", {"name": "ODOP Bazaar"})


urlpatterns = [path("bench/ceiling/", ceiling), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500
