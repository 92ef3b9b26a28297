"""Issue 20: two app servers that share nothing but PostgreSQL and Redis.

Server A and server B are two gunicorn processes on two ports, with one DATABASE_URL (a
PostgreSQL database of this module's own), one REDIS_URL and one SECRET_KEY, and one
``manage.py rqworker`` working the import queue, as two machines behind a load balancer
would run. Between them:

- a PDF uploaded through the admin on A is previewed by the worker and confirmed on B
  with the session A gave (sessions and the uploaded files are in the database);
- a public page B has cached is rendered afresh once the document is published on A
  (the data version is in Redis);
- wrong passwords on A and on B count together towards the lock-out (the count is in
  Redis).
"""

import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from decimal import Decimal
from email.message import Message
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
import pytest

from conftest import in_ci
from tests.servers import (
    MANAGE,
    ROOT,
    free_port,
    manage,
    production_env,
    reachable,
    start_gunicorn,
    stop,
)
from tests.test_import_jobs import forget_queue

POSTGRES = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
REDIS_URL = "redis://127.0.0.1:6379/9"
JUSTICE = "上海市普陀区司法局26年预算.pdf"
JUSTICE_TITLE = "上海市普陀区司法局2026年部门预算"
JUSTICE_REVENUE = "96,282,213.44"  # 收入总计, table 1
LOGIN_FAILURE_LIMIT = 4
REFRESH = '<meta http-equiv="refresh"'

USERS = """
from django.contrib.auth.models import User
User.objects.create_superuser("root", password="pw")
User.objects.create_superuser("target", password="pw")
"""


def machine(tmp_path_factory, env, name):
    """``env`` with a temporary folder of its own, as on a machine of its own: nothing an
    app server keeps there (files, sessions, the data version's file) reaches another."""
    return {**env, "TMPDIR": str(tmp_path_factory.mktemp(name))}


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """{"a": URL, "b": URL, "database": name} of the two servers, once both listen."""
    if not (reachable(POSTGRES) and reachable(REDIS)):
        if in_ci():
            pytest.fail("PostgreSQL and Redis on 127.0.0.1 are needed")
        pytest.skip("PostgreSQL and Redis on 127.0.0.1 are needed")
    name = f"two_servers_{uuid.uuid4().hex[:8]}"
    ports = free_port(), free_port()
    env = production_env(
        tmp_path_factory.mktemp("static"),
        ports[0],
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX=name,
        IMPORT_QUEUE=name,
        IMPORT_MAX_SECONDS="120",
        LOGIN_FAILURE_LIMIT=str(LOGIN_FAILURE_LIMIT),
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    running = []
    worker = machine(tmp_path_factory, env, "worker")
    log = (Path(worker["TMPDIR"]) / "worker.log").open("w")
    try:
        manage(
            env,
            ["migrate", "-v0"],
            ["loaddata", "templates", "baoji_2023", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["shell", "-v0", "-c", USERS],
        )
        command = [*MANAGE, "rqworker", name]
        running.append(subprocess.Popen(command, cwd=ROOT, env=worker, stdout=log, stderr=log))
        for server, port in zip("ab", ports, strict=True):
            env = machine(tmp_path_factory, {**env, "PORT": str(port)}, server)
            running.append(start_gunicorn(env))
        yield {
            "a": f"http://127.0.0.1:{ports[0]}",
            "b": f"http://127.0.0.1:{ports[1]}",
            "database": name,
        }
    finally:
        for process in running:
            stop(process)
        log.close()
        forget_queue(name)
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", name])


@dataclass
class Answer:
    status: int
    url: str  # where the redirects, if any, ended
    headers: Message
    text: str


def fetch(opener, url, data=None, headers=None):
    """The answer to a GET, or to a POST of ``data`` (a dict, or bytes with their
    Content-Type in ``headers``), its redirects followed."""
    if isinstance(data, dict):
        data = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url, **(headers or {})})
    try:
        with opener.open(request, timeout=60) as response:
            return Answer(response.status, response.url, response.headers, response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.url, error.headers, error.read().decode())


