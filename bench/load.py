"""Mixed-write load test (issue 15): concurrent API clients creating and changing
organisations, reading lists, records and the annual report, while a browser client runs page
imports, against a server this script starts on 127.0.0.1. Counts 5xx answers and checks that
every organisation answered with 201 (and every imported one) can be read back afterwards.
Exits non-zero on any 5xx, any lost write or a failed import.

Usage: load.py --bin target/release/middenveld --database sqlite:///tmp/load.db
               [--clients 8,32,64] [--seconds 30] [--max-requests 200000]
Standard library only; bounded in time (each level stops after --seconds, or after
--max-requests) and in requests, and stops the server it started. The database may hold data
already: the checks count only what this run wrote."""
import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--bin", required=True, help="the middenveld binary")
parser.add_argument("--database", required=True, help="sqlite://FILE or postgres://…/DB")
parser.add_argument("--clients", default="8,32,64", help="comma-separated numbers of concurrent clients")
parser.add_argument("--seconds", type=float, default=30, help="duration of each level")
parser.add_argument("--max-requests", type=int, default=200000, help="bound of requests per level")
parser.add_argument("--port", type=int, default=18095)
parser.add_argument("--import-rows", type=int, default=200, help="rows of each imported file")
parser.add_argument("--no-import", action="store_true", help="API clients only (to compare write throughput)")
args = parser.parse_args()

HOST = f"127.0.0.1:{args.port}"
PASSWORD = "load-wachtwoord-12345"
USER = f"load{os.getpid()}"
RUN = f"{os.getpid()}-{int(time.time())}"
REQUEST_TIMEOUT = 90
work = tempfile.mkdtemp(prefix="middenveld-load-")


def cli(*command, stdin=None):
    r = subprocess.run(
        [args.bin, *command, "--database", args.database],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if r.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {r.stderr}")
    return r.stdout


class Client:
    """One keep-alive connection; cookies for the pages, a bearer token for the API."""

    def __init__(self, token=None):
        self.conn = http.client.HTTPConnection(HOST, timeout=REQUEST_TIMEOUT)
        self.token = token
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (ConnectionError, http.client.HTTPException):
                # A keep-alive connection the server closed: one new try on a new connection.
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, timeout=REQUEST_TIMEOUT)
                if attempt == 1:
                    raise
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, value = v.split(";")[0].split("=", 1)
                self.cookies[name] = value
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data

    def json(self, method, path, body=None):
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if body is not None else {}
        status, headers, data = self.request(method, "/api/v1" + path, payload, headers)
        return status, headers, data


def csrf_of(page):
    m = re.search(r'name="_csrf" value="([^"]+)"', page)
    if not m:
        raise RuntimeError("no CSRF token on the page")
    return m.group(1)


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = {}
        self.server_errors = []
        self.created = []
        self.writes = 0
        self.write_ms = []
        self.requests = 0
        self.imported = 0
        self.imports = 0
        self.import_failures = []

    def count(self, what, status, body, ms=None):
        with self.lock:
            self.requests += 1
            key = f"{what} {status}"
            self.statuses[key] = self.statuses.get(key, 0) + 1
            if status >= 500:
                self.server_errors.append(f"{what}: {status} {body[:200]!r}")
            if ms is not None:
                self.write_ms.append(ms)


