// state.cpp — AppState: configuration, backends, the client's life cycle, sign-in (PKCE redirect,
// the Demo consent dialog against the in-page emulator, pasted tokens), navigation, and every
// user intent turned into a client call whose result is applied in poll().
#include "app/state.h"

#include <algorithm>
#include <cmath>

#include "core/crypto.h"
#include "core/url.h"

namespace pinlab::app {

// [SECTION] Scopes (components.securitySchemes.pinterest_oauth2, OpenAPI 5.23.0) ------------------

const std::vector<ScopeInfo>& all_scopes() {
    static const std::vector<ScopeInfo> kScopes(scopes_begin(), scopes_end());
    return kScopes;
}

const char* scope_label(std::string_view scope) {
    const char* d = pinlab::scope_description(scope);
    return d ? d : "(not a Pinterest scope)";
}

namespace {

const std::vector<std::string> kDefaultScopes = {"user_accounts:read", "boards:read", "boards:read_secret",
                                                 "boards:write", "boards:write_secret", "pins:read",
                                                 "pins:read_secret", "pins:write", "pins:write_secret"};
const char* kSettingsKey = "pinlab.settings";
const char* kRememberKey = "pinlab.remember";
const char* kSigninBackendKey = "pinlab.signin_backend";
const char* kSessionTokensKey = "pinlab.session_tokens";  // sessionStorage: this tab's tokens
const char* kSandboxBase = "https://api-sandbox.pinterest.com/v5";
const char* kProductionBase = "https://api.pinterest.com/v5";

std::string str_field(const json& o, const char* k, const std::string& def = "") {
    const json* v = json_field(o, k);
    return v && v->is_string() ? v->get<std::string>() : def;
}

BackendKind kind_from(const std::string& k, bool& ok) {
    ok = true;
    if (k == "demo") return BackendKind::Demo;
    if (k == "emulator") return BackendKind::Emulator;
    if (k == "broker") return BackendKind::Broker;
    if (k == "token") return BackendKind::Token;
    ok = false;
    return BackendKind::Demo;
}

void finalize(BackendDef& b) {
    if (b.kind == BackendKind::Broker) {
        if (b.authorize_url.empty()) b.authorize_url = "https://www.pinterest.com/oauth/";
        if (b.api_base.empty()) b.api_base = b.environment == "sandbox" ? kSandboxBase : kProductionBase;
        if (b.token_url.empty()) {
            b.enabled = false;
            b.disabled_reason =
                "Pinterest's token endpoint needs the app secret, which a web page cannot keep. This backend needs a "
                "token broker: set \"token_url\" (the broker's URL) for it in config.json.";
        }
    }
    if (b.kind == BackendKind::Demo) {
        b.api_base = "/v5";
        b.authorize_url = "/oauth/";
        b.token_url = "/v5/oauth/token";
        if (b.client_id.empty()) b.client_id = "pinlab-demo";
        if (b.environment.empty()) b.environment = "demo";
    }
    if (b.kind == BackendKind::Emulator) {
        if (b.api_base.empty()) b.api_base = "v5";
        if (b.authorize_url.empty()) b.authorize_url = "oauth/";
        if (b.token_url.empty()) b.token_url = "v5/oauth/token";
        if (b.client_id.empty()) b.client_id = "pinlab-demo";
        if (b.environment.empty()) b.environment = "emulator";
    }
    if (b.environment.empty()) b.environment = b.kind == BackendKind::Token ? "sandbox" : "production";
}

}  // namespace

// [SECTION] Config -------------------------------------------------------------------------------------

AppConfig default_config() {
    AppConfig c;
    auto add = [&](const char* id, const char* label, BackendKind k, const char* env, const char* desc) {
        BackendDef b;
        b.id = id;
        b.label = label;
        b.kind = k;
        b.environment = env;
        b.description = desc;
        if (k == BackendKind::Broker) {  // pinlab-server's token broker and API proxy (server/broker.h)
            b.authorize_url = "broker/authorize";
            b.token_url = "broker/token";
            b.api_base = "proxy/v5";
            b.client_id = "pinlab";
        }
        finalize(b);
        c.backends.push_back(b);
    };
    add("demo", "Demo (in this page, no network)", BackendKind::Demo, "demo",
        "The Pinterest API emulator runs inside this page: no account, no network.");
    add("local", "Local emulator (pinlab-server)", BackendKind::Emulator, "emulator",
        "The pinlab-server that served this page, with a real OAuth redirect.");
    add("pinterest", "Pinterest", BackendKind::Broker, "production",
        "api.pinterest.com through pinlab-server's token broker (it keeps the app secret).");
    add("sandbox", "Pinterest sandbox", BackendKind::Broker, "sandbox",
        "api-sandbox.pinterest.com through pinlab-server's token broker (started with --pinterest-upstream "
        "https://api-sandbox.pinterest.com).");
    add("token", "Paste a token", BackendKind::Token, "sandbox",
        "A token from Pinterest's developer portal (sandbox or production).");
    return c;
}

AppConfig parse_config(const std::string& text) {
    if (text.empty()) {
        AppConfig c = default_config();
        c.warning = "config.json was not found; using the built-in backends.";
        return c;
    }
    auto j = json_parse(text);
    const json* list = j ? json_field(*j, "backends") : nullptr;
    if (!j || !j->is_object() || !list || !list->is_array()) {
        AppConfig c = default_config();
        c.warning = "config.json is not valid (expected an object with a \"backends\" array); using the built-in "
                    "backends.";
        return c;
    }
    AppConfig c;
    std::string skipped;
    for (const auto& e : *list) {
        if (!e.is_object()) continue;
        BackendDef b;
        b.id = str_field(e, "id");
        b.label = str_field(e, "label", b.id);
        bool ok = false;
        b.kind = kind_from(str_field(e, "kind"), ok);
        if (b.id.empty() || !ok || b.id.size() > 64) {
            skipped += (skipped.empty() ? "" : ", ") + (b.id.empty() ? std::string("(no id)") : b.id);
            continue;
        }
        b.api_base = str_field(e, "api_base");
        b.authorize_url = str_field(e, "authorize_url");
        b.token_url = str_field(e, "token_url", str_field(e, "broker_url"));
        b.revoke_url = str_field(e, "revoke_url");
        b.client_id = str_field(e, "client_id");
        b.environment = str_field(e, "environment");
        b.description = str_field(e, "description");
        finalize(b);
        bool dup = false;
        for (const auto& x : c.backends) dup = dup || x.id == b.id;
        if (!dup) c.backends.push_back(std::move(b));
    }
    if (c.backends.empty()) {
        AppConfig d = default_config();
        d.warning = "config.json lists no usable backend; using the built-in backends.";
        return d;
    }
    if (!skipped.empty()) c.warning = "config.json: skipped backends with a missing id or unknown kind: " + skipped;
    c.default_backend = str_field(*j, "default_backend", c.backends.front().id);
    return c;
}

// [SECTION] Navigation -----------------------------------------------------------------------------------

const char* route_name(Route r) {
    switch (r) {
        case Route::Connect: return "connect";
        case Route::Profile: return "profile";
        case Route::Boards: return "boards";
        case Route::Board: return "board";
        case Route::Pin: return "pin";
        case Route::Create: return "create";
        case Route::Search: return "search";
        case Route::Analytics: return "analytics";
        case Route::Console: return "console";
        case Route::Token: return "token";
        case Route::Pins: return "pins";
    }
    return "connect";
}

namespace {
bool is_id(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
    return true;
}
}  // namespace

std::optional<Nav> parse_hash(std::string_view h) {
    if (!h.empty() && h[0] == '#') h.remove_prefix(1);
    if (!h.empty() && h[0] == '/') h.remove_prefix(1);
    while (!h.empty() && h.back() == '/') h.remove_suffix(1);
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= h.size() && !h.empty()) {
        size_t slash = h.find('/', start);
        if (slash == std::string_view::npos) slash = h.size();
        parts.push_back(h.substr(start, slash - start));
        start = slash + 1;
        if (slash == h.size()) break;
    }
    Nav n;
    if (parts.empty() || parts[0] == "connect") return parts.size() <= 1 ? std::optional<Nav>(n) : std::nullopt;
    const std::string_view p0 = parts[0];
    if (parts.size() == 1) {
        static const std::pair<const char*, Route> simple[] = {
            {"profile", Route::Profile}, {"boards", Route::Boards},   {"pins", Route::Pins}, {"create", Route::Create},
            {"search", Route::Search},   {"analytics", Route::Analytics}, {"console", Route::Console},
            {"token", Route::Token}};
        for (const auto& [name, r] : simple)
            if (p0 == name) {
                n.route = r;
                return n;
            }
        return std::nullopt;
    }
    if (p0 == "boards" && is_id(parts[1])) {
        n.board_id = std::string(parts[1]);
        n.route = Route::Board;
        if (parts.size() == 2) return n;
        if (parts.size() == 4 && parts[2] == "sections" && is_id(parts[3])) {
            n.section_id = std::string(parts[3]);
            return n;
        }
        return std::nullopt;
    }
    if (p0 == "pins" && parts.size() == 2 && is_id(parts[1])) {
        n.route = Route::Pin;
        n.pin_id = std::string(parts[1]);
        return n;
    }
    return std::nullopt;
}

