// security.cpp — the emulator's defences against hostile clients, kept apart from the flows they
// guard: token families (a replayed code or refresh token, or a revoked refresh token, ends every
// token of its grant), the bounded table of authorization codes, and quotas on stored objects.
#include "emulator/impl.h"

namespace pinlab::emu {

void Emulator::Impl::revoke_family(const std::string& family) {
    // A set lookup at validation time instead of a scan of every token now.
    if (!family.empty()) revoked_families.insert(family);
}

bool Emulator::Impl::token_live(const Token& t, int64_t now_ms) const {
    if (t.revoked || t.expires_ms <= now_ms) return false;
    return t.family.empty() || revoked_families.count(t.family) == 0;
}

void Emulator::Impl::track_code(const std::string& code, int64_t expires_ms) {
    code_expiry.emplace_back(expires_ms, code);
}

bool Emulator::Impl::code_capacity(int64_t now_ms) {
    // Codes share one lifetime, so they expire in the order they were made: O(1) per code instead
    // of a scan of every outstanding code on each consent. Used codes stay until they expire, so a
    // replay is recognised (and revokes what the code issued).
    while (!code_expiry.empty() && code_expiry.front().first <= now_ms) {
        store.codes.erase(code_expiry.front().second);
        code_expiry.pop_front();
    }
    return static_cast<int>(store.codes.size()) < opts.quotas.max_pending_codes;
}

Outcome<> Emulator::Impl::within_quota(int add_pins, int add_boards, size_t add_bytes) const {
    const Quotas& q = opts.quotas;
    if (add_pins > 0 && static_cast<int>(store.pins.size()) + add_pins > q.max_pins + opts.pin_count)
        return error_response(429, 8, "This account has reached its limit of pins.");
    if (add_boards > 0 &&
        static_cast<int>(store.boards.size() + store.sections.size()) + add_boards > q.max_boards)
        return error_response(429, 8, "This account has reached its limit of boards and sections.");
    if (add_bytes > 0) {
        size_t used = 0;  // uploaded bytes are few objects; counted when something is added
        for (const auto& [id, p] : store.pins)
            for (const auto& item : p.items) used += item.image.bytes.size();
        if (used + add_bytes > q.max_stored_bytes)
            return error_response(413, 413, "This account has reached its limit of stored image bytes.");
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
