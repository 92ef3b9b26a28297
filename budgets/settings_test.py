"""Settings for the test suite (pyproject.toml points pytest-django here).

The tests run the development profile, set explicitly now that DEBUG is off by default:
DEBUG=true at import (development secret key, no HTTPS redirect or HSTS, plain static
storage). Django's test runner still turns settings.DEBUG off while tests run, so pages
behave as in production. Commands the tests start in subprocesses inherit the same
environment. Tests of the production profile set their own environment in a subprocess.
"""

import os

os.environ.setdefault("DEBUG", "true")

from budgets.settings import *  # noqa: E402, F403
