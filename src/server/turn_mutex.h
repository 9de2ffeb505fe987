// pinlab-server: TurnMutex, the emulator's lock: no waiter waits more than about a bound for its turn.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace pinlab::server {

// The emulator answers one request at a time. With std::mutex a worker that just released it can take it
// again before a woken waiter runs, so with many workers one request could lose that race many times over
// (a 25-pin page's p99 was 12 ms at 16 connections with nothing else running). Handing the lock to the
// longest waiter at every release fixes the tail but costs a thread wake-up per request (GET /user_account
// fell from 31,500 to 22,700 req/s). So: a thread that finds the lock free takes it, as with std::mutex,
// while the longest waiter has waited less than `bound`; after that, releases hand the lock to waiters in
// arrival order and newcomers queue behind them. Each waiter sleeps on its own condition variable.
class TurnMutex {
public:
    using Clock = std::chrono::steady_clock;
    explicit TurnMutex(Clock::duration bound = std::chrono::microseconds(500)) : bound_(bound) {}

    void lock() {
        std::unique_lock<std::mutex> l(mu_);
        const Clock::time_point now = Clock::now();
        if (!held_ && !overdue(now)) {
            held_ = true;
            return;
        }
        Waiter w;
        w.since = now;
        queue_.push_back(&w);
        // Either the releaser hands it over (turn; held_ stays true), or it is free and this waiter is first.
        w.cv.wait(l, [&] { return w.turn || (!held_ && queue_.front() == &w); });
        if (!w.turn) {
            queue_.pop_front();
            held_ = true;
        }
    }
    void unlock() {
        std::lock_guard<std::mutex> l(mu_);
        if (queue_.empty()) {
            held_ = false;
            return;
        }
        Waiter* next = queue_.front();
        if (overdue(Clock::now())) {  // its turn, whoever else asks
            queue_.pop_front();
            next->turn = true;
        } else {
            held_ = false;  // free: the first waiter or a newcomer takes it
        }
        next->cv.notify_one();  // under mu_: `next` lives on its waiter's stack until it leaves lock()
    }

    // Threads waiting for their turn (tests use it to line threads up in a known order).
    size_t waiting() {
        std::lock_guard<std::mutex> l(mu_);
        return queue_.size();
    }

private:
    struct Waiter {
        std::condition_variable cv;
        Clock::time_point since;
        bool turn = false;
    };
    bool overdue(Clock::time_point now) const { return !queue_.empty() && now - queue_.front()->since >= bound_; }

    const Clock::duration bound_;
    std::mutex mu_;
    bool held_ = false;
    std::deque<Waiter*> queue_;
};

}  // namespace pinlab::server
