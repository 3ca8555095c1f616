"""Settings of the Django till example: only what the customer display needs, and a database for transactions."""
import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "example-only-not-secret")
DEBUG = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
INSTALLED_APPS = ["till.apps.TillConfig"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware", "django.middleware.csrf.CsrfViewMiddleware"]
ROOT_URLCONF = "django_till.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"

# The customer display hub (`npm run hub -- --port 5000` on the POS machine).
CUSTOMER_DISPLAY = {
    "HUB_URL": os.environ.get("CUSTOMER_DISPLAY_HUB_URL", "http://127.0.0.1:5000"),
    # Only when the hub was started with --token (or a till's token from --lane-tokens).
    "TOKEN": os.environ.get("CUSTOMER_DISPLAY_TOKEN") or None,
    # One lane per till; each till's screen opens /display/?lane=<till>.
    "TILLS": os.environ.get("CUSTOMER_DISPLAY_TILLS", "till-1").split(","),
    # Seconds a request to the hub may take. The sale never waits for it anyway.
    "TIMEOUT": 1.0,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A hub that is down is one warning, not one per sale.
    "loggers": {"pos_customer_display": {"handlers": ["console"], "level": "WARNING"}},
}
