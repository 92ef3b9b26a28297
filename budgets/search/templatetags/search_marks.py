from django import template

from budgets.search.queries import excerpt, highlight

register = template.Library()


@register.filter
def marked(text, words):
    """``text`` escaped with the search words in <mark>."""
    return highlight(text, words)


@register.filter
def marked_excerpt(text, words):
    """A window of ``text`` around the first search word, escaped and marked."""
    return highlight(excerpt(text, words), words)
