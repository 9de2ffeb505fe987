// explorer.h — the Explorer's state: every operation of the API description, browsable and tryable. What it
// knows of the spec comes from the spec service (core/spec_service.h) in the Demo worker, asked through
// Platform::demo_transport() whatever the session's backend, so the page never parses the catalogue: the
// index (231 rows) when the Explorer is first opened, one operation's detail when it is selected, and the
// body validation and response check as small POSTs. Sending goes through the session's Client
// (call_operation: pacing, no blind retry for creates, the redacted log, the console).
// History and saved requests live in localStorage (bounded).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/client.h"
#include "core/json.h"
#include "core/paging.h"
#include "core/snippets.h"
#include "core/variables.h"

namespace pinlab::app {

struct Boards;
struct Services;

struct ExplorerOp {
    std::string id, method, path, tag, summary;
    bool deprecated = false;
};

struct ExplorerGroup {
    std::string name;
    std::vector<std::pair<std::string, int>> tags;  // tag, operation count
};

// The operation list as drawn: each group's tags with the operations the filter keeps (none for a folded tag
// while nothing is typed; a tag the filter empties is left out).
struct ExplorerListTag {
    std::string tag;
    int count = 0;        // what the header shows: the tag's operations, or the filter's matches
    bool folded = false;  // the header's "+": folded and nothing typed
    std::vector<const ExplorerOp*> rows;
};
struct ExplorerListGroup {
    std::string name;
    std::vector<ExplorerListTag> tags;
};

// A saved request's "Run after" link: the saved request to run first (named by when it was saved, which
// stays the same when either is renamed or the list is reordered), and the value of that request's answer
// (an RFC 6901 pointer, "/id") to keep as {{var}} before this one is sent: create a board, then a pin on it.
struct ExplorerLink {
    int64_t after_at = 0;  // 0 = no link
    std::string pointer = "/id";
    std::string var;
};

// A request as history and saved requests keep it (and a deep link carries: op + query).
struct ExplorerRequest {
    std::string op;      // operationId
    std::string query;   // the form's values as a query string: "ad_account_id=1&page_size=5"
    std::string body;    // the body editor's text
    int status = 0;      // the answer's HTTP status (history), 0 = none
    int64_t at_ms = 0;   // epoch ms it was sent or saved
    std::string name;    // saved requests: what the user called it
    Variables vars;      // saved requests: the values of the {{variables}} it uses, as they were when saved
    ExplorerLink link;   // saved requests: "Run after"
};

// A chain of saved requests being run: each step is opened, given the value its link takes from the
// previous answer, and sent; the chain stops at the first answer that is not a 2xx (which stays on screen).
struct ExplorerChainRun {
    std::vector<ExplorerRequest> steps;  // first to last
    size_t step = 0;
    const void* sent = nullptr;  // the step's call once sent (nullptr while its operation is being opened)
    bool done = false;
    std::string error;  // why it stopped ("" while running or when done)
};

struct Explorer {
    enum class Load : uint8_t { Idle, Loading, Ready, Failed };
    // The user's boards: a body's skeleton names the first one where the schema asks for a board_id.
    explicit Explorer(const Boards& boards) : boards_(boards) {}
    Explorer(const Explorer&) = delete;
    Explorer& operator=(const Explorer&) = delete;

    // [SECTION] the index
    Load index_state = Load::Idle;
    std::string index_error;
    std::vector<ExplorerOp> ops;
    std::vector<ExplorerGroup> groups;
    std::string version;
    std::string filter;
    std::string cursor_id;  // the keyboard's position in the list (arrows move it, Enter opens)
    std::map<std::string, bool> collapsed;  // tag -> folded (change it with toggle_tag)
    bool show_detail_on_phone = false;      // phone layout: list and detail are separate screens
    int list_tab = 0;                       // 0 operations, 1 history, 2 saved

    // [SECTION] the selected operation
    std::string selected;  // operationId shown
    Load detail_state = Load::Idle;
    std::string detail_error;
    json detail;                       // the spec service's /_spec/op answer
    std::vector<std::string> values;   // one per detail["params"], as typed ("" = not set)
    std::string body;                  // the body editor
    std::string pending_query;         // a deep link's values, applied when the detail arrives
    std::string pending_body;

    // [SECTION] the schema panel and the body's skeleton
    std::map<std::string, size_t> variants;  // the option chosen per oneOf/anyOf (JSON pointer in the body)
    std::vector<std::string> placeholders;   // the skeleton's made-up values (JSON pointers) to replace
    std::map<std::string, json> schemas;     // component trees asked for where a tree was truncated
    std::string skeleton_text;               // the skeleton last put in the editor (replaced while unedited)

    // [SECTION] chains: variables and pages
    Variables vars;    // {{name}} -> value, in every parameter and body (localStorage)
    PageTrail pages;   // the bookmarks that led to the page shown (Previous)
    std::string var_name, var_value;        // the Variables panel's new entry
    std::string save_pointer, save_name;    // the answer value being saved as a variable (its JSON pointer)
    std::optional<std::string> save_value;  // that value as text, and its place as JSONPath (set as it is clicked)
    std::string save_path;
    bool save_requested = false;            // a value was clicked: its popup opens this frame
    std::map<std::string, std::string> enum_filter;  // the multi-select's filter, per parameter

