// test_network_effects.cpp — core/network_effects.h: the emulator's transport instructions (delay and
// drop headers, read once and stripped), the completion a transport delivers for them (response, dropped
// connection or timeout), and the DeliveryQueue both emulator transports deliver from.
#include <gtest/gtest.h>

#include "core/network_effects.h"

using namespace pinlab;

TEST(NetworkEffects, ReadsAndStripsTheEmulatorsInstructions) {
    Response r;
    r.status = 200;
    r.headers.add("X-Emulator-Delay-Ms", "250");
    r.headers.add("x-emulator-drop", "1");
    r.headers.add("X-Emulator-Other", "z");
    r.headers.add("Content-Type", "application/json");
    r.headers.add("X-Emulator-Source", "generic");  // information for the Explorer: kept
    NetworkEffects e = take_network_effects(r);
    EXPECT_DOUBLE_EQ(e.delay_ms, 250);
    EXPECT_TRUE(e.drop);
    ASSERT_EQ(r.headers.items.size(), 2u);
    EXPECT_EQ(r.headers.items[0].first, "Content-Type");
    EXPECT_EQ(r.headers.get("X-Emulator-Source"), "generic");

    for (const char* bad : {"-5", "nan", "1e9", "", "abc"}) {
        Response b;
        b.headers.add("X-Emulator-Delay-Ms", bad);
        NetworkEffects eb = take_network_effects(b);
        EXPECT_GE(eb.delay_ms, 0) << bad;
        EXPECT_LE(eb.delay_ms, kMaxDelayMs) << bad;
    }
    Response huge;
    huge.headers.add("X-Emulator-Delay-Ms", "99999999999999999999");
    EXPECT_DOUBLE_EQ(take_network_effects(huge).delay_ms, kMaxDelayMs);
}

TEST(NetworkEffects, CompletionHonoursTimeoutDropAndDelay) {
    Request req;
    req.timeout_ms = 100;
    Response slow;
    slow.status = 200;
    slow.headers.add("X-Emulator-Delay-Ms", "500");
    double delay = 0;
    Completion c = emulated_completion(req, slow, delay);
    EXPECT_EQ(c.error, TransportError::Timeout);
    EXPECT_DOUBLE_EQ(delay, 100);

    Response dropped;
    dropped.headers.add("X-Emulator-Drop", "1");
    c = emulated_completion(req, dropped, delay);
    EXPECT_EQ(c.error, TransportError::Network);

    Response fine;
    fine.status = 201;
    fine.headers.add("X-Emulator-Delay-Ms", "40");
    fine.body = "{}";
    c = emulated_completion(req, fine, delay);
    EXPECT_EQ(c.error, TransportError::None);
    EXPECT_EQ(c.response.status, 201);
    EXPECT_EQ(c.response.body, "{}");
    EXPECT_TRUE(c.response.headers.items.empty());
    EXPECT_DOUBLE_EQ(delay, 40);
}

namespace {
Completion done(RequestId id, int status) {
    Completion c;
    c.id = id;
    c.response.status = status;
    return c;
}
}  // namespace

TEST(DeliveryQueue, DeliversWhatIsDueInDueOrderStableForTies) {
    DeliveryQueue q;
    q.add(done(1, 200), 0, 300);
    q.add(done(2, 200), 0, 100);
    q.add(done(3, 200), 10, 100);  // same due time as 2, queued later: delivered after it
    q.add(done(4, 200), 0, 1000);
    std::vector<Completion> out;
    q.poll(50, out);
    EXPECT_TRUE(out.empty());
    q.poll(300, out);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].id, 2u);
    EXPECT_EQ(out[1].id, 3u);
    EXPECT_EQ(out[2].id, 1u);
    EXPECT_DOUBLE_EQ(out[1].elapsed_ms, 90);  // from sending to the due time, not to the poll
    EXPECT_EQ(q.size(), 1u);
    out.clear();
    q.poll(1e9, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].id, 4u);
    EXPECT_EQ(q.size(), 0u);
}

TEST(DeliveryQueue, CancelMakesACancelledCompletionDueNow) {
    DeliveryQueue q;
    Completion c = done(7, 200);
    c.response.body = "secret";
    q.add(std::move(c), 0, 5000);
    EXPECT_FALSE(q.cancel(8, 10));  // not queued
    EXPECT_TRUE(q.cancel(7, 10));
    std::vector<Completion> out;
    q.poll(10, out);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].error, TransportError::Cancelled);
    EXPECT_EQ(out[0].response.status, 0);
    EXPECT_TRUE(out[0].response.body.empty());  // nothing of the answer survives a cancel
    EXPECT_DOUBLE_EQ(out[0].elapsed_ms, 10);
    EXPECT_FALSE(q.cancel(7, 20));  // already delivered
}
