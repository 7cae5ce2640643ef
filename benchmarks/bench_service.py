"""Requests per second and latency of the CDS Hooks service, today's (as issue 21 found it) beside this one.

Run from the repository root::

    .venv/bin/python benchmarks/bench_service.py [--seconds 10] [--connections 16] [--ref REF]

Each service runs in its own subprocess (uvicorn, one worker) on a loopback port, and is
loaded by the same client in this process: ``--connections`` keep-alive connections, each
sending its next request as soon as the last answer has arrived, for ``--seconds`` in all
after a one-second warm-up, in ``--rounds`` turns interleaved with the other service's (so
what else the machine runs weighs on both alike). Beside requests/s it prints the server
process's CPU time per request, which other load on a shared machine disturbs less.

The reports are the same for both: by default one (outer knee pain, right knee, age 34:
self care, eight regions, nine cards), sent again and again;
``--reports N`` cycles through N different ones (symptom sets, sides and ages), which with
N above the service's card cache (512 reports) makes every request build its cards anew.

- ``before``: the service of git ref ``--ref`` (``git archive`` of its ``kneelink`` and
  ``rules`` into a temporary folder, first on ``PYTHONPATH``), its report in
  ``context.kneelinkReport`` as it asked, no authentication (it had none), on h11 and
  asyncio: what its dependencies (uvicorn, no extras) installed.
- ``after``: this tree's service with JWT verification on: a trust file naming one issuer
  with an inline RS384 key, and every request carrying its own signed token (a fresh
  ``jti``, so the replay cache is exercised), made before the run so signing is not timed.
  RS384 is one of the two algorithms the CDS Hooks examples use; ES384 verifies several
  times slower in OpenSSL, so ``--algorithm ES384`` measures that case.

Printed, not asserted: requests/s, p50 and p99 latency, server CPU ms per request, and the
ratios after/before.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REPORT = {"symptoms": ["lateral_knee_pain"], "side": "right", "age": 34}
SYMPTOM_SETS = (
    ["lateral_knee_pain"],
    ["lateral_knee_pain", "running_downhill"],
    ["anterior_knee_pain", "stairs_pain"],
    ["knee_pain", "prolonged_sitting"],
    ["medial_knee_pain", "cycling"],
)


def reports(count: int) -> list[dict[str, Any]]:
    """``count`` different reports (the default one first)."""
    every = [REPORT] + [
        {"symptoms": symptoms, "side": side, "age": age}
        for age in range(121)
        for side in ("left", "right", "both", None)
        for symptoms in SYMPTOM_SETS
    ]
    return every[:count]


ORIGINAL = "4e204ee"
HOOK_INSTANCE = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"
AUDIENCE_BASE = "https://cds.example.org"

BEFORE_SERVER = """
import sys, uvicorn
from kneelink.interop._service import app
port = int(sys.argv[1])
uvicorn.run(app(), host="127.0.0.1", port=port, log_level="warning", access_log=False, http="h11", loop="asyncio")
"""

AFTER_SERVER = """
import sys, uvicorn
from pathlib import Path
from kneelink.interop._service import ServiceConfig, create_app, uvicorn_config
from kneelink.interop._trust import load_trust
config = ServiceConfig(trust=load_trust(sys.argv[2]), feedback_path=Path(sys.argv[3]))
uvicorn.Server(uvicorn_config(create_app(config=config), port=int(sys.argv[1]), log_level="warning")).run()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(script: str, args: list[str], env: dict[str, str], cwd: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    # cwd: `python -c` puts its working folder first on sys.path, ahead of PYTHONPATH.
    process = subprocess.Popen([sys.executable, "-c", script, str(port), *args], env=env, cwd=cwd)
    for _ in range(300):  # bounded: 30 s to start
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, port
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"the server ({args}) did not start")


def raw_request(path: str, body: bytes, token: str | None) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    )
    if token is not None:
        head += f"Authorization: Bearer {token}\r\n"
    return head.encode() + b"\r\n" + body


