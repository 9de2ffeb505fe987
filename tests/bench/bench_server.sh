#!/usr/bin/env bash
# bench_server.sh — load benchmark for pinlab-server: starts it on a free port, signs in through
# the emulator's OAuth flow with curl (consent form POST + PKCE token exchange), then runs wrk
# against two API endpoints with the bearer token and prints requests/second.
#
#   tests/bench/bench_server.sh            # uses build/native-release/pinlab-server (./scripts/build native-release)
#
# Build it first (gently: -j1 on a shared machine):
#   ./scripts/build native-release
#
# Environment: PINLAB_SERVER (binary), DURATION (10s), CONNECTIONS (8), THREADS (2),
# RATE_LIMIT (off | on | N per minute; default off, so the figures measure the server and not the
# emulator's 100/s-per-token limit), PINS (1000).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bin="${PINLAB_SERVER:-$root/build/native-release/pinlab-server}"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-8}"
threads="${THREADS:-2}"
rate_limit="${RATE_LIMIT:-off}"
pins="${PINS:-1000}"

die() { echo "bench_server: $*" >&2; exit 1; }
[ -x "$bin" ] || die "no $bin — build it: ./scripts/build native-release"
command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
command -v curl >/dev/null || die "curl is missing"
command -v openssl >/dev/null || die "openssl is missing"
# More wrk connections than server threads would just queue (one thread per keep-alive connection).
server_threads=$((connections > 16 ? connections : 16))

# [SECTION] Start the server on a free port -------------------------------------------------------
out="$(mktemp)"
"$bin" --port 0 --quiet --rate-limit "$rate_limit" --pins "$pins" --threads "$server_threads" >"$out" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$out"; }
trap cleanup EXIT
for _ in $(seq 100); do grep -q "running at" "$out" && break; sleep 0.1; done
origin="$(sed -n 's|.*running at \(http://[^ ]*\)/  .*|\1|p' "$out")"
[ -n "$origin" ] || { cat "$out" >&2; die "server did not start"; }

c() { curl -sS --noproxy '*' --max-time 30 "$@"; }

# [SECTION] Sign in: consent page, consent form POST, token exchange --------------------------------
verifier="$(head -c 48 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
challenge="$(printf %s "$verifier" | openssl dgst -sha256 -binary | base64 | tr '+/' '-_' | tr -d '=\n')"
redirect="$origin/"
authorize=(--data-urlencode client_id=pinlab-demo --data-urlencode "redirect_uri=$redirect"
           --data-urlencode response_type=code --data-urlencode "scope=user_accounts:read,boards:read,pins:read"
           --data-urlencode state=bench --data-urlencode "code_challenge=$challenge"
           --data-urlencode code_challenge_method=S256)
c -f -G "$origin/oauth/" "${authorize[@]}" -o /dev/null || die "consent page failed"
location="$(c -o /dev/null -w '%{redirect_url}' "$origin/oauth/" "${authorize[@]}" --data-urlencode decision=allow)"
code="$(printf %s "$location" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')"
[ -n "$code" ] || die "no code in the consent redirect: $location"
token_json="$(c -f "$origin/v5/oauth/token" --data-urlencode grant_type=authorization_code \
    --data-urlencode "code=$code" --data-urlencode "redirect_uri=$redirect" \
    --data-urlencode client_id=pinlab-demo --data-urlencode "code_verifier=$verifier")" || die "token exchange failed"
token="$(printf %s "$token_json" | sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')"
[ -n "$token" ] || die "no access_token in: $token_json"
auth="Authorization: Bearer $token"
board="$(c -f -H "$auth" "$origin/v5/boards?page_size=1" | sed -n 's/.*"items" *: *\[ *{[^}]*"id" *: *"\([0-9]*\)".*/\1/p')"
[ -n "$board" ] || die "no board id"

# Sanity: both endpoints answer 200 with the token before loading them.
for path in "/v5/user_account" "/v5/boards/$board/pins?page_size=250"; do
    status="$(c -o /dev/null -w '%{http_code}' -H "$auth" "$origin$path")"
    [ "$status" = 200 ] || die "GET $path -> $status"
done
bytes="$(c -H "$auth" "$origin/v5/boards/$board/pins?page_size=250" | wc -c)"

# [SECTION] Load ------------------------------------------------------------------------------------
echo "pinlab-server $(basename "$bin") at $origin, rate limits: $rate_limit, pins: $pins, server threads: $server_threads"
echo "wrk -t$threads -c$connections -d$duration (keep-alive), $(nproc) CPU cores shared with the server"
run() {
    local label="$1" path="$2" result rps lat non2xx
    result="$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "$auth" "$origin$path")"
    rps="$(printf '%s\n' "$result" | awk '/^Requests\/sec:/ {print $2}')"
    lat="$(printf '%s\n' "$result" | awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print "p50 " p50 ", p99 " p99}')"
    non2xx="$(printf '%s\n' "$result" | awk '/Non-2xx or 3xx responses:/ {print $5}')"
    printf '%-44s %10s req/s   %s   non-2xx: %s\n' "$label" "$rps" "$lat" "${non2xx:-0}"
}
run "GET /v5/user_account" "/v5/user_account"
run "GET /v5/boards/{id}/pins?page_size=250 (${bytes}B)" "/v5/boards/$board/pins?page_size=250"
