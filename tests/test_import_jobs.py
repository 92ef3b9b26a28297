"""Issue 18: admin imports run as background jobs on a real RQ queue over Redis.

The upload and the confirmation only keep the files and enqueue a job; RQ's SimpleWorker,
run here in burst mode (so that its jobs see the test's database), reads and imports them,
and the job's page shows the preview, then each document's outcome. A job is its
starter's. A real ``manage.py rqworker`` process, on a PostgreSQL database of its own, is
killed (SIGKILL) in the middle of an import: no document is written, no reader child
is left, and the job shows it failed. ``scripts/serve.sh --production`` runs a worker that
imports a file queued by ``import_disclosure --queue`` and stops with the script.
"""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

import django_rq
import psycopg
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from redis import Redis
from rq import Queue, SimpleWorker, Worker
from rq.job import Job

from budgets.disclosures.arithmetic import total_of
from budgets.disclosures.models import Document
from budgets.importers.models import ImportJob, PendingUpload
from conftest import in_ci
from tests.test_import_uploads import (
    FAMILIES,
    JUSTICE,
    JUSTICE_TITLE,
    confirmation,
    logged_in,
    make_clerk,
    preview_tables,
)
from tests.test_outages import free_port, reachable

ROOT = Path(__file__).resolve().parent.parent
REDIS = ("127.0.0.1", 6379)
POSTGRES = ("127.0.0.1", 5432)
REDIS_URL = "redis://127.0.0.1:6379/9"

pytestmark = [pytest.mark.disclosures]


def need(*services):
    """Skip (locally) or fail (in CI, where they run) without PostgreSQL / Redis."""
    if not all(reachable(service) for service in services):
        message = f"needs {services} on 127.0.0.1"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


def forget_queue(name):
    """Remove every key RQ kept for the queue ``name`` and its jobs, and those of a site's
    cache whose CACHE_KEY_PREFIX is ``name``."""
    redis = Redis.from_url(REDIS_URL)
    job_ids = [key.decode().rpartition(":")[2] for key in redis.scan_iter("rq:job:*")]
    for key in redis.scan_iter(f"*{name}*"):  # its RQ keys, and a site's cache under it
        redis.delete(key)
    redis.srem("rq:queues", f"rq:queue:{name}")
    for job_id in job_ids:
        if not redis.exists(f"rq:job:{job_id}"):
            continue
        if redis.hget(f"rq:job:{job_id}", "origin") == name.encode():
            for key in redis.scan_iter(f"rq:*{job_id}*"):
                redis.delete(key)


@pytest.fixture
def queue(settings):
    """The import queue, on Redis, under a name of this test's own (two test runs may
    share the Redis)."""
    need(REDIS)
    name = f"imports-test-{uuid.uuid4().hex[:8]}"
    settings.IMPORT_QUEUE = name
    settings.RQ_QUEUES = {name: {"URL": REDIS_URL}}
    yield django_rq.get_queue(name)
    forget_queue(name)


def work(queue):
    """Run every job waiting on ``queue`` here, one after the other, then return."""
    SimpleWorker([queue], connection=queue.connection).work(burst=True)


@pytest.fixture
def clerk(db):
    call_command("loaddata", "templates", verbosity=0)
    user = make_clerk("clerk-a")
    return logged_in(user), user


def upload(client, disclosure, *names):
    files = [
        SimpleUploadedFile(name, disclosure(name).read_bytes(), "application/pdf") for name in names
    ]
    return client.post(reverse("importers:upload"), {"files": files})


def confirm(client, job, data):
    return client.post(reverse("importers:confirm", args=[job.pk]), data)


def shown(client, job):
    """The job's page."""
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    return response


REFRESH = '<meta http-equiv="refresh" content="2">'


