"""ODOP Bazaar settings, read top to bottom.

Zero configuration gives the embedded mode: SQLite, eager Celery, local-memory cache, console
e-mail and media on disk. DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis.
"""

import base64
import hashlib
import sys
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from odop_bazaar.media_storage import disk_storages, object_storage

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Database -----------------------------------------------------------------------------
DATABASE_URL = env.str("DATABASE_URL", default="")
if DATABASE_URL:
    DATABASES = {"default": env.db_url_config(DATABASE_URL)}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            # IMMEDIATE transactions and a long timeout turn "database is locked" races into
            # waits; WAL lets readers run beside the writer.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith(("postgresql", "postgis"))
if IS_POSTGRES:
    # Spelling tolerance: "pashmeena" is a word-similarity of 0.6 to "pashmina", so the default
    # threshold (0.6, strictly greater) just misses it. Set per connection: no extra query.
    # Equal to catalog.search.TYPO_SIMILARITY, so the trigram index itself drops near-misses
    # (at 0.45 it handed over 7 times as many rows to recheck: 300 ms instead of 40 ms).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c pg_trgm.word_similarity_threshold=0.55"
    )
# A streaming read replica for the storefront's reads (odop_bazaar/db_router.py). In tests it
# is a mirror: Django creates no database for it and points it at the primary's test database
# name on the replica's server, which receives that database by streaming. The suite (pytest)
# gets a mirror of default even without a replica, so the router is tested on SQLite too.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
TESTING = "pytest" in sys.modules
if DATABASE_REPLICA_URL or TESTING:
    DATABASES["replica"] = (
        {**DATABASES["default"], **env.db_url_config(DATABASE_REPLICA_URL)}
        if DATABASE_REPLICA_URL
        else dict(DATABASES["default"])
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
if IS_POSTGRES and env.bool("DATABASE_PGBOUNCER", default=False):
    # Behind PgBouncer in transaction mode (docs/scaling.md): a server connection serves one
    # transaction, then another client, so no cursor may outlive its transaction, and libpq's
    # "options" (refused by PgBouncer 1.18) give way to the pool's connect_query.
    for database in DATABASES.values():
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
        database["OPTIONS"] = {k: v for k, v in database["OPTIONS"].items() if k != "options"}
DATABASE_ROUTERS = ["odop_bazaar.db_router.PrimaryReplicaRouter"]
# Off in the suite, whose tests write in transactions the replica cannot see; the router's
# tests turn it on (tests/test_db_router.py).
DATABASE_REPLICA_READS = "replica" in DATABASES and env.bool(
    "DATABASE_REPLICA_READS", default=not TESTING
)
# After a write, the visitor reads the primary for this long (longer than the replica's lag).
DATABASE_REPLICA_STICKY_SECONDS = env.int("DATABASE_REPLICA_STICKY_SECONDS", default=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications -------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's form templates, for the renderer below
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_htmx",
    "odop_bazaar",
    "outbox",
    "accounts",
    "districts",
    "catalog",
    "sellers",
    "orders",
    "grievances",
    "curation",
]
if IS_POSTGRES:
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",  # safe with CSRF tokens: README, "slow network"
    "odop_bazaar.db_router.ReplicaReadsMiddleware",  # storefront reads on the replica
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "odop_bazaar.urls"
WSGI_APPLICATION = "odop_bazaar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "odop_bazaar.context_processors.site",
            ],
            # |own_lang and |text_lang mark what users wrote with its language, on every page.
            "builtins": ["odop_bazaar.templatetags.language"],
        },
    }
]

# Forms render through the project's templates, so templates/django/forms/ can lead every form
# that has errors with one summary (announced, each error linked to its field).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Accounts -----------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "accounts.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Behind load balancers: how many proxies of ours append to the header below. 0 = none, the
# client is REMOTE_ADDR (see accounts.throttle.client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXY_HEADER = env.str("TRUSTED_PROXY_HEADER", default="HTTP_X_FORWARDED_FOR")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "districts:home"
LOGOUT_REDIRECT_URL = "districts:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day

