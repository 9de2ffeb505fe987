// state.h — the one owner of the app's state: the backends from config.json, the Client and its
// transport (the platform's Demo emulator or the network), the session, navigation (deep links), pagers, forms,
// selections, toasts and the status line. Views read and change it; only AppState's methods start
// client calls, and results arrive through client.pump() in frame() -> poll().
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/bridge.h"
#include "app/images.h"
#include "app/platform.h"
#include "core/client.h"
#include "core/scopes.h"

namespace pinlab::app {

// [SECTION] Backends (config.json) ----------------------------------------------------------------

enum class BackendKind : uint8_t { Demo, Emulator, Broker, Token };

struct BackendDef {
    std::string id, label;
    BackendKind kind = BackendKind::Demo;
    std::string api_base;       // "v5" (page-relative), "/v5", or absolute
    std::string authorize_url;  // consent page
    std::string token_url;      // token endpoint or broker
    std::string revoke_url;
    std::string client_id;
    std::string environment;    // label kept with tokens: "demo", "emulator", "sandbox", "production"
    std::string description;
    bool enabled = true;
    std::string disabled_reason;
};

struct AppConfig {
    std::vector<BackendDef> backends;
    std::string default_backend = "demo";
    std::string warning;  // non-empty when config.json was absent or invalid (defaults used)
};

// Never fails: bad or missing input gives the built-in defaults and a warning.
AppConfig parse_config(const std::string& text);
AppConfig default_config();

// The 19 OAuth scopes of the spec with their descriptions, in spec order (core/scopes.h).
const std::vector<ScopeInfo>& all_scopes();
const char* scope_label(std::string_view scope);  // its description, or "(not a Pinterest scope)"

// [SECTION] Navigation -----------------------------------------------------------------------------

enum class Route : uint8_t { Connect, Profile, Boards, Board, Pin, Create, Search, Analytics, Console, Token, Pins };

struct Nav {
    Route route = Route::Connect;
    std::string board_id, section_id, pin_id;
    Nav() = default;
    explicit Nav(Route r, std::string board = {}, std::string section = {}, std::string pin = {})
        : route(r), board_id(std::move(board)), section_id(std::move(section)), pin_id(std::move(pin)) {}
    bool operator==(const Nav& o) const {
        return route == o.route && board_id == o.board_id && section_id == o.section_id && pin_id == o.pin_id;
    }
    bool operator!=(const Nav& o) const { return !(*this == o); }
};

// "#/boards/123/sections/9" <-> Nav. Unknown or malformed hashes give nullopt.
std::optional<Nav> parse_hash(std::string_view hash);
std::string to_hash(const Nav& nav);
const char* route_name(Route r);  // "boards", "pin", …

// Page URL helpers.
std::string page_base_url(const std::string& href);  // origin + path, no query or fragment
std::string resolve_url(const std::string& href, const std::string& rel);  // relative to the page

// [SECTION] Storage over the platform (sessionStorage for the OAuth flow) -------------------------

class PlatformStorage : public Storage {
public:
    PlatformStorage(Platform& p, Store s) : p_(p), s_(s) {}
    std::optional<std::string> get(const std::string& key) const override { return p_.storage_get(s_, key); }
    void set(const std::string& key, const std::string& value) override { p_.storage_set(s_, key, value); }
    void remove(const std::string& key) override { p_.storage_remove(s_, key); }

private:
    Platform& p_;
    Store s_;
};

// [SECTION] Masonry layout (computed once per data/width change) ---------------------------------

struct MasonryLayout {
    float width = -1, col_w = 0, gap = 0, title_h = 0;
    int cols = 0;
    std::vector<float> col_bottom;
    struct Cell {
        float x, y, w, img_h;
    };
    std::vector<Cell> cells;  // one per pin, relative to the grid's origin
    float height = 0;
    uint64_t data_version = 0;
    void reset() { width = -1; cells.clear(); col_bottom.clear(); height = 0; }
};

// Height/width of the image the grid shows for a pin (1 when unknown).
float pin_aspect(const Pin& p);
// Places pins [layout.cells.size(), pins.size()) (all of them after a reset or width change).
void layout_masonry(MasonryLayout& layout, const std::vector<Pin>& pins, float width, float col_target, float gap,
                    float title_h, uint64_t data_version);

// [SECTION] Settings -------------------------------------------------------------------------------

struct Settings {
    std::string backend_id;
    std::string app_id;                 // empty = the backend's client_id
    std::string redirect_uri;           // empty = the page's own URL
    std::vector<std::string> scopes;
    bool dark = true;
    bool remember = false;
    bool token_production = false;      // Paste-a-token: production instead of sandbox
};

// [SECTION] The state ----------------------------------------------------------------------------

struct Toast {
    std::string text;
    bool error = false;
    double until_ms = 0;
};

struct PendingOp {
    std::shared_ptr<CallBase> call;
    std::function<void()> on_done;
    std::function<void(const ApiError&)> on_fail;
};

// A pin grid (board, section, search results, all pins) with its layout.
struct PinGrid {
    std::string key;  // "board:ID", "section:ID/SID", "search:q", "pins"
    Pager<Pin> pager;
    MasonryLayout layout;
    uint64_t version = 1;
    // Set by pin_grid() each frame it is drawn: the end of the laid-out content is inside the view.
    bool scrolled_to_end = false;
    float scroll_y = 0;  // CSS px scrolled, as of the last frame drawn (the bridge's grid_scroll)
    // Scrolled to the end and nothing more to load (the bridge's `at_bottom`).
    bool at_bottom() const { return scrolled_to_end && pager.done && !pager.loading; }
};

struct CreateForm {
    std::string board_id, section_id;
    int source = 0;  // 0 = URL, 1 = local file
    std::string image_url, title, description, link, alt_text;
    std::optional<PickedFile> file;
    ApiError error;
    bool submitting = false;
};

struct BoardForm {
    bool open = false;
    std::string id;  // empty = a new board
    std::string name, description;
    int privacy = 0;  // 0 PUBLIC, 1 SECRET, 2 PROTECTED (create only)
};

struct PinEdit {
    bool open = false;
    std::string title, description, link, alt_text;
};

class AppState {
public:
    AppState(Platform& p);
    ~AppState();

