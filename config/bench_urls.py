"""URLs of the benchmark server (config.settings.bench only): the site plus the baseline."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from .urls import urlpatterns as site_urlpatterns

BASELINE_HTML = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Baseline</title>'
    "</head><body><h1>Baseline</h1><p>A bare Django view.</p></body></html>"
)


@require_GET
def baseline(request):
    """The practical limit of this stack: a view that does nothing, behind every middleware."""
    return HttpResponse(BASELINE_HTML)


urlpatterns = [path("bench/baseline", baseline, name="bench_baseline"), *site_urlpatterns]
