// TurnMutex (the emulator's lock in pinlab-server): waiters are served in the order they arrived, and it
// still excludes.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "server/turn_mutex.h"

namespace pinlab::server {
namespace {

void wait_for_waiters(TurnMutex& m, size_t n) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (m.waiting() < n) {
        ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "only " << m.waiting() << " of " << n << " queued";
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

TEST(TurnMutex, ServesWaitersInArrivalOrder) {
    TurnMutex m;
    std::vector<int> order;  // written under m
    std::vector<std::thread> threads;
    m.lock();
    for (int i = 0; i < 6; ++i) {
        threads.emplace_back([&, i] {
            std::lock_guard<TurnMutex> l(m);
            order.push_back(i);
        });
        wait_for_waiters(m, static_cast<size_t>(i) + 1);  // thread i is queued before thread i+1 starts
    }
    m.unlock();
    for (auto& t : threads) t.join();
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
    EXPECT_EQ(m.waiting(), 0u);
}

TEST(TurnMutex, ALateArrivalWaitsBehindTheQueue) {
    TurnMutex m;
    std::vector<int> order;
    m.lock();
    std::thread first([&] {
        std::lock_guard<TurnMutex> l(m);
        order.push_back(1);
    });
    wait_for_waiters(m, 1);
    // The holder releases and at once asks again: it must not overtake the thread already waiting.
    m.unlock();
    m.lock();
    order.push_back(2);
    m.unlock();
    first.join();
    EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(TurnMutex, ExcludesUnderContention) {
    TurnMutex m;
    long counter = 0;  // not atomic: only the lock protects it
    int inside = 0, overlaps = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 5000; ++i) {
                std::lock_guard<TurnMutex> l(m);
                if (++inside != 1) ++overlaps;
                ++counter;
                --inside;
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(counter, 8 * 5000);
    EXPECT_EQ(overlaps, 0);
}

}  // namespace
}  // namespace pinlab::server