std::string to_hash(const Nav& n) {
    switch (n.route) {
        case Route::Connect: return "#/connect";
        case Route::Board:
            return "#/boards/" + n.board_id + (n.section_id.empty() ? "" : "/sections/" + n.section_id);
        case Route::Pin: return "#/pins/" + n.pin_id;
        default: return std::string("#/") + route_name(n.route);
    }
}

std::string page_base_url(const std::string& href) {
    size_t cut = href.find_first_of("?#");
    return cut == std::string::npos ? href : href.substr(0, cut);
}

std::string resolve_url(const std::string& href, const std::string& rel) {
    if (rel.rfind("http://", 0) == 0 || rel.rfind("https://", 0) == 0) return rel;
    auto u = parse_url(href);
    if (!u || u->scheme.empty()) return rel;
    std::string origin = u->origin();
    if (!rel.empty() && rel[0] == '/') return origin + rel;
    std::string dir = u->path.substr(0, u->path.rfind('/') + 1);
    if (dir.empty()) dir = "/";
    return origin + dir + rel;
}

// [SECTION] Masonry -----------------------------------------------------------------------------------

float pin_aspect(const Pin& p) {
    if (!p.media) return 1.0f;
    for (const char* k : {"600x", "1200x", "400x300", "originals"}) {
        auto it = p.media->images.find(k);
        if (it != p.media->images.end() && it->second.width && it->second.height && *it->second.width > 0 &&
            *it->second.height > 0) {
            float a = static_cast<float>(*it->second.height) / static_cast<float>(*it->second.width);
            return std::clamp(a, 0.4f, 2.5f);
        }
    }
    if (p.media->width && p.media->height && *p.media->width > 0 && *p.media->height > 0)
        return std::clamp(static_cast<float>(*p.media->height) / static_cast<float>(*p.media->width), 0.4f, 2.5f);
    return 1.0f;
}

