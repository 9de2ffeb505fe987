// faults.h — faults on demand: the Faults panel's state and actions. It arms one-shot faults ("next call:
// 429") and a delay on the emulator behind Demo (the page's worker) or Local (pinlab-server), through the
// emulator's /_emulator/faults control endpoint, on a transport of its own (never the client's transport), and
// shows what fired and what the client made of it: the answer, its hint, the wait and the recovery, read
// from the request log. Demo's rules (production or the sandbox's) are switched here too.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/http.h"

namespace pinlab::app {

struct Services;

// The one-shot kinds the panel offers, as the emulator names them (emulator.h, Faults::next).
struct FaultKind {
    const char* id;     // "429"
    const char* label;  // "429 rate limit"
    const char* what;   // what it answers and what the client does about it (a sentence)
};
const std::vector<FaultKind>& fault_kinds();

// One call that met a fault, as the client's request log tells it.
struct FaultOutcome {
    std::string method, path, fault;  // path without the API base's origin; fault: the status or transport error
    std::string hint;                 // what the client would tell the user (core/errors.h)
    bool retried = false;             // the client sent it again by itself
    double wait_ms = 0;               // from the fault's answer to the next attempt
    std::string then;                 // the next attempt's result ("200", "timeout", …), empty while pending
    bool recovered = false;           // the next attempt succeeded
};

class Faults {
public:
    // Demo and Local (an emulator backend) take faults; anything else says why not.
    bool available(const Services& s) const;
    std::string unavailable_reason(const Services& s) const;

    // Reads the emulator's state (on opening the panel, and while something is armed).
    void refresh(Services& s);
    void arm(Services& s, const std::string& kind, int count = 1);  // appended to what is armed
    void set_latency(Services& s, double ms);
    void clear(Services& s);  // nothing armed, no delay

    // Per frame: control answers in, a refresh while armed faults wait for calls.
    void poll(Services& s);
    // The backend or its emulator changed: its transport and what was read go.
    void forget();
    bool busy() const { return pending_ != 0; }

    // What the emulator said last.
    bool loaded = false;
    std::vector<std::string> armed;  // one-shots still waiting, in order
    double latency_ms = 0;
    std::string flavor;              // "public", "sandbox", "strict"
    struct Fired {
        std::string fault, method, path;
    };
    std::vector<Fired> fired;        // newest last
    uint64_t fired_total = 0;
    std::string error;               // the control endpoint could not be used: why, and what to do
    // What the client saw for the calls that met faults since the panel was first used (newest first).
    std::vector<FaultOutcome> outcomes(const Services& s) const;

private:
    void send(Services& s, const std::string& method, const std::string& body);
    std::string url(const Services& s) const;
    std::unique_ptr<Transport> control_;
    RequestId pending_ = 0;
    bool pending_post_ = false;
    std::string queued_body_;  // changes asked for while another call was on its way (a JSON object, merged)
    double next_refresh_ms_ = 0;
    uint64_t seen_log_ = 0;   // the request log as of the last refresh (newest id, and whether it was done)
    uint64_t log_floor_ = 0;  // request-log ids above this are since the panel was first used
    bool floor_set_ = false;
};

}  // namespace pinlab::app