    // [SECTION] body validation (debounced, in the worker)
    std::string validated_body;  // the text the shown result is for
    json validation;             // {"ok", "syntax"?, "issues"}
    double body_edited_ms = 0;
    bool validation_due = false;

    // [SECTION] sending and the answer
    Handle<Response> call;
    std::string call_op;
    double sent_ms = 0, answered_ms = 0;
    json check;  // /_spec/check for the answer
    std::optional<json> answer_doc;  // the answer's body parsed (once), for the tree
    const void* answer_of = nullptr;  // the call answer_doc belongs to
    bool include_secrets = false;
    std::string copied;  // what was last copied ("curl", …), for the confirmation

    // [SECTION] history and saved requests (localStorage)
    std::vector<ExplorerRequest> history, saved;
    bool stored_loaded = false;
    std::optional<ExplorerChainRun> chain;  // the chain being run, or the last one's outcome
    ExplorerLink link_draft;                // the "Run after" popup's choices

    // Actions (views call these).
    void enter(Services& s, const std::string& op_id, const std::string& query);  // the route was entered
    void select(Services& s, const std::string& op_id);  // from the list: navigates (a history entry)
    // Sends the form; "" when sent, else why not (also said in the status line).
    std::string send(Services& s);
    void copy(Services& s, SnippetKind kind);  // the request as code, to the clipboard
    void save_current(Services& s);
    void open_request(Services& s, const ExplorerRequest& r);
    void forget_history(Services& s);
    // "Run after": saved request `index` runs after the saved request saved at `after_at` and takes the value
    // at `pointer` of its answer as {{var}}. False (and the status says why) for a link that cannot work.
    bool link_saved(Services& s, size_t index, int64_t after_at, const std::string& pointer, const std::string& var);
    void unlink_saved(Services& s, size_t index);
    // The saved requests a run of `index` sends, first to last (its links followed back; a cycle ends it).
    std::vector<const ExplorerRequest*> chain_of(size_t index) const;
    void run_chain(Services& s, size_t index);
    // The body's skeleton again, with `path`'s oneOf/anyOf filled with option `option` (the worker makes it).
    void use_variant(Services& s, const std::string& path, size_t option);
    void reset_body(Services& s);
    void open_schema(Services& s, const std::string& name);  // a component's own tree (a truncated node)
    bool set_var(Services& s, const std::string& name, const std::string& value);
    void forget_var(Services& s, const std::string& name);
    // The same request for the answer's next page (its bookmark), or back through the pages walked.
    bool has_next_page() const;
    void next_page(Services& s);
    void previous_page(Services& s);

    // Derived from the form.
    std::string form_query() const;  // the values as a query string (the deep link's and history's)
    // The path and query to send ("/ad_accounts/1/campaigns?page_size=5"), {{variables}} replaced and arrays
    // as the spec's style says; "" and `problem` says why when a required parameter is empty, a value is
    // malformed or a variable is not set.
    std::string request_path(std::string* problem) const;
    // The body to send: {{variables}} replaced; nullopt and `problem` set when one is not set.
    std::optional<std::string> request_body(std::string* problem) const;
    // The list, cached: rebuilt when the filter, a fold or the index changes, not every frame.
    const std::vector<ExplorerListGroup>& list() const;
    const std::vector<const ExplorerOp*>& visible() const;  // the list's operations, in order
    void toggle_tag(const std::string& tag);
    bool has_scope(const Services& s, const std::string& scope, bool* known) const;

    // Per frame: spec-service answers, the debounced validation. busy() keeps frames coming meanwhile.
    void poll(Services& s);
    bool busy() const;
    // For the test bridge: what is loaded, selected, answered and checked.
    json bridge_state() const;
    // What the person can do about the answer's error status ("" for a 2xx): core/errors' hint.
    std::string answer_hint() const;
    // The answered operation's scopes the token lacks, when `err` (the answer's error) is a refusal for a scope.
    std::vector<std::string> missing_scopes(const Services& s, const ApiError& err) const;
    // Signs in again with `extra` added and comes back to this operation with its values and body.
    void add_scopes(Services& s, const std::vector<std::string>& extra);

private:
    void rebuild_list() const;
    mutable std::vector<ExplorerListGroup> list_;
    mutable std::vector<const ExplorerOp*> visible_;
    mutable std::string list_filter_;
    uint32_t list_generation_ = 1;  // bumped when the index or a fold changes
    mutable uint32_t built_generation_ = 0;
    enum class Ask : uint8_t { Index, Op, Validate, Check, Skeleton, Schema };
    void ask(Services& s, Ask what, const std::string& method, const std::string& path, const std::string& body,
             const std::string& key = "");
    void on_answer(Services& s, Ask what, const std::string& key, const Completion& c);
    void apply_values(const std::string& query);
    void ask_skeleton(Services& s);
    json skeleton_ids_for(const Services& s) const;
    void load_stored(Services& s);
    void store(Services& s);
    void fill_form(const ExplorerRequest& r);  // `r`'s values and body into the open operation's form
    void step_chain(Services& s);
    void stop_chain(Services& s, const std::string& why);
    std::unique_ptr<Transport> spec_;
    struct Waiting {
        RequestId id;
        Ask what;
        std::string key;  // the op id (Op, Skeleton), the body as typed (Validate), the component (Schema)
    };
    std::vector<Waiting> waiting_;
    bool paging_ = false;  // the request being sent is a Next/Previous page (the trail stays)
    const Boards& boards_;
};

}  // namespace pinlab::app
