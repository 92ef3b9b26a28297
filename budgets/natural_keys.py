"""Natural-key lookups remembered for the length of one ``loaddata`` run.

A fixture refers to documents, organisations, template tables and classification codes by
their natural keys, and Django looks each reference up with a query of its own: loading
``shanghai_putuo`` asked for the same 21 documents several thousand times. While
``loaddata`` runs (``remembered``), each manager's ``get_by_natural_key`` answers a key it
has answered before without a query. Nothing is remembered outside a run, so no stale
object (a row deleted or rolled back since) can be returned.
"""

import contextlib
import contextvars
import functools

_answers = contextvars.ContextVar("natural_key_answers", default=None)


@contextlib.contextmanager
def remembered():
    """Remember natural-key lookups until the block ends."""
    token = _answers.set({})
    try:
        yield
    finally:
        _answers.reset(token)


def memoised(get_by_natural_key):
    """Decorate a manager's ``get_by_natural_key`` to answer from memory inside ``remembered``."""

    @functools.wraps(get_by_natural_key)
    def lookup(manager, *key):
        answers = _answers.get()
        if answers is None:
            return get_by_natural_key(manager, *key)
        slot = (manager.model, manager.db, key)
        if slot not in answers:
            answers[slot] = get_by_natural_key(manager, *key)
        return answers[slot]

    return lookup
