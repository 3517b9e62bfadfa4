"""Settings shared by every environment, read from the environment (12-factor).

Every variable that any environment reads is named in ENV_VARIABLES below, so that a
test can check compose.yaml and the README against what the settings really read.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"

env = environ.Env()

# The variables the settings read. tests/config/test_environment.py compares this list
# with compose.yaml and the README.
ENV_VARIABLES = [
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "BASE_URL",
    "EMAIL_URL",
    "DEFAULT_FROM_EMAIL",
    "MANAGERS_EMAIL",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_API_BASE",
    "STRIPE_JS_URL",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "STAFF_MFA_REQUIRED",
    "SECURE_SSL_REDIRECT",
    "LOG_LEVEL",
    "LEARNING_REPORTS_RETENTION_MONTHS",
    "PRIVACY_UNFINISHED_BOOKING_DAYS",
    "PRIVACY_OUTBOX_DAYS",
    "PRIVACY_ENQUIRY_MONTHS",
    "BOOKINGS_PARTICIPANT_LINK_MAX_AGE_DAYS",
    "VISITS_BRIEFING_LINK_DAYS_AFTER_VISIT",
    "LEARNING_REPORTS_SHARE_LINK_DAYS",
    "API_RATE_LIMIT",
]

DEBUG = False
SECRET_KEY = env("SECRET_KEY", default=None)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Ours, lowest layer first: programmes <- bookings <- delegations <- visits <- learning_reports
    "core",
    "accounts",
    "programmes",
    "bookings",
    "delegations",
    "visits",
    "learning_reports",
    # The partner API sits above the apps whose services it calls.
    "api",
    # load_demo: runs the catalogue's demo, then each app's, in order (demo.loading).
    "demo",
    "volume",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # The partner API: Django REST framework, its OpenAPI schema and offline docs pages.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Accounts: e-mail login, verified addresses, TOTP
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Wagtail's database search backend uses PostgreSQL full-text fields (SearchVectorField,
    # GIN indexes) on PostgreSQL; harmless on SQLite.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every error under /api/ as RFC 9457 problem details (api/middleware.py).
    "api.middleware.ApiProblemMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public pages for anonymous visitors, from the cache (programmes/cache.py): before the
    # session, CSRF and locale middleware, whose headers are stored with the page.
    "programmes.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # The URL's language is remembered for a signed-in user (accounts/middleware.py).
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages middleware: it tells the user why they were sent to set up TOTP.
    "accounts.middleware.StaffMFARequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.SiteContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # 429 for too many POSTs to login, sign-up, password reset, booking and enquiry forms.
    "accounts.ratelimit.RateLimitMiddleware",
    # A malformed id, number or date in a request is a 400 page (core/params.py).
    "core.params.BadParameterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "wagtail.contrib.settings.context_processors.settings",
                "programmes.context_processors.site_navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Health-check pooled connections so that a dropped PostgreSQL connection is replaced
# on the next request instead of failing it.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
# Django's Redis cache, but an unreachable Redis is a cache miss, not a 500 (core/cache.py).
REDIS_CACHE_BACKEND = "core.cache.FailOpenRedisCache"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": REDIS_CACHE_BACKEND,
            "LOCATION": REDIS_URL,
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis as the broker in production; eager (inline) in the demo and in tests.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Helsinki"
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# An outbox message whose task failed this many times is a dead letter: no longer tried,
# shown to managers under Reports > Outbox, retried by hand (core.outbox).
OUTBOX_MAX_ATTEMPTS = 10
CELERY_BEAT_SCHEDULE: dict = {
    "sweep-outbox": {"task": "core.tasks.sweep_outbox", "schedule": 60.0},
    "expire-holds": {"task": "bookings.tasks.expire_holds", "schedule": 60.0},
    # bookings: each task calls one idempotent service (a reminder is sent once).
    "expire-waiting-list-offers": {
        "task": "bookings.tasks.expire_waiting_list_offers",
        "schedule": 300.0,
    },
    "expire-quotes": {"task": "bookings.tasks.expire_quotes", "schedule": 3600.0},
    "balance-reminders": {"task": "bookings.tasks.send_balance_reminders", "schedule": 3600.0},
    "missing-details-reminders": {
        "task": "bookings.tasks.send_missing_details_reminders",
        "schedule": 3600.0,
    },
    "overdue-invoice-reminders": {
        "task": "bookings.tasks.send_overdue_invoice_reminders",
        "schedule": 3600.0,
    },
    # Stripe: heal what a lost webhook left open (README, Reliability).
    "reconcile-payments": {"task": "bookings.payment_tasks.reconcile_payments", "schedule": 600.0},
    # visits: reminders are idempotent (visits.reminders); hourly is enough.
    "visit-reminders": {"task": "visits.tasks.send_visit_reminders", "schedule": 3600.0},
    "start-due-visits": {"task": "visits.tasks.start_due_visits", "schedule": 900.0},
    "visit-busy-calendars": {"task": "visits.tasks.refresh_busy_calendars", "schedule": 1800.0},
    # learning_reports: each task is idempotent; running it more often sends nothing twice.
    "feedback-reminders": {
        "task": "learning_reports.tasks.send_feedback_reminders",
        "schedule": 3600.0,
    },
    "feedback-follow-ups": {"task": "learning_reports.tasks.invite_follow_ups", "schedule": 3600.0},
    # Personal data past its period, every app's part (core.retention, README Privacy).
    "participant-retention": {
        "task": "core.tasks.apply_retention",
        "schedule": 86400.0,
    },
}
# learning_reports: participants' personal data is anonymised this long after the visit.
LEARNING_REPORTS_RETENTION_MONTHS = env.int("LEARNING_REPORTS_RETENTION_MONTHS", default=12)
# Privacy (core.retention, README Privacy): unfinished bookings, delivered outbox messages
# and enquiry-form submissions are kept this long.
PRIVACY_UNFINISHED_BOOKING_DAYS = env.int("PRIVACY_UNFINISHED_BOOKING_DAYS", default=30)
PRIVACY_OUTBOX_DAYS = env.int("PRIVACY_OUTBOX_DAYS", default=14)
PRIVACY_ENQUIRY_MONTHS = env.int("PRIVACY_ENQUIRY_MONTHS", default=12)
# Private links that end: the participant-details link's age, the safety-briefing link's
# days after the visit, a shared report link's default lifetime.
BOOKINGS_PARTICIPANT_LINK_MAX_AGE_DAYS = env.int(
    "BOOKINGS_PARTICIPANT_LINK_MAX_AGE_DAYS", default=120
)
VISITS_BRIEFING_LINK_DAYS_AFTER_VISIT = env.int("VISITS_BRIEFING_LINK_DAYS_AFTER_VISIT", default=3)
LEARNING_REPORTS_SHARE_LINK_DAYS = env.int("LEARNING_REPORTS_SHARE_LINK_DAYS", default=90)
# visits: travel-time estimate between two sites without a set time (km/h, straight line).
VISITS_TRAVEL_SPEED_KMH = 50

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Päämaja] "
# Sign-up remembers the language; allauth e-mails go out in the user's language.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Päämaja"
# Staff roles (programme managers, hosts, regional developers, superusers) must set up
# TOTP before they reach a staff area. Off only where a developer says so (the demo).
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=True)
# Rate limits per client address and user (accounts/ratelimit.py); counts in the cache.
RATE_LIMITS_ENABLED = True
PAAMAJA_RATE_LIMITS: dict[str, str] = {}  # e.g. {"login": "10/300"}: count/seconds

# Languages: English first, Finnish and Swedish. URL prefix chooses the language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fi", "Suomi"), ("sv", "Svenska")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": 10,
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {k: v for k, v in _smtp_options.items() if v not in (None, "")}
        if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Päämaja <noreply@paamaja.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MANAGERS_EMAIL = env("MANAGERS_EMAIL", default="programmes@paamaja.example")

# Stripe: keys from the environment; the API base and the Stripe.js URL are settings so
# that localstripe can stand in for Stripe in the demo and in tests.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="https://api.stripe.com")
STRIPE_JS_URL = env("STRIPE_JS_URL", default="https://js.stripe.com/v3/")

# Wagtail
WAGTAIL_SITE_NAME = "Päämaja"
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILSEARCH_BACKENDS = {
    # The database backend uses PostgreSQL full-text search on PostgreSQL and SQLite FTS5
    # on SQLite, so the demo and production search the same way.
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea"},
}

# Content Security Policy (Django's own middleware): no inline script, no third parties.
from django.utils.csp import CSP  # noqa: E402


def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


# Stripe.js (or localstripe's stand-in) is the one outside script the site loads, on
# the payment page only; its frames and API calls need the same origins.
STRIPE_ORIGINS = sorted({o for o in (_origin(STRIPE_JS_URL), _origin(STRIPE_API_BASE)) if o})

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, *STRIPE_ORIGINS],
    "frame-src": [CSP.SELF, *STRIPE_ORIGINS],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF, *STRIPE_ORIGINS],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Old browsers get DENY; current ones obey CSP's frame-ancestors 'self' instead (it takes
# precedence over X-Frame-Options), which keeps Wagtail's same-origin preview frame working.
X_FRAME_OPTIONS = "DENY"

# Päämaja
PAAMAJA_PROGRAMMES_PER_PAGE = 12
PAAMAJA_VAT_DEFAULT = "25.5"
# Anonymous visitors get public pages from the cache for at most this long; every change a
# page shows invalidates them sooner (programmes/cache.py). 0 turns the page cache off.
PAAMAJA_PAGE_CACHE_SECONDS = 300

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No personal data or private-link tokens in the logs (core/logging.py).
    "formatters": {
        "plain": {
            "()": "core.logging.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

_ = _  # gettext_lazy is imported for settings that later issues translate

# Wagtail's admin still relies on inline scripts in places: it gets a policy of its own
# that stays same-origin but allows them. The public site never does.
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL],
}


# The partner API (api/): bearer tokens only (no session, so no CSRF), JSON only,
# problem details for errors, a rate limit per token counted in the shared cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.authentication.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
API_RATE_LIMIT = env("API_RATE_LIMIT", default="600/60")
SPECTACULAR_SETTINGS = {
    "TITLE": "Päämaja partner API",
    "DESCRIPTION": (
        "Programmes, bookings, site-visit requests, visits and learning reports of the "
        "region's visitor programmes. Authenticate with `Authorization: Bearer <token>` "
        "(created under API access in your account). Errors are RFC 9457 problem details."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
    "PREPROCESSING_HOOKS": ["api.schema.only_the_partner_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.postprocess",
    ],
    "APPEND_COMPONENTS": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    },
    "SECURITY": [{"bearer": []}, {}],
    "AUTHENTICATION_WHITELIST": [],
}
CELERY_BEAT_SCHEDULE["webhook-retries"] = {
    "task": "api.tasks.webhook_retries_due",
    "schedule": 60.0,
}
