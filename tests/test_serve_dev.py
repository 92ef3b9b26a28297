"""Issue 21: the development command serves where HOST and PORT say (it always bound
127.0.0.1:8000), on a fresh database with the fixtures and their original files."""

import os
import signal
import subprocess
import urllib.request

from tests.servers import ROOT, free_port, stop, wait_for


def test_serve_sh_takes_its_port_from_the_environment(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "budgets.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    env.pop("DEBUG", None)
    server = subprocess.Popen(
        ["sh", "scripts/serve.sh"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(port, seconds=180)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200
            assert "上海市普陀区" in response.read().decode()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        stop(server)
