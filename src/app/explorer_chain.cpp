// explorer_chain.cpp — "Run after": saved requests linked into a small chain (create a board, then a pin on
// it). A link names the saved request to run first and the value of its answer to keep as a {{variable}};
// running the last request sends each step in turn through the Explorer's own form and Send, so every step is
// checked, logged, kept in history and shown exactly as if it had been sent by hand.
#include <algorithm>

#include "app/explorer.h"
#include "app/services.h"

namespace pinlab::app {

namespace {
constexpr size_t kMaxChainSteps = 8;  // a chain longer than this is cut at its start (links stay as they are)
}

bool Explorer::link_saved(Services& s, size_t index, int64_t after_at, const std::string& pointer,
                          const std::string& var) {
    if (index >= saved.size()) return false;
    auto before = std::find_if(saved.begin(), saved.end(), [&](const ExplorerRequest& r) { return r.at_ms == after_at; });
    if (before == saved.end() || &*before == &saved[index]) {
        s.notices.set_status("Not linked: choose another saved request to run first");
        return false;
    }
    if (!valid_variable_name(var)) {
        s.notices.set_status("Not linked: a variable name is letters, digits, '_', '.' or '-'");
        return false;
    }
    if (!pointer.empty() && pointer[0] != '/') {
        s.notices.set_status("Not linked: the value's path starts with '/' (for example /id)");
        return false;
    }
    // A link back to a request that already runs after this one would be a loop.
    ExplorerLink old = saved[index].link;
    saved[index].link = ExplorerLink{after_at, pointer, var};
    std::vector<const ExplorerRequest*> steps = chain_of(index);
    if (steps.empty() || steps.front()->link.after_at != 0) {
        saved[index].link = old;
        s.notices.set_status("Not linked: " + before->name + " already runs after this one");
        return false;
    }
    store(s);
    s.notices.set_status("Linked: " + saved[index].name + " runs after " + before->name + " and takes " +
                         (pointer.empty() ? std::string("its whole answer") : pointer) + " as {{" + var + "}}");
    return true;
}

void Explorer::unlink_saved(Services& s, size_t index) {
    if (index >= saved.size() || !saved[index].link.after_at) return;
    saved[index].link = ExplorerLink{};
    store(s);
}

std::vector<const ExplorerRequest*> Explorer::chain_of(size_t index) const {
    std::vector<const ExplorerRequest*> steps;
    if (index >= saved.size()) return steps;
    const ExplorerRequest* r = &saved[index];
    while (r && steps.size() <= kMaxChainSteps) {
        if (std::find(steps.begin(), steps.end(), r) != steps.end()) return {};  // a loop: nothing to run
        steps.push_back(r);
        if (!r->link.after_at) break;
        auto it = std::find_if(saved.begin(), saved.end(),
                               [&](const ExplorerRequest& o) { return o.at_ms == r->link.after_at; });
        r = it == saved.end() ? nullptr : &*it;
        if (!r) return {};  // the request it runs after was deleted
    }
    std::reverse(steps.begin(), steps.end());
    return steps;
}

void Explorer::run_chain(Services& s, size_t index) {
    std::vector<const ExplorerRequest*> steps = chain_of(index);
    if (steps.empty() || steps.front()->link.after_at != 0) {
        s.notices.set_status("Not run: the request it runs after is gone or the links make a loop");
        return;
    }
    if (!s.signed_in()) {
        s.notices.set_status("Sign in to send requests (the documentation works without)");
        return;
    }
    ExplorerChainRun run;
    for (const ExplorerRequest* r : steps) run.steps.push_back(*r);
    chain = std::move(run);
    open_request(s, chain->steps.front());
}

void Explorer::stop_chain(Services& s, const std::string& why) {
    chain->error = why;
    s.notices.set_status("Chain stopped: " + why);
}

void Explorer::step_chain(Services& s) {
    if (!chain || chain->done || !chain->error.empty()) return;
    ExplorerChainRun& c = *chain;
    const ExplorerRequest& st = c.steps[c.step];
    if (!c.sent) {
        if (selected != st.op || detail_state == Load::Loading || detail_state == Load::Idle) return;  // opening
        if (detail_state == Load::Failed)
            return stop_chain(s, st.name + " could not be opened: " + detail_error);
        fill_form(st);  // the step's own values, whatever a skeleton or the address put in the form meanwhile
        if (std::string why = send(s); !why.empty()) return stop_chain(s, st.name + " was not sent: " + why);
        c.sent = call.get();
        return;
    }
    if (!call || call.get() != c.sent) return stop_chain(s, "another request replaced " + st.name);
    if (!call->done()) return;
    const int status = call->value ? call->value->status : 0;
    if (call->value && answer_of != call.get()) return;  // its answer is decoded when the client hands it over
    if (status < 200 || status >= 300)
        return stop_chain(s, st.name + " answered " + (status ? "HTTP " + std::to_string(status) : "nothing"));
    if (c.step + 1 == c.steps.size()) {
        c.done = true;
        s.notices.set_status("Chain done: " + std::to_string(c.steps.size()) + " requests sent");
        return;
    }
    // The next step's value is taken while this answer is still the one on screen: if it is not there, the
    // chain stops with the answer that lacks it in view.
    const ExplorerLink& l = c.steps[c.step + 1].link;
    std::optional<std::string> v = answer_doc ? variable_from_answer(*answer_doc, l.pointer) : std::nullopt;
    if (!v) return stop_chain(s, "the answer of " + st.name + " has no value at " + l.pointer);
    if (!set_var(s, l.var, *v)) return stop_chain(s, "{{" + l.var + "}} could not be set");
    c.sent = nullptr;
    ++c.step;
    open_request(s, c.steps[c.step]);
}

}  // namespace pinlab::app
