// impl.h — the emulator's internal state (store, tokens, rate limits, image cache) and the Impl that the
// per-area .cpp files (router, oauth, boards/pins, analytics, images, ...) implement together. Not public.
#pragma once

#include <algorithm>
#include <array>
#include <cstring>
#include <cstdint>
#include <deque>
#include <iterator>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/dates.h"
#include "core/json.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "core/url.h"
#include "emulator/emulator.h"
#include "emulator/generic.h"
#include "emulator/router.h"

namespace pinlab::emu {

// [SECTION] Deterministic randomness ---------------------------------------------------------------------

inline uint64_t mix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

inline uint64_t hash64(std::string_view s, uint64_t seed = 0) {
    uint64_t h = 0xcbf29ce484222325ull ^ mix64(seed);
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    return mix64(h);
}

// splitmix64 stream: cheap, deterministic, good enough for seed data and fault draws.
struct Rng {
    uint64_t state = 1;
    uint64_t next() { return mix64(state++ * 0x9E3779B97F4A7C15ull); }
    double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }  // [0,1)
    int range(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<uint64_t>(hi - lo + 1)); }
};

// [SECTION] Data model ------------------------------------------------------------------------------------

struct ImageSource {
    bool uploaded = false;
    uint64_t key = 0;           // generated images: drives colours and shapes
    int width = 1000;           // original size (aspect ratio of the derived sizes)
    int height = 1500;
    // uploaded: the original bytes, served back unchanged. Immutable and shared: a saved copy of the pin,
    // the image cache and a host sending them to a slow reader hold the same buffer, not copies.
    std::shared_ptr<const std::string> bytes;
    size_t byte_count() const { return bytes ? bytes->size() : 0; }
    std::string mime;           // uploaded: image/png or image/jpeg
};

struct CarouselItem {
    std::optional<std::string> title, description, link;
    ImageSource image;
};

struct Pin {
    std::string id;
    uint64_t seq = 0;  // stable sort key: newest first
    std::string board_id;
    std::string section_id;  // empty = null
    std::optional<std::string> title, description, link, alt_text, dominant_color;
    std::string parent_pin_id;  // empty = null
    int64_t created_ms = 0;
    std::string media_type = "image";  // "image", "multiple_images" or "video"
    std::vector<CarouselItem> items;   // one for "image"; for "video", its cover image
    std::string video_media_id;        // "video": the media upload it was made from
    int64_t video_duration_ms = 0;
};

struct Board {
    std::string id;
    std::string owner;  // the account's user id; empty = the first account (kAccounts[0])
    uint64_t seq = 0;
    std::string name;
    std::optional<std::string> description;
    std::string privacy = "PUBLIC";
    bool is_ads_only = false;
    int64_t created_ms = 0;
    int64_t pins_modified_ms = 0;
    int follower_count = 0;
    int collaborator_count = 0;
};

struct Section {
    std::string id;
    uint64_t seq = 0;
    std::string board_id;
    std::string name;
};

struct MediaItem {
    std::string id;
    std::string owner;  // as Board::owner
    uint64_t seq = 0;
    int64_t created_ms = 0;
    // media.cpp: the upload to upload_url. registered until uploaded, processing for a while after, then
    // succeeded (a recognised video container) or failed. The video bytes are not kept, only what they said.
    int64_t uploaded_ms = 0;
    uint64_t bytes = 0;       // 0 = not uploaded yet (an empty file is refused)
    bool playable = false;    // MP4/QuickTime/WebM magic
    bool used = false;        // a pin was made from it
};

// social.cpp: other accounts (followers, accounts the user follows, their boards, businesses, partners)
// are generated from the seed; only what the API can change is stored.
using Order = std::map<uint64_t, std::string>;  // seq -> id, iterated newest first

struct Follow {
    std::string username;
    uint64_t seq = 0;
    int64_t since_ms = 0;
};