# --- Cache, sessions, Celery --------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# One prefix per deployment: every web process of it shares the storefront cache, and another
# deployment on the same Redis (staging) never reads its pages.
CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="odop")
if REDIS_URL:
    # Sessions live in Redis only: no database write or read per request. The trade-off: losing
    # Redis logs everybody out and empties visitors' carts (buyers' carts are in the database).
    # Give them a Redis (SESSION_REDIS_URL) with `maxmemory-policy noeviction` in production.
    CACHES = {
        "default": {
            "BACKEND": "odop_bazaar.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        },
        "sessions": {
            "BACKEND": "odop_bazaar.cache.RedisCache",
            "LOCATION": env.str("SESSION_REDIS_URL", default=REDIS_URL),
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}:session",
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"
else:
    # Embedded default: sessions in the database; `make run` clears the expired ones, and so
    # does beat (odop_bazaar.tasks.clear_expired_sessions) wherever rows are left.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_SAVE_EVERY_REQUEST = False  # a session is written only when it changes

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # no broker: run tasks inline
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Redis hands a task a dead worker held (acks_late) to another worker after this many seconds.
# It must exceed the longest task (CELERY_TASK_TIME_LIMIT, 300 s: a PDF or renditions take
# seconds) and the longest retry countdown (600 s), or a live task would run twice meanwhile.
# Workers sweep for such tasks every CELERY_RESTORE_INTERVAL seconds (kombu would scan only
# every tenth sweep): a dead worker's task runs again within timeout + interval, ~11 minutes.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=660)
CELERY_RESTORE_INTERVAL = env.int("CELERY_RESTORE_INTERVAL", default=10)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": CELERY_RESTORE_INTERVAL,
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A queue per kind of work, each with its own worker (`celery -A odop_bazaar worker -Q images`,
# see Procfile and deploy/), so 200 photo uploads never hold up an order e-mail or a refund.
# Every task has a route (tests/test_queues.py checks): a task on a queue nobody serves would
# wait for ever.
WORK_QUEUES = ("images", "notifications", "payments", "periodic")
CELERY_TASK_QUEUES = {name: {"routing_key": name} for name in WORK_QUEUES}
CELERY_TASK_ROUTES = {
    "catalog.tasks.*": {"queue": "images"},
    "districts.tasks.*": {"queue": "images"},
    "orders.tasks.process_return_photo": {"queue": "images"},
    "outbox.tasks.deliver_email": {"queue": "notifications"},
    "orders.tasks.send_refund": {"queue": "payments"},
    # What beat starts: sweeps that hand the real work on to the queues above.
    "outbox.tasks.deliver_due_emails": {"queue": "periodic"},
    "orders.tasks.expire_unpaid_orders": {"queue": "periodic"},
    "orders.tasks.resend_stuck_refunds": {"queue": "periodic"},
    "curation.tasks.refresh_dashboard": {"queue": "periodic"},
    "odop_bazaar.tasks.*": {"queue": "periodic"},
}
CELERY_BEAT_SCHEDULE = {
    # E-mails due for a retry, or left by a worker that died while sending, go out again.
    "deliver-due-emails": {"task": "outbox.tasks.deliver_due_emails", "schedule": 60.0},
    # Unpaid online orders give their stock back; the task is safe to run twice.
    "expire-unpaid-orders": {"task": "orders.tasks.expire_unpaid_orders", "schedule": 300.0},
    # Online refunds a dead worker left unsent, and failed ones, are sent again.
    "resend-stuck-refunds": {"task": "orders.tasks.resend_stuck_refunds", "schedule": 600.0},
    # The curators' dashboard reads monthly sales aggregates; recomputing them is idempotent.
    "refresh-dashboard": {"task": "curation.tasks.refresh_dashboard", "schedule": 600.0},
    # Expired database sessions (the embedded default's, or left from before Redis sessions).
    "clear-expired-sessions": {
        "task": "odop_bazaar.tasks.clear_expired_sessions",
        "schedule": 24 * 3600.0,
    },
}

# E-mails are retried with backoff (15 s doubling to 1 h) for this long, then shown to curators
# as failed; a worker holds a message this long before another may take it over.
OUTBOX_RETRY_HOURS = env.int("OUTBOX_RETRY_HOURS", default=26)
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)  # well inside the lease

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("hi", _("Hindi"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Kolkata"
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Media: on disk by default; in an S3-compatible store (public and private buckets) when
# MEDIA_STORAGE_URL or AWS_STORAGE_BUCKET_NAME is set. See odop_bazaar/media_storage.py.
OBJECT_STORAGE = object_storage(env)
STORAGES = {
    **(OBJECT_STORAGE.storages if OBJECT_STORAGE else disk_storages()),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if OBJECT_STORAGE:
    MEDIA_URL = OBJECT_STORAGE.media_url
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG) and not OBJECT_STORAGE
# KYC documents: outside MEDIA_ROOT, never served by URL; only sellers.views reads them.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))

# --- E-mail -------------------------------------------------------------------------------
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ODOP Bazaar <no-reply@odop-bazaar.in>")

# --- REST API -----------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 24,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "odop_bazaar.errors.api_exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PARSER_CLASSES": [
        "odop_bazaar.parsers.JSONObjectParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
# API bodies above this many bytes get 413 (carts and orders are a few KB at most).
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=64 * 1024)
SPECTACULAR_SETTINGS = {
    # Swagger UI's files from the drf-spectacular-sidecar package: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "orders.models.Order.Status",
        "ShipmentStatusEnum": "orders.models.Shipment.Status",
        "ReturnReasonEnum": "orders.models.ReturnRequest.Reason",
    },
    "TITLE": "ODOP Bazaar API",
    "DESCRIPTION": "Districts, ODOP products, listings and search of ODOP Bazaar.",
    "VERSION": "1.0.0",
}

# --- Security -----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]  # probes speak plain HTTP to the process
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    # A year, subdomains included (every subdomain must serve HTTPS before this is set).
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# Stylesheets are inlined in the page with DEBUG off ({% stylesheet %} in site_tags: on a slow
# network each linked one costs a round trip before the first paint); the CSP allows exactly
# their text by hash. Static name -> source file; read once when the process starts.
INLINE_STYLESHEETS = {
    "css/site.css": BASE_DIR / "static" / "css" / "site.css",
    "districts/map.css": BASE_DIR / "districts" / "static" / "districts" / "map.css",
    "orders/orders.css": BASE_DIR / "orders" / "static" / "orders" / "orders.css",
    "sellers/seller.css": BASE_DIR / "sellers" / "static" / "sellers" / "seller.css",
    "curation/curation.css": BASE_DIR / "curation" / "static" / "curation" / "curation.css",
}
INLINE_STYLESHEET_HASHES = [
    f"'sha256-{base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()}'"
    for path in INLINE_STYLESHEETS.values()
]
# Content-Security-Policy (django-csp): our own files, scripts by nonce, Razorpay Checkout's
# script and frame; no inline script, the inlined stylesheet by hash, no plugins, no framing.
_RAZORPAY = ["https://checkout.razorpay.com", "https://api.razorpay.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, "https://checkout.razorpay.com"],
        "style-src": [SELF, *INLINE_STYLESHEET_HASHES],
        "img-src": [
            SELF,
            "data:",
            *(OBJECT_STORAGE.csp_img_src if OBJECT_STORAGE else []),  # photos' origin
            *env.list("CSP_IMG_SRC", default=[]),
        ],
        "font-src": [SELF],
        "connect-src": [SELF, *_RAZORPAY, "https://lumberjack.razorpay.com"],
        "frame-src": [SELF, *_RAZORPAY],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, *_RAZORPAY],
        "frame-ancestors": [NONE],
    },
}

