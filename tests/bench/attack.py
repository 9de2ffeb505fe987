#!/usr/bin/env python3
# attack.py — the attack runner: each scenario starts a fresh release pinlab-server on loopback, lets an
# attacker (from 127.0.0.3 and up) do one thing that once starved everyone else, and meanwhile a normal
# client on 127.0.0.2 calls the API as the page would. Per scenario it prints the normal client's
# statuses and p99, the server's RSS before, at peak and 10 s after the attack, and whether the goal
# holds: only 2xx for the normal client, p99 < 100 ms, peak RSS <= 256 MiB, settled within 10% of before,
# and what the attackers' own requests got (an attack that did not happen must not pass quietly).
# Everything runs on loopback: the broker's scenarios (6, 13) start a stand-in for Pinterest's API themselves.
#   tests/bench/attack.py [--server build/native-release/pinlab-server] [--duration 8] [--only 1,2,5]
# Exits non-zero when a scenario misses the goal. SECURITY.md quotes its figures.
import argparse, base64, hashlib, json, multiprocessing, os, random, socket, struct, subprocess, sys, tempfile
import threading, time, urllib.parse, zlib

ap = argparse.ArgumentParser()
ap.add_argument("--server", default=os.path.join(os.path.dirname(__file__), "../../build/native-release/pinlab-server"))
ap.add_argument("--duration", type=float, default=8.0, help="seconds of attack per scenario")
ap.add_argument("--settle", type=float, default=10.0, help="seconds after the attack before RSS is read again")
ap.add_argument("--only", default="", help="comma-separated scenario numbers")
args = ap.parse_args()

NORMAL = "127.0.0.2"
GOAL_P99_MS, GOAL_RSS_MIB = 100.0, 256

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

# [SECTION] HTTP over plain sockets (attackers send what no client library would)
def connect(port, src=None, timeout=5):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if src: s.bind((src, 0))
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    return s

def send_request(s, port, method, path, headers=None, body=b""):
    h = {"Host": f"127.0.0.1:{port}"}
    h.update(headers or {})
    if body or method == "POST": h["Content-Length"] = str(len(body))
    s.sendall((f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items()) + "\r\n").encode() + body)

def read_answer(s):
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = s.recv(65536)
        if not d: raise ConnectionError("closed")
        buf += d
    head, rest = buf.split(b"\r\n\r\n", 1)
    status = int(head.split()[1])
    hdrs = {l.split(b":", 1)[0].strip().lower().decode(): l.split(b":", 1)[1].strip().decode()
            for l in head.split(b"\r\n")[1:] if b":" in l}
    n = int(hdrs.get("content-length", "0"))
    while len(rest) < n:
        d = s.recv(min(1 << 20, n - len(rest)))
        if not d: break
        rest += d
    return status, hdrs, rest

ATTACKED = {}  # "path status" -> count, for requests made by attacker threads (the main thread prepares and checks)
ATTACKED_LOCK = threading.Lock()

def request(port, method, path, headers=None, body=b"", src=None, timeout=5):
    attacker = threading.current_thread() is not threading.main_thread()
    outcome = "error"
    try:
        s = connect(port, src, timeout)
        try:
            send_request(s, port, method, path, dict(headers or {}, Connection="close"), body)
            answer = read_answer(s)
            outcome = str(answer[0])
            return answer
        finally:
            s.close()
    finally:
        if attacker:
            with ATTACKED_LOCK:
                key = f"{method} {path.split('?')[0]} {outcome}"
                ATTACKED[key] = ATTACKED.get(key, 0) + 1

FORM = {"Content-Type": "application/x-www-form-urlencoded"}

def consent(port, src, challenge, client="pinlab-demo"):
    q = {"client_id": client, "redirect_uri": f"http://127.0.0.1:{port}/", "response_type": "code", "state": "s",
         "scope": "user_accounts:read,boards:read,boards:write,pins:read,pins:write,ads:read,ads:write",
         "code_challenge": challenge,
         "code_challenge_method": "S256", "decision": "allow"}
    return request(port, "POST", "/oauth/", FORM, urllib.parse.urlencode(q).encode(), src)

