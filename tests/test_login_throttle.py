"""The admin login throttle counts one user name however it is typed: the login form reads
“ｃｌｅｒｋ２” (full-width) as “clerk2” (NFKC, as ``AbstractBaseUser.normalize_username``),
so after five wrong passwords for clerk2 neither spelling, nor “CLERK2”, gets in."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.urls import reverse

from budgets import security
from budgets.disclosures.roles import CLERK_GROUP

PASSWORD = "正确的密码-clerk2"
SPELLINGS = ("clerk2", "ｃｌｅｒｋ２", "CLERK2")


@pytest.fixture
def clerk(db):
    user = User.objects.create_user("clerk2", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=CLERK_GROUP))
    for name in SPELLINGS:
        security.reset(name, "127.0.0.1")
    yield user
    for name in SPELLINGS:
        security.reset(name, "127.0.0.1")


def log_in(client, username, password):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


def test_the_full_width_name_logs_in_when_not_locked(client, clerk):
    response = log_in(client, "ｃｌｅｒｋ２", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(clerk.pk)


@pytest.mark.parametrize("spelling", ["ｃｌｅｒｋ２", "CLERK2", "Ｃｌｅｒｋ２ "])
def test_after_five_failures_every_spelling_of_the_name_is_refused(client, clerk, spelling):
    for attempt in range(settings.LOGIN_FAILURE_LIMIT):
        assert log_in(client, "clerk2", f"wrong-{attempt}").status_code == 200
    refused = log_in(client, spelling, PASSWORD)
    assert refused.status_code == 429
    assert "登录失败次数过多，该账号已暂时锁定。" in refused.content.decode()
    assert "_auth_user_id" not in client.session
