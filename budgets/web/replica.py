"""The public's pages read from a read replica (``DATABASE_REPLICA_URL``), if there is one.

Only a GET or HEAD outside the admin by a visitor without a session is routed there:
whatever a signed-in person does, and every write, stays on the primary, so nobody reads
their own change from a replica that has not caught up yet. A replica a few seconds
behind can serve the public a page published a few seconds ago a little later, as a
cache does.
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections

REPLICA = "replica"
#: Whether the current request's reads go to the replica.
public_read = ContextVar("public_read", default=False)


def reads_from_replica(request):
    return (
        REPLICA in connections.settings
        and request.method in ("GET", "HEAD")
        and not request.path.startswith("/admin/")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PublicReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = public_read.set(reads_from_replica(request))
        try:
            return self.get_response(request)
        finally:
            public_read.reset(token)


class PublicReadsRouter:
    """Reads of a public request go to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        return REPLICA if public_read.get() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
