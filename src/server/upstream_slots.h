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
//   - when every slot is taken and an address that is not greedy and holds none waits, the longest-
//     running call of a greedy address that has run kPreemptAfterMs is chosen to be cancelled
//     (preempt_for): when more than slots / 2 greedy addresses arrive before a newcomer, the first
//     wave of their calls takes every slot before they are seen to be greedy, and would otherwise
//     hold them until the upstream answers or times out. At most one cancelled call per waiting
//     address is pending at a time.
// What it cannot do: tell many addresses with one slow call each from as many real users; they are
// not greedy, so nothing is cancelled for them and a newcomer waits its turn for up to one call.
// Pure accounting (no lock, no clock of its own): the broker calls it under its mutex with the time.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>

namespace pinlab::server {

class UpstreamSlots {
public:
    enum class Answer { Granted, Full, OverShare };
    static constexpr int64_t kTurnMs = 3000;        // a refused address keeps its turn this long after its last try
    static constexpr size_t kMaxWaiting = 4096;     // addresses remembered as waiting (the rest just retry)
    static constexpr int64_t kPreemptAfterMs = 500;  // a greedy address's call may be cancelled after this

    explicit UpstreamSlots(int slots) : slots_(slots < 1 ? 1 : slots) {}

    // A slot for `who` at `now_ms`, or why not (OverShare: `who` holds its share or would take a slot
    // that others need; Full: no slot is free for it now, and it waits its turn).
    // When granted and `call` is given, *call is the call's id (never 0) for leave and preempt_for.
    Answer enter(const std::string& who, int64_t now_ms, uint64_t* call = nullptr);
    // The call ended: its slot is free. Returns whether it had been chosen to be cancelled. Without
    // an id, `who`'s oldest call.
    bool leave(const std::string& who, uint64_t call = 0);
    // For `who` (holding none, not greedy) just refused Full: the id of the call to cancel so a slot
    // comes free for it, or 0 (none has run long enough, none is greedy's, or enough are being
    // cancelled already). The chosen call is marked; it still holds its slot until leave().
    uint64_t preempt_for(const std::string& who, int64_t now_ms);
    // `who` asked for a second call while its first still waits for a slot: more than its share of
    // one when every slot is taken, so it is greedy from now (no turn, cancels nothing).
    void mark_greedy(const std::string& who, int64_t now_ms);

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

    struct Call {
        std::string who;
        int64_t start_ms = 0;
        bool cancelled = false;
    };

    int slots_;
    int in_use_ = 0;
    int cancelling_ = 0;  // calls chosen to be cancelled that have not ended
    uint64_t next_seq_ = 0;
    uint64_t next_call_ = 1;
    std::map<uint64_t, Call> calls_;                // in flight, oldest first (ids rise)
    int64_t last_prune_ms_ = 0;
    std::unordered_map<std::string, int> held_;     // addresses holding slots (never 0)
    std::unordered_map<std::string, Turn> waiting_; // addresses holding none that were refused (not greedy)
    std::unordered_map<std::string, int64_t> greedy_;  // address -> last time it asked past its share
};

}  // namespace pinlab::server
