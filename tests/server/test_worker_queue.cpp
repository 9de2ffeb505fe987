// test_worker_queue.cpp — how the front hands requests to its workers (server/worker_queue.h): the worker
// that went idle last takes the next request, queued ones go in order, stop() leaves no worker waiting;
// and over a real socket, a client sending one request at a time is served by one worker, not by every
// worker in turn (each would keep the stack pages and malloc cache that request touched).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "raw_socket.h"
#include "server/http_front.h"
#include "server/worker_queue.h"

using namespace pinlab::server;

namespace {

// Waits (up to 2 s) for `pred`.
bool eventually(const std::function<bool()>& pred) {
    for (int i = 0; i < 400 && !pred(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return pred();
}

}  // namespace

TEST(WorkerQueue, TheWorkerThatWentIdleLastTakesTheNextJob) {
    constexpr int kWorkers = 4;
    WorkerQueue<int> q(kWorkers);
    std::mutex mu;
    std::vector<int> ran_on;  // worker of each job, by job number
    std::atomic<int> idle{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < kWorkers; ++w)
        workers.emplace_back([&, w] {
            while (true) {
                ++idle;
                auto job = q.pop(w);
                --idle;
                if (!job) return;
                std::lock_guard<std::mutex> lock(mu);
                if (ran_on.size() <= static_cast<size_t>(*job)) ran_on.resize(static_cast<size_t>(*job) + 1, -1);
                ran_on[static_cast<size_t>(*job)] = w;
            }
        });
    ASSERT_TRUE(eventually([&] { return idle.load() == kWorkers; }));
    // One job at a time, each pushed after the last one's worker is waiting again.
    for (int j = 0; j < 40; ++j) {
        q.push(j);
        ASSERT_TRUE(eventually([&] {
            std::lock_guard<std::mutex> lock(mu);
            return ran_on.size() > static_cast<size_t>(j) && idle.load() == kWorkers;
        }));
    }
    q.stop();
    for (auto& t : workers) t.join();
    std::set<int> used(ran_on.begin(), ran_on.end());
    EXPECT_EQ(used.size(), 1u) << "sequential jobs ran on " << used.size() << " workers";
    EXPECT_EQ(used.count(-1), 0u);
}

TEST(WorkerQueue, QueuedJobsGoInOrderAndStopDropsTheRest) {
    WorkerQueue<int> q(1);
    for (int j = 0; j < 5; ++j) q.push(j);  // no worker is waiting: all are queued
    EXPECT_EQ(q.queued(), 5u);
    EXPECT_EQ(q.pop(0), 0);
    EXPECT_EQ(q.pop(0), 1);
    q.stop();
    EXPECT_EQ(q.queued(), 0u);
    EXPECT_FALSE(q.pop(0).has_value());
}

TEST(WorkerQueue, StopWakesEveryWaitingWorker) {
    WorkerQueue<int> q(3);
    std::atomic<int> ended{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < 3; ++w)
        workers.emplace_back([&, w] {
            while (q.pop(w)) {
            }
            ++ended;
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    q.stop();
    for (auto& t : workers) t.join();
    EXPECT_EQ(ended.load(), 3);
}

// Over a real socket: 40 requests, one after another, from one client on fresh connections, to a front
// with 16 workers. Each answer names the thread that ran the handler.
TEST(WorkerQueue, ASequentialClientIsServedByOneWorker) {
    RequestProcessor processor;
    std::mutex mu;
    std::set<std::thread::id> threads;
    processor.Get("/who", [&](const httplib::Request&, httplib::Response& res) {
        std::lock_guard<std::mutex> lock(mu);
        threads.insert(std::this_thread::get_id());
        res.set_content("ok", "text/plain");
    });
    Limits limits;
    limits.threads = 16;
    HttpFront front(processor, limits, [](const std::string&) {});
    ASSERT_TRUE(front.bind("127.0.0.1", 0)) << front.bind_error();
    front.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // every worker waiting
    for (int i = 0; i < 40; ++i) {
        RawSocket s(front.port());
        s.send("GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        ASSERT_NE(s.read_response(3000).find(" 200 "), std::string::npos) << "request " << i;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));  // the worker is waiting again
    }
    front.stop();
    // One worker, or two if the loop handed a request over just before the last one was waiting again.
    EXPECT_LE(threads.size(), 2u) << "40 sequential requests ran on " << threads.size() << " of 16 workers";
}
