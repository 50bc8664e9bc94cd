"""Measures page latencies of a running Middenveld as a logged-in browser would see them.

Usage: latency.py BASE_URL REQUESTS N  (stdlib only; sequential requests on keep-alive)."""
import http.client
import random
import re
import sys
import time
import urllib.parse

base, requests, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
host = urllib.parse.urlparse(base).netloc
conn = http.client.HTTPConnection(host, timeout=30)
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


status, page = request("GET", "/inloggen")
csrf = re.search(r'name="_csrf" value="([0-9a-f]+)"', page).group(1)
form = urllib.parse.urlencode({"gebruikersnaam": "bench", "wachtwoord": "bench-wachtwoord-123", "_csrf": csrf})
status, _ = request("POST", "/inloggen", form, {"Content-Type": "application/x-www-form-urlencoded"})
assert status == 303, f"login failed: {status}"

rng = random.Random(42)
municipalities = ["GM0193", "GM0153", "GM0150", "GM0164", "GM0141", "GM0166", "GM1742", "GM0175"]
kinds = ["mkb", "grootbedrijf", "kennisinstelling"]
stages = ["onbewust", "geinteresseerd", "plannen", "implementeren"]
words = ["recycling", "metaal", "kunststof", "twente", "zwolle", "techniek", "groen", "bouw", "hout", "textiel", "energie", "food"]


def list_path():
    q = {"gemeentecode": rng.choice(municipalities), "pagina": str(rng.randint(1, 20))}
    if rng.random() < 0.5:
        q["soort"] = rng.choice(kinds)
    if rng.random() < 0.3:
        q["fase"] = rng.choice(stages)
    if rng.random() < 0.3:
        q["sorteer"] = rng.choice(["naam", "-naam", "gewijzigd"])
    return "/organisaties?" + urllib.parse.urlencode(q)


def search_path():
    term = rng.choice(words)
    if rng.random() < 0.5:
        term += " " + rng.choice(words)[:3]
    return "/zoeken?" + urllib.parse.urlencode({"zoek": term})


def detail_path():
    return f"/organisaties/{rng.randint(1, n)}"


WARMUP = int(__import__("os").environ.get("WARMUP", "20"))


def measure(name, make_path):
    for _ in range(WARMUP):
        request("GET", make_path())
    times = []
    for _ in range(requests):
        path = make_path()
        t = time.perf_counter()
        status, _ = request("GET", path)
        times.append((time.perf_counter() - t) * 1000)
        assert status == 200, f"{path}: {status}"
    times.sort()
    pct = lambda p: times[min(len(times) - 1, int(len(times) * p))]
    print(f"{name:<28} n={len(times):<5} p50={pct(0.50):7.2f} ms  p95={pct(0.95):7.2f} ms  p99={pct(0.99):7.2f} ms  max={times[-1]:7.2f} ms")


print(f"== latency over HTTP on loopback, {n} organisations, {requests} requests per scenario after {WARMUP} warm-up requests")
measure("filtered list page", list_path)
measure("search (orgs + people)", search_path)
measure("organisation detail page", detail_path)