def sign_in(port, src=NORMAL, headers=None):
    """The page's sign-in (authorization code + PKCE): the token answer's JSON, or raises."""
    verifier = base64.urlsafe_b64encode(os.urandom(48)).rstrip(b"=").decode()
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    st, h, body = consent(port, src, challenge)
    if st != 302: raise RuntimeError(f"consent {st}")
    code = urllib.parse.parse_qs(urllib.parse.urlparse(h["location"]).query)["code"][0]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": f"http://127.0.0.1:{port}/",
            "client_id": "pinlab-demo", "code_verifier": verifier}
    st, _, body = request(port, "POST", "/v5/oauth/token", dict(FORM, **(headers or {})), urllib.parse.urlencode(form).encode(), src)
    if st != 200: raise RuntimeError(f"token {st}")
    return json.loads(body)

# [SECTION] The server and its memory
class Server:
    def __init__(self, extra=()):
        self.port = free_port()
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([args.server, "--host", "127.0.0.1", "--port", str(self.port), "--pins", "1000",
                                      *extra], stdout=subprocess.DEVNULL, stderr=self.log)
        for _ in range(200):
            try: connect(self.port).close(); break
            except OSError: time.sleep(0.05)
    def rss_mib(self):
        try:
            for line in open(f"/proc/{self.proc.pid}/status"):
                if line.startswith("VmRSS:"): return int(line.split()[1]) / 1024
        except OSError: pass
        return -1.0
    def stop(self):
        self.proc.terminate()
        try: self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired: self.proc.kill()
    def log_text(self):
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

# [SECTION] The normal client: its own process, so the attackers' threads cannot delay it through the GIL.
def normal_client(port, token_json, probe, duration, out):
    lat, statuses = [], {}
    end = time.time() + duration
    state = {"token": token_json, "s": None}
    while time.time() < end:
        t0 = time.perf_counter()
        try:
            st = probe(port, state)
        except Exception as e:
            st = type(e).__name__
            if state["s"]: state["s"].close()
            state["s"] = None
        lat.append((time.perf_counter() - t0) * 1000)
        statuses[str(st)] = statuses.get(str(st), 0) + 1
        time.sleep(0.05)
    out.send((lat, statuses))

def probe_api(port, state):
    """GET /v5/user_account on a keep-alive connection, as the page does."""
    if state["s"] is None: state["s"] = connect(port, NORMAL)
    send_request(state["s"], port, "GET", "/v5/user_account", {"Authorization": "Bearer " + state["token"]["access_token"]})
    st, h, _ = read_answer(state["s"])
    if h.get("connection", "").lower() == "close": state["s"].close(); state["s"] = None
    return st

def probe_sign_in(port, state):
    """A new person signs in on each probe, each from an address of their own (127.0.1.1 and up): one
    address may have only 20 codes in 10 minutes, and a person signs in once, not every 50 ms."""
    n = state["n"] = state.get("n", 0) + 1
    sign_in(port, f"127.0.{1 + n // 250}.{1 + n % 250}")
    return 200

def probe_refresh(port, state):
    form = {"grant_type": "refresh_token", "client_id": "pinlab-demo", "refresh_token": state["token"]["refresh_token"]}
    st, _, body = request(port, "POST", "/v5/oauth/token", FORM, urllib.parse.urlencode(form).encode(), NORMAL)
    if st == 200: state["token"] = json.loads(body)
    return st

# [SECTION] Attacks. Each runs until `stop` is set; `ctx` has the port and whatever the scenario prepared.
def forever(stop, fn):
    while not stop.is_set():
        try: fn()
        except Exception: time.sleep(0.01)

def churn(ctx, stop):
    """1a. New connections from one address as fast as it can open them, no bytes sent."""
    held = []
    def once():
        held.append(connect(ctx["port"], "127.0.0.3", 2))
        if len(held) > 200: held.pop(0).close()
    forever(stop, once)
    for s in held: s.close()

