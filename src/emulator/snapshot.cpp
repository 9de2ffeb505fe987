// snapshot.cpp — Emulator::save_state()/load_state(): the Store as versioned bytes (core/wire.h), which the
// page keeps so its Demo emulator survives a reload. The seed data is rebuilt from the seed, not stored:
// a snapshot holds the objects that differ from it (created, edited), the seed objects that were deleted,
// and everything else in the Store (tokens, codes, the id sequence, the random stream). A seed-only state is
// a few dozen bytes instead of the ~0.5 MB the 1,000 seed pins would take.
//
// Layout (all little-endian, strings as u32 length + bytes, optional strings as u32 0|1 + string):
//   u32 magic "PLSN", u32 version, i64 seed, u32 pin_count, u32 flavor, u32 seeded
//   seeded = 0: nothing more (the seed data was never built; it stays lazy)
//   i64 seed fingerprint, i64 rng state, i64 next_seq, user_id, username, i64 seed_epoch_ms
//   boards, sections, pins, media: u32 n + n objects (new or changed), u32 m + m ids (deleted seed objects);
//   a board and an upload end with their owner (user id, "" = the first account)
//   codes, tokens: u32 n + n (key, value), version 7: keyed by the secret's digest (impl.h: Digest, 16 bytes),
//   a code: i64 redirect URI key, u32 has challenge, challenge digest, u32 scope bits, i64 expiry, u32 used,
//   i64 family, i64 client key, account (user id, "" = the first); a token: u32 refresh, i64 client key, u32
//   scope bits, i64 expiry, u32 revoked, i64 family, account. (Versions 5 and 6 keyed them by the secret
//   itself, with client ids, redirect URIs, challenges, scopes, families as text and a token's issue time:
//   read and digested.)
//   revoked families: u32 n + n i64 (versions 5, 6: n bytes)
//   follows and websites (social.cpp; small, so written whole), version 6: u32 n accounts whose follows or
//   websites differ from the seed, each: user id, u32 n + n follows, u32 m + m websites; an account not
//   written has the seed's. (Version 5 held the first account's only: u32 0 (as seeded) | 1 + both lists.)
//   version 4: the generic store (generic.h): i64 next_seq, u32 accounts, each: user id, u32 collections,
//   each: path, u32 objects, each: id, i64 seq, JSON text. 
// The Order maps are not written: they are exactly {seq -> id} of each kind's objects and are rebuilt.
//
// Loading is defensive: every count is bounded by the bytes left and by a cap, every string by the input,
// text must be UTF-8 (the JSON writer aborts on anything else in this build), and the objects must hang
// together the way the handlers assume (a pin's board exists, seqs are unique, images have sane sizes),
// because the handlers use at() and index items[0] without checking again.
#include <algorithm>
#include <cstring>
#include <set>
#include <unordered_set>

#include "core/wire.h"
#include "emulator/impl.h"

