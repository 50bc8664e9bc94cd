"""Latency of the organisation page (with its timeline) and the funnel page, logged in.

Usage: journey.py BASE_URL REQUESTS  (stdlib only; sequential requests on keep-alive)."""
import http.client
import random
import re
import sys
import time
import urllib.parse

base, requests = sys.argv[1], int(sys.argv[2])
conn = http.client.HTTPConnection(urllib.parse.urlparse(base).netloc, timeout=60)
cookies = {}


def request(method, path, body=None, headers=None):
    h = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if headers:
        h.update(headers)
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse()
    data = r.read()
    for k, v in r.getheaders():
        if k.lower() == "set-cookie":
            name, value = v.split(";")[0].split("=", 1)
            cookies[name] = value
    return r.status, data.decode("utf-8", "replace")


_, page = request("GET", "/inloggen")
csrf = re.search(r'name="_csrf" value="([0-9a-f]+)"', page).group(1)
form = urllib.parse.urlencode({"gebruikersnaam": "bench", "wachtwoord": "bench-wachtwoord-123", "_csrf": csrf})
status, _ = request("POST", "/inloggen", form, {"Content-Type": "application/x-www-form-urlencoded"})
assert status == 303, f"login failed: {status}"

rng = random.Random(7)


def measure(name, paths):
    times = []
    for p in paths:
        t = time.perf_counter()
        status, _ = request("GET", p)
        times.append((time.perf_counter() - t) * 1000)
        assert status == 200, f"{p}: {status}"
    times.sort()
    q = lambda f: times[min(len(times) - 1, int(f * len(times)))]
    print(f"{name:<44} n={len(times):>5}  p50 {q(0.5):7.1f} ms  p95 {q(0.95):7.1f} ms  p99 {q(0.99):7.1f} ms  max {times[-1]:7.1f} ms")


measure("organisation page with timeline", [f"/organisaties/{rng.randint(1, 995000)}" for _ in range(requests)])
periods = ["", "?vanaf=2024-01-01", "?vanaf=2025-01-01&tot=2026-01-01", "?tot=2019-01-01"]
measure("funnel page (/reis, with periods)", [f"/reis{rng.choice(periods)}" for _ in range(max(50, requests // 5))])
