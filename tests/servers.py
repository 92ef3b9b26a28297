"""The production server (gunicorn as ``serve.sh --production`` runs it, DEBUG off) started
in a subprocess for tests that need a real one: outages, the nginx front, a replica."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, "manage.py"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reachable(address):
    try:
        socket.create_connection(address, timeout=1).close()
        return True
    except OSError:
        return False


def wait_for(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if reachable(("127.0.0.1", port)):
            return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port}")


def production_env(static_root, port, **overrides):
    """The environment of a production run on ``port`` (plain HTTP on loopback)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "budgets.settings",
        "DEBUG": "false",
        "SECRET_KEY": "test-secret-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATIC_ROOT": str(static_root),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "ACCESS_LOG": "false",
        **overrides,
    }


def manage(env, *commands):
    """Run manage.py commands (each a list of arguments) in ``env``."""
    for command in commands:
        subprocess.run(MANAGE + command, cwd=ROOT, env=env, check=True)


def start_gunicorn(env):
    """gunicorn on env's HOST:PORT, answering once it listens."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [gunicorn, "budgets.wsgi:application", "--config", "budgets/gunicorn_config.py"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    wait_for(int(env["PORT"]))
    return server


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