struct Website {
    std::string website;  // host[/path]
    uint64_t seq = 0;
    int64_t verified_ms = 0;
};

// [SECTION] Tokens and codes, compact
// A token or code is kept under the first 16 bytes of its SHA-256, never as itself: a snapshot or a look at
// the process's memory gives no usable secret, and every entry is a small fixed record (scopes as bits,
// the account and client as numbers), so a sign-in costs a few hundred bytes, not kilobytes.
struct Digest {
    std::array<uint8_t, 16> b{};
    bool operator==(const Digest& o) const { return b == o.b; }
    bool operator!=(const Digest& o) const { return b != o.b; }
    bool operator<(const Digest& o) const { return b < o.b; }  // snapshots write entries in this order
};
struct DigestHash {
    size_t operator()(const Digest& d) const noexcept {  // noexcept: the hash node does not cache it
        uint64_t h;
        std::memcpy(&h, d.b.data(), sizeof h);  // already uniform: a SHA-256 prefix
        return static_cast<size_t>(h);
    }
};
Digest digest_of(std::string_view secret);
std::string digest_hex(const Digest& d);
// A non-zero 64-bit key of a name (a client id, a client id + address): a SHA-256 prefix, so no one
// picks a name that shares another's key.
uint64_t key64(std::string_view name);

// Scopes as bits, one per row of the scope table (core/scopes.h), listed in its order. A scope the table
// does not know is dropped: no operation can require it.
using ScopeBits = uint32_t;
ScopeBits scope_bit(std::string_view name);  // 0 for an unknown scope
ScopeBits scope_bits(const std::vector<std::string>& names);
std::vector<std::string> scope_names(ScopeBits bits);

using FamilyId = uint64_t;  // the grant tokens descend from (random, never 0); 0 = none
using AccountIndex = uint8_t;  // into kAccounts; 0 = the first account

// Sizes chosen so a hash node is one small malloc chunk (64 bytes a token, 96 a code).
struct AuthCode {
    Digest challenge;         // digest_of the PKCE challenge, when has_challenge
    uint64_t redirect_uri = 0;  // key64 of the redirect URI it was issued for
    int64_t expires_ms = 0;
    FamilyId family = 0;      // set when redeemed: the tokens issued from it (a replay revokes them)
    uint64_t client = 0;      // key64 of the client id
    uint64_t issuer = 0;      // key64 of client id + address that asked for it (codes are bounded per
                              // issuer); 0 = not counted (restored from a snapshot)
    ScopeBits scopes = 0;
    AccountIndex user = 0;    // the account the user picked on the consent page
    bool used = false;
    bool has_challenge = false;
};
static_assert(sizeof(AuthCode) <= 64, "a code's hash node stays one 96-byte chunk");

struct Token {
    int64_t expires_ms = 0;
    FamilyId family = 0;      // the grant it descends from: refresh rotation keeps it, revocation kills it
    uint64_t client = 0;      // key64 of the client id
    ScopeBits scopes = 0;
    AccountIndex user = 0;    // the account it acts for
    bool refresh = false;
    bool revoked = false;
};
static_assert(sizeof(Token) <= 32, "a token's hash node stays one 64-byte chunk");

// [SECTION] Accounts

