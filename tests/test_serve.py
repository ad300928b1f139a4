#!/usr/bin/env python3
"""`vaxsim serve` over a real socket: it binds to this machine only by default, serves its
own page and script (nothing from elsewhere), answers runs with the dates `vaxsim run --set`
prints, and refuses malformed, oversized and wrong requests with a status and a reason
while it keeps serving. The downloads are a results file vaxsim checks, a report page and a
workbook. Prints the measured round trip of a run on the Seoul plan.

usage: test_serve.py VAXSIM SOURCE_DIR
"""
import http.client
import json
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

VAXSIM, SOURCE = sys.argv[1], Path(sys.argv[2])
SEOUL = SOURCE / "scenarios/seoul-2021-plan.yaml"
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def start(*args):
    proc = subprocess.Popen([VAXSIM, "serve", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"http://([0-9.]+):(\d+)/", line)
    if not m:
        proc.kill()
        raise SystemExit("serve printed no address: " + line + proc.stderr.read())
    return proc, m.group(1), int(m.group(2))


def request(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.getheader("Content-Type", ""), data


def run(port, overrides):
    status, _, data = request(port, "POST", "/api/run", json.dumps({"overrides": overrides}),
                              {"Content-Type": "application/json"})
    return status, json.loads(data)


def reached_by_cli(overrides, target):
    args = [VAXSIM, "run", str(SEOUL)]
    for o in overrides:
        args += ["--set", o]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if f"[{target}]" in line:
            m = re.search(r"first reached (\S+)", lines[i + 1])
            return m.group(1) if m else "never"
    raise AssertionError("no target " + target)


proc, host, port = start(str(SEOUL), "--port", "0")
try:
    check(host == "127.0.0.1", "binds to 127.0.0.1 by default")

    status, ctype, page = request(port, "GET", "/")
    check(status == 200 and ctype.startswith("text/html"), "the page is served")
    status, ctype, script = request(port, "GET", "/app.js")
    check(status == 200 and "javascript" in ctype, "its script is served")
    external = re.findall(rb"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page + script)
    check(not external and b"fetch(\"http" not in script, "the page loads nothing from elsewhere")

    status, _, data = request(port, "GET", "/api/levers")
    levers = json.loads(data)["levers"]
    check(any(l["path"] == "capacity.periods.2021-07-01.doses_per_day" for l in levers),
          "the levers include the capacity of each period")

    overrides = ["capacity.periods.2021-07-01.doses_per_day=90000",
                 "products.moderna.supply.delay_days=14"]
    status, reply = run(port, overrides)
    target = reply["targets"][0]
    check(status == 200 and target["first_reached"] ==
          reached_by_cli(overrides, target["id"]),
          f"the run's first date ({target['first_reached']}) is what vaxsim run --set prints")

    bad = "capacity.periods.2021-07-01.doses_per_day=lots"
    status, reply = run(port, [bad])
    cli = subprocess.run([VAXSIM, "run", str(SEOUL), "--set", bad], capture_output=True, text=True)
    check(status == 422 and reply["error"] == cli.stderr.strip() and reply["override"] == bad,
          "an invalid value answers the error text of --set: " + reply.get("error", ""))

    # Malformed and refused requests: each a status and a JSON reason.
    cases = [
        ("POST", "/api/run", b"{not json", 400),
        ("POST", "/api/run", b"[]", 400),
        ("POST", "/api/run", b'{"overrides": 5}', 400),
        ("POST", "/api/run", b'{"overrides": [null]}', 400),
        ("POST", "/api/run", b'{"overrides": ["products.pfizer.supply.csv=/etc/passwd"]}', 403),
        ("POST", "/api/run", b"x" * (1024 * 1024), 413),
        ("POST", "/api/run", b"[" * 60000 + b"]" * 60000, 413),
        ("POST", "/api/run", b'{"overrides": ' + b"[" * 30000 + b"]" * 30000 + b"}", 400),
        ("POST", "/api/sweep", b'{"futures": 100000000}', 413),
        ("POST", "/api/sweep", b'{"futures": -1}', 413),
        ("GET", "/api/run", None, 404),
        ("GET", "/../../etc/passwd", None, 404),
        ("GET", "/download/secret.txt", None, 404),
        ("DELETE", "/api/levers", None, 404),
    ]
    cases += [
        ("POST", "/api/run", b'{"overrides": []}', 415, {"Content-Type": "text/plain"}),
        ("GET", "/api/levers", None, 421, {"Host": "attacker.example:%d" % port}),
        ("GET", "/", None, 421, {"Host": "127.0.0.1:1"}),
    ]
    for method, path, body, expected, *headers in cases:
        headers = headers[0] if headers else {"Content-Type": "application/json"}
        status, ctype, data = request(port, method, path, body, headers)
        reason = ""
        if status != 413 or data:
            try:
                reason = json.loads(data).get("error", "")
            except ValueError:
                pass
        check(status == expected and (reason or status == 413),
              f"{method} {path} {(body or b'')[:40]!r} -> {status} {reason[:60]}")

    # Bytes that are not HTTP, and a connection dropped half way: the server goes on.
    for junk in (b"\x00\xff garbage\r\n\r\n", b"POST /api/run HTTP/1.1\r\nContent-Length: 100\r\n\r\n{"):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(junk)
        s.close()
    status, reply = run(port, [])
    check(status == 200 and reply["ok"], "still serving after junk and dropped connections")

    # Downloads: the current run as a results file (checked by vaxsim), report, workbook.
    query = "?set=" + urllib.parse.quote(overrides[0], safe="")
    with tempfile.TemporaryDirectory() as tmp:
        status, _, h5 = request(port, "GET", "/download/run.h5" + query)
        path = Path(tmp) / "run.h5"
        path.write_bytes(h5)
        checked = subprocess.run([VAXSIM, "check", str(path)], capture_output=True, text=True)
        check(status == 200 and checked.returncode == 0, "run.h5 is a results file vaxsim checks")
        import h5py
        with h5py.File(path) as f:
            line = f.attrs["command_line"]
            line = line.decode() if isinstance(line, bytes) else str(line)
        check(line.endswith("--set " + overrides[0]), "run.h5 is the run with the override: " + line)
        status, ctype, html = request(port, "GET", "/download/report.html" + query)
        check(status == 200 and b"<html" in html[:500] and ctype.startswith("text/html"),
              "report.html is the run's report")
        status, _, xlsx = request(port, "GET", "/download/run.xlsx" + query)
        check(status == 200 and xlsx[:2] == b"PK", "run.xlsx is a workbook")
    left = list(Path(tempfile.gettempdir()).glob("vaxsim-serve-*"))
    check(not left, "no temporary folder is left behind")

    # The round trip of one run with an override on the Seoul plan, on this machine.
    times = []
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in range(20):
        body = json.dumps({"overrides": [f"capacity.periods.2021-07-01.doses_per_day={90000 + i}"]})
        t = time.perf_counter()
        c.putrequest("POST", "/api/run")
        c.putheader("Content-Type", "application/json")
        c.putheader("Content-Length", str(len(body)))
        c.endheaders(body.encode())  # headers and body in one send, as a browser does
        r = c.getresponse()
        r.read()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"round trip on the Seoul plan: median {times[len(times) // 2]:.1f} ms, "
          f"slowest {times[-1]:.1f} ms over {len(times)} runs")
    check(proc.poll() is None, "the server is still running")
finally:
    proc.terminate()
    proc.wait(timeout=10)
# The server wrote nothing to its error stream: no HDF5 error stack from a download, no
# sanitizer report (under AddressSanitizer).
said = proc.stderr.read()
check(said == "", "the server wrote nothing to its error stream " + said[:2000])

# A scenario that does not load: the error of `vaxsim run`, exit code 2, nothing served.
bad = subprocess.run([VAXSIM, "serve", str(SOURCE / "no-such.yaml"), "--port", "0"],
                     capture_output=True, text=True, timeout=30)
check(bad.returncode == 2 and "no-such.yaml" in bad.stderr, "a missing scenario exits 2")

print(f"{len(failures)} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