void layout_masonry(MasonryLayout& L, const std::vector<Pin>& pins, float width, float col_target, float gap,
                    float title_h, uint64_t data_version) {
    bool relayout = std::fabs(L.width - width) > 0.5f || L.data_version != data_version || L.cells.size() > pins.size();
    if (relayout) {
        L.reset();
        L.width = width;
        L.gap = gap;
        L.title_h = title_h;
        L.data_version = data_version;
        L.cols = std::max(1, static_cast<int>((width + gap) / (col_target + gap)));
        L.col_w = std::max(40.0f, (width - gap * (L.cols - 1)) / L.cols);
        L.col_bottom.assign(static_cast<size_t>(L.cols), 0.0f);
    }
    L.cells.reserve(pins.size());
    for (size_t i = L.cells.size(); i < pins.size(); ++i) {
        size_t col = static_cast<size_t>(std::min_element(L.col_bottom.begin(), L.col_bottom.end()) - L.col_bottom.begin());
        float img_h = std::round(L.col_w * pin_aspect(pins[i]));
        MasonryLayout::Cell c{col * (L.col_w + gap), L.col_bottom[col], L.col_w, img_h};
        L.cells.push_back(c);
        L.col_bottom[col] += img_h + title_h + gap;
        L.height = std::max(L.height, L.col_bottom[col]);
    }
}

// [SECTION] AppState: life cycle ------------------------------------------------------------------------

AppState::AppState(Platform& p) : platform(p) {
    images.configure(&platform);
    config = parse_config(platform.config_json());
    load_settings();
    if (!backend()) settings.backend_id = config.default_backend;
    if (!backend()) settings.backend_id = config.backends.front().id;
    session_ = std::make_unique<PlatformStorage>(platform, Store::Session);

    std::string href = platform.location_href();
    size_t hash = href.find('#');
    last_hash_ = hash == std::string::npos ? "" : href.substr(hash);
    if (auto n = parse_hash(last_hash_)) wanted = *n;
    if (!config.warning.empty()) toast(config.warning, true);

    size_t q = href.find('?');
    std::string query = q == std::string::npos ? "" : href.substr(q + 1, hash == std::string::npos ? std::string::npos
                                                                                                   : hash - q - 1);
    Params params = parse_query(query);
    if (param(params, "code") || param(params, "error")) {
        finish_redirect_at_init();
    } else {
        build_client();
        restore_tokens_at_init();
    }
    set_status(signed_in() ? "Signed in" : "Choose a backend and sign in");
}

AppState::~AppState() {
    images.clear();
    client_.reset();  // before its transport
}

const BackendDef* AppState::backend() const {
    for (const auto& b : config.backends)
        if (b.id == settings.backend_id) return &b;
    return nullptr;
}

bool AppState::demo() const {
    const BackendDef* b = backend();
    return b && b->kind == BackendKind::Demo;
}

bool AppState::signed_in() const { return client_ && client_->auth().signed_in(); }

std::string AppState::redirect_uri() const {
    return settings.redirect_uri.empty() ? page_base_url(platform.location_href()) : settings.redirect_uri;
}

std::string AppState::app_id() const {
    if (!settings.app_id.empty()) return settings.app_id;
    const BackendDef* b = backend();
    return b && !b->client_id.empty() ? b->client_id : "pinlab-demo";
}

std::string AppState::signed_in_user() const {
    return signed_in() && account && account->username ? *account->username : "";
}

void AppState::select_backend(const std::string& id) {
    if (id == settings.backend_id && client_) return;
    if (client_ && client_->auth().signed_in()) {
        client_->sign_out();
        forget_tokens();
    }
    settings.backend_id = id;
    save_settings();
    build_client();
}

void AppState::build_client(bool fresh_demo) {
    // Everything that belongs to the previous client goes first.
    ops_.clear();
    boards = {};
    boards_started = false;
    sections = {};
    sections_board.clear();
    grid = {};
    search_pins = {};
    search_boards = {};
    all_pins = {};
    section_rename_open = false;
    pin.reset();
    pin_loaded_id.clear();
    pin_call.reset();
    account.reset();
    account_call.reset();
    analytics_call.reset();
    raw_call.reset();
    signin_call.reset();
    board_cache.clear();
    images.clear();
    images.set_demo(false);
    client_.reset();
    demo_transport_.reset();
    consent_transport_.reset();
    consent_request_ = 0;

    const BackendDef* b = backend();
    if (!b) return;
    const std::string href = platform.location_href();
    ClientConfig cfg;
    cfg.epoch_ms = [p = &platform]() { return p->epoch_ms(); };
    cfg.oauth.client_id = app_id();
    cfg.oauth.redirect_uri = redirect_uri();
    cfg.oauth.scopes = settings.scopes.empty() ? kDefaultScopes : settings.scopes;
    cfg.oauth.environment = b->environment;
    cfg.oauth.storage_prefix = "pinlab.oauth.";
    Transport* transport = &platform.network();
    if (b->kind == BackendKind::Demo) {
        // The Demo emulator, knowing this page as the demo app's redirect URI. It carries on with the tab's
        // data (the running emulator's, or what was saved before a reload) unless asked for fresh data.
        platform.demo_start({app_id(), redirect_uri(), !fresh_demo});
        demo_transport_ = platform.demo_transport();
        consent_transport_ = platform.demo_transport();
        transport = demo_transport_.get();
        images.set_demo(true);
        cfg.api_base = b->api_base;
        cfg.oauth.authorize_url = b->authorize_url;
        cfg.oauth.token_url = b->token_url;
    } else {
        if (b->kind == BackendKind::Token) {
            cfg.api_base = settings.token_production ? kProductionBase : kSandboxBase;
            cfg.oauth.environment = settings.token_production ? "production" : "sandbox";
            cfg.oauth.token_url.clear();
        } else {
            cfg.api_base = resolve_url(href, b->api_base);
            cfg.oauth.authorize_url = resolve_url(href, b->authorize_url);
            cfg.oauth.token_url = resolve_url(href, b->token_url);
            if (!b->revoke_url.empty()) cfg.oauth.revoke_url = resolve_url(href, b->revoke_url);
        }
    }
    client_ = std::make_unique<Client>(*transport, cfg, *session_);
}

// [SECTION] Sign-in --------------------------------------------------------------------------------

