// upstream_slots.h — the broker's calls to Pinterest at once, shared fairly across the client addresses
// that want them. An upstream that answers slowly holds a slot per call for seconds, so whoever opens
// the most calls would otherwise hold them all. Here:
//   - an address holds at most ceil(slots / active addresses), at least 1, where active counts those
//     holding a slot, those waiting their turn and the caller; and never more than a quarter of the
//     slots (at least 1), so the first few addresses of an attack cannot take them all before the
//     shares shrink;
//   - an address that already holds a slot, or that asked past its share in the last kTurnMs (greedy:
//     many slow callers), never takes the last free slot (unless there is only one) nor one that
//     addresses waiting their turn need: once greedy callers have met their share, a newcomer finds a
//     free slot at once;
//   - any other address refused while it holds none waits its turn (remembered for kTurnMs after its
//     last try, in order of its first refusal): the next slots to come free are its, ahead of the rest.
// What it cannot do: when more than slots / 2 greedy addresses arrive before a newcomer, the first
// wave of their calls takes every slot before they are seen to be greedy; those slots come back only
// as those calls end, so the newcomer then waits its turn for up to one upstream call.
// Pure accounting (no lock, no clock of its own): the broker calls it under its mutex with the time.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

namespace pinlab::server {

class UpstreamSlots {
public:
    enum class Answer { Granted, Full, OverShare };
    static constexpr int64_t kTurnMs = 3000;        // a refused address keeps its turn this long after its last try
    static constexpr size_t kMaxWaiting = 4096;     // addresses remembered as waiting (the rest just retry)

    explicit UpstreamSlots(int slots) : slots_(slots < 1 ? 1 : slots) {}

    // A slot for `who` at `now_ms`, or why not (OverShare: `who` holds its share or would take a slot
    // that others need; Full: no slot is free for it now, and it waits its turn).
    Answer enter(const std::string& who, int64_t now_ms);
    void leave(const std::string& who);

    int in_use() const { return in_use_; }
    int held(const std::string& who) const;
    int waiting() const { return static_cast<int>(waiting_.size()); }
    bool greedy(const std::string& who, int64_t now_ms) const;
    // The most `who` may hold now (the share above), counting it as active.
    int share_of(const std::string& who) const;

private:
    struct Turn {
        int64_t first_ms = 0;  // first refusal: the order of turns
        int64_t last_ms = 0;   // last try: the turn lapses kTurnMs after it
        uint64_t seq = 0;      // ties
    };
    void prune(int64_t now_ms);
    int ahead_of(const std::string& who) const;  // waiting addresses whose turn comes before who's

    int slots_;
    int in_use_ = 0;
    uint64_t next_seq_ = 0;
    int64_t last_prune_ms_ = 0;
    std::unordered_map<std::string, int> held_;     // addresses holding slots (never 0)
    std::unordered_map<std::string, Turn> waiting_; // addresses holding none that were refused (not greedy)
    std::unordered_map<std::string, int64_t> greedy_;  // address -> last time it asked past its share
};

}  // namespace pinlab::server