// The users a token can act for. The first is the default (the one every existing token, test and snapshot
// means); the third shares the first's business, so businesses/employers and partners name both. Their seed
// data: seed.cpp. A token sees its own account's boards, sections, pins, media, follows, websites and generic
// objects only: another account's are not found (404), as the API answers for objects a user does not own.
struct AccountInfo {
    const char* id;
    const char* username;
    const char* type;           // account_type
    const char* business_name;  // null for a PINNER
    const char* about;
};
inline constexpr AccountInfo kAccounts[] = {
    {"1089446411700000001", "pinlab_demo", "BUSINESS", "Pinlab Demo Studio",
     "Recipes, travel, interiors and gardening ideas. Demo account of the Pinlab emulator."},
    {"1089446411700000002", "pinlab_pinner", "PINNER", nullptr, "Collects ideas for the next project."},
    {"1089446411700000003", "pinlab_partner", "BUSINESS", "Pinlab Partner Shop",
     "A second business account that works with Pinlab Demo Studio."},
};
// What seed.cpp gives the other accounts: the quotas count objects past the first account's seed data.
constexpr int kOtherSeedPins = 12;
constexpr int kOtherSeedBoards = 6;  // boards and sections
// The account by user id or username (empty = the first); null for any other.
const AccountInfo* find_account(std::string_view id_or_username);
// An account's index in kAccounts and back; the user id as Board::owner writes it ("" for the first).
inline AccountIndex account_index(const AccountInfo* a) { return a ? static_cast<AccountIndex>(a - kAccounts) : 0; }
inline std::string account_key(AccountIndex i) {
    return i == 0 || i >= std::size(kAccounts) ? std::string() : std::string(kAccounts[i].id);
}

// An account's follows and websites (social.cpp); the acting account's live in the Store, the others' here.
struct SocialState {
    std::map<std::string, Follow> following;
    std::map<std::string, Website> websites;
    Order following_order, website_order;
};


struct Store {
    Rng rng;
    uint64_t next_seq = 1;
    // The account the current request acts for (its token's); between requests always kAccounts[0].
    std::string user_id = "1089446411700000001";
    std::string username = "pinlab_demo";
    int64_t seed_epoch_ms = 0;  // "now" of the seed data (created_at values lie before it)
    std::map<std::string, Board> boards;
    std::map<std::string, Section> sections;
    std::map<std::string, Pin> pins;
    std::map<std::string, MediaItem> media;
    Order board_order, section_order, pin_order, media_order;
    std::unordered_map<Digest, AuthCode, DigestHash> codes;  // by digest_of the code
    std::unordered_map<Digest, Token, DigestHash> tokens;    // by digest_of the token
    // social.cpp (saved whole in snapshots: small)
    std::map<std::string, Follow> following;  // username -> follow (the acting account's)
    std::map<std::string, Website> websites;  // website -> verification (the acting account's)
    Order following_order, website_order;
    std::map<std::string, SocialState> other_social;  // by user id: the accounts not acting now
    GenericStore generic;  // objects of the resources only the generic layer knows (generic.cpp)
};

// Ids are numeric strings (the spec's pattern ^\d+$) of at most kIdDigits digits (a uint64); each kind has
// its own range.
constexpr size_t kIdDigits = 20;
constexpr uint64_t kPinIdBase = 1089446400000000000ull;
constexpr uint64_t kBoardIdBase = 1089446300000000000ull;
constexpr uint64_t kSectionIdBase = 5089446300000000000ull;
constexpr uint64_t kMediaIdBase = 5089446400000000000ull;

// The user's one ad account (account.cpp lists it; the generic layer answers its GET; businesses name it).
inline constexpr const char* kAdAccountId = "549755885175";
inline constexpr const char* kAdAccountName = "Pinlab Demo Ads";

// A new section named `name` on board `board_id`, with the next sequence number and its id (boards.cpp).
Section& add_section(Store& store, const std::string& board_id, std::string name);
void build_seed(Store& store, const Options& opts);  // seed.cpp
void seed_social(Store& store, const Options& opts);  // social.cpp: follows and websites, after the rest

// [SECTION] Request context and responses ------------------------------------------------------------------

// The emulator's one error idiom: a step that can refuse a request returns Outcome<T>, the value it made or
// the Response to send instead. Why not core's Result<T>: here the refusal *is* the HTTP answer (status,
// Pinterest's {code, message} body, headers) that the handler returns as it is; Result<T> carries an
// ApiError, the client's reading of such an answer, and a round trip through it would lose the body.
// A step with nothing to give back returns Outcome<> (its value is Done).
struct Done {};
template <class T = Done>
class Outcome {
public:
    Outcome(T value) : value_(std::move(value)) {}                 // NOLINT: implicit, so `return value;`
    Outcome(Response refusal) : refusal_(std::move(refusal)) {}   // NOLINT: implicit, so `return error_response(...);`
    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }
    T& operator*() { return *value_; }
    T* operator->() { return &*value_; }
    Response& refusal() { return *refusal_; }

