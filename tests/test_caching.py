"""Public pages and API answers cached under the data version (budgets/caching)."""

import json
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from budgets.caching import version
from budgets.disclosures.models import Document, FunctionExpenditure

EXPENDITURE = 'data-figure="expenditure">'


@pytest.fixture
def caching(settings):
    settings.PUBLIC_CACHE = True
    settings.DATA_VERSION_IN_CACHE = None
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def page_url(baoji_document):
    return reverse(
        "browse:document",
        kwargs={"organisation": baoji_document.organisation_id, "year": baoji_document.year},
    )


def get(client, url, **headers):
    return client.get(url, HTTP_HOST="127.0.0.1", **headers)


def test_second_request_is_served_from_the_cache_without_a_query(
    caching, client, page_url, django_assert_num_queries
):
    first = get(client, page_url)
    assert first.status_code == 200
    assert first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client, page_url)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("name", ["api:documents", "browse:home"])
def test_api_and_home_are_cached_too(
    caching, client, baoji_document, name, django_assert_num_queries
):
    url = reverse(name)
    assert get(client, url)["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert get(client, url)["X-Cache"] == "hit"


def test_editing_a_fact_shows_the_new_figure(caching, client, baoji_document, page_url):
    before = version.current()
    get(client, page_url)
    line = FunctionExpenditure.objects.filter(document=baoji_document).order_by("pk").first()
    line.amount += Decimal("10000000.00")  # 1,000 万元 more
    line.save()
    assert version.current() != before
    response = get(client, page_url)
    assert response["X-Cache"] == "miss"
    assert EXPENDITURE + "1,190.57<" in response.content.decode()


def test_withdrawing_and_publishing_again(caching, client, baoji_document, page_url):
    assert get(client, page_url).status_code == 200
    baoji_document.status = Document.Status.WITHDRAWN
    baoji_document.save()
    assert get(client, page_url).status_code == 404
    assert baoji_document.title not in get(client, reverse("api:documents")).content.decode()
    baoji_document.status = Document.Status.PUBLISHED
    baoji_document.save()
    assert get(client, page_url).status_code == 200


def test_reimporting_changes_the_version(caching, client, baoji_document, page_url):
    """A re-import writes with bulk_create (no signals) or loaddata (raw saves)."""
    get(client, page_url)
    FunctionExpenditure.objects.filter(document=baoji_document).update(amount=Decimal(0))
    version.bump()  # what the import writer does after its bulk writes
    assert EXPENDITURE + "0.00<" in get(client, page_url).content.decode()
    call_command("loaddata", "baoji_2023", verbosity=0)  # the figures as published, again
    response = get(client, page_url)
    assert response["X-Cache"] == "miss"
    assert EXPENDITURE + "190.57<" in response.content.decode()


def test_the_import_writer_bumps_the_version():
    import inspect

    from budgets.importers import writer

    assert "data_version.bump()" in inspect.getsource(writer.Writer.write)


def test_revalidation_answers_304(caching, client, page_url):
    first = get(client, page_url)
    assert first["ETag"] and first["Last-Modified"]
    assert first["Cache-Control"].startswith("public, max-age=")
    assert "Cookie" in first["Vary"]
    again = get(client, page_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = get(client, page_url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    version.bump()
    assert get(client, page_url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_language_and_unit_choices_get_their_own_pages(caching, client, page_url):
    chinese = get(client, page_url)
    client.cookies["django_language"] = "en"
    english = get(client, page_url)
    assert english["X-Cache"] == "miss"
    assert english.content != chinese.content
    client.cookies["amount_unit"] = "yuan"
    assert get(client, page_url)["X-Cache"] == "miss"


@pytest.mark.parametrize("name", ["browse:home", "api:documents", "document"])
def test_anonymous_public_pages_set_no_cookie(caching, client, page_url, name):
    url = page_url if name == "document" else reverse(name)
    response = get(client, url)
    assert response.status_code == 200
    assert not response.cookies, response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_language_switch_works_without_a_csrf_cookie_and_refuses_other_sites(caching):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    url = reverse("set_language")
    same = browser.post(
        url, {"language": "en", "next": "/"}, HTTP_HOST="127.0.0.1", HTTP_ORIGIN="http://127.0.0.1"
    )
    assert same.status_code == 302
    assert same.cookies["django_language"].value == "en"
    other = browser.post(
        url, {"language": "en"}, HTTP_HOST="127.0.0.1", HTTP_ORIGIN="https://evil.example"
    )
    assert other.status_code == 403


def test_staff_and_previews_are_never_cached(caching, client, admin_user, baoji_document, page_url):
    baoji_document.status = Document.Status.DRAFT
    baoji_document.published_on = None
    baoji_document.save()
    client.force_login(admin_user)
    preview = f"{page_url}?preview={baoji_document.pk}"
    for _round in range(2):
        response = get(client, preview)
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert "public" not in response.get("Cache-Control", "")
    client.logout()
    assert get(client, preview).status_code == 404  # nothing of the preview was kept
    assert get(client, page_url).status_code == 404


def test_posts_and_admin_are_not_cached(caching, client, admin_user):
    client.force_login(admin_user)
    assert "X-Cache" not in get(client, "/admin/")
    client.logout()
    assert "X-Cache" not in client.post(reverse("browse:home"), HTTP_HOST="127.0.0.1")


def test_without_a_shared_cache_other_processes_see_changes_through_the_file(caching):
    caching.DATA_VERSION_IN_CACHE = False
    before = version.current()
    version.write_file_version()  # another process committed a change
    assert version.current() != before


def cache_entries():
    """The pages kept in the (local-memory) cache."""
    return [key for key in cache._cache if ":page:" in key]


def test_a_parameter_no_page_reads_makes_no_cache_entry(caching, client, page_url):
    """Issue 20: every made-up ``?x=…`` kept a 24-hour copy of the page."""
    assert get(client, page_url)["X-Cache"] == "miss"
    kept = len(cache_entries())
    for junk in ("x=1", "x=2", "utm_source=a"):
        response = get(client, f"{page_url}?{junk}")
        assert response.status_code == 200
        assert response["X-Cache"] == "bypass"
    assert len(cache_entries()) == kept
    # A parameter the page reads is a page of its own, and cached.
    search = reverse("browse:search")
    assert get(client, f"{search}?q=宝鸡")["X-Cache"] == "miss"
    assert get(client, f"{search}?q=宝鸡")["X-Cache"] == "hit"
    assert len(cache_entries()) == kept + 1


@pytest.mark.django_db(transaction=True)
def test_a_cdn_keeps_pages_longer_and_is_told_to_drop_them_on_a_change(
    caching, client, baoji_document, page_url
):
    """Issue 20: ``s-maxage`` and ``stale-while-revalidate`` for a CDN, and a purge on
    every committed change (a local HTTP server stands in for the CDN's purge API)."""
    received = []

    class PurgeAPI(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Authorization"], json.loads(body)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), PurgeAPI)
    threading.Thread(target=server.handle_request, daemon=True).start()
    caching.CDN_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
    caching.CDN_PURGE_TOKEN = "secret"
    control = get(client, page_url)["Cache-Control"]
    assert control == "public, max-age=60, s-maxage=300, stale-while-revalidate=30"
    line = FunctionExpenditure.objects.filter(document=baoji_document).first()
    line.amount += Decimal("1")
    line.save()  # committed at once: the purge is sent
    deadline = time.monotonic() + 5
    while not received and time.monotonic() < deadline:
        time.sleep(0.05)
    server.server_close()
    assert received == [("Bearer secret", {"purge_everything": True})]