    Platform& platform;
    AppConfig config;
    Settings settings;
    ImageCache images;
    Bridge bridge;

    // Backend and client (the client is rebuilt when the backend changes).
    const BackendDef* backend() const;
    bool demo() const;
    Client* client() { return client_.get(); }
    void select_backend(const std::string& id);
    bool signed_in() const;
    std::string redirect_uri() const;
    std::string app_id() const;

    // Sign-in. Demo: an in-app consent dialog posts to the in-page emulator's /oauth/.
    void begin_sign_in();
    void consent_decision(bool allow);
    void use_pasted_token(const std::string& token);
    void sign_out();
    void reset_demo();  // Demo: wipes the tab's saved data, restarts the emulator fresh, signs out
    void refresh_token();
    bool consent_open = false;
    std::string consent_url;                      // the authorize URL being consented to
    std::vector<std::string> consent_scopes;
    Handle<Tokens> signin_call;
    std::string pasted_token;

    // Data.
    std::optional<Account> account;
    Handle<Account> account_call;
    Pager<Board> boards;
    bool boards_started = false;
    std::map<std::string, Board> board_cache;  // by id (from lists and gets)
    Pager<BoardSection> sections;
    std::string sections_board;
    PinGrid grid;
    std::optional<Pin> pin;
    Handle<Pin> pin_call;
    std::string pin_loaded_id;
    PinEdit pin_edit;
    BoardForm board_form;
    std::string section_name;
    bool section_form_open = false;
    bool section_rename_open = false;  // the rename form of the section shown (nav.section_id)
    std::string section_rename;
    std::string save_board_id, save_section_id;  // pin view: Save to board
    std::string last_board_id, last_section_id;  // the board last opened: the create form's default
    CreateForm create;
    // All pins (GET /pins, 100 a page).
    PinGrid all_pins;
    // Search.
    std::string search_query;
    PinGrid search_pins;
    Pager<Board> search_boards;
    bool searched = false;
    // Analytics.
    int analytics_days = 30;
    Handle<AnalyticsResponse> analytics_call;
    std::string analytics_pin_id;  // empty = account
    // Console.
    uint64_t console_selected = 0;
    struct PrettyBodies {  // the selected entry's bodies, pretty-printed once rather than every frame
        uint64_t id = 0;
        bool done = false;
        std::string request, response;
    } console_pretty;
    std::string raw_method = "GET", raw_path = "/user_account", raw_body;
    Handle<Response> raw_call;