void AppState::begin_sign_in() {
    const BackendDef* b = backend();
    if (!b) return;
    if (!b->enabled) {
        set_error(make_error(ErrorKind::Auth, b->label + " is not available", b->disabled_reason));
        return;
    }
    clear_error();
    save_settings();
    build_client();  // picks up the App ID, redirect URI and scopes as they are now
    Result<std::string> url = client_->begin_sign_in();
    if (!url.ok()) {
        set_error(url.error);
        return;
    }
    if (b->kind == BackendKind::Demo) {
        // No server to redirect to: show the consent step in the page, then post it to the emulator.
        consent_url = *url.value;
        consent_scopes.clear();
        auto u = parse_url(consent_url);
        if (u) consent_scopes = split_scopes(param(parse_query(u->query), "scope").value_or(""));
        consent_open = true;
        platform.demo_warm();  // the emulator loads while the user reads the consent step
        set_status("Waiting for your consent");
        return;
    }
    platform.storage_set(Store::Session, kSigninBackendKey, b->id);
    set_status("Redirecting to the consent page…");
    platform.navigate(*url.value);
}

void AppState::consent_decision(bool allow) {
    consent_open = false;
    if (!consent_transport_ || consent_url.empty()) return;
    auto u = parse_url(consent_url);
    Params form = u ? parse_query(u->query) : Params{};
    form.emplace_back("decision", allow ? "allow" : "deny");
    Request req = form_post("/oauth/", form);
    uint64_t log_id = client_->log().begin("oauth/consent", req, platform.now_ms(), 1);
    consent_request_ = consent_transport_->send(req);
    // The log entry is finished when the completion arrives (poll()).
    consent_log_id_ = log_id;
    set_status(allow ? "Consent given; exchanging the code" : "Consent denied");
}

void AppState::finish_redirect_at_init() {
    const std::string href = platform.location_href();
    if (auto id = platform.storage_get(Store::Session, kSigninBackendKey)) {
        for (const auto& b : config.backends)
            if (b.id == *id) settings.backend_id = b.id;
    }
    platform.storage_remove(Store::Session, kSigninBackendKey);
    build_client();
    // The code must not stay in the address bar (or in history).
    size_t hash = href.find('#');
    platform.replace_url(page_base_url(href) + (hash == std::string::npos ? "" : href.substr(hash)));
    signin_call = client_->complete_sign_in(href);
    set_status("Completing sign-in…");
    track<Tokens>(signin_call, [this](Tokens&) { after_sign_in(); },
                  [this](const ApiError& e) {
                      set_error(e);
                      set_status("Sign-in failed");
                  });
}

void AppState::use_pasted_token(const std::string& token) {
    std::string t = token;
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.pop_back();
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.erase(t.begin());
    if (t.empty()) {
        set_error(make_error(ErrorKind::Validation, "No token pasted",
                             "Generate an access token in the developer portal (My apps → your app) and paste it."));
        return;
    }
    clear_error();
    save_settings();
    build_client();
    client_->use_token(t, settings.scopes.empty() ? kDefaultScopes : settings.scopes,
                       settings.token_production ? "production" : "sandbox");
    pasted_token.clear();
    after_sign_in();
}

void AppState::after_sign_in() {
    was_signed_in_ = true;
    clear_error();
    remember_tokens();
    set_status("Signed in");
    load_account();
    load_boards(true);
    if (wanted.route != Route::Connect) {
        Nav w = wanted;
        wanted = {};
        go(w);
    } else if (nav.route == Route::Connect) {
        go(Nav{Route::Profile});
    } else {
        on_route_enter();
    }
}

// Where the session's tokens live:
//   - "Remember me" ticked: localStorage (survives closing the browser), only with that consent.
//   - not ticked: sessionStorage. It is scoped to this tab and cleared when the tab closes, so a
//     reload of the same tab stays signed in. That is acceptable: the tokens are exactly as exposed
//     there as they already are in the running page's memory (same origin, same tab, same scripts),
//     and nothing outlives the tab. Without consent they never go to localStorage.
//   - Demo: sessionStorage, "Remember me" or not. The emulator that issued them saves its state for this
//     tab only (Platform::demo_start), so they mean nothing outside it.
// The full set is kept (access + refresh tokens, expiries, scopes, environment) so refresh keeps
// working after a restore; it is written again whenever a refresh rotates the tokens (poll()).
void AppState::remember_tokens() {
    const Tokens* t = client_ && client_->auth().tokens() ? &*client_->auth().tokens() : nullptr;
    if (!t) {
        forget_tokens();
        return;
    }
    std::string text = tokens_to_json(*t);
    auto j = json_parse(text);
    if (!j || !j->is_object()) return;
    (*j)["backend"] = settings.backend_id;
    text = json_dump(*j);
    if (settings.remember && !demo()) {
        platform.storage_set(Store::Local, kRememberKey, text);
        platform.storage_remove(Store::Session, kSessionTokensKey);
    } else {
        platform.storage_remove(Store::Local, kRememberKey);
        platform.storage_set(Store::Session, kSessionTokensKey, text);
    }
    saved_access_ = t->access_token;
}

void AppState::forget_tokens() {
    platform.storage_remove(Store::Local, kRememberKey);
    platform.storage_remove(Store::Session, kSessionTokensKey);
    saved_access_.clear();
}

void AppState::restore_tokens_at_init() {
    if (!client_) return;
    // This tab's own tokens first, then the remembered ones (not for Demo: its tokens are the tab's). A Demo
    // session's tokens work when the platform restored the emulator's saved data; if it could not, the first
    // call answers 401 and the session ends like any other whose tokens were revoked.
    for (auto [store, key] : {std::pair<Store, const char*>{Store::Session, kSessionTokensKey},
                              std::pair<Store, const char*>{Store::Local, kRememberKey}}) {
        if (demo() && store == Store::Local) continue;
        auto saved = platform.storage_get(store, key);
        if (!saved) continue;
        auto j = json_parse(*saved);
        Result<Tokens> t = tokens_from_json(*saved);
        const int64_t now_s = platform.epoch_ms() / 1000;
        bool usable = j && j->is_object() && str_field(*j, "backend") == settings.backend_id && t.ok() &&
                      (t.value->expires_at == 0 || t.value->expires_at > now_s || t.value->can_refresh(now_s));
        if (!usable) {
            platform.storage_remove(store, key);  // another backend's, expired or unreadable
            continue;
        }
        if (!client_->restore_tokens(*t.value).ok()) continue;
        after_sign_in();  // saves them again where the current "Remember me" says
        return;
    }
}