# --- Marketplace --------------------------------------------------------------------------
LOW_STOCK_THRESHOLD = env.int("LOW_STOCK_THRESHOLD", default=5)
# Anonymous storefront pages are served from the cache this long (odop_bazaar.page_cache);
# off while developing so template edits show at once.
STOREFRONT_CACHE_SECONDS = env.int("STOREFRONT_CACHE_SECONDS", default=0 if DEBUG else 60)
# How far apart the clocks of the web and worker machines may be: a page built this soon
# after a change it depends on is served but not kept (it may have read the data before it).
STOREFRONT_CACHE_CLOCK_SKEW_MS = env.int("STOREFRONT_CACHE_CLOCK_SKEW_MS", default=100)
GRIEVANCE_OFFICER = {
    # "" names the office ("Grievance Officer, ODOP Bazaar"), in the page's language.
    "name": env.str("GRIEVANCE_OFFICER_NAME", default=""),
    "email": env.str("GRIEVANCE_OFFICER_EMAIL", default="grievance@odop-bazaar.in"),
}
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")  # links in e-mails
ORDER_PAYMENT_TIMEOUT_MINUTES = env.int("ORDER_PAYMENT_TIMEOUT_MINUTES", default=30)
MARKETPLACE_COMMISSION_PERCENT = env.str("MARKETPLACE_COMMISSION_PERCENT", default="0")
PAYOUT_DAYS_AFTER_DELIVERY = env.int("PAYOUT_DAYS_AFTER_DELIVERY", default=7)
# A seller who has not dispatched this long after the order was placed shows as slow.
SLOW_DISPATCH_HOURS = env.int("SLOW_DISPATCH_HOURS", default=48)
# The fake gateway needs no network; set RAZORPAY_KEY_ID to take real payments.
RAZORPAY_KEY_ID = env.str("RAZORPAY_KEY_ID", default="")
RAZORPAY_KEY_SECRET = env.str("RAZORPAY_KEY_SECRET", default="")
RAZORPAY_WEBHOOK_SECRET = env.str("RAZORPAY_WEBHOOK_SECRET", default="")
# Public constants sign the fake gateway's webhooks in development only. Anywhere else (DEBUG
# off), or with a real key, a missing secret would let anybody forge `payment.captured`.
_missing_secrets = [
    name for name in ("RAZORPAY_KEY_SECRET", "RAZORPAY_WEBHOOK_SECRET") if not globals()[name]
]
if _missing_secrets and (RAZORPAY_KEY_ID or not DEBUG):
    raise ImproperlyConfigured(
        f"{' and '.join(_missing_secrets)} must be set when DEBUG is off or RAZORPAY_KEY_ID is set."
    )
