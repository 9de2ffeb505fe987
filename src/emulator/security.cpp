// security.cpp — the emulator's defences against hostile clients, kept apart from the flows they
// guard: token families (a replayed code or refresh token, or a revoked refresh token, ends every
// token of its grant) and the pruning of dead tokens, the bounded table of authorization codes
// (shared fairly between clients and addresses), the back-off on guessed client secrets, and quotas
// on stored objects; and how tokens and codes are kept: as digests of themselves (never their text),
// with scopes as bits.
#include "core/crypto.h"
#include "core/scopes.h"
#include "emulator/impl.h"

namespace pinlab::emu {

// [SECTION] Secrets as digests, scopes as bits

Digest digest_of(std::string_view secret) {
    const auto full = sha256(secret);
    Digest d;
    std::memcpy(d.b.data(), full.data(), d.b.size());
    return d;
}

std::string digest_hex(const Digest& d) {
    return hex_encode(std::string_view(reinterpret_cast<const char*>(d.b.data()), d.b.size()));
}

uint64_t key64(std::string_view name) {
    const Digest d = digest_of(name);
    uint64_t k;
    std::memcpy(&k, d.b.data(), sizeof k);
    return k ? k : 1;
}

ScopeBits scope_bit(std::string_view name) {
    static_assert(sizeof(ScopeBits) * 8 >= 19, "one bit per scope of the table");
    int i = 0;
    for (const ScopeInfo* s = scopes_begin(); s != scopes_end() && i < 32; ++s, ++i)
        if (name == s->name) return ScopeBits{1} << i;
    return 0;
}

ScopeBits scope_bits(const std::vector<std::string>& names) {
    ScopeBits bits = 0;
    for (const auto& n : names) bits |= scope_bit(n);
    return bits;
}

std::vector<std::string> scope_names(ScopeBits bits) {
    std::vector<std::string> out;
    int i = 0;
    for (const ScopeInfo* s = scopes_begin(); s != scopes_end() && i < 32; ++s, ++i)
        if (bits & (ScopeBits{1} << i)) out.emplace_back(s->name);
    return out;
}

FamilyId Emulator::Impl::new_family() const {
    // Not a secret (never sent), only unique: a counter stands in where the platform has no CSPRNG.
    static uint64_t fallback = 0;
    FamilyId f = 0;
    while (f == 0)
        if (!secure_random(&f, sizeof f)) f = mix64(++fallback);
    return f;
}

namespace {

constexpr int kSecretFailuresPerMinute = 10;  // wrong secrets per client id before its checks pause
constexpr int64_t kSecretWindowMs = 60 * 1000;

// A quota refusal: the account is full, which waiting will not change, so it is not a 429 (clients
// retry those) and names the limit and the pinlab-server flag that raises it.
Response quota_full(int status, const std::string& what, size_t limit, const char* flag) {
    return error_response(status, status,
                          "Quota reached: this emulator keeps at most " + std::to_string(limit) + " " + what +
                              " (pinlab-server " + flag + " N raises it). Delete some to make room; retrying "
                              "will not help.");
}

}  // namespace

void Emulator::Impl::revoke_family(FamilyId family) {
    // A set lookup at validation time instead of a scan of every token now.
    if (family) revoked_families.insert(family);
}

bool Emulator::Impl::token_live(const Token& t, int64_t now_ms) const {
    if (t.revoked || t.expires_ms <= now_ms) return false;
    return t.family == 0 || revoked_families.count(t.family) == 0;
}

// Tokens expire on Pinterest's lifetimes (30 days access, 60 days refresh). Dead ones go: expired,
// revoked access tokens, and every token of a revoked family; then no token names a revoked family,
// so the set empties too. A rotated refresh token stays until it expires, since using it again is how
// a stolen one is recognised (its family is revoked then). Called from issue() once the number
// issued since the last prune reaches half the table (at least 1,024): amortised O(1) per token.
void Emulator::Impl::prune_tokens(int64_t now_ms) {
    for (auto it = store.tokens.begin(); it != store.tokens.end();) {
        const Token& t = it->second;
        bool dead = t.expires_ms <= now_ms || (t.family && revoked_families.count(t.family) > 0) ||
                    (t.revoked && (!t.refresh || !t.family));
        it = dead ? store.tokens.erase(it) : std::next(it);
    }
    revoked_families.clear();
    issued_since_prune = 0;
}

void Emulator::Impl::track_code(const Digest& code, int64_t expires_ms) {
    code_expiry.emplace_back(expires_ms, code);
}

std::optional<std::pair<int, std::string>> Emulator::Impl::code_refused(const std::string& issuer, int64_t now_ms) {
    // Codes share one lifetime, so they expire in the order they were made: O(1) per code instead
    // of a scan of every outstanding code on each consent. Used codes stay until they expire, so a
    // replay is recognised (and revokes what the code issued).
    while (!code_expiry.empty() && code_expiry.front().first <= now_ms) {
        auto it = store.codes.find(code_expiry.front().second);
        if (it != store.codes.end()) {
            auto n = it->second.issuer ? codes_per_issuer.find(it->second.issuer) : codes_per_issuer.end();
            if (n != codes_per_issuer.end() && --n->second <= 0) codes_per_issuer.erase(n);
            store.codes.erase(it);
        }
        code_expiry.pop_front();
    }
    // One client at one address gets a share of the table, so a flood of consents from one place
    // answers 429 there and leaves the table for everyone else's sign-in. In-process (the page's
    // Demo, tests) there is no address and one person: only the table's bound applies.
    auto mine = codes_per_issuer.find(key64(issuer));
    const bool networked = issuer.back() != '|';  // "client|" when the host named no peer
    if (networked && mine != codes_per_issuer.end() && mine->second >= opts.quotas.max_codes_per_peer)
        return std::make_pair(429, "Too many sign-ins from this address for this app in 10 minutes (at most " +
                                       std::to_string(opts.quotas.max_codes_per_peer) +
                                       "; pinlab-server --max-codes-per-peer N raises it). Try again later.");
    if (static_cast<int>(store.codes.size()) >= opts.quotas.max_pending_codes)
        return std::make_pair(503, std::string("Too many sign-ins are in progress. Try again in a few minutes."));
    return std::nullopt;
}

std::optional<Response> Emulator::Impl::secret_guess_refused(const std::string& client_id, int64_t now_ms) const {
    auto it = secret_failures.find(client_id);
    if (it == secret_failures.end() || now_ms - it->second.window_start_ms >= kSecretWindowMs ||
        it->second.count < kSecretFailuresPerMinute)
        return std::nullopt;
    Response r = error_response(429, 429, "Too many failed client authentications for this app; try again in a minute.");
    int64_t wait_s = (it->second.window_start_ms + kSecretWindowMs - now_ms + 999) / 1000;
    r.headers.set("Retry-After", std::to_string(wait_s < 1 ? 1 : wait_s));
    return r;
}

void Emulator::Impl::count_secret_failure(const std::string& client_id, int64_t now_ms) {
    // Keyed by registered client ids only (unknown ids are not counted), so the table stays as small
    // as the client list.
    SecretFailures& f = secret_failures[client_id];
    if (now_ms - f.window_start_ms >= kSecretWindowMs) f = SecretFailures{now_ms, 0};
    ++f.count;
}

Outcome<> Emulator::Impl::within_quota(int add_pins, int add_boards, size_t add_bytes) const {
    const Quotas& q = opts.quotas;
    if (add_pins > 0 && static_cast<int>(store.pins.size()) + add_pins > q.max_pins + opts.pin_count + kOtherSeedPins)
        return quota_full(403, "pins created past the seed data", static_cast<size_t>(q.max_pins), "--max-pins");
    if (add_boards > 0 &&
        static_cast<int>(store.boards.size() + store.sections.size()) + add_boards > q.max_boards + kOtherSeedBoards)
        return quota_full(403, "boards and sections", static_cast<size_t>(q.max_boards), "--max-boards");
    if (add_bytes > 0) {
        size_t used = 0;  // uploaded bytes are few objects; counted when something is added
        for (const auto& [id, p] : store.pins)
            for (const auto& item : p.items) used += item.image.byte_count();
        if (used + add_bytes > q.max_stored_bytes)
            return quota_full(413, "bytes of uploaded images", q.max_stored_bytes, "--max-stored-bytes");
    }
    return Done{};
}

// The control endpoints change every client's faults: only the page of this origin may call them.
// A browser sends Origin on cross-origin requests and on every POST; the Host must be this server
// (by its public name or a loopback name on the same port), so a rebound DNS name is refused too.
// POSTs must be JSON, which no cross-origin form can send without a preflight.
Outcome<> Emulator::Impl::control_allowed(const Ctx& c) const {
    std::string_view host = c.req.headers.get("Host");
    std::string_view origin = c.req.headers.get("Origin");
    std::string_view site = c.req.headers.get("Sec-Fetch-Site");
    if (!site.empty() && site != "same-origin" && site != "none")
        return error_response(403, 403, "The control endpoints accept same-origin requests only.");
    if (!host.empty()) {
        auto base = parse_url(opts.public_base_url);
        std::string port = base && base->port > 0 ? std::to_string(base->port) : "";
        bool ok = !base || base->host.empty();  // no configured origin (in-process use): not checked
        if (!ok) {
            std::string self = base->host + (port.empty() ? "" : ":" + port);
            ok = host == self;
            for (const char* loop : {"localhost", "127.0.0.1", "[::1]"})
                ok |= !port.empty() && host == std::string(loop) + ":" + port;
        }
        if (!ok) return error_response(403, 403, "The control endpoints answer this server's own host only.");
        if (!origin.empty()) {
            auto o = parse_url(origin);
            std::string oh = o ? o->host + (o->port > 0 ? ":" + std::to_string(o->port) : "") : "";
            if (!o || oh != host) return error_response(403, 403, "The control endpoints accept same-origin requests only.");
        }
    }
    if (c.req.method == "POST" && c.req.headers.get("Content-Type").substr(0, 16) != "application/json")
        return error_response(415, 415, "Unsupported Content-Type: expected application/json.");
    return Done{};
}

}  // namespace pinlab::emu