void AppState::sign_out() {
    if (client_) client_->sign_out();
    forget_tokens();
    was_signed_in_ = false;
    account.reset();
    build_client();
    toast("Signed out");
    set_status("Signed out");
    go(Nav{Route::Connect});
}

// "Reset demo data": this tab's saved Demo data goes, the emulator starts again from the seed, and the session
// ends (only the wiped emulator knew its tokens).
void AppState::reset_demo() {
    if (!demo()) return;
    if (client_) client_->sign_out();
    platform.demo_forget();
    forget_tokens();
    was_signed_in_ = false;
    account.reset();
    build_client(/*fresh_demo=*/true);
    toast("Demo data reset");
    set_status("Demo data reset: fresh seed data. Sign in again");
    go(Nav{Route::Connect});
}

void AppState::refresh_token() {
    if (!client_) return;
    auto h = client_->refresh_now();
    track<Tokens>(h, [this](Tokens&) {
        remember_tokens();
        toast("Token refreshed");
    }, [this](const ApiError& e) { set_error(e); });
}

// [SECTION] Navigation ---------------------------------------------------------------------------------

void AppState::go(const Nav& n) {
    std::string h = to_hash(n);
    if (h != last_hash_) {
        platform.push_hash(h);
        last_hash_ = h;
    }
    bool changed = n != nav;
    nav = n;
    if (changed || n.route == Route::Connect) on_route_enter();
}

void AppState::sync_location() {
    std::string href = platform.location_href();
    size_t hash = href.find('#');
    std::string h = hash == std::string::npos ? "" : href.substr(hash);
    if (h == last_hash_) return;
    last_hash_ = h;
    auto n = parse_hash(h);
    if (!n) {
        toast("Unknown link " + h, true);
        return;
    }
    if (!signed_in()) {
        wanted = *n;
        return;
    }
    if (*n != nav) {
        nav = *n;
        on_route_enter();
    }
}

void AppState::on_route_enter() {
    static const char* titles[] = {"Connect", "Profile", "Boards", "Board", "Pin", "Create pin", "Search",
                                   "Analytics", "API console", "Token", "All pins"};
    Route r = signed_in() ? nav.route : Route::Connect;
    platform.set_title(std::string("Pinlab — ") + titles[static_cast<int>(r)]);
    platform.announce(std::string(titles[static_cast<int>(r)]) + " view", false);  // screen readers hear the move
    if (!signed_in()) return;
    switch (nav.route) {
        case Route::Profile:
            if (!account && !account_call) load_account();
            break;
        case Route::Boards:
            if (!boards_started) load_boards(true);
            break;
        case Route::Board:
            last_board_id = nav.board_id;
            last_section_id = nav.section_id;
            open_grid_for_nav();
            break;
        case Route::Pins:
            if (all_pins.key.empty()) load_all_pins(true);
            break;
        case Route::Pin: load_pin(nav.pin_id); break;
        case Route::Create:
            if (!boards_started) load_boards(true);
            // A new pin most likely belongs where the user just was.
            if (create.board_id.empty()) {
                create.board_id = last_board_id;
                create.section_id = last_section_id;
            }
            break;
        case Route::Analytics:
            if (!analytics_call) load_analytics();
            break;
        default: break;
    }
}

// [SECTION] Actions ----------------------------------------------------------------------------------------

void AppState::load_account() {
    if (!client_) return;
    account_call = client_->get_user_account();
    track<Account>(account_call, [this](Account& a) {
        account = a;
        set_status("Signed in as " + a.username.value_or("?"));
    }, [this](const ApiError& e) { set_error(e, [this] { load_account(); }); });
}

void AppState::load_boards(bool reset) {
    if (!client_) return;
    if (reset || !boards_started) boards = client_->boards_pager(50);
    boards_started = true;
    boards.load_more();
}

void AppState::open_grid_for_nav() {
    if (!client_ || nav.board_id.empty()) return;
    const std::string bid = nav.board_id, sid = nav.section_id;
    std::string key = sid.empty() ? "board:" + bid : "section:" + bid + "/" + sid;
    if (!board_cache.count(bid)) {
        track<Board>(client_->get_board(bid), [this](Board& b) { board_cache[b.id] = b; },
                     [this](const ApiError& e) { set_error(e, [this] { open_grid_for_nav(); }); });
    }
    ensure_sections(bid);
    if (grid.key == key && (grid.pager.loading || !grid.pager.items.empty() || grid.pager.done)) return;
    grid.key = key;
    ++grid.version;
    grid.layout.reset();
    if (sid.empty()) {
        grid.pager = client_->board_pins_pager(bid, 50);
    } else {
        Client* c = client_.get();
        grid.pager = Pager<Pin>([c, bid, sid](const std::string& bm) {
            PageQuery q;
            q.page_size = 50;
            q.bookmark = bm;
            return c->list_section_pins(bid, sid, q);
        });
    }
    grid.pager.load_more();
}

void AppState::ensure_sections(const std::string& bid) {
    if (!client_ || bid.empty() || sections_board == bid) return;
    sections_board = bid;
    sections = client_->sections_pager(bid, 50);
    sections.load_more();
}

