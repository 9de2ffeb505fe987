// scripted_transport.h — the tests' one scripted Transport (core, app): every sent request is recorded; a
// queue of scripted replies, then a responder, answers it after an optional delay on a manual clock (its own,
// or one it follows: the app harness's); poll() returns what is due.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/http.h"

namespace pinlab::test {

struct Reply {
    TransportError error = TransportError::None;
    std::string error_detail;  // with `error`: what the transport said
    Response response;
    double delay_ms = 0;
    bool never = false;  // never answers (the client's watchdog must time it out)
};

inline Reply json_reply(int status, std::string body, Headers h = {}) {
    Reply r;
    r.response.status = status;
    r.response.body = std::move(body);
    r.response.headers = std::move(h);
    r.response.headers.set("Content-Type", "application/json");
    return r;
}
inline Reply net_error(TransportError e = TransportError::Network, std::string detail = {}) {
    Reply r;
    r.error = e;
    r.error_detail = std::move(detail);
    return r;
}

class ScriptedTransport : public Transport {
public:
    double clock = 1000;
    const double* follow = nullptr;                    // set: the time is read from here instead of `clock`
    std::vector<Request> sent;                         // every request, in order
    std::deque<Reply> script;                          // used first, in order
    std::function<Reply(const Request&)> responder;    // then this
    std::vector<RequestId> cancelled;

    RequestId send(Request req) override {
        RequestId id = next_++;
        Reply r;
        if (!script.empty()) {
            r = script.front();
            script.pop_front();
        } else if (responder) {
            r = responder(req);
        } else {
            r = json_reply(404, R"({"code":404,"message":"no fake reply"})");
        }
        sent.push_back(std::move(req));
        if (!r.never) pending_.push_back({id, now_ms() + r.delay_ms, std::move(r)});
        return id;
    }
    void cancel(RequestId id) override {
        cancelled.push_back(id);
        for (auto& p : pending_)
            if (p.id == id) {
                p.reply = Reply{};
                p.reply.error = TransportError::Cancelled;
                p.due = now_ms();
            }
    }
    void poll(std::vector<Completion>& out) override {
        for (auto it = pending_.begin(); it != pending_.end();) {
            if (it->due <= now_ms()) {
                Completion c;
                c.id = it->id;
                c.error = it->reply.error;
                c.error_detail = it->reply.error_detail;
                c.response = it->reply.response;
                out.push_back(std::move(c));
                it = pending_.erase(it);
            } else {
                ++it;
            }
        }
    }
    double now_ms() const override { return follow ? *follow : clock; }
    size_t outstanding() const { return pending_.size(); }

private:
    struct Pending {
        RequestId id;
        double due;
        Reply reply;
    };
    std::vector<Pending> pending_;
    RequestId next_ = 1;
};

}  // namespace pinlab::test