def idle_hold(ctx, stop, addr):
    """1b. 64 idle connections from one address, reopened as they are closed."""
    socks = []
    while not stop.is_set():
        while len(socks) < 64 and not stop.is_set():
            try: socks.append(connect(ctx["port"], addr, 2))
            except OSError: break
        time.sleep(0.2)
        for s in list(socks):
            s.setblocking(False)
            try:
                if s.recv(1) == b"": socks.remove(s); s.close()
            except BlockingIOError: pass
            except OSError: socks.remove(s); s.close()
    for s in socks: s.close()

def json_flood(ctx, stop):
    """2. 16 MiB of tiny JSON values posted to /v5/pins with a valid token."""
    body = b'{"x":[1' + b",1" * ((16 << 20) // 2 - 8) + b"]}"
    forever(stop, lambda: request(ctx["port"], "POST", "/v5/pins", {"Authorization": "Bearer " + ctx["token"],
                                  "Content-Type": "application/json"}, body, "127.0.0.3", 30))

def big_requests_held(ctx, stop):
    """3. 48 keep-alive connections each send one 16 MiB request, then stay idle."""
    body = b" " * (16 << 20)
    socks = []
    for i in range(48):
        if stop.is_set(): break
        try:
            s = connect(ctx["port"], f"127.0.0.{3 + i % 4}", 30)
            send_request(s, ctx["port"], "POST", "/nowhere", {}, body)
            read_answer(s)
            socks.append(s)
        except Exception: pass
    stop.wait()
    for s in socks: s.close()

def slow_image_readers(ctx, stop):
    """4. 128 connections ask for the big uploaded image and read it slowly; one that is answered
    (a refusal) or closed asks again on a new connection, so the pressure lasts the whole attack."""
    path = ctx["image_path"]
    def ask(i):
        try:
            s = connect(ctx["port"], f"127.0.0.{3 + i % 8}", 5)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            send_request(s, ctx["port"], "GET", path, {})
            s.setblocking(False)
            return s
        except OSError: return None
    socks = [ask(i) for i in range(128)]
    while not stop.is_set():
        for i, s in enumerate(socks):
            try:
                if s is None or s.recv(1024) == b"": raise ConnectionError
            except BlockingIOError: pass
            except OSError:
                if s: s.close()
                socks[i] = ask(i)
        time.sleep(0.5)
    for s in socks:
        if s: s.close()

def consent_flood(ctx, stop):
    """5. Anonymous consent POSTs from one address, as fast as they go."""
    challenge = base64.urlsafe_b64encode(hashlib.sha256(b"x").digest()).rstrip(b"=").decode()
    forever(stop, lambda: consent(ctx["port"], "127.0.0.3", challenge))

def junk_tokens(ctx, stop):
    """7. Junk refreshes in the public client's name and wrong client secrets, through the same proxy
    address as the normal client (behind nginx every peer is 127.0.0.1)."""
    def once():
        form = {"grant_type": "refresh_token", "client_id": "pinlab-demo", "refresh_token": "junk" + os.urandom(6).hex()}
        request(ctx["port"], "POST", "/v5/oauth/token", FORM, urllib.parse.urlencode(form).encode(), NORMAL)
        basic = base64.b64encode(b"pinlab-confidential:" + os.urandom(6).hex().encode()).decode()
        request(ctx["port"], "POST", "/v5/oauth/token", dict(FORM, Authorization="Basic " + basic),
                b"grant_type=client_credentials&scope=boards:read", "127.0.0.3")
    forever(stop, once)

def token_mint(ctx, stop):
    """8. Sign-ins and refreshes from many addresses, leaving tokens and rotated families behind."""
    def once():
        t = sign_in(ctx["port"], f"127.0.0.{random.randint(3, 60)}")
        form = {"grant_type": "refresh_token", "client_id": "pinlab-demo", "refresh_token": t["refresh_token"]}
        request(ctx["port"], "POST", "/v5/oauth/token", FORM, urllib.parse.urlencode(form).encode(), "127.0.0.3")
    forever(stop, once)

def generic_fill(ctx, stop):
    """9. Campaigns through the generic layer (the catalogue answers what the emulator does not model),
    30 a request, until its quotas (objects, memory) answer."""
    def once():
        body = json.dumps([{"ad_account_id": ctx["acct"], "name": os.urandom(100).hex(), "objective_type": "AWARENESS"}
                           for _ in range(30)]).encode()
        request(ctx["port"], "POST", f"/v5/ad_accounts/{ctx['acct']}/campaigns", {"Authorization": "Bearer " + ctx["token"],
                "Content-Type": "application/json"}, body, "127.0.0.3")
    forever(stop, once)

def prepare_generic(ctx):
    st, _, body = request(ctx["port"], "GET", "/v5/ad_accounts", {"Authorization": "Bearer " + ctx["token"]}, src="127.0.0.3")
    if st != 200: raise RuntimeError(f"ad accounts answered {st}: {body[:200]}")
    ctx["acct"] = json.loads(body)["items"][0]["id"]

CATALOGUE = os.path.join(os.path.dirname(args.server), "generated/spec/catalogue.json")

def quota_fill(ctx, stop):
    """11. Boards until the quota answers, counting how it answers."""
    def once():
        st, h, body = request(ctx["port"], "POST", "/v5/boards", {"Authorization": "Bearer " + ctx["token"],
                              "Content-Type": "application/json"}, json.dumps({"name": os.urandom(4).hex()}).encode(), "127.0.0.3")
        ctx.setdefault("answers", {}).setdefault(st, h)
        time.sleep(0.05)
    forever(stop, once)

# [SECTION] The broker (scenario 6): a stand-in for Pinterest on loopback, in its own process so the
# attackers' threads cannot slow its answers through the GIL. Refresh tokens that start with "good-"
# are honoured; any other is refused as Pinterest would. A bearer token that starts with "slow" is
# answered after SLOW_S seconds (a slow upstream), every other API call at once.
SLOW_S = 5.0

def fake_upstream(port, ready):
    import http.server, socketserver
    class H(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def answer(self, status, obj):
            body = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def do_POST(self):
            form = urllib.parse.parse_qs(self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode())
            if not self.headers.get("Authorization", "").startswith("Basic "):
                return self.answer(401, {"code": 2, "message": "Authentication failed."})
            if self.path == "/v5/oauth/token/revoke": return self.answer(200, {})
            if self.path != "/v5/oauth/token": return self.answer(404, {"code": 404, "message": "Not found"})
            if not form.get("refresh_token", [""])[0].startswith("good-"):
                return self.answer(400, {"code": 1, "message": "Invalid refresh token."})
            n = os.urandom(8).hex()
            self.answer(200, {"access_token": "good-a-" + n, "refresh_token": "good-" + n, "token_type": "bearer",
                              "expires_in": 2592000, "refresh_token_expires_in": 5184000, "scope": "boards:read"})
        def do_GET(self):
            if self.headers.get("Authorization", "").startswith("Bearer slow"): time.sleep(SLOW_S)
            if not self.headers.get("Authorization", "").startswith("Bearer good-"):
                return self.answer(401, {"code": 2, "message": "Authentication failed."})
            self.answer(200, {"username": "normal", "account_type": "PERSONAL"})
    class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        request_queue_size = 128
        def handle_error(self, request, client_address): pass  # a call the broker cancelled: its socket is gone
    srv = S(("127.0.0.1", port), H)
    ready.set()
    srv.serve_forever()

def broker_flags(cleanup):
    """Starts the stand-in upstream and writes the app secret; the broker's flags pointing at them."""
    port = free_port()
    ready = multiprocessing.Event()
    up = multiprocessing.Process(target=fake_upstream, args=(port, ready), daemon=True)
    up.start()
    ready.wait(10)
    secret = tempfile.NamedTemporaryFile("w", delete=False)
    secret.write("app-secret\n"); secret.close()
    cleanup += [up.terminate, lambda: os.unlink(secret.name)]
    return ["--pinterest-app-id", "1234567", "--pinterest-secret-file", secret.name,
            "--pinterest-upstream", f"http://127.0.0.1:{port}"]

def broker_junk(ctx, stop):
    """6. From one address: junk /broker/token refreshes as fast as they go, and 12 proxy callers
    whose every call hangs on the slow upstream."""
    def junk():
        form = {"grant_type": "refresh_token", "refresh_token": "junk" + os.urandom(6).hex()}
        request(ctx["port"], "POST", "/broker/token", FORM, urllib.parse.urlencode(form).encode(), "127.0.0.3")
    def slow():
        request(ctx["port"], "GET", "/proxy/v5/user_account", {"Authorization": "Bearer slow" + os.urandom(4).hex()},
                src="127.0.0.3", timeout=SLOW_S + 10)
    threads = [threading.Thread(target=forever, args=(stop, junk), daemon=True)] + \
              [threading.Thread(target=forever, args=(stop, slow), daemon=True) for _ in range(12)]
    for t in threads: t.start()
    for t in threads: t.join()

def broker_many_slow(ctx, stop, addresses=4):
    """13. Four addresses, three proxy callers each, every call hanging on the slow upstream (the slots
    are shared per address: a quarter each would let four addresses fill them all). 14: eight addresses,
    whose first wave of calls takes every slot before any of them is seen to be greedy."""
    def slow(addr):
        request(ctx["port"], "GET", "/proxy/v5/user_account", {"Authorization": "Bearer slow" + os.urandom(4).hex()},
                src=addr, timeout=SLOW_S + 10)
    threads = [threading.Thread(target=forever, args=(stop, lambda a=a: slow(a)), daemon=True)
               for a in [f"127.0.0.{i}" for i in range(3, 3 + addresses)] for _ in range(3)]
    for t in threads: t.start()
    for t in threads: t.join()

def probe_broker(port, state):
    """The page on the broker: API calls through /proxy on a keep-alive connection, and every 10th
    probe a refresh through /broker/token (a page refreshes rarely; 30 a minute is the budget)."""
    state["n"] = state.get("n", 0) + 1
    if "up" not in state: state["up"] = {"access_token": "good-a-0", "refresh_token": "good-0"}
    if state["n"] % 10 == 0:
        form = {"grant_type": "refresh_token", "refresh_token": state["up"]["refresh_token"]}
        st, _, body = request(port, "POST", "/broker/token", FORM, urllib.parse.urlencode(form).encode(), NORMAL)
        if st == 200: state["up"] = json.loads(body)
        return st
    if state["s"] is None: state["s"] = connect(port, NORMAL)
    send_request(state["s"], port, "GET", "/proxy/v5/user_account", {"Authorization": "Bearer " + state["up"]["access_token"]})
    st, h, _ = read_answer(state["s"])
    if h.get("connection", "").lower() == "close": state["s"].close(); state["s"] = None
    return st

# [SECTION] Scenarios: number, title, server flags, preparation, attackers, probe, checks after.
def png_noise(w, h):
    raw = b"".join(b"\x00" + os.urandom(w * 3) for _ in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")

def prepare_image(ctx):
    """An uploaded pin whose image is ~11.8 MB (random pixels do not compress)."""
    png = png_noise(2000, 1960)
    boards = json.loads(request(ctx["port"], "GET", "/v5/boards", {"Authorization": "Bearer " + ctx["token"]}, src=NORMAL)[2])
    pin = {"board_id": boards["items"][0]["id"], "media_source": {"source_type": "image_base64", "content_type": "image/png",
                                                                  "data": base64.b64encode(png).decode()}}
    st, _, body = request(ctx["port"], "POST", "/v5/pins", {"Authorization": "Bearer " + ctx["token"],
                          "Content-Type": "application/json"}, json.dumps(pin).encode(), "127.0.0.3", 30)
    if st != 201: raise RuntimeError(f"upload answered {st}: {body[:200]}")
    images = json.loads(body)["media"]["images"]
    url = max(images.values(), key=lambda v: v.get("width", 0))["url"]
    ctx["image_path"] = urllib.parse.urlparse(url).path
    st, _, img = request(ctx["port"], "GET", ctx["image_path"], src=NORMAL, timeout=30)
    ctx["note"] = f"image {len(img) / 1e6:.1f} MB"

def check_default_client(ctx):
    basic = base64.b64encode(b"pinlab-confidential:pinlab-demo-secret").decode()
    st, _, _ = request(ctx["port"], "POST", "/v5/oauth/token", dict(FORM, Authorization="Basic " + basic),
                       b"grant_type=client_credentials&scope=boards:read", "127.0.0.3")
    return st == 401, f"published secret answers {st}"

def check_quota(ctx):
    answers = ctx.get("answers", {})
    full = [(st, h) for st, h in answers.items() if st not in (200, 201)]
    ok = bool(full) and all(st == 403 and "x-ratelimit-remaining" not in h for st, h in full)
    return ok, "full quota answers " + ", ".join(f"{st}" + (" +Remaining" if "x-ratelimit-remaining" in h else "")
                                                 for st, h in full)

def check_content(ctx):
    notes, ok = [], True
    key = tempfile.NamedTemporaryFile("w", delete=False)
    key.write("k" * 40 + "\n"); key.close()
    os.chmod(key.name, 0o600)
    secret = tempfile.NamedTemporaryFile("w", delete=False); secret.write("s\n"); secret.close()
    r = subprocess.run([args.server, "--port", "0", "--pinterest-app-id", "1", "--pinterest-secret-file", secret.name,
                        "--broker-key-file", key.name], capture_output=True, timeout=20)
    ok &= r.returncode != 0
    notes.append(f"40 x k key file: exit {r.returncode}")
    os.unlink(key.name); os.unlink(secret.name)
    boards = json.loads(request(ctx["port"], "GET", "/v5/boards", {"Authorization": "Bearer " + ctx["token"]}, src=NORMAL)[2])
    pin = {"board_id": boards["items"][0]["id"], "link": 'http://x"><script>alert(1)</script>',
           "media_source": {"source_type": "image_url", "url": "https://e.com/a.jpg"}}
    st, _, _ = request(ctx["port"], "POST", "/v5/pins", {"Authorization": "Bearer " + ctx["token"],
                       "Content-Type": "application/json"}, json.dumps(pin).encode(), NORMAL)
    ok &= st == 400
    notes.append(f"script link {st}")
    for q in ["+access_token=SECRET", "access_token[]=SECRET", "access_token%00=SECRET"]:
        request(ctx["port"], "GET", "/oauth/?" + q, src="127.0.0.3")
    time.sleep(0.3)
    leaked = ctx["server"].log_text().count("SECRET")
    ok &= leaked == 0
    notes.append(f"log lines with the secret {leaked}")
    return ok, ", ".join(notes)

SCENARIOS = [
    (1, "connection churn + 8 addresses x 64 idle", [], None,
     [churn] + [lambda c, s, a=a: idle_hold(c, s, a) for a in [f"127.0.0.{i}" for i in range(4, 12)]], probe_api, None),
    (2, "16 MiB JSON of tiny values x 4", [], None, [json_flood] * 4, probe_api, None),
    (3, "48 idle keep-alive after 16 MiB requests", [], None, [big_requests_held], probe_api, None),
    (4, "128 slow readers of an 11.8 MB image", [], prepare_image, [slow_image_readers], probe_api, None),
    (5, "consent flood from one address", [], None, [consent_flood] * 2, probe_sign_in, None),
    (6, "broker: junk /broker/token + 12 slow proxy callers", broker_flags, None, [broker_junk], probe_broker, None),
    (7, "junk refreshes + wrong secrets", ["--confidential-client"], None, [junk_tokens] * 2,
     probe_refresh, None),
    (8, "token churn (sign-in + refresh)", [], None, [token_mint] * 2, probe_api, None),
    (9, "generic layer filled (rate limits off)", ["--catalogue", CATALOGUE, "--rate-limit", "off"], prepare_generic,
     [generic_fill], probe_api, None),
    (10, "default confidential client", [], None, [], probe_api, check_default_client),
    (11, "quota refusals", ["--max-boards", "60"], None, [quota_fill], probe_api, check_quota),
    (12, "weak key file, script link, log redaction", [], None, [], probe_api, check_content),
    (13, "broker: 4 addresses x 3 slow proxy callers", broker_flags, None, [broker_many_slow], probe_broker, None),
    (14, "broker: 8 addresses x 3 slow proxy callers", broker_flags, None,
     [lambda c, s: broker_many_slow(c, s, addresses=8)], probe_broker, None),
]

def run(number, title, flags, prepare, attackers, probe, check):
    cleanup = []
    srv = Server(flags(cleanup) if callable(flags) else flags)
    ctx = {"port": srv.port, "server": srv}
    result = {"n": number, "title": title}
    try:
        ctx["token"] = sign_in(srv.port, "127.0.0.3")["access_token"]
        if prepare: prepare(ctx)
        normal_token = sign_in(srv.port)
        time.sleep(0.5)
        before = srv.rss_mib()
        stop = threading.Event()
        ATTACKED.clear()
        threads = [threading.Thread(target=a, args=(ctx, stop), daemon=True) for a in attackers]
        for t in threads: t.start()
        time.sleep(1.0)  # under way before the normal client starts
        here, there = multiprocessing.Pipe()
        proc = multiprocessing.Process(target=normal_client, args=(srv.port, normal_token, probe, args.duration, there))
        proc.start()
        peak = before
        while proc.is_alive():
            peak = max(peak, srv.rss_mib())
            if here.poll(0.1): break
        lat, statuses = here.recv()
        proc.join()
        stop.set()
        for t in threads: t.join(timeout=15)
        settled = srv.rss_mib()
        deadline = time.time() + args.settle
        while time.time() < deadline and settled > before * 1.1:
            time.sleep(0.5)
            settled = srv.rss_mib()
        peak = max(peak, settled)
        with ATTACKED_LOCK:
            attacked = ", ".join(f"{k} x{n}" for k, n in sorted(ATTACKED.items()))
        if attacked: ctx["attacked"] = "attacker got: " + attacked
        lat.sort()
        p99 = lat[min(len(lat) - 1, int(0.99 * len(lat)))] if lat else float("nan")
        result.update(p50=lat[len(lat) // 2] if lat else float("nan"), max=lat[-1] if lat else float("nan"))
        only_2xx = all(k.isdigit() and 200 <= int(k) < 300 for k in statuses)
        ok = only_2xx and p99 < GOAL_P99_MS and peak <= GOAL_RSS_MIB and settled <= before * 1.1
        extra = ""
        if check:
            cok, extra = check(ctx)
            ok = ok and cok
        result.update(statuses=statuses, p99=p99, before=before, peak=peak, settled=settled, ok=ok,
                      note="; ".join(x for x in [ctx.get("note", ""), extra, ctx.get("attacked", "")] if x))
    except Exception as e:
        result.update(ok=False, error=f"{type(e).__name__}: {e}")
    finally:
        srv.stop()
        for fn in cleanup: fn()
    return result

only = {int(x) for x in args.only.split(",") if x}
results = []
for sc in SCENARIOS:
    if only and sc[0] not in only: continue
    r = run(*sc)
    results.append(r)
    if "error" in r:
        print(f"{r['n']:>2} {r['title']}: could not run: {r['error']}", flush=True)
        continue
    st = " ".join(f"{k}x{v}" for k, v in sorted(r["statuses"].items()))
    print(f"{r['n']:>2} {r['title']}: normal {st}, p99 {r['p99']:.1f} ms (p50 {r['p50']:.1f}, max {r['max']:.1f}); RSS {r['before']:.1f} -> peak {r['peak']:.1f}"
          f" -> {r['settled']:.1f} MiB; {'MEETS' if r['ok'] else 'MISSES'} the goal" +
          (f" ({r['note']})" if r["note"] else ""), flush=True)
sys.exit(0 if results and all(r["ok"] for r in results) else 1)