async def one_connection(
    port: int, requests: list[bytes], until: float, warm_until: float, latencies: list[float], statuses: dict[int, int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while requests and time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(requests.pop())
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            if started >= warm_until:
                latencies.append(time.perf_counter() - started)
                status = int(status_line.split()[1])
                statuses[status] = statuses.get(status, 0) + 1
    finally:
        writer.close()


async def load(
    port: int, requests: list[bytes], connections: int, seconds: float, warm: float
) -> tuple[list[float], dict[int, int]]:
    """Latencies of the requests answered in ``seconds`` after ``warm`` seconds, and statuses."""
    warm_until = time.perf_counter() + warm
    until = warm_until + seconds
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    await asyncio.gather(
        *(one_connection(port, requests, until, warm_until, latencies, statuses) for _ in range(connections))
    )
    if not requests:
        print("  (ran out of prepared requests before the time was up)", file=sys.stderr)
    return latencies, statuses


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summary(latencies: list[float], statuses: dict[int, int], seconds: float, cpu: float) -> dict[str, Any]:
    latencies.sort()
    return {
        "requests_per_second": len(latencies) / seconds,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "server_cpu_ms_per_request": 1000 * cpu / max(len(latencies), 1),
        "statuses": statuses,
    }


def before_requests(count: int, variety: int) -> list[bytes]:
    bodies = [
        json.dumps(
            {"hook": "patient-view", "hookInstance": HOOK_INSTANCE, "context": {"patientId": "p1", "kneelinkReport": r}}
        ).encode()
        for r in reports(variety)
    ]
    return [raw_request("/cds-services/kneelink-knee", bodies[i % len(bodies)], None) for i in range(count)]


def after_requests(count: int, key: Any, algorithm: str, variety: int) -> list[bytes]:
    import jwt

    path = "/cds-services/kneelink-knee-symptoms"
    bodies = [
        json.dumps(
            {
                "hook": "org.kneelink.knee-symptoms",
                "hookInstance": HOOK_INSTANCE,
                "context": {"patientId": "p1", "report": r},
            }
        ).encode()
        for r in reports(variety)
    ]
    now = int(time.time())
    requests = []
    for index in range(count):
        claims = {
            "iss": "https://ehr.example.org",
            "aud": AUDIENCE_BASE + path,
            "iat": now,
            "exp": now + 300,
            "jti": str(uuid.uuid4()),
        }
        token = jwt.encode(claims, key, algorithm=algorithm, headers={"kid": "bench"})
        requests.append(raw_request(path, bodies[index % len(bodies)], token))
    return requests


def trust_file(folder: Path, key: Any, algorithm: str) -> Path:
    import jwt

    public = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True) if algorithm == "RS384" else None
    if public is None:
        public = jwt.algorithms.ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    public = {**{k: v for k, v in public.items() if isinstance(v, str)}, "kid": "bench", "alg": algorithm}
    inline = ", ".join(f'{name} = "{value}"' for name, value in public.items())
    path = folder / "trust.toml"
    path.write_text(
        f'audience_base = "{AUDIENCE_BASE}"\nalgorithms = ["{algorithm}"]\n\n'
        f'[[issuer]]\niss = "https://ehr.example.org"\nkeys = [{{ {inline} }}]\n',
        encoding="utf-8",
    )
    return path


def measure(servers: dict[str, tuple[int, int, list[bytes]]], options: Any) -> dict[str, dict[str, Any]]:
    """Load each server in turn, ``options.rounds`` times, for ``options.seconds`` in all each:
    interleaved, so a change in what else the machine runs falls on both alike."""
    share = options.seconds / options.rounds
    collected: dict[str, tuple[list[float], dict[int, int], list[float]]] = {name: ([], {}, []) for name in servers}
    for round_number in range(options.rounds):
        for name, (pid, port, requests) in servers.items():
            latencies, statuses, cpu = collected[name]
            warm = 1.0 if round_number == 0 else 0.2
            before_cpu = time.perf_counter(), cpu_seconds(pid)
            got, counts = asyncio.run(load(port, requests, options.connections, share, warm))
            latencies += got
            for status, count in counts.items():
                statuses[status] = statuses.get(status, 0) + count
            # CPU over the whole call, warm-up included: scale it to the measured share.
            spent = cpu_seconds(pid) - before_cpu[1]
            cpu.append(spent * share / (time.perf_counter() - before_cpu[0]))
    return {
        name: summary(latencies, statuses, options.seconds, sum(cpu))
        for name, (latencies, statuses, cpu) in collected.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    # The service as issue 21 found it (the commit its branch started from): main has carried
    # the new service since, and the comparison stays with the original.
    parser.add_argument("--ref", default=ORIGINAL, help=f"git ref of today's service (default {ORIGINAL})")
    parser.add_argument("--algorithm", choices=["RS384", "ES384"], default="RS384")
    parser.add_argument("--reports", type=int, default=1, help="how many different reports to cycle through")
    parser.add_argument("--rounds", type=int, default=5, help="turns each service gets, interleaved")
    parser.add_argument("--max-rate", type=int, default=2500, help="requests/s to prepare tokens for")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    options = parser.parse_args()
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if options.algorithm == "RS384"
        else ec.generate_private_key(ec.SECP384R1())
    )
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        old = folder / "before"
        old.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", options.ref, "kneelink", "rules"], capture_output=True, check=True
        ).stdout
        archive_path = folder / "before.tar"
        archive_path.write_bytes(archive)
        with tarfile.open(archive_path) as tar:
            tar.extractall(old, filter="data")
        env_before = {**os.environ, "PYTHONPATH": str(old), "KNEELINK_CACHE_DIR": ""}
        env_after = {**os.environ, "PYTHONPATH": str(ROOT), "KNEELINK_CACHE_DIR": ""}
        count = int(options.max_rate * (options.seconds + options.rounds + 1))
        print(f"signing {count} tokens ({options.algorithm}) for the run with JWT on...", file=sys.stderr)
        prepared = after_requests(count, key, options.algorithm, options.reports)
        trust = trust_file(folder, key, options.algorithm)
        old_server, old_port = start(BEFORE_SERVER, [], env_before, folder)
        new_server, new_port = start(AFTER_SERVER, [str(trust), str(folder / "feedback.sqlite3")], env_after, folder)
        try:
            measured = measure(
                {
                    "before": (old_server.pid, old_port, before_requests(count, options.reports)),
                    "after": (new_server.pid, new_port, prepared),
                },
                options,
            )
        finally:
            for process in (old_server, new_server):
                process.terminate()
                process.wait(timeout=20)
        before, after = measured["before"], measured["after"]
    results = {
        "connections": options.connections,
        "seconds": options.seconds,
        "reports": options.reports,
        "before": {"ref": options.ref, **before},
        "after": {"jwt": options.algorithm, **after},
        "ratio": after["requests_per_second"] / before["requests_per_second"],
        "cpu_ratio": before["server_cpu_ms_per_request"] / after["server_cpu_ms_per_request"],
    }
    if options.json:
        print(json.dumps(results, indent=2))
        return
    what = "one report (lateral_knee_pain, right, 34)" if options.reports == 1 else f"{options.reports} reports"
    print(f"{options.connections} connections, {options.seconds:g} s each, {what}")
    print(f"{'service':36} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>11}  statuses")
    for name, row in ((f"before ({options.ref}, no auth)", before), (f"after (JWT {options.algorithm})", after)):
        print(
            f"{name:36} {row['requests_per_second']:9.0f} {row['p50_ms']:8.1f} {row['p99_ms']:8.1f} "
            f"{row['server_cpu_ms_per_request']:11.2f}  {row['statuses']}"
        )
    print(f"after / before: x{results['ratio']:.2f} requests/s, x{results['cpu_ratio']:.2f} per server CPU second")


if __name__ == "__main__":
    main()
