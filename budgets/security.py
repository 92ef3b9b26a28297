"""Response headers and admin login throttling that Django has no setting for.

- ``ContentSecurityPolicyMiddleware`` sends the Content-Security-Policy built from
  ``settings.CSP_DIRECTIVES`` (``CSP_ADMIN_DIRECTIVES`` under the admin).
- ``LoginThrottleMiddleware`` with the ``user_login_failed`` / ``user_logged_in`` signals
  counts wrong passwords per user name (normalised as the login form reads it) and client
  address in the cache (shared between workers when REDIS_URL is set) and refuses every
  attempt for that pair, a right password too, for a cool-down once
  ``LOGIN_FAILURE_LIMIT`` failures fall within the window.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger("budgets.security")

#: The clock the throttle reads (tests move it forward).
clock = time.time


def policy(directives):
    """The header value for a {directive: [sources]} mapping."""
    parts = [" ".join([name, *sources]) for name, sources in directives.items()]
    if settings.CSP_REPORT_URI:
        parts.append(f"report-uri {settings.CSP_REPORT_URI}")
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.header = (
            "Content-Security-Policy-Report-Only"
            if settings.CSP_REPORT_ONLY
            else "Content-Security-Policy"
        )
        self.site_policy = policy(settings.CSP_DIRECTIVES)
        self.admin_policy = policy(settings.CSP_ADMIN_DIRECTIVES)

    def __call__(self, request):
        response = self.get_response(request)
        if not settings.CSP_ENABLED or self.header in response:
            return response
        # Django's technical error pages (DEBUG only) are built from inline styles and scripts.
        if settings.DEBUG and response.status_code >= 400:
            return response
        in_admin = request.path.startswith(reverse("admin:index"))
        response[self.header] = self.admin_policy if in_admin else self.site_policy
        return response


def client_ip(request):
    """The client's address: the peer, or with NUM_PROXIES proxies in front, the address
    the outermost trusted proxy saw (counted from the right of X-Forwarded-For)."""
    proxies = settings.NUM_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def normalised(username):
    """The user name as the login form reads it (``AbstractBaseUser.normalize_username``:
    NFKC, so “ｃｌｅｒｋ２” is “clerk2”), stripped and casefolded: every spelling of one
    name shares one count."""
    return AbstractBaseUser.normalize_username(username).strip().casefold()


def _key(username, ip):
    digest = hashlib.sha256(f"{normalised(username)}\n{ip}".encode()).hexdigest()
    return f"login-throttle:{digest}"


def _state(username, ip):
    return cache.get(_key(username, ip)) or {"failures": [], "locked_until": 0}


def locked_for(username, ip):
    """Seconds left of the lock-out for this user name and address (0: not locked)."""
    remaining = _state(username, ip)["locked_until"] - clock()
    return max(0, math.ceil(remaining))


def record_failure(username, ip):
    now = clock()
    state = _state(username, ip)
    window = settings.LOGIN_FAILURE_WINDOW
    failures = [moment for moment in state["failures"] if now - moment < window] + [now]
    logger.info("login failed", extra={"event": "login_failed", "username": username, "ip": ip})
    if len(failures) >= settings.LOGIN_FAILURE_LIMIT:
        state = {"failures": [], "locked_until": now + settings.LOGIN_LOCKOUT_SECONDS}
        logger.warning(
            "login locked out",
            extra={
                "event": "login_locked",
                "username": username,
                "ip": ip,
                "failures": len(failures),
                "seconds": settings.LOGIN_LOCKOUT_SECONDS,
            },
        )
    else:
        state = {"failures": failures, "locked_until": 0}
    timeout = max(window, settings.LOGIN_LOCKOUT_SECONDS) + 60
    cache.set(_key(username, ip), state, timeout=timeout)


def reset(username, ip):
    cache.delete(_key(username, ip))


@receiver(user_login_failed, dispatch_uid="budgets.security.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    if request is not None:
        record_failure(credentials.get("username") or "", client_ip(request))


@receiver(user_logged_in, dispatch_uid="budgets.security.logged_in")
def _logged_in(sender, request, user, **kwargs):
    if request is not None:
        reset(user.get_username(), client_ip(request))


class _RefusedLoginForm(AdminAuthenticationForm):
    """The admin login form, showing the lock-out instead of checking the password."""

    def __init__(self, request, message, **kwargs):
        super().__init__(request, **kwargs)
        self.message = message

    def clean(self):
        raise ValidationError(self.message, code="throttled")


class LoginThrottleMiddleware:
    """Refuses admin login attempts for a locked-out user name and address (HTTP 429)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:login"):
            username = request.POST.get("username", "")
            ip = client_ip(request)
            seconds = locked_for(username, ip)
            if seconds:
                logger.warning(
                    "login refused during lock-out",
                    extra={
                        "event": "login_refused",
                        "username": username,
                        "ip": ip,
                        "seconds": seconds,
                    },
                )
                return self.refused(request, username, seconds)
        return self.get_response(request)

    def refused(self, request, username, seconds):
        message = _("登录失败次数过多，该账号已暂时锁定。请 %(minutes)d 分钟后再试。") % {
            "minutes": math.ceil(seconds / 60)
        }
        form = _RefusedLoginForm(request, message, data={"username": username, "password": "-"})
        context = {
            **admin.site.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "form": form,
            REDIRECT_FIELD_NAME: request.POST.get(REDIRECT_FIELD_NAME, reverse("admin:index")),
            "username": "",
        }
        response = TemplateResponse(
            request, admin.site.login_template or "admin/login.html", context, status=429
        )
        response["Retry-After"] = str(seconds)
        return response.render()
