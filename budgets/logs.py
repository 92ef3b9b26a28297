"""Structured logs: one JSON object per line.

Every line has ``time`` (UTC, ISO 8601), ``level``, ``logger`` and ``message``; a record
about a request adds ``method``, ``path`` and ``status``; a record with an exception adds
``exception`` (its type and message) and ``traceback``; values passed with ``extra=``
(``event``, ``username``, ``ip``, …) are added under their own names.
"""

import json
import logging
from datetime import UTC, datetime

#: Attributes every LogRecord has; anything else came in through ``extra=``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = getattr(request, "method", None)
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            kind, value, _ = record.exc_info
            entry["exception"] = f"{kind.__name__}: {value}"
            entry["traceback"] = self.formatException(record.exc_info)
        for name, value in vars(record).items():
            if name in _STANDARD or name in entry or name in {"request", "status_code"}:
                continue
            entry[name] = value if isinstance(value, str | int | float | bool) else str(value)
        return json.dumps(entry, ensure_ascii=False, default=str)