namespace pinlab::emu {

namespace {

constexpr uint32_t kMagic = 0x4E534C50;  // "PLSN"
// 2: token families; 3: uploads, video pins, follows, websites; 4: the generic store; 5: accounts (the owner of
// boards and uploads, the account of codes and tokens); 6: every account's follows and websites; 7: codes and
// tokens as digests and fixed records
constexpr uint32_t kVersion = 7;
constexpr uint32_t kOldestVersion = 5;  // earlier ones are refused once: Demo starts fresh; 5 and 6 are read as 7
constexpr size_t kMaxSnapshot = 64u << 20;  // uploads included; beyond this the page could not hold it anyway
constexpr uint32_t kMaxObjects = 200000;    // per kind
constexpr uint32_t kMaxItems = 5;           // carousel items per pin (the API's maximum)
constexpr uint32_t kMaxScopes = 64;
constexpr uint32_t kMaxImageSide = 20000;          // pins_create refuses larger uploads
constexpr int64_t kMaxTimeMs = 253402300799999LL;  // 9999-12-31: dates are formatted and subtracted
constexpr uint64_t kMaxSeq = 1ull << 40;           // ids are a base plus a seq

// [SECTION] Writing ------------------------------------------------------------------------------

void opt(WireWriter& w, const std::optional<std::string>& s) {
    w.u32(s ? 1 : 0);
    if (s) w.bytes(*s);
}

void put(WireWriter& w, const Board& b) {
    w.bytes(b.id).i64(static_cast<int64_t>(b.seq)).bytes(b.name);
    opt(w, b.description);
    w.bytes(b.privacy).u32(b.is_ads_only ? 1 : 0).i64(b.created_ms).i64(b.pins_modified_ms);
    w.u32(static_cast<uint32_t>(b.follower_count)).u32(static_cast<uint32_t>(b.collaborator_count));
    w.bytes(b.owner);
}

void put(WireWriter& w, const Section& s) {
    w.bytes(s.id).i64(static_cast<int64_t>(s.seq)).bytes(s.board_id).bytes(s.name);
}

void put(WireWriter& w, const MediaItem& m) {
    w.bytes(m.id).i64(static_cast<int64_t>(m.seq)).i64(m.created_ms).i64(m.uploaded_ms).i64(static_cast<int64_t>(m.bytes));
    w.u32(m.playable ? 1 : 0).u32(m.used ? 1 : 0);
    w.bytes(m.owner);
}

void put(WireWriter& w, const ImageSource& img) {
    w.u32(img.uploaded ? 1 : 0).i64(static_cast<int64_t>(img.key));
    w.u32(static_cast<uint32_t>(img.width)).u32(static_cast<uint32_t>(img.height)).bytes(img.bytes ? *img.bytes : std::string()).bytes(img.mime);
}

void put(WireWriter& w, const Pin& p) {
    w.bytes(p.id).i64(static_cast<int64_t>(p.seq)).bytes(p.board_id).bytes(p.section_id);
    for (const auto* o : {&p.title, &p.description, &p.link, &p.alt_text, &p.dominant_color}) opt(w, *o);
    w.bytes(p.parent_pin_id).i64(p.created_ms).bytes(p.media_type).u32(static_cast<uint32_t>(p.items.size()));
    for (const auto& it : p.items) {
        opt(w, it.title);
        opt(w, it.description);
        opt(w, it.link);
        put(w, it.image);
    }
    w.bytes(p.video_media_id).i64(p.video_duration_ms);
}

template <class T>
std::string encoded(const T& v) {
    WireWriter w;
    put(w, v);
    return std::move(w.out());
}

}  // namespace

// What the seed data looks like: a hash of each seed object's encoding, so a save writes only the objects
// that differ, and a fingerprint of all of it, so a snapshot is never applied to different seed data (a
// newer Pinlab whose seed.cpp changed).
struct SeedDigest {
    std::map<std::string, uint64_t> boards, sections, pins, media;
    uint64_t fingerprint = 0;
};

namespace {

template <class Map>
void digest_kind(const Map& objects, std::map<std::string, uint64_t>& out, uint64_t& fp) {
    for (const auto& [id, v] : objects) {
        uint64_t h = hash64(encoded(v));
        out.emplace(id, h);
        fp = mix64(fp ^ h);
    }
}

std::shared_ptr<const SeedDigest> make_digest(const Store& seed) {
    auto d = std::make_shared<SeedDigest>();
    uint64_t fp = mix64(static_cast<uint64_t>(seed.seed_epoch_ms) ^ seed.rng.state ^ (seed.next_seq << 32));
    digest_kind(seed.boards, d->boards, fp);
    digest_kind(seed.sections, d->sections, fp);
    digest_kind(seed.pins, d->pins, fp);
    digest_kind(seed.media, d->media, fp);
    d->fingerprint = fp;
    return d;
}

// The objects of one kind that are new or differ from the seed, then the seed objects that are gone.
template <class Map>
void put_kind(WireWriter& w, const Map& objects, const std::map<std::string, uint64_t>& seed) {
    std::vector<const typename Map::mapped_type*> changed;
    for (const auto& [id, v] : objects) {
        auto s = seed.find(id);
        if (s == seed.end() || s->second != hash64(encoded(v))) changed.push_back(&v);
    }
    w.u32(static_cast<uint32_t>(changed.size()));
    for (const auto* v : changed) put(w, *v);
    std::vector<const std::string*> gone;
    for (const auto& [id, h] : seed)
        if (objects.find(id) == objects.end()) gone.push_back(&id);
    w.u32(static_cast<uint32_t>(gone.size()));
    for (const auto* id : gone) w.bytes(*id);
}

// One account's follows and websites, as Store and SocialState hold them.
struct SocialView {
    const std::map<std::string, Follow>* following = nullptr;
    const std::map<std::string, Website>* websites = nullptr;
};

bool same_social(const SocialView& a, const SocialView& b) {
    auto same_follow = [](const auto& x, const auto& y) {
        return x.first == y.first && x.second.seq == y.second.seq && x.second.since_ms == y.second.since_ms;
    };
    auto same_site = [](const auto& x, const auto& y) {
        return x.first == y.first && x.second.seq == y.second.seq && x.second.verified_ms == y.second.verified_ms;
    };
    return a.following->size() == b.following->size() && a.websites->size() == b.websites->size() &&
           std::equal(a.following->begin(), a.following->end(), b.following->begin(), same_follow) &&
           std::equal(a.websites->begin(), a.websites->end(), b.websites->begin(), same_site);
}

// Account `id`'s follows and websites in `s` (the acting account's live in the Store itself).
SocialView social_of(const Store& s, const std::string& id) {
    static const SocialState kNone;
    if (id == s.user_id) return {&s.following, &s.websites};
    auto it = s.other_social.find(id);
    const SocialState& st = it == s.other_social.end() ? kNone : it->second;
    return {&st.following, &st.websites};
}

// Every account whose follows or websites differ from the seed's, with both lists whole.
void put_social(WireWriter& w, const Store& s, const Store& seed) {
    std::vector<const AccountInfo*> changed;
    for (const auto& a : kAccounts)
        if (!same_social(social_of(s, a.id), social_of(seed, a.id))) changed.push_back(&a);
    w.u32(static_cast<uint32_t>(changed.size()));
    for (const AccountInfo* a : changed) {
        const SocialView v = social_of(s, a->id);
        w.bytes(a->id).u32(static_cast<uint32_t>(v.following->size()));
        for (const auto& [k, f] : *v.following) w.bytes(f.username).i64(static_cast<int64_t>(f.seq)).i64(f.since_ms);
        w.u32(static_cast<uint32_t>(v.websites->size()));
        for (const auto& [k, x] : *v.websites) w.bytes(x.website).i64(static_cast<int64_t>(x.seq)).i64(x.verified_ms);
    }
}

// [SECTION] Reading ------------------------------------------------------------------------------

// A WireReader that remembers the first reason it stopped.
class Reader {
public:
    explicit Reader(std::string_view in) : r_(in) {}
    bool failed() const { return !error.empty(); }
    bool fail(const std::string& why) {
        if (error.empty()) error = why;
        return false;
    }
    bool u32(uint32_t& v) { return r_.u32(v) || fail("the snapshot is truncated"); }
    bool i64(int64_t& v) { return r_.i64(v) || fail("the snapshot is truncated"); }
    bool u64(uint64_t& v) {
        int64_t x = 0;
        if (!i64(x)) return false;
        v = static_cast<uint64_t>(x);
        return true;
    }
    bool time(int64_t& v) {
        if (!i64(v)) return false;
        return (v >= -kMaxTimeMs && v <= kMaxTimeMs) || fail("the snapshot is corrupted (a time out of range)");
    }
    bool seq(uint64_t& v) {
        if (!u64(v)) return false;
        return (v > 0 && v < kMaxSeq) || fail("the snapshot is corrupted (a sequence number out of range)");
    }
    bool flag(bool& v) {
        uint32_t x = 0;
        if (!u32(x)) return false;
        if (x > 1) return fail("the snapshot is corrupted (a flag is neither 0 nor 1)");
        v = x == 1;
        return true;
    }
    bool raw(std::string& s) { return r_.bytes(s) || fail("the snapshot is truncated"); }
    bool text(std::string& s) {  // anything that may end up in a JSON answer
        if (!raw(s)) return false;
        return utf8_valid(s) || fail("the snapshot is corrupted (text that is not UTF-8)");
    }
    bool account(std::string& s) {  // "" (the first account) or the user id of another in kAccounts
        if (!raw(s)) return false;
        return s.empty() || (s != kAccounts[0].id && find_account(s) && s == find_account(s)->id) ||
               fail("the snapshot is corrupted (an account that does not exist)");
    }
    bool digest(Digest& d) {
        std::string s;
        if (!raw(s)) return false;
        if (s.size() != d.b.size()) return fail("the snapshot is corrupted (a digest of another size)");
        std::memcpy(d.b.data(), s.data(), d.b.size());
        return true;
    }
    bool scopes(ScopeBits& bits) {
        uint32_t x = 0;
        if (!u32(x)) return false;
        bits = x;
        return scope_names(bits).size() == static_cast<size_t>(__builtin_popcount(x)) ||
               fail("the snapshot is corrupted (a scope that does not exist)");
    }
    bool user(AccountIndex& i) {
        std::string s;
        if (!account(s)) return false;
        i = account_index(find_account(s));
        return true;
    }
    bool id(std::string& s) {
        if (!raw(s)) return false;
        return is_digits(s) || fail("the snapshot is corrupted (an id that is not a number)");
    }
    bool opt(std::optional<std::string>& o) {
        bool present = false;
        if (!flag(present)) return false;
        o.reset();
        if (!present) return true;
        std::string s;
        if (!text(s)) return false;
        o = std::move(s);
        return true;
    }
    // A count of entries at least `min_size` bytes each: bounded by what is left and by `cap`.
    bool count(uint32_t& n, uint32_t cap, size_t min_size, const char* what) {
        if (!u32(n)) return false;
        if (n > cap || n > r_.remaining() / min_size)
            return fail("the snapshot is corrupted (" + std::to_string(n) + " " + what + ")");
        return true;
    }
    bool at_end() const { return r_.at_end(); }
    std::string error;

private:
    WireReader r_;
};

bool get(Reader& r, Board& b) {
    uint32_t ads = 0, followers = 0, collaborators = 0;
    if (!(r.id(b.id) && r.seq(b.seq) && r.text(b.name) && r.opt(b.description) && r.text(b.privacy) && r.u32(ads) &&
          r.time(b.created_ms) && r.time(b.pins_modified_ms) && r.u32(followers) && r.u32(collaborators) &&
          r.account(b.owner)))
        return false;
    if (b.privacy != "PUBLIC" && b.privacy != "SECRET" && b.privacy != "PROTECTED")
        return r.fail("the snapshot is corrupted (board privacy '" + b.privacy + "')");
    if (ads > 1 || followers > 1000000000u || collaborators > 1000000000u)
        return r.fail("the snapshot is corrupted (board counts)");
    b.is_ads_only = ads == 1;
    b.follower_count = static_cast<int>(followers);
    b.collaborator_count = static_cast<int>(collaborators);
    return true;
}

bool get(Reader& r, Section& s) {
    return r.id(s.id) && r.seq(s.seq) && r.id(s.board_id) && r.text(s.name);
}

bool get(Reader& r, MediaItem& m) {
    int64_t bytes = 0;
    if (!(r.id(m.id) && r.seq(m.seq) && r.time(m.created_ms) && r.time(m.uploaded_ms) && r.i64(bytes) &&
          r.flag(m.playable) && r.flag(m.used) && r.account(m.owner)))
        return false;
    if (bytes < 0) return r.fail("the snapshot is corrupted (an upload size)");
    m.bytes = static_cast<uint64_t>(bytes);
    return true;
}

bool get(Reader& r, ImageSource& img) {
    uint32_t w = 0, h = 0;
    std::string bytes;
    if (!(r.flag(img.uploaded) && r.u64(img.key) && r.u32(w) && r.u32(h) && r.raw(bytes) && r.raw(img.mime)))
        return false;
    if (w < 1 || h < 1 || w > kMaxImageSide || h > kMaxImageSide)
        return r.fail("the snapshot is corrupted (image size)");
    img.width = static_cast<int>(w);
    img.height = static_cast<int>(h);
    if (!img.uploaded) {
        // Generated images are rendered at the asked width: a sane aspect ratio keeps that allocation sane.
        if (img.height > 4 * img.width || img.width > 4 * img.height || !bytes.empty() || !img.mime.empty())
            return r.fail("the snapshot is corrupted (a generated image)");
        return true;
    }
    std::string mime;
    int sw = 0, sh = 0;
    if (!sniff_image(bytes, mime, sw, sh) || mime != img.mime || sw != img.width || sh != img.height)
        return r.fail("the snapshot is corrupted (an uploaded image)");
    img.bytes = std::make_shared<const std::string>(std::move(bytes));
    return true;
}

bool get(Reader& r, Pin& p) {
    uint32_t n = 0;
    if (!(r.id(p.id) && r.seq(p.seq) && r.id(p.board_id) && r.raw(p.section_id) && r.opt(p.title) &&
          r.opt(p.description) && r.opt(p.link) && r.opt(p.alt_text) && r.opt(p.dominant_color) &&
          r.raw(p.parent_pin_id) && r.time(p.created_ms) && r.text(p.media_type) && r.u32(n)))
        return false;
    if ((!p.section_id.empty() && !is_digits(p.section_id)) ||
        (!p.parent_pin_id.empty() && !is_digits(p.parent_pin_id)))
        return r.fail("the snapshot is corrupted (an id that is not a number)");
    if (p.media_type != "image" && p.media_type != "multiple_images" && p.media_type != "video")
        return r.fail("the snapshot is corrupted (media type '" + p.media_type + "')");
    if (n < 1 || n > kMaxItems) return r.fail("the snapshot is corrupted (" + std::to_string(n) + " images in a pin)");
    p.items.assign(n, CarouselItem{});
    for (auto& it : p.items)
        if (!(r.opt(it.title) && r.opt(it.description) && r.opt(it.link) && get(r, it.image))) return false;
    if (!(r.raw(p.video_media_id) && r.i64(p.video_duration_ms))) return false;
    if ((p.media_type == "video") != !p.video_media_id.empty() || (p.media_type == "video" && n != 1) ||
        (!p.video_media_id.empty() && !is_digits(p.video_media_id)) || p.video_duration_ms < 0 ||
        p.video_duration_ms > 86400000)
        return r.fail("the snapshot is corrupted (a video pin)");
    return true;
}

bool get(Reader& r, Follow& f) {
    return r.text(f.username) && r.seq(f.seq) && r.time(f.since_ms);
}

bool get(Reader& r, Website& w) {
    return r.text(w.website) && r.seq(w.seq) && r.time(w.verified_ms);
}

// following / websites: the whole map, keyed by `key`, and its Order.
template <class Map, class Key>
bool get_whole(Reader& r, Map& out, Order& order, Key key, const char* what) {
    uint32_t n = 0;
    if (!r.count(n, 100000, 20, what)) return false;
    out.clear();
    order.clear();
    for (uint32_t i = 0; i < n; ++i) {
        typename Map::mapped_type v;
        if (!get(r, v)) return false;
        std::string k = key(v);
        if (k.empty() || k.size() > 300 || !order.emplace(v.seq, k).second || !out.emplace(k, std::move(v)).second)
            return r.fail(std::string("the snapshot is corrupted (") + what + ")");
    }
    return true;
}

// One account's follows and websites, whole; their seqs come from next_seq, as the handlers give them.
bool get_social(Reader& r, uint64_t next_seq, std::map<std::string, Follow>& following, Order& following_order,
                std::map<std::string, Website>& websites, Order& website_order) {
    if (!get_whole(r, following, following_order, [](const Follow& f) { return f.username; }, "following") ||
        !get_whole(r, websites, website_order, [](const Website& x) { return x.website; }, "websites"))
        return false;
    for (const Order* o : {&following_order, &website_order})
        if (!o->empty() && o->rbegin()->first >= next_seq) return r.fail("the snapshot is corrupted (next_seq)");
    return true;
}

// The accounts' follows and websites that differ from the seed's (in `s`, built from the seed). Version 5
// held the first account's only, behind a flag.
bool get_socials(Reader& r, Store& s, uint32_t version) {
    if (version == 5) {
        bool changed = false;
        if (!r.flag(changed)) return false;
        return !changed || get_social(r, s.next_seq, s.following, s.following_order, s.websites, s.website_order);
    }
    uint32_t n = 0;
    if (!r.count(n, sizeof(kAccounts) / sizeof(kAccounts[0]), 12, "accounts with follows")) return false;
    std::set<std::string> seen;
    for (uint32_t i = 0; i < n; ++i) {
        std::string id;
        if (!r.raw(id)) return false;
        const AccountInfo* a = find_account(id);
        if (id.empty() || !a || a->id != id || !seen.insert(id).second)
            return r.fail("the snapshot is corrupted (the follows of an account that does not exist)");
        if (id == s.user_id) {
            if (!get_social(r, s.next_seq, s.following, s.following_order, s.websites, s.website_order)) return false;
            continue;
        }
        SocialState& st = s.other_social[id];
        if (!get_social(r, s.next_seq, st.following, st.following_order, st.websites, st.website_order)) return false;
    }
    return true;
}

bool get_scopes(Reader& r, std::vector<std::string>& scopes) {
    uint32_t n = 0;
    if (!r.count(n, kMaxScopes, 4, "scopes")) return false;
    scopes.assign(n, std::string());
    for (auto& s : scopes)
        if (!r.text(s)) return false;
    return true;
}

// [SECTION] Codes and tokens

// Versions 5 and 6 named token families by random text: each becomes a new FamilyId (the same text, the
// same id, so a revoked family stays revoked with its tokens).
struct LegacyFamilies {
    const Emulator::Impl& im;
    std::unordered_map<std::string, FamilyId> ids;
    FamilyId of(const std::string& text) {
        if (text.empty()) return 0;
        FamilyId& id = ids[text];
        if (!id) id = im.new_family();
        return id;
    }
};

bool get(Reader& r, AuthCode& c) {
    return r.u64(c.redirect_uri) && r.flag(c.has_challenge) && r.digest(c.challenge) && r.scopes(c.scopes) &&
           r.time(c.expires_ms) && r.flag(c.used) && r.u64(c.family) && r.u64(c.client) && r.user(c.user);
}

bool get(Reader& r, Token& t) {
    return r.flag(t.refresh) && r.u64(t.client) && r.scopes(t.scopes) && r.time(t.expires_ms) &&
           r.flag(t.revoked) && r.u64(t.family) && r.user(t.user);
}

bool get_legacy(Reader& r, AuthCode& c, LegacyFamilies& families) {
    std::string client, redirect, challenge, family;
    std::vector<std::string> scopes;
    if (!(r.raw(client) && r.raw(redirect) && r.raw(challenge) && get_scopes(r, scopes) && r.time(c.expires_ms) &&
          r.flag(c.used) && r.raw(family) && r.user(c.user)))
        return false;
    c.client = key64(client);
    c.redirect_uri = key64(redirect);
    c.has_challenge = !challenge.empty();
    if (c.has_challenge) c.challenge = digest_of(challenge);
    c.scopes = scope_bits(scopes);
    c.family = families.of(family);
    return true;
}

bool get_legacy(Reader& r, Token& t, LegacyFamilies& families) {
    std::string client, family;
    std::vector<std::string> scopes;
    int64_t issued_ms = 0;  // no longer kept: nothing read it
    if (!(r.flag(t.refresh) && r.text(client) && get_scopes(r, scopes) && r.time(issued_ms) &&
          r.time(t.expires_ms) && r.flag(t.revoked) && r.raw(family) && r.user(t.user)))
        return false;
    t.client = key64(client);
    t.scopes = scope_bits(scopes);
    t.family = families.of(family);
    return true;
}

// Codes or tokens by their digest (version 7) or by the secret itself (5, 6).
template <class Map>
bool get_keyed(Reader& r, Map& out, uint32_t cap, const char* what, uint32_t version, LegacyFamilies& families) {
    uint32_t n = 0;
    if (!r.count(n, cap, 16, what)) return false;
    for (uint32_t i = 0; i < n; ++i) {
        Digest key;
        typename Map::mapped_type v;
        if (version >= 7) {
            if (!(r.digest(key) && get(r, v))) return false;
        } else {
            std::string secret;
            if (!(r.raw(secret) && get_legacy(r, v, families))) return false;
            key = digest_of(secret);
        }
        out[key] = v;
    }
    return true;
}

bool get_revoked(Reader& r, std::unordered_set<FamilyId>& out, uint32_t version, LegacyFamilies& families) {
    uint32_t n = 0;
    if (!r.count(n, kMaxObjects, version >= 7 ? 8 : 4, "revoked families")) return false;
    for (uint32_t i = 0; i < n; ++i) {
        if (version >= 7) {
            uint64_t f = 0;
            if (!r.u64(f)) return false;
            if (f) out.insert(f);
        } else {
            std::string f;
            if (!r.raw(f)) return false;
            if (FamilyId id = families.of(f)) out.insert(id);
        }
    }
    return true;
}

void put_digest(WireWriter& w, const Digest& d) {
    w.bytes(std::string_view(reinterpret_cast<const char*>(d.b.data()), d.b.size()));
}

// Codes, tokens and revoked families, sorted, so the same state always gives the same bytes.
void put_auth(WireWriter& w, const Store& s, const std::unordered_set<FamilyId>& revoked) {
    std::map<Digest, const AuthCode*> codes;
    for (const auto& [k, v] : s.codes) codes[k] = &v;
    w.u32(static_cast<uint32_t>(codes.size()));
    for (const auto& [k, c] : codes) {
        put_digest(w, k);
        w.i64(static_cast<int64_t>(c->redirect_uri));
        w.u32(c->has_challenge ? 1 : 0);
        put_digest(w, c->challenge);
        w.u32(c->scopes).i64(c->expires_ms).u32(c->used ? 1 : 0);
        w.i64(static_cast<int64_t>(c->family)).i64(static_cast<int64_t>(c->client)).bytes(account_key(c->user));
    }
    std::map<Digest, const Token*> tokens;
    for (const auto& [k, v] : s.tokens) tokens[k] = &v;
    w.u32(static_cast<uint32_t>(tokens.size()));
    for (const auto& [k, t] : tokens) {
        put_digest(w, k);
        w.u32(t->refresh ? 1 : 0).i64(static_cast<int64_t>(t->client)).u32(t->scopes);
        w.i64(t->expires_ms).u32(t->revoked ? 1 : 0).i64(static_cast<int64_t>(t->family));
        w.bytes(account_key(t->user));
    }
    const std::set<FamilyId> families(revoked.begin(), revoked.end());
    w.u32(static_cast<uint32_t>(families.size()));
    for (FamilyId f : families) w.i64(static_cast<int64_t>(f));
}

// New or changed objects of one kind, then its deleted seed objects; rebuilds its Order.
template <class Map>
bool get_kind(Reader& r, Map& objects, Order& order, const std::map<std::string, uint64_t>& seed, const char* what) {
    uint32_t n = 0;
    if (!r.count(n, kMaxObjects, 16, what)) return false;
    Map changed;
    for (uint32_t i = 0; i < n; ++i) {
        typename Map::mapped_type v;
        if (!get(r, v)) return false;
        std::string id = v.id;
        if (!changed.emplace(std::move(id), std::move(v)).second)
            return r.fail(std::string("the snapshot is corrupted (a duplicate in ") + what + ")");
    }
    uint32_t m = 0;
    if (!r.count(m, kMaxObjects, 5, what)) return false;
    for (uint32_t i = 0; i < m; ++i) {
        std::string id;
        if (!r.id(id)) return false;
        if (seed.find(id) == seed.end() || changed.count(id))
            return r.fail(std::string("the snapshot is corrupted (a deleted id that was not in the seed ") + what +
                          ")");
        objects.erase(id);
    }
    for (auto& [id, v] : changed) objects[id] = std::move(v);
    order.clear();
    for (const auto& [id, v] : objects)
        if (!order.emplace(v.seq, id).second)
            return r.fail(std::string("the snapshot is corrupted (sequence numbers of ") + what + ")");
    return true;
}

// The references the handlers follow without checking: a section's and a pin's board, a pin's section.
bool consistent(Reader& r, const Store& s) {
    uint64_t max_seq = 0;
    for (const Order* o : {&s.board_order, &s.section_order, &s.pin_order, &s.media_order})
        if (!o->empty()) max_seq = std::max(max_seq, o->rbegin()->first);
    if (s.next_seq <= max_seq) return r.fail("the snapshot is corrupted (next_seq)");
    std::set<uint64_t> seqs;
    for (const Order* o : {&s.board_order, &s.section_order, &s.pin_order, &s.media_order})
        for (const auto& kv : *o)
            if (!seqs.insert(kv.first).second)
                return r.fail("the snapshot is corrupted (a sequence number used twice)");
    for (const auto& [id, x] : s.sections)
        if (!s.boards.count(x.board_id)) return r.fail("the snapshot is corrupted (a section without its board)");
    for (const auto& [id, p] : s.pins) {
        if (!s.boards.count(p.board_id)) return r.fail("the snapshot is corrupted (a pin without its board)");
        if (!p.section_id.empty()) {
            auto x = s.sections.find(p.section_id);
            if (x == s.sections.end() || x->second.board_id != p.board_id)
                return r.fail("the snapshot is corrupted (a pin in a section of another board)");
        }
    }
    if (!utf8_valid(s.user_id) || !utf8_valid(s.username) || !is_digits(s.user_id))
        return r.fail("the snapshot is corrupted (the user)");
    return true;
}

void put_generic(WireWriter& w, const GenericStore& g) {
    w.i64(static_cast<int64_t>(g.next_seq)).u32(static_cast<uint32_t>(g.accounts.size()));
    for (const auto& [user, a] : g.accounts) {
        w.bytes(user).u32(static_cast<uint32_t>(a.collections.size()));
        for (const auto& [path, col] : a.collections) {
            w.bytes(path).u32(static_cast<uint32_t>(col.size()));
            for (const auto& [id, o] : col) w.bytes(id).i64(static_cast<int64_t>(o.seq)).bytes(o.text);
        }
    }
}

// The generic store, within the quotas an account has (a snapshot cannot hold more than requests could make).
bool get_generic(Reader& r, GenericStore& g, const Quotas& q) {
    uint32_t accounts = 0;
    if (!(r.seq(g.next_seq) && r.count(accounts, 64, 8, "generic accounts"))) return false;
    for (uint32_t i = 0; i < accounts; ++i) {
        std::string user;
        uint32_t cols = 0;
        if (!(r.text(user) && r.count(cols, kMaxObjects, 8, "generic collections"))) return false;
        GenericAccount& a = g.accounts[user];
        for (uint32_t j = 0; j < cols; ++j) {
            std::string path;
            uint32_t n = 0;
            if (!(r.text(path) && r.count(n, kMaxObjects, 16, "generic objects"))) return false;
            if (path.empty() || path[0] != '/') return r.fail("the snapshot is corrupted (a generic collection path)");
            GenericCollection& col = a.collections[path];
            for (uint32_t k = 0; k < n; ++k) {
                std::string id, text;
                GenericObject o;
                if (!(r.text(id) && r.seq(o.seq) && r.text(text))) return false;
                auto v = json_parse(text);
                if (!v || !v->is_object()) return r.fail("the snapshot is corrupted (a generic object that is not JSON)");
                if (o.seq >= g.next_seq) return r.fail("the snapshot is corrupted (a generic sequence number)");
                o.text = GenericObject::text_of(*v);  // compact, as the handlers write it
                a.objects += 1;
                a.bytes += o.text.size();
                if (!col.emplace(std::move(id), std::move(o)).second)
                    return r.fail("the snapshot is corrupted (a duplicate generic object)");
            }
        }
        if (a.objects > static_cast<size_t>(std::max(q.max_generic_objects, 0)) || a.bytes > q.max_generic_bytes)
            return r.fail("the snapshot holds more generic objects than an account may");
    }
    return true;
}

}  // namespace

// [SECTION] Save and load ------------------------------------------------------------------------

std::string Emulator::save_state() const {
    Impl& im = *impl_;  // logically const: building the digest caches what the seed would be
    WireWriter w;
    w.u32(kMagic).u32(kVersion).i64(static_cast<int64_t>(im.opts.seed)).u32(static_cast<uint32_t>(im.opts.pin_count));
    w.u32(static_cast<uint32_t>(im.opts.flavor)).u32(im.seeded ? 1 : 0);
    if (!im.seeded) return std::move(w.out());
    if (!im.seed_digest) {
        Store seed;
        build_seed(seed, im.opts);
        im.seed_digest = make_digest(seed);
    }
    const SeedDigest& d = *im.seed_digest;
    const Store& s = im.store;
    w.i64(static_cast<int64_t>(d.fingerprint))
        .i64(static_cast<int64_t>(s.rng.state))
        .i64(static_cast<int64_t>(s.next_seq));
    w.bytes(s.user_id).bytes(s.username).i64(s.seed_epoch_ms);
    put_kind(w, s.boards, d.boards);
    put_kind(w, s.sections, d.sections);
    put_kind(w, s.pins, d.pins);
    put_kind(w, s.media, d.media);
    put_auth(w, s, im.revoked_families);
    // Follows and websites of every account, against what the seed gives them (the first account acting).
    Store social;
    social.seed_epoch_ms = s.seed_epoch_ms;
    seed_social(social, im.opts);
    put_social(w, s, social);
    put_generic(w, s.generic);
    return std::move(w.out());
}

// Not inlined: the Demo worker's build cuts its module here (scripts/split_worker.py).
[[gnu::noinline]] bool Emulator::load_state(std::string_view bytes, std::string* error) {
    Impl& im = *impl_;
    im.reset();  // whatever happens next, nothing of the state before stays
    auto refuse = [&](const std::string& why) {
        im.reset();
        if (error) *error = why;
        return false;
    };
    if (bytes.size() > kMaxSnapshot) return refuse("the snapshot is too large");
    Reader r(bytes);
    uint32_t magic = 0, version = 0, pin_count = 0, flavor = 0;
    uint64_t seed = 0;
    bool seeded = false;
    if (!(r.u32(magic) && r.u32(version))) return refuse(r.error);
    if (magic != kMagic) return refuse("not an emulator snapshot");
    if (version < kOldestVersion || version > kVersion)
        return refuse("snapshot version " + std::to_string(version) + " (this emulator reads " +
                      (kOldestVersion == kVersion ? "version " + std::to_string(kVersion)
                                                  : "versions " + std::to_string(kOldestVersion) + " to " +
                                                        std::to_string(kVersion)) +
                      ")");
    if (!(r.u64(seed) && r.u32(pin_count) && r.u32(flavor) && r.flag(seeded))) return refuse(r.error);
    if (seed != im.opts.seed) return refuse("the snapshot is of another seed (" + std::to_string(seed) + ")");
    if (pin_count != static_cast<uint32_t>(im.opts.pin_count))
        return refuse("the snapshot is of another data set (" + std::to_string(pin_count) + " pins)");
    // Public and Sandbox hold the same data (only their answers differ), so the page's Demo can switch rules
    // and keep what the user made; Strict's codes carry no PKCE challenge.
    auto family = [](uint32_t f) { return f == static_cast<uint32_t>(Flavor::Strict) ? 1u : 0u; };
    if (flavor > 2 || family(flavor) != family(static_cast<uint32_t>(im.opts.flavor)))
        return refuse("the snapshot is of another flavour");
    if (!seeded) return r.at_end() ? true : refuse("the snapshot is corrupted (bytes after its end)");

    uint64_t fingerprint = 0;
    if (!r.u64(fingerprint)) return refuse(r.error);
    Store s;
    build_seed(s, im.opts);
    if (!im.seed_digest) im.seed_digest = make_digest(s);
    const SeedDigest& d = *im.seed_digest;
    if (fingerprint != d.fingerprint) return refuse("the snapshot was saved by another version of the seed data");
    if (!(r.u64(s.rng.state) && r.seq(s.next_seq) && r.raw(s.user_id) && r.raw(s.username) && r.time(s.seed_epoch_ms)))
        return refuse(r.error);
    if (!(get_kind(r, s.boards, s.board_order, d.boards, "boards") &&
          get_kind(r, s.sections, s.section_order, d.sections, "sections") &&
          get_kind(r, s.pins, s.pin_order, d.pins, "pins") && get_kind(r, s.media, s.media_order, d.media, "media") &&
          consistent(r, s)))
        return refuse(r.error);
    LegacyFamilies legacy{im, {}};
    std::unordered_set<FamilyId> families;
    if (!(get_keyed(r, s.codes, 10000, "codes", version, legacy) &&
          get_keyed(r, s.tokens, kMaxObjects, "tokens", version, legacy) && get_revoked(r, families, version, legacy)))
        return refuse(r.error);
    if (!get_socials(r, s, version)) return refuse(r.error);  // otherwise build_seed's follows and websites stand
    if (!get_generic(r, s.generic, im.opts.quotas)) return refuse(r.error);
    if (!r.at_end()) return refuse("the snapshot is corrupted (bytes after its end)");
    // Codes expire in the order they were made (security.cpp keeps that queue): rebuilt from their expiries.
    std::vector<std::pair<int64_t, Digest>> expiry;
    for (const auto& [k, c] : s.codes) expiry.emplace_back(c.expires_ms, k);
    std::sort(expiry.begin(), expiry.end());
    for (const auto& [t, k] : expiry) im.track_code(k, t);
    im.revoked_families = std::move(families);
    im.store = std::move(s);
    im.seeded = true;
    return true;
}

}  // namespace pinlab::emu