private:
    std::optional<T> value_;
    std::optional<Response> refusal_;
};

struct Ctx {
    const Request& req;
    int64_t now = 0;
    std::string path;        // decoded path, without query
    Params query;
    std::vector<std::string> params;  // path placeholders
    const OpMeta* op = nullptr;
    const Token* token = nullptr;
};

Response json_response(int status, const json& body);
// An application/json answer whose text the caller wrote (core/json_writer.h): the answers on every request.
Response json_text_response(int status, std::string body);
Response error_response(int status, int code, const std::string& message);
// A list's `bookmark` that is not one this list wrote (or not one at all).
inline Response invalid_bookmark() {
    return error_response(400, 1, "Invalid parameters. The bookmark is not valid for this request.");
}
Response auth_failed();  // 401 code 2
Response scope_error();  // 401 code 3: the token lacks a scope the operation needs
Response rate_limited(); // 429 code 8, Pinterest's message
Response board_not_found();
Response section_not_found();
Response no_content();  // 204

// validate.cpp
// Body of a JSON request: the object it holds, or a 400/413/415.
Outcome<json> parse_json_body(const Request& req);
// An optional string field of a request body. A value of the wrong type, null where `nullable` is false, or a
// length outside [min_len, max_len] (code points; max_len 0 = no limit) is a 400 that names the field,
// after `where` ("media_source.items: ").
struct TextField {
    bool present = false;               // the body has the field (perhaps null)
    std::optional<std::string> value;   // its text; nullopt when absent or null
};
// Inside a ParsedBodyScope for `req`, parse_json_body takes (moves) the body the host parsed instead of
// parsing req.body again.
// Lends a body parsed by the host (Emulator::handle with parsed_body) to parse_json_body, for one
// request on this thread.
struct ParsedBodyScope {
    ParsedBodyScope(const Request& req, json* body);
    ~ParsedBodyScope();
    ParsedBodyScope(const ParsedBodyScope&) = delete;
    ParsedBodyScope& operator=(const ParsedBodyScope&) = delete;
};
Outcome<TextField> get_string(const json& obj, const char* name, bool nullable, size_t max_len = 0,
                              size_t min_len = 0, std::string_view where = {});
// page_size: absent -> 25; else 1..250.
Outcome<int> parse_page_size(const Params& q);
// name=true|false, false when absent; any other value is a 400.
Outcome<bool> parse_bool_param(const Params& q, const char* name);
// The pin lists' creative_types + pin_metrics parameters (board, section and all pins).
struct PinListParams {
    std::vector<std::string> types;  // empty = any
    bool metrics = false;
};
Outcome<PinListParams> pin_list_params(const Params& q);
struct Pin;
bool creative_ok(const Pin& p, const std::vector<std::string>& types);  // empty types = any

// Bookmarks: opaque, bound to the listing kind and the seed; carry the last returned item's seq.
std::string encode_bookmark(std::string_view kind, uint64_t last_seq, uint64_t seed);
bool decode_bookmark(std::string_view text, std::string_view kind, uint64_t seed, uint64_t& last_seq);

// [SECTION] Rate limits ---------------------------------------------------------------------------------

struct RateWindowState {
    int64_t second = -1, minute = -1;
    int used_second = 0, used_minute = 0;
};

