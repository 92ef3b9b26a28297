"""Issue 20: several app servers, one PostgreSQL primary and a read replica, pooled.

The public's pages read from ``DATABASE_REPLICA_URL``; a signed-in person's pages and
every write stay on the primary. Here the "replica" is a second database whose copy of
the 宝鸡 document has another title, so each page shows which database it read.
"""

import json
import subprocess
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar

import pytest

from budgets import settings as project_settings
from conftest import in_ci
from tests.servers import free_port, manage, production_env, reachable, start_gunicorn, stop

POSTGRES = ("127.0.0.1", 5432)
REPLICA_TITLE = "副本中的标题"


def psql(database, sql):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-q", "-c", sql], check=True
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not reachable(POSTGRES):
        if in_ci():
            pytest.fail("PostgreSQL on 127.0.0.1 is needed")
        pytest.skip("PostgreSQL on 127.0.0.1 is needed")
    names = [f"replica_{uuid.uuid4().hex[:8]}_{role}" for role in ("primary", "replica")]
    port = free_port()
    urls = [f"postgres://postgres@127.0.0.1:5432/{name}" for name in names]
    env = production_env(
        tmp_path_factory.mktemp("static"),
        port,
        DATABASE_URL=urls[0],
        DATABASE_REPLICA_URL=urls[1],
        PUBLIC_CACHE="false",
    )
    for name, url in zip(names, urls, strict=True):
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        manage({**env, "DATABASE_URL": url}, ["migrate", "-v0"])
        manage({**env, "DATABASE_URL": url}, ["loaddata", "templates", "baoji_2023", "-v0"])
    psql(names[1], f"UPDATE disclosures_document SET title = '{REPLICA_TITLE}'")
    manage(
        env,
        ["collectstatic", "--noinput", "-v0"],
        [
            "shell",
            "-c",
            "from django.contrib.auth.models import User; "
            "User.objects.create_superuser('root', password='pw')",
        ],
    )
    server = start_gunicorn(env)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)
        for name in names:
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", name])


def test_the_public_reads_the_replica_and_staff_the_primary(site):
    listing = json.loads(urllib.request.urlopen(site + "/api/documents/", timeout=30).read())
    assert [item["title"] for item in listing["results"]] == [REPLICA_TITLE]
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    login = site + "/admin/login/"
    page = opener.open(login, timeout=30).read().decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    form = {"csrfmiddlewaretoken": token, "username": "root", "password": "pw", "next": "/admin/"}
    request = urllib.request.Request(
        login, data=urllib.parse.urlencode(form).encode(), headers={"Referer": login}
    )
    opener.open(request, timeout=30).read()
    documents = opener.open(site + "/admin/disclosures/document/", timeout=30).read().decode()
    assert "宝鸡市人民政府口岸办公室2023年单位综合预算" in documents
    assert REPLICA_TITLE not in documents


def test_postgresql_connections_come_from_a_pool(monkeypatch):
    monkeypatch.delenv("DATABASE_POOL", raising=False)
    pooled = project_settings.database("postgres://u@db.example/budgets")
    assert pooled["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 10, "timeout": 10}
    assert pooled["CONN_MAX_AGE"] == 0
    monkeypatch.setenv("DATABASE_POOL", "false")
    assert "pool" not in project_settings.database("postgres://u@db.example/budgets").get(
        "OPTIONS", {}
    )
    assert "pool" not in project_settings.database("sqlite:////tmp/x.sqlite3").get("OPTIONS", {})


def shown_settings(config):
    """jit and work_mem as PostgreSQL reports them on a connection made as Django makes it."""
    import psycopg

    if not reachable(POSTGRES):
        if in_ci():
            pytest.fail("PostgreSQL on 127.0.0.1 is needed")
        pytest.skip("PostgreSQL on 127.0.0.1 is needed")
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"],
        user=config["USER"],
        dbname=config["NAME"],
        options=config["OPTIONS"]["options"],
    ) as connection:
        return [connection.execute(f"SHOW {name}").fetchone()[0] for name in ("jit", "work_mem")]


def test_site_connections_run_without_jit_and_with_sixteen_megabytes_to_sort(monkeypatch):
    for name in ("DATABASE_JIT", "DATABASE_WORK_MEM"):
        monkeypatch.delenv(name, raising=False)
    url = "postgres://postgres@127.0.0.1:5432/postgres"
    assert shown_settings(project_settings.database(url)) == ["off", "16MB"]
    monkeypatch.setenv("DATABASE_JIT", "true")
    monkeypatch.setenv("DATABASE_WORK_MEM", "64MB")
    assert shown_settings(project_settings.database(url)) == ["on", "64MB"]
