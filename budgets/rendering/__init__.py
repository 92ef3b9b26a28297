"""Rendering a stored document as the official PDF of its template (``render_disclosure``).

The kit: ``fonts`` (the CJK fonts and the Debian packages they come from), ``variant``
(what real documents vary, drawn from a seed), ``sheet`` (pages and text), ``grid`` (a
``PublishedTable`` as a ruled grid), ``draw`` (cover, narrative, tables), ``style`` (what a
template family prints; the generic default) and ``document`` (a document's PDFs).
"""