void AppState::load_pin(const std::string& id) {
    if (!client_ || id.empty()) return;
    if (pin_loaded_id == id && (pin || (pin_call && pin_call->pending()))) return;
    pin_loaded_id = id;
    pin.reset();
    pin_edit.open = false;
    for (const auto* g : {&grid, &search_pins, &all_pins})
        for (const auto& p : g->pager.items)
            if (p.id == id) pin = p;  // show at once what the grid knows; the GET refreshes it
    pin_call = client_->get_pin(id);
    track<Pin>(pin_call, [this, id](Pin& p) {
        if (pin_loaded_id == id) pin = p;
    }, [this, id](const ApiError& e) {
        set_error(e, [this, id] {
            pin_loaded_id.clear();
            load_pin(id);
        });
    });
}

void AppState::create_board(const BoardCreate& b) {
    track<Board>(client_->create_board(b), [this](Board& nb) {
        board_cache[nb.id] = nb;
        boards.items.insert(boards.items.begin(), nb);
        toast("Board \"" + nb.name + "\" created");
    }, [this](const ApiError& e) { set_error(e); });
}

void AppState::update_board(const std::string& id, const BoardUpdate& u) {
    track<Board>(client_->update_board(id, u), [this](Board& nb) {
        board_cache[nb.id] = nb;
        for (auto& b : boards.items)
            if (b.id == nb.id) b = nb;
        toast("Board \"" + nb.name + "\" saved");
    }, [this](const ApiError& e) { set_error(e); });
}

void AppState::delete_board(const std::string& id) {
    track<Empty>(client_->delete_board(id), [this, id](Empty&) {
        std::string name = board_cache.count(id) ? board_cache[id].name : id;
        board_cache.erase(id);
        boards.items.erase(std::remove_if(boards.items.begin(), boards.items.end(),
                                          [&](const Board& b) { return b.id == id; }),
                           boards.items.end());
        toast("Board \"" + name + "\" deleted");
        if (nav.route == Route::Board && nav.board_id == id) go(Nav{Route::Boards});
    }, [this](const ApiError& e) { set_error(e); });
}

void AppState::create_section(const std::string& board_id, const std::string& name) {
    SectionCreate s;
    s.name = name;
    track<BoardSection>(client_->create_section(board_id, s), [this, board_id](BoardSection& sec) {
        if (sections_board == board_id) sections.items.push_back(sec);
        toast("Section \"" + sec.name + "\" created");
    }, [this](const ApiError& e) { set_error(e); });
}

void AppState::rename_section(const std::string& board_id, const std::string& section_id, const std::string& name) {
    if (!client_) return;
    SectionCreate s;
    s.name = name;
    track<BoardSection>(client_->update_section(board_id, section_id, s), [this, board_id](BoardSection& sec) {
        if (sections_board == board_id)
            for (auto& x : sections.items)
                if (x.id == sec.id) x = sec;
        section_rename_open = false;
        toast("Section renamed to \"" + sec.name + "\"");
    }, [this](const ApiError& e) { set_error(e); });
}

void AppState::delete_section(const std::string& board_id, const std::string& section_id) {
    if (!client_) return;
    track<Empty>(client_->delete_section(board_id, section_id), [this, board_id, section_id](Empty&) {
        std::string name = section_id;
        if (sections_board == board_id) {
            auto& v = sections.items;
            for (const auto& x : v)
                if (x.id == section_id) name = x.name;
            v.erase(std::remove_if(v.begin(), v.end(), [&](const BoardSection& x) { return x.id == section_id; }),
                    v.end());
        }
        section_rename_open = false;
        grid = {};  // the board's pins may have changed (the section's pins go with it)
        toast("Section \"" + name + "\" deleted");
        if (nav.route == Route::Board && nav.board_id == board_id) go(Nav{Route::Board, board_id});
        if (nav.route == Route::Board) open_grid_for_nav();
    }, [this](const ApiError& e) { set_error(e); });
}

void AppState::load_all_pins(bool reset) {
    if (!client_) return;
    if (reset || all_pins.key.empty()) {
        all_pins = {};
        all_pins.key = "pins";
        all_pins.pager = client_->pins_pager(100);
    }
    all_pins.pager.load_more();
}

PinGrid* AppState::current_grid() {
    if (!signed_in()) return nullptr;
    switch (nav.route) {
        case Route::Board: return &grid;
        case Route::Pins: return &all_pins;
        case Route::Search: return searched ? &search_pins : nullptr;
        default: return nullptr;
    }
}

void AppState::submit_create_pin() {
    CreateForm& f = create;
    f.error = {};
    PinCreate p;
    p.board_id = f.board_id;
    if (!f.section_id.empty()) p.board_section_id = f.section_id;
    auto opt_text = [](const std::string& s) -> opt_str { return s.empty() ? opt_str{} : opt_str{s}; };
    p.title = opt_text(f.title);
    p.description = opt_text(f.description);
    p.link = opt_text(f.link);
    p.alt_text = opt_text(f.alt_text);
    if (f.board_id.empty()) {
        f.error = make_error(ErrorKind::Validation, "Choose a board for the pin", "Pick one in the Board list.");
        set_error(f.error);
        return;
    }
    if (f.source == 0) {
        if (f.image_url.empty()) {
            f.error = make_error(ErrorKind::Validation, "media_source.url: an image URL is required",
                                 "Paste the address of a JPEG or PNG image, or choose a local file.");
            set_error(f.error);
            return;
        }
        p.media_source = MediaSource::image_url(f.image_url);
    } else {
        if (!f.file) {
            f.error = make_error(ErrorKind::Validation, "No file chosen", "Click \"Choose file\" and pick an image.");
            set_error(f.error);
            return;
        }
        std::string ct = f.file->mime.empty() ? "image/png" : f.file->mime;
        p.media_source = MediaSource::image_base64(ct, base64_encode(f.file->bytes));
    }
    f.submitting = true;
    set_status("Creating the pin…");
    const std::string board = f.board_id;
    track<Pin>(client_->create_pin(p), [this, board](Pin& np) {
        create.submitting = false;
        create.title.clear();
        create.description.clear();
        create.link.clear();
        create.alt_text.clear();
        create.image_url.clear();
        create.file.reset();
        create.error = {};
        set_status("Pin created");
        toast("Pin created");
        if (grid.key == "board:" + board) grid = {};  // reload the board's grid when shown again
        all_pins = {};                                 // and All pins
        pin_loaded_id = np.id;
        pin = np;
        go(Nav{Route::Pin, "", "", np.id});
    }, [this](const ApiError& e) {
        create.submitting = false;
        create.error = e;  // the form keeps what was typed
        set_status("The pin was not created");
        set_error(e, [this] { submit_create_pin(); });
    });
}

