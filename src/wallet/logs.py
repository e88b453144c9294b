"""Logging for `wallet serve`: one JSON object a line (for collectors), or plain text at a terminal.

``WALLET_LOG_FORMAT=json|text``; unset, json unless stderr is a terminal. Every line carries the
request id of the request it was written in. The access lines (http.metrics) add organisation,
route template, status and duration; nothing here ever logs a key or a person reference.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from wallet.request_context import current_request_id

# The fields the access log adds to a record (http.metrics.RequestMiddleware).
REQUEST_FIELDS = ("request_id", "organisation_id", "method", "route", "status", "duration_ms")


def chosen_format(setting: str | None) -> str:
    if setting:
        return setting
    return "text" if sys.stderr.isatty() else "json"


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in REQUEST_FIELDS:
            value = getattr(record, field, None)
            if value is not None:
                line[field] = value
        line.setdefault("request_id", current_request_id.get())
        if line["request_id"] is None:
            del line["request_id"]
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class PlainText(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        request_id = getattr(record, "request_id", None) or current_request_id.get()
        extras = [f"{field}={getattr(record, field)}" for field in REQUEST_FIELDS[1:]
                  if getattr(record, field, None) is not None and field not in ("method", "route", "status")]
        return " ".join([text, *([f"request_id={request_id}"] if request_id else []), *extras])


def uvicorn_log_config(log_format: str | None) -> dict[str, Any]:
    """A logging dictConfig for uvicorn (each worker process applies it) and our own loggers.

    uvicorn's own access log is switched off: ours carries the route template and request id.
    """
    formatter = "json" if chosen_format(log_format) == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonLines}, "text": {"()": PlainText}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": formatter,
                                "stream": "ext://sys.stderr"}},
        "loggers": {
            "wallet": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