class RateLimiter {
public:
    // Counts one request; fills headers; false when over a limit.
    bool take(const RateLimitOptions& o, const std::string& key, std::string_view category, int64_t now_ms,
              Headers& headers);
    void clear() { state_.clear(); }
    size_t size() const { return state_.size(); }
    static void limits_for(const RateLimitOptions& o, std::string_view category, int& per_second, int& per_minute);

private:
    void prune(int64_t now_ms);  // drops windows that ended (their counts would reset anyway)
    std::unordered_map<uint64_t, RateWindowState> state_;  // by key64(key + "|" + category)
    uint64_t takes_ = 0;
};

// [SECTION] Images --------------------------------------------------------------------------------------

enum class ImageSize { S150x150, S400x300, S600x, S1200x, Originals };
bool parse_size_name(std::string_view s, ImageSize& out);
const char* size_name(ImageSize s);
void size_dims(ImageSize s, int orig_w, int orig_h, int& w, int& h);
// Where a pin's image is served: "/media/pins/<pin>[/<item>]/<size>.<ext>", ext "jpg" for an uploaded JPEG
// and "png" otherwise (generated images are PNG). serve_image() accepts exactly these paths.
const char* image_ext(const ImageSource& img);
std::string pin_image_path(const std::string& pin_id, int index, const char* size, const ImageSource& img);
void append_pin_image_path(std::string& out, std::string_view pin_id, int index, const char* size, const ImageSource& img);
void render_rgba(const ImageSource& src, int w, int h, std::vector<uint8_t>& rgba);
std::string encode_png(int w, int h, const std::vector<uint8_t>& rgba);
std::string average_color_hex(const ImageSource& src);
bool sniff_image(std::string_view bytes, std::string& mime, int& w, int& h);  // PNG/JPEG magic + size

// Drawn images kept by path, as immutable shared bytes (handed out without a copy, see serve_image).
class PngCache {
public:
    using Bytes = std::shared_ptr<const std::string>;
    Bytes get(const std::string& key);
    void put(const std::string& key, Bytes png);
    size_t bytes() const;
    void clear() { items_.clear(); }

private:
    static constexpr size_t kMax = 24;
    std::list<std::pair<std::string, Bytes>> items_;  // most recent first
};

// [SECTION] The implementation ---------------------------------------------------------------------------

struct SeedDigest;  // snapshot.cpp: what the seed data looks like, to save only what differs

struct Emulator::Impl {
    Options opts;
    Faults initial_faults;
    Store store;
    RateLimiter limiter;
    Rng fault_rng;
    PngCache png_cache;
    std::shared_ptr<const std::string>* shared_out = nullptr;  // during handle(..., shared_body): see serve_image
    // A one-shot fault that answered a call (GET /_emulator/faults lists them). Plain fields, not json: the
    // record is made on the request path, the json only when the list is asked for.
    struct FiredFault {
        std::string fault, method, path;
        int64_t at_ms = 0;
    };
    std::deque<FiredFault> fired;  // newest last (at most 20)
    uint64_t fired_total = 0; // how many ever did, so a poller sees new ones

    explicit Impl(Options o);
    void reset();
    void ensure_seeded();  // builds the seed data on first use
    bool seeded = false;
    std::shared_ptr<const SeedDigest> seed_digest;  // built by the first save_state(); kept by reset()