@pytest.mark.django_db
def test_a_preview_then_an_import_run_by_the_queue_worker(clerk, queue, disclosure):
    client, user = clerk
    response = upload(client, disclosure, JUSTICE)
    job = ImportJob.objects.get()
    assert (response.status_code, response.url) == (302, job.get_absolute_url())
    assert (job.kind, job.state, job.started_by) == ("preview", "queued", user)
    assert queue.job_ids == [job.rq_id]
    page = shown(client, job).content.decode()
    assert REFRESH in page and "排队中" in page and JUSTICE in page
    assert 'class="module import-document' not in page

    work(queue)
    response = shown(client, job)
    page = response.content.decode()
    assert REFRESH not in page and "已完成" in page
    assert JUSTICE_TITLE in page and "各表自身及相互核对一致" in page
    tables = preview_tables(response)
    for number, figures in FAMILIES["shanghai_budget"]["totals"].items():
        _title, totals = tables[number]
        assert set(figures) <= set(re.findall(r"\d[\d,]*\.\d\d", totals)), (number, totals)
    assert tables["1"][0] == "2026年部门财务收支预算总表"
    assert [row["state"] for row in response.context["files"]] == ["read"]
    assert not Document.objects.exists()

    response = confirm(client, job, confirmation(response))
    imported = ImportJob.objects.get(kind="import")
    assert (response.status_code, response.url) == (302, imported.get_absolute_url())
    assert imported.state == "queued" and not Document.objects.exists()
    work(queue)
    response = shown(client, imported)
    document = Document.objects.get()
    assert (document.title, document.status) == (JUSTICE_TITLE, "draft")
    assert total_of(document.revenuelines.values_list("amount", flat=True)) == Decimal(
        "96282213.44"
    )
    assert [item["message"] for item in response.context["outcomes"]] == [
        f"已导入《{JUSTICE_TITLE}》（草稿）。"
    ]
    change = reverse("admin:disclosures_document_change", args=[document.pk])
    assert f'<a href="{change}">' in response.content.decode()
    assert Job.fetch(imported.rq_id, connection=queue.connection).get_status() == "finished"
    assert not PendingUpload.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_family_is_previewed_and_imported_by_the_worker(clerk, queue, disclosure, family):
    client, _user = clerk
    expected = FAMILIES[family]
    upload(client, disclosure, *expected["files"])
    work(queue)
    job = ImportJob.objects.get()
    response = shown(client, job)
    (document,) = response.context["documents"]
    assert not document["error"] and document["title"] == expected["title"]
    assert len(preview_tables(response)) >= 9
    confirm(client, job, confirmation(response))
    work(queue)
    imported = ImportJob.objects.get(kind="import")
    response = shown(client, imported)
    assert (imported.state, response.context["outcomes"][0]["error"]) == ("done", "")
    assert list(Document.objects.values_list("title", "status")) == [(expected["title"], "draft")]
    assert {row["state"] for row in imported.files} == {"imported"}
    assert len(imported.files) == len(expected["files"])


@pytest.mark.django_db
def test_a_job_is_its_starters_only(clerk, queue, disclosure):
    client, _user = clerk
    upload(client, disclosure, JUSTICE)
    work(queue)
    job = ImportJob.objects.get()
    response = shown(client, job)
    data = confirmation(response)
    other = logged_in(make_clerk("clerk-b"))
    assert other.get(job.get_absolute_url()).status_code == 404
    assert confirm(other, job, data).status_code == 404
    assert ImportJob.objects.count() == 1 and queue.count == 0
    # A superuser may look at it, not confirm it.
    chief = logged_in(User.objects.create_superuser("chief", password="pw"))
    page = chief.get(job.get_absolute_url())
    assert page.context["formset"] is None and "确认导入" not in page.content.decode()
    assert confirm(chief, job, data).status_code == 404
    confirm(client, job, data)
    imported = ImportJob.objects.get(kind="import")
    assert other.get(imported.get_absolute_url()).status_code == 404
    work(queue)
    assert Document.objects.get().title == JUSTICE_TITLE


@pytest.mark.django_db
def test_a_job_the_queue_lost_is_shown_failed(clerk, queue, disclosure):
    client, _user = clerk
    upload(client, disclosure, JUSTICE)
    job = ImportJob.objects.get()
    Job.fetch(job.rq_id, connection=queue.connection).delete()  # e.g. Redis flushed
    page = shown(client, job).content.decode()
    job.refresh_from_db()
    assert job.state == "failed" and "导入任务已中断" in job.error
    assert "导入任务已中断" in page and REFRESH not in page


@pytest.mark.django_db
def test_an_upload_when_redis_is_down_says_so(clerk, settings, disclosure):
    settings.IMPORT_QUEUE = "imports"
    settings.RQ_QUEUES = {"imports": {"URL": f"redis://127.0.0.1:{free_port()}/0"}}
    client, _user = clerk
    response = client.post(
        reverse("importers:upload"),
        {"files": [SimpleUploadedFile(JUSTICE, disclosure(JUSTICE).read_bytes())]},
        follow=True,
    )
    job = response.context["job"]
    assert (job.state, job.error) == ("failed", "导入队列暂时不可用，请稍后再试。")
    assert "任务未完成：导入队列暂时不可用，请稍后再试。" in response.content.decode()


# A real worker process killed mid-import, on a PostgreSQL database of its own.


def run(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


CREATE_CLERK = """
from django.contrib.auth.models import Group, User
from budgets.disclosures.roles import CLERK_GROUP
user = User.objects.create_user("clerk", password="pw", is_staff=True)
user.groups.add(Group.objects.get(name=CLERK_GROUP))
"""


@pytest.fixture(scope="module")
def worker_site():
    """A migrated PostgreSQL database with the templates and a clerk, and the settings
    (environment) of the site and its worker."""
    need(POSTGRES, REDIS)
    name = f"import_jobs_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "budgets.settings_test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"imports-{name}",
        "IMPORT_QUEUE": f"imports-{name}",
        "IMPORT_MAX_SECONDS": "120",
    }
    try:
        run(env, "migrate", "-v0")
        run(env, "loaddata", "templates", "-v0")
        run(env, "shell", "-v0", "-c", CREATE_CLERK)
        yield {"env": env, "database": name}
    finally:
        forget_queue(env["IMPORT_QUEUE"])
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", name])