RAZORPAY_KEY_SECRET = RAZORPAY_KEY_SECRET or "fake-key-secret"
RAZORPAY_WEBHOOK_SECRET = RAZORPAY_WEBHOOK_SECRET or "fake-webhook-secret"
PAYMENT_GATEWAY = env.str(
    "PAYMENT_GATEWAY",
    default="orders.services.payments.RazorpayGateway"
    if RAZORPAY_KEY_ID
    else "orders.services.payments.FakeGateway",
)
# The fake gateway "pays" without money: only in development and tests, never by accident.
FAKE_PAYMENTS_ALLOWED = env.bool("FAKE_PAYMENTS_ALLOWED", default=DEBUG)
# Development: the fake gateway declines every refund, to see a failed refund and its retry.
FAKE_REFUNDS_FAIL = env.bool("FAKE_REFUNDS_FAIL", default=False)

# --- Refunds and returns ------------------------------------------------------------------
# Working days a refund takes to reach the buyer (said in e-mails and on the order).
REFUND_DAYS = env.int("REFUND_DAYS", default=7)
# Failed or unsent online refunds are sent again after this long, up to this many attempts;
# after that a curator retries them from the admin.
REFUND_RETRY_MINUTES = env.int("REFUND_RETRY_MINUTES", default=30)
REFUND_MAX_ATTEMPTS = env.int("REFUND_MAX_ATTEMPTS", default=5)
# Days after delivery a buyer may ask to return an item, and per category slug where it
# differs (e.g. RETURN_WINDOW_DAYS_BY_CATEGORY="food-and-agriculture=2,textiles-and-apparel=10";
# 0 means that category takes no returns).
RETURN_WINDOW_DAYS = env.int("RETURN_WINDOW_DAYS", default=7)
RETURN_WINDOW_DAYS_BY_CATEGORY = {
    slug: int(days) for slug, days in env.dict("RETURN_WINDOW_DAYS_BY_CATEGORY", default={}).items()
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
