// upstream_slots.cpp — fair shares of the broker's upstream slots (see upstream_slots.h).
#include "server/upstream_slots.h"

#include <algorithm>

namespace pinlab::server {

int UpstreamSlots::held(const std::string& who) const {
    auto it = held_.find(who);
    return it == held_.end() ? 0 : it->second;
}

int UpstreamSlots::share_of(const std::string& who) const {
    const bool counted = held_.count(who) || waiting_.count(who);
    const int active = static_cast<int>(held_.size() + waiting_.size()) + (counted ? 0 : 1);
    return std::min(std::max(1, slots_ / 4), std::max(1, (slots_ + active - 1) / active));
}

int UpstreamSlots::ahead_of(const std::string& who) const {
    auto me = waiting_.find(who);
    if (me == waiting_.end()) return static_cast<int>(waiting_.size());
    int n = 0;
    for (const auto& [addr, t] : waiting_)
        if (t.first_ms < me->second.first_ms || (t.first_ms == me->second.first_ms && t.seq < me->second.seq)) ++n;
    return n;
}

bool UpstreamSlots::greedy(const std::string& who, int64_t now_ms) const {
    auto it = greedy_.find(who);
    return it != greedy_.end() && now_ms - it->second <= kTurnMs;
}

void UpstreamSlots::prune(int64_t now_ms) {
    if (now_ms - last_prune_ms_ < 250 && waiting_.size() < kMaxWaiting && greedy_.size() < kMaxWaiting) return;
    last_prune_ms_ = now_ms;
    for (auto it = waiting_.begin(); it != waiting_.end();)
        it = now_ms - it->second.last_ms > kTurnMs ? waiting_.erase(it) : std::next(it);
    for (auto it = greedy_.begin(); it != greedy_.end();)
        it = now_ms - it->second > kTurnMs ? greedy_.erase(it) : std::next(it);
}

UpstreamSlots::Answer UpstreamSlots::enter(const std::string& who, int64_t now_ms, uint64_t* call) {
    prune(now_ms);
    const int mine = held(who);
    const int free = slots_ - in_use_;
    const int others_waiting = static_cast<int>(waiting_.size()) - (waiting_.count(who) ? 1 : 0);
    Answer a = Answer::Granted;
    if (mine >= share_of(who)) {
        a = Answer::OverShare;
        if (greedy_.size() < kMaxWaiting || greedy_.count(who)) greedy_[who] = now_ms;
        waiting_.erase(who);  // the greedy get no turn ahead of others
    } else if (mine > 0 || greedy(who, now_ms)) {
        // Left free for a newcomer: one slot (none when there is only one) or one per address waiting.
        const int reserve = std::max(slots_ > 1 ? 1 : 0, others_waiting);
        if (free - 1 < reserve) a = free > 0 ? Answer::OverShare : Answer::Full;
    } else if (ahead_of(who) >= free) {
        a = Answer::Full;
    }
    if (a != Answer::Granted) {
        if (mine == 0 && !greedy(who, now_ms)) {  // holding none: it waits its turn
            auto it = waiting_.find(who);
            if (it != waiting_.end()) it->second.last_ms = now_ms;
            else if (waiting_.size() < kMaxWaiting) waiting_.emplace(who, Turn{now_ms, now_ms, next_seq_++});
        }
        return a;
    }
    waiting_.erase(who);
    ++held_[who];
    ++in_use_;
    const uint64_t id = next_call_++;
    calls_.emplace(id, Call{who, now_ms, false});
    if (call) *call = id;
    return a;
}

bool UpstreamSlots::leave(const std::string& who, uint64_t call) {
    auto it = held_.find(who);
    if (it == held_.end()) return false;
    --in_use_;
    if (--it->second <= 0) held_.erase(it);
    auto c = call ? calls_.find(call) : std::find_if(calls_.begin(), calls_.end(), [&](const auto& e) { return e.second.who == who; });
    if (c == calls_.end()) return false;
    const bool cancelled = c->second.cancelled;
    if (cancelled) --cancelling_;
    calls_.erase(c);
    return cancelled;
}

void UpstreamSlots::mark_greedy(const std::string& who, int64_t now_ms) {
    if (greedy_.size() < kMaxWaiting || greedy_.count(who)) greedy_[who] = now_ms;
    waiting_.erase(who);
}

uint64_t UpstreamSlots::preempt_for(const std::string& who, int64_t now_ms) {
    if (held(who) > 0 || greedy(who, now_ms) || in_use_ < slots_) return 0;
    if (cancelling_ >= std::max<int>(1, static_cast<int>(waiting_.size()))) return 0;
    for (auto& [id, c] : calls_) {  // oldest first
        if (now_ms - c.start_ms < kPreemptAfterMs) break;
        if (c.cancelled || !greedy(c.who, now_ms)) continue;
        c.cancelled = true;
        ++cancelling_;
        return id;
    }
    return 0;
}

}  // namespace pinlab::server
