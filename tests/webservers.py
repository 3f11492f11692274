"""Real nginx and Caddy serving a built site with the configuration `khuyencong server-config`
writes: started for tests/test_servers.py and the browser tests of the Content-Security-Policy."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

SERVERS = ("nginx", "caddy")
INSTALLED = bool(shutil.which("nginx") and shutil.which("caddy"))
WHY_NOT = "make test-deps installs nginx and caddy"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, process: subprocess.Popen, log: Path) -> None:
    """Until the server accepts connections (it is polled, not timed: a slow machine waits longer)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text(errors="replace"))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not start: " + log.read_text(errors="replace"))


def config(kind: str, root: Path, site: Path, listen: str) -> tuple[int, str, str]:
    """`khuyencong server-config KIND` for the portal at `root`: (exit code, stdout, stderr)."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), "server-config", kind, "--site-dir", str(site), "--listen", listen])
    return code, out.getvalue(), err.getvalue()


def write_config(kind: str, text: str, work: Path) -> Path:
    """The configuration in a file the server reads (as root, nginx's workers must read the test's folders)."""
    if kind == "nginx" and os.geteuid() == 0:
        text = "user root;\n" + text
    conf = work / ("nginx.conf" if kind == "nginx" else "Caddyfile")
    conf.write_text(text, encoding="utf-8")
    return conf


def check_command(kind: str, conf: Path, work: Path) -> list[str]:
    """The server's own check of a configuration file: `nginx -t`, `caddy validate`."""
    if kind == "nginx":
        return ["nginx", "-t", "-c", str(conf), "-p", str(work)]
    return ["caddy", "validate", "--config", str(conf), "--adapter", "caddyfile"]


def env(work: Path) -> dict[str, str]:
    return {"HOME": str(work), "PATH": "/usr/sbin:/usr/bin:/bin"}


@contextlib.contextmanager
def running(kind: str, root: Path, site: Path, work: Path) -> Iterator[int]:
    """nginx or Caddy serving `site` on a free loopback port, with the portal's configuration."""
    port = free_port()
    code, text, err = config(kind, root, site, f"127.0.0.1:{port}")
    assert code == 0, err
    conf = write_config(kind, text, work)
    cmd = (["nginx", "-c", str(conf), "-p", str(work), "-g", "daemon off;"] if kind == "nginx"
           else ["caddy", "run", "--config", str(conf), "--adapter", "caddyfile"])
    log = work / f"{kind}.log"  # a file, not a pipe: a pipe nobody reads fills and stops the server
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=out, env=env(work))
    try:
        _wait(port, process, log)
        yield port
    finally:
        process.terminate()
        process.wait(10)
