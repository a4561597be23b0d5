"""`kzreader serve`: the reader in a browser, on loopback, fetched over 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request

import aiohttp
import pytest

from kzreader.cli import main


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(seeds):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kzreader", "--source", str(seeds), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=os.environ.copy(),
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with urllib.request.urlopen(url + "/", timeout=2) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"kzreader serve did not start: {out}")
                time.sleep(0.2)
        yield url, page
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_page_is_served_on_loopback_and_asks_nothing_of_other_hosts(served):
    url, page = served
    assert f"{url}/static/js/textual.js" in page
    assert f'data-session-websocket-url="ws://127.0.0.1:{url.rsplit(":", 1)[1]}/ws"' in page
    assert "googleapis" not in page  # no web font from outside the machine


def test_a_browser_session_runs_the_reader_on_the_library(served):
    url, _page = served

    async def session() -> bytes:
        seen = b""
        async with (
            aiohttp.ClientSession() as client,
            client.ws_connect(f"{url}/ws?width=100&height=30") as ws,
        ):
            deadline = time.monotonic() + 30
            while b"Kazakhstan" not in seen and time.monotonic() < deadline:
                try:
                    message = await asyncio.wait_for(ws.receive(), 2)
                except TimeoutError:
                    continue
                if message.type != aiohttp.WSMsgType.BINARY:
                    break
                seen += message.data
        return seen

    screen = asyncio.run(session())
    assert b"kzreader" in screen  # the reader's header, drawn by the web driver
    assert b"Kazakhstan" in screen  # and the seed headlines in its source list


def test_a_public_host_needs_to_be_asked_for(capsys):
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "--public" in capsys.readouterr().err


def test_a_bad_port_is_a_usage_error(capsys):
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port" in capsys.readouterr().err
