"""Read an admin form page the way a browser would submit it, so tests post real forms."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """Collects the names and current values of a page's form fields."""

    def __init__(self):
        super().__init__()
        self.values = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "on")
            else:
                self.values[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def form_data(response, **overrides):
    """The fields of the admin form in ``response`` (empty extra forms left out), updated."""
    parser = FormFields()
    parser.feed(response.content.decode())
    values = {
        name: value
        for name, value in parser.values.items()
        if "__prefix__" not in name and name != "csrfmiddlewaretoken"
    }
    values.update({name: "" if value is None else str(value) for name, value in overrides.items()})
    return values
