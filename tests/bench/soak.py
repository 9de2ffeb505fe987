#!/usr/bin/env python3
# soak.py — a bounded loopback soak test of pinlab-server (issue 13): slowloris, oversized and
# flooding clients run for DURATION seconds while a normal client (from 127.0.0.2, so per-address
# limits treat it as someone else) signs in and calls the API; prints the normal client's p50/p99,
# its failures and the server's peak RSS, and exits non-zero if p99 >= 100 ms or RSS >= 512 MiB.
#   tests/bench/soak.py [--server build/native-release/pinlab-server] [--duration 20]
import argparse, base64, hashlib, json, multiprocessing, os, random, socket, subprocess, sys, threading, time
import urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("--server", default=os.path.join(os.path.dirname(__file__), "../../build/native-release/pinlab-server"))
ap.add_argument("--duration", type=float, default=20.0)
ap.add_argument("--port", type=int, default=0)
args = ap.parse_args()

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

port = args.port or free_port()
srv = subprocess.Popen([args.server, "--host", "127.0.0.1", "--port", str(port), "--quiet", "--pins", "1000"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
stop = threading.Event()
counts = {}
lock = threading.Lock()
def count(kind, n=1):
    with lock: counts[kind] = counts.get(kind, 0) + n

def connect(src=None, timeout=5):
    s = socket.socket()
    if src: s.bind((src, 0))
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    return s

def request(s, method, path, headers=None, body=b""):
    h = {"Host": f"127.0.0.1:{port}"}
    h.update(headers or {})
    if body: h["Content-Length"] = str(len(body))
    s.sendall((f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items()) + "\r\n").encode() + body)
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = s.recv(65536)
        if not d: raise ConnectionError("closed")
        buf += d
    head, rest = buf.split(b"\r\n\r\n", 1)
    status = int(head.split()[1])
    n = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length": n = int(v)
    while len(rest) < n:
        d = s.recv(65536)
        if not d: break
        rest += d
    hdrs = {l.split(b":", 1)[0].strip().lower().decode(): l.split(b":", 1)[1].strip().decode()
            for l in head.split(b"\r\n")[1:] if b":" in l}
    return status, hdrs, rest

# [SECTION] The normal client: sign in (authorization code + PKCE), then call the API.
def sign_in():
    verifier = base64.urlsafe_b64encode(os.urandom(48)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect = f"http://127.0.0.1:{port}/"
    q = {"client_id": "pinlab-demo", "redirect_uri": redirect, "response_type": "code", "state": "s",
         "scope": "user_accounts:read,boards:read,pins:read", "code_challenge": challenge, "code_challenge_method": "S256",
         "decision": "allow"}
    s = connect("127.0.0.2")
    st, h, _ = request(s, "POST", "/oauth/", {"Content-Type": "application/x-www-form-urlencoded"},
                       urllib.parse.urlencode(q).encode())
    code = urllib.parse.parse_qs(urllib.parse.urlparse(h["location"]).query)["code"][0]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect, "client_id": "pinlab-demo",
            "code_verifier": verifier}
    st, _, body = request(s, "POST", "/v5/oauth/token", {"Content-Type": "application/x-www-form-urlencoded"},
                          urllib.parse.urlencode(form).encode())
    s.close()
    return json.loads(body)["access_token"]

latencies, failures = [], []
def normal(token, duration, out):
    # Its own process: the attackers' threads must not delay its measurements through the GIL.
    end = time.time() + duration
    s = None
    paths = ["/v5/user_account", "/v5/boards?page_size=25", "/v5/pins?page_size=25"]
    i = 0
    while time.time() < end:
        t0 = time.perf_counter()
        try:
            if s is None: s = connect("127.0.0.2")
            st, h, _ = request(s, "GET", paths[i % 3], {"Authorization": f"Bearer {token}"})
            if st != 200: failures.append(st)
            if h.get("connection", "").lower() == "close": s.close(); s = None
        except Exception as e:
            failures.append(type(e).__name__)
            s = None
        latencies.append((time.perf_counter() - t0) * 1000)
        i += 1
        time.sleep(0.05)  # ~15 requests/s: inside Pinterest's 1,000/min org_read limit the emulator enforces
    out.send((latencies, [str(f) for f in failures]))

# [SECTION] Attackers
def slowloris():
    socks = []
    while not stop.is_set():
        try:
            while len(socks) < 40:
                s = connect(timeout=1); s.sendall(b"GET /v5/user_account HTTP/1.1\r\n"); socks.append(s); count("slowloris conns")
        except Exception: count("slowloris refused")
        for s in list(socks):
            try: s.sendall(b"X")
            except Exception: socks.remove(s)
        time.sleep(1)

def oversized():
    bodies = [b"GET / HTTP/1.1\r\nX-Long: " + b"a" * (1 << 20),
              b"POST /v5/pins HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n" + (b"4000\r\n" + b"x" * 0x4000 + b"\r\n") * 256,
              b"GET /v5/boards HTTP/1.1\r\n" + b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 8000) for i in range(200)) + b"\r\n",
              b"GET /pinlab.wasm HTTP/1.1\r\nRange: bytes=0-" + b",0-" * 3000 + b"\r\n\r\n"]
    while not stop.is_set():
        try:
            s = connect(timeout=2); s.sendall(random.choice(bodies)); s.recv(4096); s.close(); count("oversized sent")
        except Exception: count("oversized cut off")

def flood():
    while not stop.is_set():
        try:
            s = connect(timeout=2)
            for _ in range(20):
                st, _, _ = request(s, "POST", "/v5/oauth/token", {"Content-Type": "application/x-www-form-urlencoded",
                                   "Authorization": "Basic " + base64.b64encode(os.urandom(12)).decode()}, b"grant_type=x")
                count(f"flood {st}")
            s.close()
        except Exception: count("flood refused")

def images():
    pins = list(range(1, 200))
    while not stop.is_set():
        try:
            s = connect(timeout=5)
            pid = 1089446400000000000 + random.choice(pins)
            st, _, _ = request(s, "GET", f"/media/pins/{pid}/1200x.png", {"Connection": "close"})
            count(f"image {st}")
            s.close()
        except Exception: count("image failed")

def peak_rss_kib(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"): return int(line.split()[1])
    except OSError: return -1
    return -1

try:
    for _ in range(100):
        try: connect().close(); break
        except OSError: time.sleep(0.1)
    token = sign_in()
    threads = [threading.Thread(target=f, daemon=True) for f in
               [slowloris, oversized, oversized, flood, flood, images, images]]
    for t in threads: t.start()
    time.sleep(1)  # the attack is under way before the normal client starts
    here, there = multiprocessing.Pipe()
    proc = multiprocessing.Process(target=normal, args=(token, args.duration, there))
    proc.start()
    latencies, failures = here.recv()
    proc.join()
    stop.set()
    for t in threads: t.join(timeout=5)
    rss = peak_rss_kib(srv.pid)
finally:
    srv.terminate(); srv.wait(timeout=10)

lat = sorted(latencies)
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else float("nan")
print(f"normal client: {len(lat)} requests, p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {lat[-1] if lat else 0:.1f} ms, "
      f"failures {len(failures)} {sorted(set(map(str, failures)))[:5]}")
print(f"server peak RSS: {rss / 1024:.1f} MiB")
print("attackers:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
ok = lat and p(0.99) < 100 and not failures and 0 < rss < 512 * 1024
sys.exit(0 if ok else 1)