class FormFields(HTMLParser):
    """The fields a browser sends with the page's form that posts to ``action``."""

    def __init__(self, action):
        super().__init__()
        self.action = action
        self.inside = False
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        elif tag == "input" and self.inside and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[attrs["name"]] = attrs.get("value") or ("on" if kind == "checkbox" else "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def form(page, action):
    parser = FormFields(action)
    parser.feed(page)
    assert parser.fields, f"no form posting to {action}"
    return parser.fields


def csrf_token(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def browser():
    """An opener with its own cookies (one jar for both servers: cookies ignore ports)."""
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def log_in(opener, site, username, password):
    """The answer to the admin's login form posted on ``site``."""
    login = site + "/admin/login/"
    data = {
        "csrfmiddlewaretoken": csrf_token(fetch(opener, login).text),
        "username": username,
        "password": password,
        "next": "/admin/",
    }
    return fetch(opener, login, data)


def multipart(fields, name, filename, content):
    """A multipart/form-data body of ``fields`` and one PDF, and its Content-Type."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(opener, site, path):
    """The job page an upload of the PDF at ``path`` through ``site``'s admin leads to."""
    page = fetch(opener, site + "/admin/import/").text
    body, content_type = multipart(
        {"csrfmiddlewaretoken": csrf_token(page)}, "files", path.name, path.read_bytes()
    )
    return fetch(opener, site + "/admin/import/", body, {"Content-Type": content_type})


def finished(opener, url, seconds=120):
    """The job page at ``url`` once the job is done (it stops reloading itself)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(opener, url).text
        if REFRESH not in page:
            assert 'data-state="done"' in page, page
            return page
        time.sleep(0.5)
    raise AssertionError(f"the job at {url} not done within {seconds} s")


def query(database, sql, *args):
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as connection:
        return connection.execute(sql, args).fetchall()


def path_of(url):
    return urllib.parse.urlsplit(url).path


@pytest.mark.disclosures
def test_a_file_uploaded_on_a_is_confirmed_on_b(servers, disclosure):
    a, b = servers["a"], servers["b"]
    clerk = browser()
    assert log_in(clerk, a, "root", "pw").url == a + "/admin/"
    index = fetch(clerk, b + "/admin/")
    assert index.url == b + "/admin/" and "root" in index.text  # B knows A's session

    job = upload(clerk, a, disclosure(JUSTICE))
    assert re.fullmatch(re.escape(a) + r"/admin/import/jobs/\d+/", job.url), job.url
    preview = finished(clerk, job.url)  # read by the worker
    assert JUSTICE_TITLE in preview and JUSTICE_REVENUE in preview

    confirm = path_of(job.url) + "confirm/"
    fields = form(preview, confirm)
    assert (fields["form-0-include"], fields["form-0-status"]) == ("on", "draft")
    imported = fetch(clerk, b + confirm, fields)  # on to the import job's page, on B
    assert re.fullmatch(re.escape(b) + r"/admin/import/jobs/\d+/", imported.url), imported.url
    assert f"已导入《{JUSTICE_TITLE}》（草稿）。" in finished(clerk, imported.url)

    kept = query(
        servers["database"],
        "SELECT d.status, sum(r.amount) FROM disclosures_document d"
        " JOIN disclosures_revenueline r ON r.document_id = d.id"
        " WHERE d.title = %s GROUP BY d.status",
        JUSTICE_TITLE,
    )
    assert kept == [("draft", Decimal(JUSTICE_REVENUE.replace(",", "")))]


# The 宝鸡 fixture's document (published): its region's page on B, its workflow on A.
BAOJI_TITLE = "宝鸡市人民政府口岸办公室2023年单位综合预算"
BAOJI_REGION = "/region/610300/"
BAOJI_SPENDING = "190.57"  # 万元, the 2023 row of the region's totals
NONE_PUBLISHED = "本地区暂无已公开的预算。"


def public(url):
    """A reader's GET: no cookies, so the page may come from the cache."""
    return fetch(urllib.request.build_opener(), url)


def workflow(opener, site, database, action):
    """One workflow step of the 宝鸡 document, taken through ``site``'s admin."""
    ((pk,),) = query(database, "SELECT id FROM disclosures_document WHERE title = %s", BAOJI_TITLE)
    change = f"{site}/admin/disclosures/document/{pk}/change/"
    token = csrf_token(fetch(opener, change).text)
    url = f"{site}/admin/disclosures/document/{pk}/workflow/{action}/"
    answer = fetch(opener, url, {"csrfmiddlewaretoken": token})
    assert answer.url == change and "errornote" not in answer.text, answer.text
    ((status,),) = query(database, "SELECT status FROM disclosures_document WHERE id = %s", pk)
    return status


def test_a_page_b_cached_shows_what_a_changed(servers):
    a, b, database = servers["a"], servers["b"], servers["database"]
    first, second = public(b + BAOJI_REGION), public(b + BAOJI_REGION)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert BAOJI_SPENDING in second.text and NONE_PUBLISHED not in second.text

    staff = browser()
    log_in(staff, a, "root", "pw")
    assert workflow(staff, a, database, "withdraw") == "withdrawn"
    page = public(b + BAOJI_REGION)
    assert NONE_PUBLISHED in page.text and BAOJI_SPENDING not in page.text
    assert page.headers["X-Cache"] == "miss"

    assert workflow(staff, a, database, "publish") == "published"
    page = public(b + BAOJI_REGION)
    assert BAOJI_SPENDING in page.text and NONE_PUBLISHED not in page.text


def test_wrong_passwords_on_a_and_b_count_together(servers):
    a, b = servers["a"], servers["b"]
    intruder = browser()
    for site in (a, b) * (LOGIN_FAILURE_LIMIT // 2):
        refused = log_in(intruder, site, "target", "wrong")
        assert refused.status == 200 and refused.url == site + "/admin/login/"
        assert "errornote" in refused.text and "登录失败次数过多" not in refused.text
    # Each server saw two: locked out only if they count together, the right password too.
    for site in (a, b):
        locked = log_in(intruder, site, "target", "pw")
        assert locked.status == 429 and "登录失败次数过多" in locked.text