    Response handle(const Request& req, int64_t now_ms);   // emulator.cpp
    // Makes `user` (a user id, empty = kAccounts[0]) the acting account: Store::user_id, username and the
    // follows and websites become its (social.cpp).
    void act_as(const std::string& user);
    // Store::user_id as Board::owner writes it ("" for the first account).
    std::string owner_key() const { return store.user_id == kAccounts[0].id ? std::string() : store.user_id; }
    bool mine(const Board& b) const { return b.owner == owner_key(); }
    bool mine(const Pin& p) const;  // on one of the acting account's boards
    bool mine(const MediaItem& m) const { return m.owner == owner_key(); }
    const Board* own_board(const std::string& id) const;  // null when missing or another account's
    Response route(Ctx& c);
    Response api_entry(Ctx& c);  // auth, sandbox, scopes, rate limit
    Response api(Ctx& c);        // dispatch by operationId
    using Handler = Response (Impl::*)(Ctx&);
    static Handler handler(std::string_view operation_id);  // null: not modelled
    // Runs the rate limiter for `key` and then `fn` (or answers 429); either way the response carries the
    // X-RateLimit-* headers.
    Response with_rate_limit(Ctx& c, const std::string& key, Response (Impl::*fn)(Ctx&));
    Response control(Ctx& c);
    json faults_json() const;  // what GET /_emulator/faults answers
    void add_cors(const Request& req, Response& resp);
    bool origin_allowed(std::string_view origin) const;
    std::string media_url(const std::string& path) const;  // absolute when public_base_url is set
    void append_media_base(std::string& out) const;         // media_url's prefix (public_base_url, no trailing /)

    // oauth.cpp
    const ClientApp* find_client(std::string_view id) const;
    Response consent_get(Ctx& c);
    Response consent_post(Ctx& c);
    Response token(Ctx& c);
    Response revoke(Ctx& c);
    // security.cpp: OAuth hardening and quotas, kept apart from the flows above.
    Response oauth_entry(Ctx& c, Response (Impl::*fn)(Ctx&));  // authenticate, then rate-limit per client + peer
    void revoke_family(FamilyId family);
    FamilyId new_family() const;  // random (CSPRNG), never 0
    bool token_live(const Token& t, int64_t now_ms) const;     // not revoked, expired or of a revoked family
    // Expires old codes; the refusal (status, sentence for the consent page) when the table, or this
    // issuer's share of it, is full.
    std::optional<std::pair<int, std::string>> code_refused(const std::string& issuer, int64_t now_ms);
    void track_code(const Digest& code, int64_t expires_ms);
    void prune_tokens(int64_t now_ms);                         // expired tokens and revoked families go
    // Failed client-secret checks per client id: a guesser is slowed down (secret_guess_refused answers 429).
    std::optional<Response> secret_guess_refused(const std::string& client_id, int64_t now_ms) const;
    void count_secret_failure(const std::string& client_id, int64_t now_ms);
    Outcome<> within_quota(int add_pins, int add_boards, size_t add_bytes) const;  // else a 429/413
    Outcome<> control_allowed(const Ctx& c) const;  // /_emulator/*: same origin, JSON only; else a 403/415
    std::unordered_set<FamilyId> revoked_families;
    std::deque<std::pair<int64_t, Digest>> code_expiry;  // codes in expiry order (one TTL for all)
    std::unordered_map<uint64_t, int> codes_per_issuer;  // outstanding codes per AuthCode::issuer
    struct SecretFailures {
        int64_t window_start_ms = 0;
        int count = 0;
    };
    std::unordered_map<std::string, SecretFailures> secret_failures;  // per registered client id
    size_t issued_since_prune = 0;
    // A new token (its text, which only the caller sees); the store keeps its digest.
    std::string issue(bool refresh, uint64_t client, ScopeBits scopes, int64_t now_ms, int64_t lifetime_s,
                      FamilyId family = 0, AccountIndex user = 0);
    bool has_scope(const Token& t, std::string_view scope) const;

