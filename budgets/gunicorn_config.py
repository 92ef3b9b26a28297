"""Gunicorn settings for `sh scripts/serve.sh --production`, from the environment.

HOST and PORT give the bind address (0.0.0.0:8000), WEB_CONCURRENCY the number of worker
processes (2), GUNICORN_TIMEOUT the seconds a request may take before its worker is
restarted (120; imports run on the job queue, budgets.importers.jobs), FORWARDED_ALLOW_IPS
the proxies whose X-Forwarded-Proto gunicorn believes (127.0.0.1). Gunicorn's own messages and
its access log (ACCESS_LOG=false turns it off) go to stderr as JSON lines, like the app's.
"""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
access_log_on = os.environ.get("ACCESS_LOG", "true").strip().lower() in {"1", "true", "yes", "on"}
accesslog = "-" if access_log_on else None
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"

_stderr = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"}
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "budgets.logs.JsonFormatter"}},
    "handlers": {"stderr": _stderr},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        # Gunicorn logs access through this logger whenever logconfig_dict is set, whatever
        # ``accesslog`` says: ACCESS_LOG=false silences it here.
        "gunicorn.access": {
            "handlers": ["stderr"],
            "level": "INFO" if access_log_on else "WARNING",
            "propagate": False,
        },
    },
}