void AppState::update_pin(const std::string& id, const PinUpdate& u) {
    track<Pin>(client_->update_pin(id, u), [this](Pin& np) {
        if (pin_loaded_id == np.id) pin = np;
        for (auto* g : {&grid, &all_pins, &search_pins})
            for (auto& p : g->pager.items)
                if (p.id == np.id) p = np;
        pin_edit.open = false;
        toast("Pin saved");
    }, [this](const ApiError& e) { set_error(e); });
}

void AppState::delete_pin(const std::string& id) {
    track<Empty>(client_->delete_pin(id), [this, id](Empty&) {
        for (auto* g : {&grid, &all_pins, &search_pins}) {
            auto& items = g->pager.items;
            size_t before = items.size();
            items.erase(std::remove_if(items.begin(), items.end(), [&](const Pin& p) { return p.id == id; }),
                        items.end());
            if (items.size() != before) ++g->version;  // the masonry is laid out again
        }
        std::string board = pin && pin->board_id ? *pin->board_id : "";
        if (pin_loaded_id == id) {
            pin.reset();
            pin_loaded_id.clear();
        }
        toast("Pin deleted");
        if (!board.empty()) go(Nav{Route::Board, board});
        else go(Nav{Route::Boards});
    }, [this](const ApiError& e) { set_error(e); });
}

void AppState::save_pin(const std::string& id, const PinSave& s) {
    track<Pin>(client_->save_pin(id, s), [this, s](Pin&) {
        std::string name = s.board_id && board_cache.count(*s.board_id) ? board_cache[*s.board_id].name : "the board";
        toast("Saved to " + name);
        all_pins = {};  // the saved copy is a new pin of the user's
    }, [this](const ApiError& e) { set_error(e); });
}

void AppState::run_search() {
    if (!client_) return;
    std::string q = search_query;
    while (!q.empty() && q.back() == ' ') q.pop_back();
    if (q.empty()) {
        set_error(make_error(ErrorKind::Validation, "Type something to search for", "Search looks in your own pins "
                                                                                     "and boards."));
        return;
    }
    clear_error();
    searched = true;
    Client* c = client_.get();
    search_pins = {};
    search_pins.key = "search:" + q;
    search_pins.pager = Pager<Pin>([c, q](const std::string& bm) { return c->search_pins(q, bm); });
    search_pins.pager.load_more();
    search_boards = Pager<Board>([c, q](const std::string& bm) {
        PageQuery pq;
        pq.bookmark = bm;
        return c->search_boards(q, pq);
    });
    search_boards.load_more();
}

void AppState::load_analytics() {
    if (!client_) return;
    int64_t today = platform.epoch_ms() / 86400000;
    AnalyticsQuery q;
    q.start_date = days_to_ymd(today - analytics_days);
    q.end_date = days_to_ymd(today);
    q.metric_types = {"IMPRESSION", "SAVE", "PIN_CLICK", "OUTBOUND_CLICK"};
    analytics_call = analytics_pin_id.empty() ? client_->get_user_account_analytics(q)
                                              : client_->get_pin_analytics(analytics_pin_id, q);
    set_status("Loading analytics…");
    track<AnalyticsResponse>(analytics_call, [this](AnalyticsResponse&) { set_status("Analytics loaded"); },
                             [this](const ApiError& e) {
                                 // The sandbox has no analytics: explained in the view, not an error box.
                                 if (e.kind != ErrorKind::Auth && e.kind != ErrorKind::Permission) set_error(e);
                                 set_status("Analytics not available");
                             });
}

void AppState::send_raw() {
    if (!client_) return;
    std::string path = raw_path;
    if (path.empty() || path[0] != '/') path = "/" + path;
    raw_call = client_->send_raw(raw_method, path, raw_body);
    track<Response>(raw_call, [this](Response& r) {
        console_selected = raw_call ? raw_call->log_id : 0;
        set_status("HTTP " + std::to_string(r.status));
    }, [this](const ApiError& e) {
        console_selected = raw_call ? raw_call->log_id : 0;
        set_status(e.describe());
    });
}

// [SECTION] Per frame ---------------------------------------------------------------------------------------