def api_client(level, number, stats, stop, budget):
    c = Client(token)
    rng = random.Random(number)
    mine = []
    i = 0
    while not stop.is_set():
        with stats.lock:
            if stats.requests >= budget:
                return
        i += 1
        pick = rng.random()
        if pick < 0.40:
            body = {"naam": f"Load {RUN} {level}-{number}-{i}", "soort": "mkb", "fase": "geinteresseerd"}
            t = time.perf_counter()
            status, headers, data = c.json("POST", "/organisaties", body)
            ms = (time.perf_counter() - t) * 1000
            stats.count("POST organisatie", status, data, ms)
            if status == 201:
                location = headers.get("location", "")
                oid = int(location.rsplit("/", 1)[1])
                mine.append(oid)
                with stats.lock:
                    stats.created.append(oid)
                    stats.writes += 1
        elif pick < 0.50 and mine:
            # A change: reads the record and writes it in one transaction.
            oid = rng.choice(mine)
            body = {"naam": f"Load {RUN} {level}-{number}-{i} gewijzigd", "soort": "mkb", "fase": "plannen", "faseReden": "load"}
            t = time.perf_counter()
            status, _, data = c.json("PUT", f"/organisaties/{oid}", body)
            stats.count("PUT organisatie", status, data, (time.perf_counter() - t) * 1000)
            if status == 200:
                with stats.lock:
                    stats.writes += 1
        elif pick < 0.60:
            status, _, data = c.json("GET", "/jaarverslagen/2025")
            stats.count("GET jaarverslag", status, data)
        elif pick < 0.80:
            status, _, data = c.json("GET", f"/organisaties?sorteer=gewijzigd&pagina={rng.randint(1, 5)}")
            stats.count("GET lijst", status, data)
        elif pick < 0.90:
            status, _, data = c.json("GET", "/organisaties?" + urllib.parse.urlencode({"zoek": "load"}))
            stats.count("GET zoeken", status, data)
        elif mine:
            status, _, data = c.json("GET", f"/organisaties/{rng.choice(mine)}")
            stats.count("GET organisatie", status, data)


def wait_for_job(b, job, deadline):
    while time.time() < deadline:
        status, _, data = b.request("GET", job)
        page = data.decode("utf-8", "replace")
        if status >= 500:
            return status, page
        if 'id="voortgang"' not in page:
            return status, page
        time.sleep(0.2)
    return 0, "the import did not finish in time"