    // Navigation.
    Nav nav;
    Nav wanted;  // a deep link waiting for sign-in
    void go(const Nav& n);  // pushes a history entry
    void sync_location();   // reads location_href (Back/Forward, typed links)
    void on_route_enter();

    // Actions (intent -> client call).
    void load_account();
    void load_boards(bool reset);
    void open_grid_for_nav();
    void ensure_sections(const std::string& board_id);  // the shared `sections` pager follows this board
    void load_pin(const std::string& id);
    void create_board(const BoardCreate& b);
    void update_board(const std::string& id, const BoardUpdate& b);
    void delete_board(const std::string& id);
    void create_section(const std::string& board_id, const std::string& name);
    void rename_section(const std::string& board_id, const std::string& section_id, const std::string& name);
    void delete_section(const std::string& board_id, const std::string& section_id);
    void load_all_pins(bool reset);
    // The pin grid the current route shows (nullptr when it shows none).
    PinGrid* current_grid();
    void submit_create_pin();
    void update_pin(const std::string& id, const PinUpdate& u);
    void delete_pin(const std::string& id);
    void save_pin(const std::string& id, const PinSave& s);
    void run_search();
    void load_analytics();
    void send_raw();

    // Pending operations: finished calls run their callback in poll().
    template <class T>
    void track(const Handle<T>& h, std::function<void(T&)> ok, std::function<void(const ApiError&)> fail = {}) {
        PendingOp op;
        op.call = h;
        Call<T>* raw = h.get();
        op.on_done = [raw, ok]() {
            if (ok && raw->value) ok(*raw->value);
        };
        op.on_fail = std::move(fail);
        ops_.push_back(std::move(op));
    }

    // Per frame.
    void poll();
    bool busy() const;

    // Status, errors and toasts (mirrored to ARIA).
    std::string status;
    ApiError error;
    std::function<void()> retry;
    std::vector<Toast> toasts;
    void set_status(const std::string& s);
    void set_error(const ApiError& e, std::function<void()> retry_fn = {});
    void clear_error();
    void toast(const std::string& text, bool is_error = false);

    // Settings persistence (localStorage; tokens only with "Remember me").
    void save_settings();
    void load_settings();
    std::string signed_in_user() const;

private:
    void build_client(bool fresh_demo = false);
    void after_sign_in();
    void finish_redirect_at_init();
    void remember_tokens();
    void restore_tokens_at_init();
    void forget_tokens();
    std::string saved_access_;  // the access token last written to storage (a refresh rotates it)
    std::unique_ptr<PlatformStorage> session_;
    std::unique_ptr<Transport> demo_transport_;     // the client's transport in Demo mode
    std::unique_ptr<Transport> consent_transport_;  // a second door into the same emulator (consent POST)
    RequestId consent_request_ = 0;
    uint64_t consent_log_id_ = 0;
    std::unique_ptr<Client> client_;
    std::vector<PendingOp> ops_;
    std::string last_hash_;
    std::string announced_;
    bool was_signed_in_ = false;
};

// The app's state after init() (tests and the bridge use it); nullptr before.
AppState* state_for_tests();

}  // namespace pinlab::app
