"""Issue 20: a front that survives the internet.

The reference nginx configuration (deploy/nginx.conf) is checked with ``nginx -t`` and run
in front of the production server (gunicorn, one sync worker): clients that send their
headers a line a second hold nginx's connections, not the worker, so other requests are
answered at once; a 300 MB POST to the log-in is refused before it reaches the site.
"""

import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import in_ci
from tests.servers import ROOT, free_port, manage, production_env, start_gunicorn, stop, wait_for

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def configured(folder, listen, upstream, static_root):
    """deploy/nginx.conf with its placeholders filled for a run in ``folder``."""
    text = (ROOT / "deploy" / "nginx.conf").read_text()
    for placeholder, value in {
        "@PID_FILE@": str(folder / "nginx.pid"),
        "@MIME_TYPES@": "/etc/nginx/mime.types",
        "@PROXY_PARAMS@": str(ROOT / "deploy" / "proxy_params"),
        "@UPSTREAM@": upstream,
        "@LISTEN@": f"127.0.0.1:{listen}",
        "@SERVER_NAME@": "127.0.0.1",
        "@STATIC_ROOT@": str(static_root),
    }.items():
        text = text.replace(placeholder, value)
    assert "@" not in text.replace("$binary_remote_addr", "")
    path = folder / "nginx.conf"
    path.write_text(text)
    return path


@pytest.fixture(scope="module")
def front(tmp_path_factory):
    if not Path(NGINX).exists():
        if in_ci():
            pytest.fail("nginx is needed (.ci/run installs it)")
        pytest.skip("nginx is not installed")
    folder = tmp_path_factory.mktemp("front")
    app, listen = free_port(), free_port()
    env = production_env(
        folder / "static", app, DATABASE_URL=f"sqlite:///{folder / 'site.sqlite3'}"
    )
    manage(env, ["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"])
    server = start_gunicorn(env)
    config = configured(folder, listen, f"127.0.0.1:{app}", folder / "static")
    test = subprocess.run([NGINX, "-t", "-c", str(config)], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    # Workers as the test's own user: pytest's temporary folders are private to it.
    user = "user root;" if os.geteuid() == 0 else ""
    nginx = subprocess.Popen([NGINX, "-c", str(config), "-g", f"daemon off; {user}"])
    try:
        wait_for(listen)
        yield {"url": f"http://127.0.0.1:{listen}", "port": listen}
    finally:
        stop(nginx)
        stop(server)


def slow_client(port, stop):
    """Sends a request's headers a line a second until told to stop."""
    with socket.create_connection(("127.0.0.1", port)) as connection:
        connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while not stop.is_set():
            try:
                connection.sendall(b"X-Slow: 1\r\n")
            except OSError:
                return
            stop.wait(1)


def test_slow_clients_hold_nginx_not_the_worker(front):
    stop = threading.Event()
    slow = [
        threading.Thread(target=slow_client, args=(front["port"], stop), daemon=True)
        for _client in range(20)
    ]
    for thread in slow:
        thread.start()
    time.sleep(1.5)
    try:
        started = time.monotonic()
        with urllib.request.urlopen(front["url"] + "/", timeout=10) as response:
            assert response.status == 200
        assert time.monotonic() - started < 3
    finally:
        stop.set()


def test_a_huge_post_to_the_log_in_is_refused_unread(front):
    """300 MB announced to /admin/login/: nginx answers 413 before reading the body."""
    with socket.create_connection(("127.0.0.1", front["port"]), timeout=10) as connection:
        connection.sendall(
            b"POST /admin/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 314572800\r\n\r\n" + b"x" * 65536
        )
        answer = connection.recv(4096).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413")


def test_the_configuration_checks_in_nginx(front):
    """``nginx -t`` passed in the fixture; the site answers through it, static files too."""
    with urllib.request.urlopen(front["url"] + "/static/css/site.css", timeout=10) as response:
        assert response.status == 200
        assert "immutable" in response.headers["Cache-Control"]