void AppState::poll() {
    if (!client_) return;
    client_->pump();

    // The Demo consent POST: the emulator's 302 carries the redirect URL with code (or error).
    if (consent_request_ && consent_transport_) {
        std::vector<Completion> done;
        consent_transport_->poll(done);
        for (auto& c : done) {
            if (c.id != consent_request_) continue;
            consent_request_ = 0;
            client_->log().finish(consent_log_id_, c, platform.now_ms(), "");
            std::string loc(c.response.headers.get("Location"));
            if (c.error != TransportError::None) {  // the Demo emulator could not be reached at all
                set_error(make_error(ErrorKind::Transport, "The consent step failed: " + c.error_detail,
                                     "Reload the page. If this persists, the host is missing pinlab-demo.js or "
                                     "pinlab-demo.wasm beside index.html."));
                continue;
            }
            if (c.response.status != 302 || loc.empty()) {
                std::string msg = "The consent step failed (HTTP " + std::to_string(c.response.status) + ")";
                const std::string& body = c.response.body;
                size_t p = body.find("<p>"), e = body.find("</p>");
                if (p != std::string::npos && e != std::string::npos && e > p) msg += ": " + body.substr(p + 3, e - p - 3);
                set_error(make_error(ErrorKind::Auth, msg, "Check the App ID and redirect URI, then sign in again."));
                continue;
            }
            signin_call = client_->complete_sign_in(loc);
            track<Tokens>(signin_call, [this](Tokens&) { after_sign_in(); },
                          [this](const ApiError& e) {
                              set_error(e);
                              set_status("Sign-in failed");
                          });
        }
    }

    // Finished calls run their callbacks (which may start new calls).
    std::vector<PendingOp> ops;
    ops.swap(ops_);
    for (auto& op : ops) {
        if (op.call->pending()) {
            ops_.push_back(std::move(op));
            continue;
        }
        if (op.call->done()) {
            if (op.on_done) op.on_done();
        } else if (op.on_fail) {
            op.on_fail(op.call->error);
        } else if (op.call->error.kind != ErrorKind::Cancelled) {
            set_error(op.call->error);
        }
    }

    // Pagers; a page that fails becomes the visible error with a Retry.
    auto poll_pager = [this](auto& pager, auto retry_fn) {
        bool was = pager.loading;
        pager.poll();
        if (was && !pager.loading && !pager.error.ok() && pager.error.kind != ErrorKind::Cancelled)
            set_error(pager.error, retry_fn);
        return was && !pager.loading && pager.error.ok();
    };
    if (poll_pager(boards, [this] { boards.load_more(); })) {
        for (const auto& b : boards.items) board_cache[b.id] = b;
        if (!boards.done && boards.items.size() < 1000) boards.load_more();  // boards are few: load them all
    }
    if (poll_pager(sections, [this] { sections.load_more(); })) {
        if (!sections.done && sections.items.size() < 500) sections.load_more();
    }
    poll_pager(grid.pager, [this] { grid.pager.load_more(); });
    poll_pager(search_pins.pager, [this] { search_pins.pager.load_more(); });
    poll_pager(all_pins.pager, [this] { all_pins.pager.load_more(); });
    poll_pager(search_boards, [this] { search_boards.load_more(); });

    // A refresh (automatic or not) rotated the tokens: keep the stored copy current.
    if (signed_in() && was_signed_in_ && client_->auth().tokens()->access_token != saved_access_)
        remember_tokens();
    // A session that ended on its own (refresh failed, token revoked).
    if (was_signed_in_ && !signed_in()) {
        was_signed_in_ = false;
        forget_tokens();
        set_error(make_error(ErrorKind::Auth, "You were signed out",
                             client_->auth().last_error().ok() ? "Sign in again." : client_->auth().last_error().hint));
        nav.route = Route::Connect;
    }

    double now = platform.now_ms();
    toasts.erase(std::remove_if(toasts.begin(), toasts.end(), [now](const Toast& t) { return t.until_ms <= now; }),
                 toasts.end());
}

bool AppState::busy() const {
    if (!client_) return false;
    return client_->in_flight() + client_->queued() > 0 || !ops_.empty() || consent_request_ != 0 ||
           boards.loading || sections.loading || grid.pager.loading || search_pins.pager.loading ||
           search_boards.loading || all_pins.pager.loading || images.loading();
}

// [SECTION] Status, errors, toasts ---------------------------------------------------------------------

void AppState::set_status(const std::string& s) {
    if (s == status) return;
    status = s;
    platform.announce(s, false);
}

void AppState::set_error(const ApiError& e, std::function<void()> retry_fn) {
    error = e;
    retry = std::move(retry_fn);
    std::string text = e.message.empty() ? std::string(to_string(e.kind)) : e.message;
    if (!e.hint.empty()) text += ". " + e.hint;
    platform.announce("Error: " + text, true);
}

void AppState::clear_error() {
    error = {};
    retry = nullptr;
}

void AppState::toast(const std::string& text, bool is_error) {
    toasts.push_back(Toast{text, is_error, platform.now_ms() + (is_error ? 8000.0 : 4000.0)});
    if (toasts.size() > 4) toasts.erase(toasts.begin());
    platform.announce(text, is_error);
}

// [SECTION] Settings ------------------------------------------------------------------------------------

void AppState::save_settings() {
    json j = {{"backend", settings.backend_id}, {"app_id", settings.app_id},
              {"redirect_uri", settings.redirect_uri}, {"scopes", settings.scopes},
              {"dark", settings.dark}, {"remember", settings.remember},
              {"token_production", settings.token_production}};
    platform.storage_set(Store::Local, kSettingsKey, json_dump(j));
    // Ticking or unticking "Remember me" moves the current tokens between local and session storage.
    if (signed_in()) remember_tokens();
    else if (!settings.remember) platform.storage_remove(Store::Local, kRememberKey);
}

void AppState::load_settings() {
    settings.scopes = kDefaultScopes;
    auto text = platform.storage_get(Store::Local, kSettingsKey);
    if (!text) return;
    auto j = json_parse(*text);
    if (!j || !j->is_object()) return;
    settings.backend_id = str_field(*j, "backend");
    settings.app_id = str_field(*j, "app_id");
    settings.redirect_uri = str_field(*j, "redirect_uri");
    if (const json* s = json_field(*j, "scopes"); s && s->is_array()) {
        std::vector<std::string> v;
        for (const auto& e : *s)
            if (e.is_string() && pinlab::scope_description(e.get<std::string>()))
                v.push_back(e.get<std::string>());
        settings.scopes = v;
    }
    auto flag = [&](const char* k, bool& out) {
        const json* v = json_field(*j, k);
        if (v && v->is_boolean()) out = v->get<bool>();
    };
    flag("dark", settings.dark);
    flag("remember", settings.remember);
    flag("token_production", settings.token_production);
}

}  // namespace pinlab::app