    // boards.cpp / pins.cpp
    void write_board_json(std::string& out, const Board& b) const;  // a Board object, appended to `out`
    void write_section_json(std::string& out, const Section& s) const;
    json pin_json(const Pin& p, bool with_metrics) const;
    // A pin's counters: deterministic and plausible, from its id and the seed (the 90-day ones are a third).
    struct PinMetrics {
        int64_t impressions, clicks, clickthroughs, reactions, comments;
    };
    PinMetrics pin_metrics(const Pin& p) const;
    json images_json(const std::string& pin_id, int index, const ImageSource& img) const;
    // json_dump(pin_json(p, with_metrics)) appended to `out`, without the json tree (pins.cpp).
    void write_pin_json(std::string& out, const Pin& p, bool with_metrics) const;
    void write_images_json(std::string& out, const std::string& pin_id, int index, const ImageSource& img) const;
    bool can_read_board(const Ctx& c, const Board& b) const;
    bool can_write_board(const Ctx& c, const Board& b) const;  // SECRET boards need boards:write_secret
    // The board named by the first path parameter when the token may read it; else a 404, or 401 code 3.
    Outcome<Board*> readable_board(const Ctx& c);
    Section* board_section(const Board& b, const std::string& section_id);  // null unless it is in b
    Outcome<std::string> section_name(const Ctx& c, const Board& b, const std::string& except_id = "") const;
    bool can_read_pin(const Ctx& c, const Pin& p) const;
    // An operation's handler has the name of the client's method for it (core/client.h): list_boards for
    // boards/list; the table in emulator.cpp maps the operationId to it.
    Response list_boards(Ctx& c);
    Response create_board(Ctx& c);
    Response get_board(Ctx& c);
    Response update_board(Ctx& c);
    Response delete_board(Ctx& c);
    Response list_board_pins(Ctx& c);
    Response list_sections(Ctx& c);
    Response create_section(Ctx& c);
    Response update_section(Ctx& c);
    Response delete_section(Ctx& c);
    Response list_section_pins(Ctx& c);
    Response list_pins(Ctx& c);
    Response create_pin(Ctx& c);
    Outcome<> read_video(const json& media_source, Ctx& c, Pin& p);  // pins.cpp
    Response get_pin(Ctx& c);
    Response update_pin(Ctx& c);
    Response delete_pin(Ctx& c);
    Response save_pin(Ctx& c);
    // Files a new pin (its board_id set) on `b`: its sequence number, id and creation time; answers 201 with it.
    Response add_pin(Pin p, Board& b, int64_t now);
    Response search_pins(Ctx& c);
    Response search_boards(Ctx& c);
    // One page of `order`, newest first, after the request's bookmark: the ids kept, whether more follow and
    // the last one's sequence number (the next page's bookmark). nullopt: the bookmark is not valid here.
    struct PageIds {
        std::vector<const std::string*> ids;
        bool more = false;
        uint64_t last = 0;
    };
    template <typename Keep>
    std::optional<PageIds> page_ids(Ctx& c, const Order& order, std::string_view kind, int page_size, Keep keep) const;
    template <typename Keep, typename ToJson>
    Response paginate(Ctx& c, const Order& order, std::string_view kind, int page_size, Keep keep, ToJson to_json);
    // The same answer as paginate, with each item's JSON text appended by write(id, out) (write_pin_json,
    // write_board_json, write_section_json): the lists a visitor's first steps ask for build no json tree.
    template <typename Keep, typename Write>
    Response paginate_text(Ctx& c, const Order& order, std::string_view kind, int page_size, Keep keep, Write write);
    // A page of a board's or a section's pins (boards.cpp): page_size, creative_types and pin_metrics from the
    // query; the pins keep(pin) accepts, of the types asked for, that the token may read.
    template <typename Keep>
    Response pin_list_page(Ctx& c, const std::string& kind, Keep keep);

    // account.cpp (user_account, analytics, media, ad_accounts)
    Response get_user_account(Ctx& c);
    Response get_user_account_analytics(Ctx& c);
    Response get_user_account_top_pins(Ctx& c);
    Response get_pin_analytics(Ctx& c);
    Response get_multi_pin_analytics(Ctx& c);
    Response list_media(Ctx& c);
    Response register_media(Ctx& c);
    Response get_media(Ctx& c);
    Response list_ad_accounts(Ctx& c);

    // media.cpp (video uploads: registration, the S3-style upload, processing)
    Response media_upload(Ctx& c);  // POST /media/upload/ (not under /v5: the upload_url)
    const char* media_status(const MediaItem& m, int64_t now) const;
    Response get_user_account_top_video_pins(Ctx& c);  // account.cpp

