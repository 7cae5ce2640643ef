"""The command line's pictures and service: ``suggest --svg``, ``serve``."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import kneelink
from kneelink._cli import main


def test_suggest_writes_the_body_map(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "map.svg"
    status = main(["suggest", "lateral_knee_pain", "--side", "left", "--svg", str(target), "--view", "back"])
    assert status == 0
    assert "Regions to roll" in capsys.readouterr().out
    answer = kneelink.suggest_regions(["lateral_knee_pain"], side="left")
    assert target.read_text(encoding="utf-8") == kneelink.body_map(answer, view="back")
    ET.fromstring(target.read_text(encoding="utf-8"))


def test_suggest_svg_to_a_folder_that_does_not_exist_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["suggest", "knee_pain", "--svg", str(tmp_path / "missing" / "map.svg")]) == 2
    assert "cannot write the body map" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serve_answers_discovery_on_loopback() -> None:
    pytest.importorskip("uvicorn")
    port = free_port()
    command = [sys.executable, "-m", "kneelink._cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline, payload = time.monotonic() + 60, None
        while time.monotonic() < deadline and payload is None:  # bounded wait for start-up
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/cds-services")
                payload = json.loads(connection.getresponse().read())
                connection.close()
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                time.sleep(0.2)
        assert payload is not None, "kneelink serve did not answer within 60 s"
        assert payload["services"][0]["id"] == "kneelink-knee"
    finally:
        process.terminate()
        process.wait(timeout=20)
