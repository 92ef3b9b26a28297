"""Chinese first; English only when the visitor chooses it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_chinese(client):
    response = client.get(reverse("admin:login"), headers={"accept-language": "en-US,en;q=0.9"})
    assert response.headers["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans"' in response.content.decode()


def test_the_language_switch_turns_english_on_and_off(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("admin:login"))
    assert response.headers["Content-Language"] == "en"
    assert "Log in" in response.content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    response = client.get(reverse("admin:login"))
    assert "登录" in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies["django_language"] = "xx"
    response = client.get(reverse("admin:login"))
    assert response.headers["Content-Language"] == "zh-hans"
