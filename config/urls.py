from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from bookings.cards.webhooks import stripe_webhook
from programmes import views as programme_views
from visits.urls import feed_urlpatterns as visits_feed_urlpatterns

from .health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", programme_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The user's own data: JSON export and account deletion (accounts/personal_data.py).
    path("accounts/me/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # The partner API (api/): outside the language prefix, Accept-Language chooses.
    path("api/v1/", include("api.urls")),
    # Outside the language prefix: Stripe posts here, signed (bookings.cards.webhooks).
    path("stripe/webhook/", stripe_webhook, name="stripe_webhook"),
    # Outside the language prefix: calendar clients keep one URL (visits.views.feed).
    *visits_feed_urlpatterns,
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("bookings/", include("bookings.urls")),
    path("delegations/", include("delegations.urls")),
    path("visits/", include("visits.urls")),
    path("api-access/", include("api.account_urls")),
    path("", include("learning_reports.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "config.errors.bad_request"