    // social.cpp
    bool known_user(std::string_view username) const;  // a generated account (avatars are served for it)
    Response list_followers(Ctx& c);
    Response list_following(Ctx& c);
    Response list_following_boards(Ctx& c);
    Response follow_user(Ctx& c);
    Response list_websites(Ctx& c);
    Response verify_website(Ctx& c);
    Response unverify_website(Ctx& c);
    Response get_website_verification(Ctx& c);
    Response list_linked_businesses(Ctx& c);
    Response list_business_employers(Ctx& c);
    Response list_business_partners(Ctx& c);
    // generic.cpp: every operation without a handler, driven by opts.catalogue
    Response generic(Ctx& c);

    // images.cpp
    Response serve_image(Ctx& c);
    // Resolves a path pin_image_path() writes ("/media/pins/<pin>[/<item>]/<size>.<png|jpg>") or a user's avatar
    // ("/media/users/<username>/<size>.png") to its source: `src` points into the store, or at `tmp` for a
    // generated one; false for any other path.
    bool resolve_image(std::string_view path, const ImageSource*& src, ImageSource& tmp, ImageSize& size) const;
};

template <typename Keep>
std::optional<Emulator::Impl::PageIds> Emulator::Impl::page_ids(Ctx& c, const Order& order, std::string_view kind,
                                                                int page_size, Keep keep) const {
    uint64_t start = UINT64_MAX;
    if (auto bm = param(c.query, "bookmark"); bm && !bm->empty()) {
        if (!decode_bookmark(*bm, kind, opts.seed, start)) return std::nullopt;
    }
    PageIds page;
    page.ids.reserve(static_cast<size_t>(std::max(page_size, 0)));
    // Items strictly older than the bookmark's item: stays correct when items are added or deleted.
    auto it = order.lower_bound(start);  // first seq >= start; we want seq < start
    std::map<uint64_t, std::string>::const_reverse_iterator rit(it);
    for (; rit != order.rend(); ++rit) {
        if (!keep(rit->second)) continue;
        if (static_cast<int>(page.ids.size()) == page_size) {
            page.more = true;
            break;
        }
        page.ids.push_back(&rit->second);
        page.last = rit->first;
    }
    return page;
}

template <typename Keep, typename ToJson>
Response Emulator::Impl::paginate(Ctx& c, const Order& order, std::string_view kind, int page_size, Keep keep,
                                  ToJson to_json) {
    auto page = page_ids(c, order, kind, page_size, keep);
    if (!page) return invalid_bookmark();
    json items = json::array();
    for (const std::string* id : page->ids) items.push_back(to_json(*id));
    json body = {{"items", std::move(items)}, {"bookmark", nullptr}};
    if (page->more) body["bookmark"] = encode_bookmark(kind, page->last, opts.seed);
    return json_response(200, body);
}

template <typename Keep, typename Write>
Response Emulator::Impl::paginate_text(Ctx& c, const Order& order, std::string_view kind, int page_size, Keep keep,
                                       Write write) {
    auto page = page_ids(c, order, kind, page_size, keep);
    if (!page) return invalid_bookmark();
    Response r;
    r.status = 200;
    r.headers.set("Content-Type", "application/json");
    // {"bookmark":...,"items":[...]}: nlohmann's key order, as json_response(200, {items, bookmark}) writes it
    r.body = "{\"bookmark\":";
    r.body.reserve(page->ids.size() * 1400 + 64);
    if (page->more)
        json_put_string(r.body, encode_bookmark(kind, page->last, opts.seed));
    else
        r.body += "null";
    r.body += ",\"items\":[";
    for (size_t i = 0; i < page->ids.size(); ++i) {
        if (i) r.body += ',';
        write(*page->ids[i], r.body);
    }
    r.body += "]}";
    return r;
}

}  // namespace pinlab::emu