def children(pid):
    """PIDs of the processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if entry.name.isdigit() and int(stat.rpartition(")")[2].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.01)
    raise AssertionError(f"{what} within {seconds} s")


def query(database, sql, *args):
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}") as connection:
        return connection.execute(sql, args).fetchall()


#: A backend of the worker's in a transaction that has written (an xid) and waits for a
#: lock: the import, held by the test at its function lines (``held_at_function_lines``).
WRITING = """
SELECT pid FROM pg_stat_activity
WHERE datname = %s AND backend_xid IS NOT NULL AND wait_event_type = 'Lock'
"""


def held_at_function_lines(database):
    """A connection whose open transaction holds a SHARE lock on the function lines: the
    import's transaction writes its document and first tables, then waits there, so the
    test kills it mid-write whatever the machine's load (a poll for the moment missed it,
    the whole write taking some 100 ms). Closing the connection releases the lock."""
    connection = psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{database}")
    connection.execute("LOCK TABLE disclosures_functionexpenditure IN SHARE MODE")
    return connection


JOB_STATE = """
from budgets.importers import jobs
from budgets.importers.models import ImportJob
job = ImportJob.objects.get(pk={pk})
jobs.refresh(job)
print(job.state, job.error)
"""


@pytest.mark.parametrize("moment", ["reading", "writing"])
def test_a_worker_killed_mid_import_leaves_no_document_and_no_reader(
    worker_site, disclosure, moment, tmp_path
):
    env, database = worker_site["env"], worker_site["database"]
    queued = run(env, "import_disclosure", "--queue", "--user", "clerk", str(disclosure(JUSTICE)))
    pk = int(re.search(r"/admin/import/jobs/(\d+)/", queued.stdout)[1])
    assert "排队中" in queued.stdout
    holder = held_at_function_lines(database) if moment == "writing" else None
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", env["IMPORT_QUEUE"], "--burst"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "worker.log").open("w"),
    )
    descendants = []
    try:
        # RQ runs each job in a forked "work horse"; the horse forks the reader.
        horse = wait_until(lambda: children(worker.pid), 60, "no work horse")[0]
        if moment == "reading":
            wait_until(lambda: children(horse), 60, "no reader child")
        else:
            wait_until(lambda: query(database, WRITING, database), 120, "no import held mid-write")
        descendants = [horse, *children(horse)]
        os.kill(horse, signal.SIGKILL)
        wait_until(lambda: not any(alive(pid) for pid in descendants), 5, "a process left")
        if holder:
            holder.close()  # the killed import's backend goes on, then finds its client gone
        worker.wait(timeout=60)  # RQ fails the job whose horse died, and the burst ends
    finally:  # whatever a failure left running
        if holder:
            holder.close()
        for pid in descendants:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    log = (tmp_path / "worker.log").read_text()
    assert query(database, "SELECT count(*) FROM disclosures_document") == [(0,)], log
    assert query(database, "SELECT count(*) FROM organisations_organisation") == [(0,)], log
    state = run(env, "shell", "-v0", "-c", JOB_STATE.format(pk=pk)).stdout
    assert state.startswith("failed 导入任务已中断"), state
    # The files are still the clerk's, for another try.
    assert query(database, "SELECT count(*) FROM importers_pendingupload") == [(1,)]


# The production command runs the worker.


def test_serve_production_runs_a_worker_that_imports_a_queued_file(tmp_path, disclosure):
    need(REDIS)
    name = f"imports-serve-{uuid.uuid4().hex[:8]}"
    database = tmp_path / "site.sqlite3"
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        "SECRET_KEY": "import-jobs-test-" + "x7Kq2m" * 9,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "HOST": "127.0.0.1",
        "PORT": str(free_port()),
        "WEB_CONCURRENCY": "1",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": name,
        "IMPORT_QUEUE": name,
        "IMPORT_MAX_SECONDS": "120",
    }
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        ["sh", "scripts/serve.sh", "--production"],
        cwd=ROOT,
        env=env,
        stderr=log,
        stdout=log,
        start_new_session=True,
    )
    redis = Redis.from_url(REDIS_URL)
    try:
        workers = wait_until(
            lambda: Worker.all(queue=Queue(name, connection=redis)),
            120,
            "no worker on the queue",
        )
        assert len(workers) == 1
        run(env, "loaddata", "templates", "-v0")
        run(env, "shell", "-v0", "-c", CREATE_CLERK)
        queued = run(
            env, "import_disclosure", "--queue", "--user", "clerk", str(disclosure(JUSTICE))
        )
        pk = int(re.search(r"/admin/import/jobs/(\d+)/", queued.stdout)[1])

        def state():
            with sqlite3.connect(database) as connection:
                sql = "SELECT state FROM importers_importjob WHERE id = ?"
                return connection.execute(sql, [pk]).fetchone()[0]

        wait_until(lambda: state() == "done", 120, "the job not done")
        with sqlite3.connect(database) as connection:
            titles = connection.execute("SELECT title, status FROM disclosures_document").fetchall()
        assert titles == [(JUSTICE_TITLE, "draft")]
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        assert not alive(workers[0].pid)
    finally:
        if server.poll() is None:
            os.killpg(os.getpgid(server.pid), signal.SIGKILL)
        forget_queue(name)
        log.close()
