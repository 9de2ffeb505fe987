// explorer.cpp — see explorer.h.
#include "app/explorer.h"

#include <algorithm>
#include <cctype>

#include "app/boards.h"
#include "app/services.h"
#include "core/errors.h"
#include "core/json_util.h"
#include "core/oauth.h"
#include "core/operations.h"
#include "core/param_style.h"
#include "core/snippets.h"
#include "core/url.h"

namespace pinlab::app {

namespace {

constexpr const char* kStoreKey = "pinlab.explorer";
constexpr size_t kHistoryCap = 30, kSavedCap = 20, kStoredBodyCap = 8 * 1024;
constexpr double kValidateDebounceMs = 250;

bool contains_ci(const std::string& hay, const std::string& needle) {
    if (needle.empty()) return true;
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    return it != hay.end();
}

json request_json(const ExplorerRequest& r) {
    json j{{"op", r.op}, {"query", r.query}, {"body", r.body}, {"status", r.status}, {"at", r.at_ms}};
    if (!r.name.empty()) j["name"] = r.name;
    if (!r.vars.empty()) j["vars"] = variables_to_json(r.vars);
    if (r.link.after_at)
        j["after"] = json{{"at", r.link.after_at}, {"pointer", r.link.pointer}, {"var", r.link.var}};
    return j;
}

std::vector<ExplorerRequest> requests_from(const json* list, size_t cap) {
    std::vector<ExplorerRequest> out;
    if (!list || !list->is_array()) return out;
    for (const json& j : *list) {
        if (!j.is_object() || out.size() >= cap) continue;
        ExplorerRequest r;
        r.op = json_string(j, "op");
        if (r.op.empty() || !find_spec_operation(r.op)) continue;  // an operation this spec no longer has
        r.query = json_string(j, "query");
        r.body = json_string(j, "body");
        r.name = json_string(j, "name");
        if (const json* v = json_field(j, "vars")) r.vars = variables_from_json(*v);
        if (const json* st = json_field(j, "status"); st && st->is_number_integer()) r.status = st->get<int>();
        if (const json* at = json_field(j, "at"); at && at->is_number_integer()) r.at_ms = at->get<int64_t>();
        if (const json* a = json_field(j, "after"); a && a->is_object())
            if (const json* at = json_field(*a, "at"); at && at->is_number_integer()) {
                ExplorerLink l{at->get<int64_t>(), json_string(*a, "pointer"), json_string(*a, "var")};
                if (valid_variable_name(l.var) && (l.pointer.empty() || l.pointer[0] == '/')) r.link = std::move(l);
            }
        out.push_back(std::move(r));
    }
    return out;
}

bool is_date(const std::string& v) {
    if (v.size() != 10 || v[4] != '-' || v[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (!std::isdigit(static_cast<unsigned char>(v[i]))) return false;
    return true;
}

bool is_integer(const std::string& v) {
    size_t i = (!v.empty() && v[0] == '-') ? 1 : 0;
    if (i >= v.size()) return false;
    for (; i < v.size(); ++i)
        if (!std::isdigit(static_cast<unsigned char>(v[i]))) return false;
    return true;
}

// Why `value` does not fit the parameter `p` (flattened by the spec service); "" when it fits.
std::string value_problem(const json& p, const std::string& value) {
    const std::string type = json_string(p, "type"), format = json_string(p, "format");
    const std::string name = json_string(p, "name");
    if (type == "integer" || type == "number") {
        char* end = nullptr;
        double d = std::strtod(value.c_str(), &end);
        if (type == "integer" ? !is_integer(value) : (end == value.c_str() || *end != '\0'))
            return name + " must be " + (type == "integer" ? "a whole number" : "a number");
        const json* mn = json_field(p, "minimum");
        const json* mx = json_field(p, "maximum");
        if (mn && mn->is_number() && d < mn->get<double>()) return name + " must be at least " + mn->dump();
        if (mx && mx->is_number() && d > mx->get<double>()) return name + " must be at most " + mx->dump();
    }
    if (type == "string" && format == "date" && !is_date(value)) return name + " must be a date YYYY-MM-DD";
    if (type == "boolean" && value != "true" && value != "false") return name + " must be true or false";
    return "";
}

}  // namespace

// [SECTION] Spec service ---------------------------------------------------------------------------------

void Explorer::ask(Services& s, Ask what, const std::string& method, const std::string& path,
                   const std::string& body, const std::string& key) {
    if (!spec_) {
        s.platform.spec_warm();
        spec_ = s.platform.demo_transport();
    }
    Request r;
    r.method = method;
    r.url = path;
    r.body = body;
    r.timeout_ms = 60000;  // the first question waits for the worker and the catalogue
    if (!body.empty()) r.headers.set("Content-Type", "application/json");
    Waiting w;
    w.what = what;
    w.key = !key.empty() ? key : what == Ask::Op || what == Ask::Skeleton ? selected : std::string();
    w.id = spec_->send(std::move(r));
    waiting_.push_back(std::move(w));
}

void Explorer::poll(Services& s) {
    step_chain(s);
    if (!spec_) return;
    std::vector<Completion> done;
    spec_->poll(done);
    for (const Completion& c : done) {
        auto it = std::find_if(waiting_.begin(), waiting_.end(), [&](const Waiting& w) { return w.id == c.id; });
        if (it == waiting_.end()) continue;
        Waiting w = *it;
        waiting_.erase(it);
        on_answer(s, w.what, w.key, c);
    }
    // The body is validated once the user pauses typing (one question in flight at a time).
    if (detail_state == Load::Ready && detail.contains("body") && validation_due &&
        s.platform.now_ms() - body_edited_ms >= kValidateDebounceMs &&
        std::none_of(waiting_.begin(), waiting_.end(), [](const Waiting& w) { return w.what == Ask::Validate; })) {
        validation_due = false;
        // The body as it would be sent: variables replaced (one that is not set is reported here instead).
        Substituted sub = substitute_body(body, vars);
        if (!sub.missing.empty()) {
            validation = json{{"ok", false}, {"error", "{{" + sub.missing[0] + "}} is not set (Variables)"}};
            validated_body = body;
            return;
        }
        ask(s, Ask::Validate, "POST", "/_spec/validate", json_dump(json{{"op", selected}, {"body", sub.text}}),
            body.empty() ? " " : body);
    }
}

bool Explorer::busy() const {
    return !waiting_.empty() || validation_due || (chain && !chain->done && chain->error.empty());
}

std::string Explorer::answer_hint() const {
    if (!call || !call->value || call->value->status < 400) return "";
    const SpecOperation* op = find_spec_operation(call_op);
    return error_from_response(*call->value, operation_info(op ? op->operation_id : "")).hint;
}

std::vector<std::string> Explorer::missing_scopes(const Services& s, const ApiError& err) const {
    std::vector<std::string> out;
    if (err.kind != ErrorKind::Permission) return out;
    for (const auto& one : split_scopes(operation_info(call_op.c_str()).scopes)) {
        bool known = false;
        if (!has_scope(s, one, &known)) out.push_back(one);
    }
    return out;
}

void Explorer::add_scopes(Services& s, const std::vector<std::string>& extra) {
    if (extra.empty()) return;
    Nav back(Route::Explorer);
    back.op = selected;
    back.query = form_query();
    if (!body.empty() && body.size() <= kStoredBodyCap) back.query += (back.query.empty() ? "_body=" : "&_body=") +
                                                                      percent_encode(body);
    s.session.add_scopes(s, extra, to_hash(back));
}

json Explorer::bridge_state() const {
    static const char* loads[] = {"idle", "loading", "ready", "failed"};
    json j{{"index", loads[static_cast<int>(index_state)]}, {"ops", ops.size()}, {"selected", selected},
           {"detail", loads[static_cast<int>(detail_state)]}, {"query", form_query()},
           {"history", history.size()}, {"saved", saved.size()}, {"visible", visible().size()},
           {"phone_detail", show_detail_on_phone}};
    if (!index_error.empty()) j["index_error"] = index_error;
    if (validation.is_object()) {
        j["body_valid"] = validation.value("ok", false);
        if (std::string v = json_string(validation, "verdict"); !v.empty()) j["verdict"] = v;
    }
    j["body"] = body.substr(0, 8 * 1024);
    j["placeholders"] = placeholders;
    j["variables"] = variables_to_json(vars);
    j["next_page"] = has_next_page();
    j["pages_back"] = pages.before.size();
    if (chain)
        j["chain"] = json{{"steps", chain->steps.size()}, {"step", chain->step}, {"done", chain->done},
                          {"error", chain->error}};
    if (call && call->done() && call->value) {
        j["status"] = call->value->status;
        j["source"] = std::string(call->value->headers.get("X-Emulator-Source"));
        j["response_body"] = call->value->body.substr(0, 32 * 1024);
        if (call->value->status >= 400) j["hint"] = answer_hint();
    }
    if (check.is_object()) {
        if (check.contains("conforms")) j["conforms"] = check.value("conforms", false);
        if (const json* is = json_field(check, "issues"); is && is->is_array()) j["check_issues"] = is->size();
    }
    return j;
}

void Explorer::on_answer(Services& s, Ask what, const std::string& key, const Completion& c) {
    std::optional<json> j;
    std::string problem;
    if (c.error != TransportError::None) {
        problem = "the Demo worker did not answer" + (c.error_detail.empty() ? "" : ": " + c.error_detail);
    } else {
        j = json_parse(c.response.body);
        if (!j || !j->is_object()) problem = "unreadable answer from the spec service (HTTP " + std::to_string(c.response.status) + ")";
        else if (c.response.status != 200) problem = json_string(*j, "message", "HTTP " + std::to_string(c.response.status));
    }
    switch (what) {
        case Ask::Index: {
            if (!problem.empty()) {
                index_state = Load::Failed;
                index_error = problem;
                return;
            }
            ops.clear();
            groups.clear();
            version = json_string(*j, "version");
            if (const json* list = json_field(*j, "ops"); list && list->is_array())
                for (const json& o : *list) {
                    ExplorerOp op{json_string(o, "id"), json_string(o, "method"), json_string(o, "path"),
                                  json_string(o, "tag"), json_string(o, "summary"), false};
                    op.deprecated = json_field(o, "deprecated") != nullptr;
                    ops.push_back(std::move(op));
                }
            if (const json* gs = json_field(*j, "groups"); gs && gs->is_array())
                for (const json& g : *gs) {
                    ExplorerGroup eg{json_string(g, "name"), {}};
                    if (const json* tags = json_field(g, "tags"); tags && tags->is_array())
                        for (const json& t : *tags) {
                            const json* n = json_field(t, "count");
                            eg.tags.emplace_back(json_string(t, "name"), n && n->is_number_integer() ? n->get<int>() : 0);
                        }
                    groups.push_back(std::move(eg));
                }
            index_state = Load::Ready;
            ++list_generation_;
            return;
        }
        case Ask::Op: {
            if (key != selected) return;  // another operation was selected meanwhile
            if (!problem.empty()) {
                detail_state = Load::Failed;
                detail_error = problem;
                return;
            }
            detail = std::move(*j);
            const json* params = json_field(detail, "params");
            values.assign(params && params->is_array() ? params->size() : 0, "");
            const json* b = json_field(detail, "body");
            body = b ? json_string(*b, "skeleton") : "";
            skeleton_text = body;
            variants.clear();
            placeholders.clear();
            if (b)
                if (const json* ph = json_field(*b, "placeholders"); ph && ph->is_array())
                    for (const json& p : *ph)
                        if (p.is_string()) placeholders.push_back(p.get<std::string>());
            validation = json();
            validated_body.clear();
            validation_due = b != nullptr;
            apply_values(pending_query);
            if (!pending_body.empty()) body = pending_body;
            pending_query.clear();
            pending_body.clear();
            detail_state = Load::Ready;
            pages.reset();
            // Ids from the account (a board of yours, the path's ad account) make the skeleton honest.
            if (b && !skeleton_ids_for(s).empty()) ask_skeleton(s);
            return;
        }
        case Ask::Validate:
            if (!problem.empty()) {
                validation = json{{"ok", false}, {"error", problem}};
            } else {
                validation = std::move(*j);
            }
            validated_body = key == " " ? std::string() : key;
            return;
        case Ask::Check:
            check = problem.empty() ? std::move(*j) : json{{"error", problem}};
            return;
        case Ask::Skeleton: {
            if (key != selected || !problem.empty() || detail_state != Load::Ready) {
                if (!problem.empty()) s.notices.set_status("No skeleton: " + problem);
                return;
            }
            // The new skeleton replaces the editor's text only while the person has not edited it.
            if (body == skeleton_text || body.find_first_not_of(" \t\r\n") == std::string::npos) {
                body = json_string(*j, "skeleton");
                skeleton_text = body;
                validation_due = true;
            }
            placeholders.clear();
            if (const json* ph = json_field(*j, "placeholders"); ph && ph->is_array())
                for (const json& p : *ph)
                    if (p.is_string()) placeholders.push_back(p.get<std::string>());
            return;
        }
        case Ask::Schema:
            if (problem.empty())
                if (const json* t = json_field(*j, "tree")) schemas[key] = *t;
            return;
    }
}

// [SECTION] Navigation -----------------------------------------------------------------------------------

void Explorer::enter(Services& s, const std::string& op_id, const std::string& query) {
    load_stored(s);
    if (index_state == Load::Idle || index_state == Load::Failed) {
        index_state = Load::Loading;
        ask(s, Ask::Index, "GET", "/_spec/index", "");
    }
    show_detail_on_phone = !op_id.empty();
    if (op_id.empty()) return;
    cursor_id = op_id;
    if (op_id != selected || detail_state == Load::Failed) {
        selected = op_id;
        detail = json();
        detail_state = Load::Loading;
        pending_query = query;
        call.reset();
        check = json();
        ask(s, Ask::Op, "GET", "/_spec/op/" + percent_encode(op_id), "");
    } else if (!query.empty() && query != form_query()) {
        if (detail_state == Load::Ready) apply_values(query);
        else pending_query = query;
    }
}

void Explorer::select(Services& s, const std::string& op_id) {
    Nav n(Route::Explorer);
    n.op = op_id;
    s.app.go(n);
}

void Explorer::apply_values(const std::string& query) {
    if (query.empty()) return;
    const json* params = json_field(detail, "params");
    if (!params || !params->is_array()) return;
    for (const auto& [k, v] : parse_query(query)) {
        if (k == "_body") {
            body = v;
            validation_due = true;
            continue;
        }
        for (size_t i = 0; i < params->size() && i < values.size(); ++i)
            if (json_string((*params)[i], "name") == k) values[i] = v;
    }
}

std::string Explorer::form_query() const {
    Params p;
    const json* params = json_field(detail, "params");
    if (!params || !params->is_array()) return "";
    for (size_t i = 0; i < params->size() && i < values.size(); ++i)
        if (!values[i].empty()) p.emplace_back(json_string((*params)[i], "name"), values[i]);
    return build_query(p);
}

std::string Explorer::request_path(std::string* problem) const {
    if (problem) problem->clear();
    const json* params = json_field(detail, "params");
    std::string path = json_string(detail, "path");
    Params query;
    for (size_t i = 0; params && params->is_array() && i < params->size() && i < values.size(); ++i) {
        const json& p = (*params)[i];
        const std::string name = json_string(p, "name"), in = json_string(p, "in");
        Substituted sub = substitute_param(values[i], vars);
        if (!sub.missing.empty()) {
            if (problem) *problem = name + ": {{" + sub.missing[0] + "}} is not set (Variables)";
            return "";
        }
        std::string v = sub.text;
        if (v.empty()) {
            const json* req = json_field(p, "required");
            if (req && *req == true) {
                if (problem) *problem = name + " is required";
                return "";
            }
            continue;
        }
        if (json_string(p, "type") != "array") {
            std::string why = value_problem(p, v);
            if (!why.empty()) {
                if (problem) *problem = why;
                return "";
            }
        }
        if (in == "path") {
            std::string token = "{" + name + "}";
            size_t at = path.find(token);
            if (json_string(p, "type") == "array") v = join_list(split_list(v));
            if (at != std::string::npos) path.replace(at, token.size(), percent_encode(v));
        } else if (in == "query") {
            // Arrays as the spec's style says: "a,b" for explode=false (columns), the name repeated otherwise.
            if (json_string(p, "type") == "array")
                for (auto& kv : array_param_pairs(name, v, param_explodes(p))) query.push_back(std::move(kv));
            else
                query.emplace_back(name, v);
        }
    }
    return with_query(path, query);
}

std::optional<std::string> Explorer::request_body(std::string* problem) const {
    if (!json_field(detail, "body")) return std::string();
    Substituted sub = substitute_body(body, vars);
    if (!sub.missing.empty()) {
        if (problem) *problem = "body: {{" + sub.missing[0] + "}} is not set (Variables)";
        return std::nullopt;
    }
    return sub.text;
}

void Explorer::rebuild_list() const {
    list_.clear();
    visible_.clear();
    for (const ExplorerGroup& g : groups) {
        ExplorerListGroup lg{g.name, {}};
        for (const auto& [tag, count] : g.tags) {
            auto c = collapsed.find(tag);
            ExplorerListTag lt{tag, count, c != collapsed.end() && c->second && filter.empty(), {}};
            if (!lt.folded)
                for (const ExplorerOp& op : ops)
                    if (op.tag == tag && (contains_ci(op.path, filter) || contains_ci(op.summary, filter) ||
                                          contains_ci(op.id, filter)))
                        lt.rows.push_back(&op);
            if (!filter.empty()) {
                if (lt.rows.empty()) continue;
                lt.count = static_cast<int>(lt.rows.size());
            }
            visible_.insert(visible_.end(), lt.rows.begin(), lt.rows.end());
            lg.tags.push_back(std::move(lt));
        }
        if (!lg.tags.empty()) list_.push_back(std::move(lg));
    }
    list_filter_ = filter;
    built_generation_ = list_generation_;
}

const std::vector<ExplorerListGroup>& Explorer::list() const {
    if (built_generation_ != list_generation_ || list_filter_ != filter) rebuild_list();
    return list_;
}

const std::vector<const ExplorerOp*>& Explorer::visible() const {
    list();
    return visible_;
}

void Explorer::toggle_tag(const std::string& tag) {
    collapsed[tag] = !collapsed[tag];
    ++list_generation_;
}

bool Explorer::has_scope(const Services& s, const std::string& scope, bool* known) const {
    const Client* c = s.client();
    const auto& t = c ? c->auth().tokens() : std::optional<Tokens>();
    *known = t.has_value() && !t->scopes.empty();
    return *known && t->has_scope(scope);
}

// [SECTION] Sending ------------------------------------------------------------------------------------

std::string Explorer::send(Services& s) {
    Client* c = s.session.client();
    if (!c || !s.signed_in()) {
        const std::string why = "Sign in to send requests (the documentation works without)";
        s.notices.set_status(why);
        return why;
    }
    std::string problem;
    std::string path = request_path(&problem);
    std::optional<std::string> to_send = path.empty() ? std::nullopt : request_body(&problem);
    if (path.empty() || !to_send) {
        s.notices.set_status("Not sent: " + problem);
        return problem;
    }
    const bool has_body = json_field(detail, "body") != nullptr;
    if (!paging_) pages.reset();  // a new request starts a new walk through pages
    paging_ = false;
    call_op = selected;
    check = json();
    sent_ms = s.platform.now_ms();
    call = c->call_operation(selected, path, *to_send);
    ExplorerRequest rec{selected, form_query(), has_body && body.size() <= kStoredBodyCap ? body : "", 0,
                        s.platform.epoch_ms(), "", {}, {}};
    Handle<Response> h = call;
    s.calls.track<Response>(
        call,
        [this, &s, h, rec](Response& r) mutable {
            if (call != h) return;  // a newer request replaced it
            answered_ms = s.platform.now_ms();
            answer_of = h.get();  // parsed once here: the tree, Next page and variables read it
            answer_doc = json_parse(r.body);
            rec.status = r.status;
            history.insert(history.begin(), rec);
            if (history.size() > kHistoryCap) history.resize(kHistoryCap);
            store(s);
            s.notices.set_status("HTTP " + std::to_string(r.status));
            ask(s, Ask::Check, "POST", "/_spec/check",
                json_dump(json{{"op", call_op}, {"status", r.status}, {"body", r.body}}));
        },
        [this, &s, h](const ApiError& e) {
            if (call != h) return;
            answered_ms = s.platform.now_ms();
            s.notices.set_status(e.describe());
        });
    // The address now carries the filled parameters (Back returns to the previous ones).
    Nav n(Route::Explorer);
    n.op = selected;
    n.query = form_query();
    s.app.go(n);
    return "";
}

void Explorer::copy(Services& s, SnippetKind kind) {
    std::string problem;
    std::string path = request_path(&problem);
    std::optional<std::string> body_text = path.empty() ? std::nullopt : request_body(&problem);
    if (path.empty() || !body_text) {
        s.notices.set_status("Not copied: " + problem);
        return;
    }
    const Client* c = s.client();
    std::string token;
    if (c && c->auth().tokens()) token = c->auth().tokens()->access_token;
    Request r;
    r.method = json_string(detail, "method", "GET");
    r.url = std::string(kPinterestApiOrigin) + "/v5" + path;
    r.headers.set("Authorization", "Bearer " + (token.empty() ? std::string("<your access token>") : token));
    if (json_field(detail, "body")) {
        r.headers.set("Content-Type", "application/json");
        r.body = *body_text;  // variables as their values: the copy runs anywhere
    }
    LogEntry e;
    e.method = r.method;
    e.url = r.url;
    e.request_headers = redact_headers(r.headers);
    e.request_body = redact_text(r.body);
    static const char* names[] = {"curl", "fetch", "Python requests"};  // by SnippetKind
    const char* name = names[static_cast<int>(kind)];
    s.platform.set_clipboard(request_snippet(e, kind, include_secrets ? token : ""));
    copied = name;
    s.notices.toast(std::string("Copied as ") + name + (include_secrets ? " (with the token)" : ""), false);
}

// [SECTION] History and saved requests ------------------------------------------------------------------

void Explorer::load_stored(Services& s) {
    if (stored_loaded) return;
    stored_loaded = true;
    auto text = s.platform.storage_get(Store::Local, kStoreKey);
    auto j = text ? json_parse(*text) : std::nullopt;
    if (!j || !j->is_object()) return;
    history = requests_from(json_field(*j, "history"), kHistoryCap);
    saved = requests_from(json_field(*j, "saved"), kSavedCap);
    if (const json* v = json_field(*j, "vars")) vars = variables_from_json(*v);
}

void Explorer::store(Services& s) {
    json h = json::array(), sv = json::array();
    for (const auto& r : history) h.push_back(request_json(r));
    for (const auto& r : saved) sv.push_back(request_json(r));
    s.platform.storage_set(Store::Local, kStoreKey,
                           json_dump(json{{"history", h}, {"saved", sv}, {"vars", variables_to_json(vars)}}));
}

void Explorer::save_current(Services& s) {
    if (detail_state != Load::Ready) return;
    ExplorerRequest r{selected, form_query(), body.size() <= kStoredBodyCap ? body : "", 0, s.platform.epoch_ms(),
                      json_string(detail, "summary", selected), {}, {}};
    // When it was saved is its name for "Run after" links: unique even for two saves in one millisecond.
    for (const ExplorerRequest& o : saved) r.at_ms = std::max(r.at_ms, o.at_ms + 1);
    // The variables it uses travel with it (opening it later sets those that are not set then).
    std::vector<std::string> used = variable_references(r.query + "\n" + r.body);
    for (const std::string& name : used)
        if (auto v = vars.find(name); v != vars.end()) r.vars[v->first] = v->second;
    saved.insert(saved.begin(), r);
    if (saved.size() > kSavedCap) saved.resize(kSavedCap);
    store(s);
    s.notices.toast("Saved: " + r.name, false);
}

void Explorer::open_request(Services& s, const ExplorerRequest& r) {
    ExplorerRequest copy = r;  // `r` may live in the history this changes
    bool added = false;
    for (const auto& [k, v] : copy.vars)
        if (!vars.count(k)) added = set_variable(vars, k, v) || added;
    if (added) store(s);
    if (copy.op == selected && detail_state == Load::Ready) {
        fill_form(copy);
    } else {
        pending_body = copy.body;
    }
    Nav n(Route::Explorer);
    n.op = copy.op;
    n.query = copy.query;
    s.app.go(n);
}

void Explorer::fill_form(const ExplorerRequest& r) {
    values.assign(values.size(), "");
    apply_values(r.query);
    if (json_field(detail, "body")) {
        body = r.body.empty() ? json_string(detail["body"], "skeleton") : r.body;
        validation_due = true;
    }
}

void Explorer::forget_history(Services& s) {
    history.clear();
    store(s);
}

// [SECTION] Skeletons and schemas ----------------------------------------------------------------------

json Explorer::skeleton_ids_for(const Services& s) const {
    json ids = json::object();
    // The path's own ids (ad_account_id, board_id, …), as typed.
    if (const json* params = json_field(detail, "params"); params && params->is_array())
        for (size_t i = 0; i < params->size() && i < values.size(); ++i)
            if (json_string((*params)[i], "in") == "path" && !values[i].empty()) {
                Substituted sub = substitute_param(values[i], vars);
                if (sub.missing.empty()) ids[json_string((*params)[i], "name")] = sub.text;
            }
    // A board of the signed-in account for a board_id the path does not give.
    if (!ids.contains("board_id") && s.signed_in() && !boards_.list.items.empty())
        ids["board_id"] = boards_.list.items.front().id;
    return ids;
}

void Explorer::ask_skeleton(Services& s) {
    json v = json::object();
    for (const auto& [path, option] : variants) v[path] = option;
    ask(s, Ask::Skeleton, "POST", "/_spec/skeleton",
        json_dump(json{{"op", selected}, {"variants", v}, {"ids", skeleton_ids_for(s)}}));
}

void Explorer::use_variant(Services& s, const std::string& path, size_t option) {
    if (detail_state != Load::Ready || !json_field(detail, "body")) return;
    variants[path] = option;
    skeleton_text = body;  // the person asked for it: the skeleton replaces what is there
    ask_skeleton(s);
}

void Explorer::reset_body(Services& s) {
    if (detail_state != Load::Ready || !json_field(detail, "body")) return;
    skeleton_text = body;
    ask_skeleton(s);
}

void Explorer::open_schema(Services& s, const std::string& name) {
    if (name.empty() || schemas.count(name)) return;
    schemas[name] = json();  // asked (null until the answer)
    ask(s, Ask::Schema, "GET", "/_spec/schema/" + percent_encode(name), "", name);
}

// [SECTION] Variables and pages ------------------------------------------------------------------------

bool Explorer::set_var(Services& s, const std::string& name, const std::string& value) {
    if (!set_variable(vars, name, value)) {
        s.notices.set_status(valid_variable_name(name) ? "Not saved: the value is too long or there are too many variables"
                                                       : "Not saved: a name is letters, digits, '_', '.' or '-'");
        return false;
    }
    store(s);
    s.notices.toast("Saved {{" + name + "}}", false);
    return true;
}

void Explorer::forget_var(Services& s, const std::string& name) {
    vars.erase(name);
    store(s);
}

bool Explorer::has_next_page() const {
    if (!call || !call->done() || !call->value || call->value->status != 200 || call_op != selected) return false;
    return answer_of == call.get() && answer_doc && !answer_bookmark(*answer_doc).empty();
}

void Explorer::next_page(Services& s) {
    if (!has_next_page()) return;
    auto q = pages.next(form_query(), *answer_doc);
    if (!q) return;
    values.assign(values.size(), "");
    apply_values(*q);
    paging_ = true;
    send(s);
}

void Explorer::previous_page(Services& s) {
    auto q = pages.previous(form_query());
    if (!q) return;
    values.assign(values.size(), "");
    apply_values(*q);
    paging_ = true;
    send(s);
}

}  // namespace pinlab::app
