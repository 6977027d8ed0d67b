"""The real address book plus one page that fails, to see the 500 page a person gets."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from tandem.config.urls import handler400, handler404, handler500, urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the disk is on fire")


urlpatterns = [path("broken/", broken), *urlpatterns]
__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]
