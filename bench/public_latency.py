"""Latency of the public pages of a running Middenveld, as a visitor without an account sees
them: for each path, WARMUP requests, then REQUESTS sequential requests on one keep-alive
connection; prints p50/p95/p99/max. Every answer must be 200.

Usage: public_latency.py BASE_URL PATHS_FILE REQUESTS  (stdlib only)."""
import http.client
import os
import sys
import time
import urllib.parse

base, paths_file, requests = sys.argv[1], sys.argv[2], int(sys.argv[3])
WARMUP = int(os.environ.get("WARMUP", "20"))
host = urllib.parse.urlparse(base).netloc
conn = http.client.HTTPConnection(host, timeout=30)
paths = [p.strip() for p in open(paths_file) if p.strip() and not p.startswith("#")]


def get(path):
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    return r.status, len(body)


print(f"== public pages, {requests} sequential requests each after {WARMUP} warm-up requests")
worst = 0.0
for path in paths:
    for _ in range(WARMUP):
        get(path)
    times = []
    size = 0
    for _ in range(requests):
        t = time.perf_counter()
        status, size = get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert status == 200, f"{path}: {status}"
    times.sort()
    pct = lambda p: times[min(len(times) - 1, int(len(times) * p))]
    worst = max(worst, pct(0.99))
    print(f"{path:<58} {size:>8} B  p50={pct(0.50):6.2f} ms  p95={pct(0.95):6.2f} ms  p99={pct(0.99):6.2f} ms  max={times[-1]:7.2f} ms")
print(f"worst p99 over all public pages: {worst:.2f} ms")