def import_client(level, stats, stop):
    """Page imports one after the other: upload, map, dry run, run."""
    b = Client()
    status, _, data = b.request("GET", "/inloggen")
    form = urllib.parse.urlencode({"gebruikersnaam": USER, "wachtwoord": PASSWORD, "_csrf": csrf_of(data.decode())})
    status, _, data = b.request("POST", "/inloggen", form, {"Content-Type": "application/x-www-form-urlencoded"})
    stats.count("POST inloggen", status, data)
    if status != 303:
        stats.import_failures.append(f"login: {status}")
        return
    n = 0
    while not stop.is_set():
        n += 1
        rows = ["Bedrijfsnaam;KvK-nummer;Vestigingsplaats"]
        base = random.Random(f"{RUN}-{level}-{n}").randrange(10_000_000, 89_000_000)
        for r in range(args.import_rows):
            rows.append(f"Import {RUN} {level}-{n}-{r} B.V.;{base + r:08d};Zwolle")
        csv = ("\r\n".join(rows) + "\r\n").encode()
        status, _, data = b.request("GET", "/import")
        stats.count("GET import", status, data)
        if status != 200:
            stats.import_failures.append(f"import page: {status}")
            return
        boundary = "----middenveld-load"
        parts = []
        for k, v in [("_csrf", csrf_of(data.decode())), ("soort", "organisaties")]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="bestand"; filename="load.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n".encode() + csv + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        status, headers, data = b.request(
            "POST", "/import", b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        stats.count("POST import", status, data)
        if status != 303:
            stats.import_failures.append(f"upload: {status}")
            return
        mapping = headers["location"]
        status, _, data = b.request("GET", mapping)
        stats.count("GET koppeling", status, data)
        fields = {
            "_csrf": csrf_of(data.decode()),
            "kolom0": "naam",
            "kolom1": "kvkNummer",
            "kolom2": "plaats",
            "modus": "alleen-geldige",
            "standaardSoort": "mkb",
        }
        status, headers, data = b.request(
            "POST", mapping, urllib.parse.urlencode(fields), {"Content-Type": "application/x-www-form-urlencoded"}
        )
        stats.count("POST koppeling", status, data)
        if status != 303:
            stats.import_failures.append(f"mapping: {status}")
            return
        job = headers["location"]
        deadline = time.time() + 120
        status, page = wait_for_job(b, job, deadline)
        stats.count("GET proefimport", status, page.encode())
        if status != 200 or "Proefimport" not in page:
            stats.import_failures.append(f"dry run: {status} {page[:200]!r}")
            return
        form = urllib.parse.urlencode({"_csrf": csrf_of(page)})
        status, _, data = b.request("POST", f"{job}/uitvoeren", form, {"Content-Type": "application/x-www-form-urlencoded"})
        stats.count("POST uitvoeren", status, data)
        if status != 303:
            stats.import_failures.append(f"run: {status}")
            return
        status, page = wait_for_job(b, job, deadline)
        stats.count("GET import klaar", status, page.encode())
        m = re.search(r"Opgeslagen: (\d+) nieuw", page)
        if status != 200 or not m:
            with open(os.path.join(work, f"import-{level}-{n}.html"), "w") as f:
                f.write(page)
            stats.import_failures.append(f"import: {status}, page in {f.name}")
            return
        with stats.lock:
            stats.imports += 1
            stats.imported += int(m.group(1))


def total_organisations(c):
    status, _, data = c.json("GET", "/organisaties?paginaGrootte=1")
    if status != 200:
        sys.exit(f"cannot count organisations: {status} {data[:200]!r}")
    return json.loads(data)["totaal"]


def run_level(clients):
    stats = Stats()
    stop = threading.Event()
    checker = Client(token)
    before = total_organisations(checker)
    importers = [] if args.no_import else [threading.Thread(target=import_client, args=(clients, stats, stop), daemon=True)]
    threads = importers + [
        threading.Thread(target=api_client, args=(clients, n, stats, stop, args.max_requests), daemon=True)
        for n in range(clients - len(importers))
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    while time.perf_counter() - start < args.seconds and any(t.is_alive() for t in threads[len(importers):]):
        time.sleep(0.1)
    stop.set()
    for t in threads:
        t.join(timeout=150)
    elapsed = time.perf_counter() - start
    lost = []
    for oid in stats.created:
        status, _, _ = checker.json("GET", f"/organisaties/{oid}")
        if status != 200:
            lost.append((oid, status))
    after = total_organisations(checker)
    expected = before + len(stats.created) + stats.imported
    times = sorted(stats.write_ms)
    pct = lambda p: times[min(len(times) - 1, int(len(times) * p))] if times else 0
    print(
        f"{clients:>3} clients  {elapsed:5.1f} s  {stats.requests:>6} requests  "
        f"{stats.writes:>6} API writes ({stats.writes / elapsed:6.1f}/s, p50 {pct(0.5):6.1f} ms, p95 {pct(0.95):7.1f} ms)  "
        f"{stats.imports} imports ({stats.imported} rows)  5xx: {len(stats.server_errors)}  lost: {len(lost)}",
        flush=True,
    )
    others = {k: v for k, v in stats.statuses.items() if not re.search(r" (200|201|303)$", k)}
    if others:
        print(f"     other answers: {others}", flush=True)
    problems = []
    if stats.server_errors:
        problems.append(f"{len(stats.server_errors)} server errors, first: {stats.server_errors[:3]}")
    if lost:
        problems.append(f"{len(lost)} organisations answered 201 but cannot be read: {lost[:5]}")
    if after != expected:
        problems.append(f"{after} organisations, expected {expected} ({before} + {len(stats.created)} + {stats.imported})")
    if stats.import_failures:
        problems.append(f"import failed: {stats.import_failures[:3]}")
    if stats.imports == 0 and importers:
        problems.append("no import completed")
    return problems


cli("migrate")
cli("user", "add", USER, "--role", "editor", "--password-stdin", stdin=PASSWORD + "\n")
token = next(line for line in cli("token", "create", "--user", USER, "--name", "load").split() if line.startswith("mv_"))
log = open(os.path.join(work, "server.log"), "w")
server = subprocess.Popen(
    [args.bin, "serve", "--database", args.database, "--bind", HOST], stdout=log, stderr=subprocess.STDOUT
)
problems = []
try:
    for _ in range(150):
        try:
            c = http.client.HTTPConnection(HOST, timeout=2)
            c.request("GET", "/gezond")
            if c.getresponse().status == 200:
                break
        except OSError:
            pass
        time.sleep(0.2)
    else:
        sys.exit("the server did not start")
    print(f"== {args.database.split('://')[0]}: {args.bin}, {args.seconds:g} s per level, imports of {args.import_rows} rows")
    for n in [int(x) for x in args.clients.split(",")]:
        problems += run_level(max(2, n))
finally:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()
if problems:
    print("FAILED:\n  " + "\n  ".join(problems) + f"\n  server log: {log.name}")
    sys.exit(1)
print("ok: no server errors, every write readable")
