// UpstreamSlots (the broker's calls to Pinterest at once): greedy addresses leave a slot for a newcomer;
// an address holds at most ceil(slots / active addresses) and a quarter; a refused newcomer gets the
// next free slot ahead of everyone, and its turn lapses when it stops asking; when greedy addresses hold
// every slot, the longest call of one is cancelled for a newcomer.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/upstream_slots.h"

namespace pinlab::server {
namespace {

using A = UpstreamSlots::Answer;

// Each address in `who` asks `rounds` times, round-robin, at `now`; how many slots each got.
std::vector<int> ask_round_robin(UpstreamSlots& s, const std::vector<std::string>& who, int rounds, int64_t now) {
    std::vector<int> got(who.size(), 0);
    for (int r = 0; r < rounds; ++r)
        for (size_t i = 0; i < who.size(); ++i) got[i] += s.enter(who[i], now) == A::Granted ? 1 : 0;
    return got;
}

TEST(UpstreamSlots, FourGreedyAddressesLeaveASlotForANewcomer) {
    UpstreamSlots s(8);
    const std::vector<std::string> attackers = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"};
    // Twelve slow callers on four addresses (a quarter each would have filled all eight slots).
    ask_round_robin(s, attackers, 3, 1000);
    EXPECT_EQ(s.in_use(), 7);
    for (const auto& a : attackers) EXPECT_LE(s.held(a), 2) << a;  // ceil(8 / 4)
    // They keep asking (the slow calls have not ended): nothing more for them.
    ask_round_robin(s, attackers, 5, 1100);
    EXPECT_EQ(s.in_use(), 7);
    // A newcomer gets the slot left at once, and its share counts it: ceil(8 / 5) = 2.
    EXPECT_EQ(s.enter("10.0.0.9", 1200), A::Granted);
    EXPECT_EQ(s.share_of("10.0.0.9"), 2);
    s.leave("10.0.0.9");
    // When the newcomer's call ends, its slot is not taken by the greedy ones.
    ask_round_robin(s, attackers, 3, 1300);
    EXPECT_EQ(s.in_use(), 7);
    EXPECT_EQ(s.enter("10.0.0.9", 1400), A::Granted);
}

TEST(UpstreamSlots, SixGreedyAddressesEachHoldNoMoreThanTheirShare) {
    UpstreamSlots s(8);
    std::vector<std::string> attackers;
    for (int i = 1; i <= 6; ++i) attackers.push_back("10.0.1." + std::to_string(i));
    ask_round_robin(s, attackers, 4, 0);
    for (const auto& a : attackers) EXPECT_LE(s.held(a), 2) << a;  // ceil(8 / 6)
    EXPECT_LE(s.in_use(), 7);
    ask_round_robin(s, attackers, 4, 100);  // now all of them have asked past their share
    EXPECT_EQ(s.enter("10.0.0.9", 200), A::Granted);
}

TEST(UpstreamSlots, ARefusedNewcomerGetsTheNextFreeSlotAheadOfOthers) {
    UpstreamSlots s(2);
    EXPECT_EQ(s.enter("a", 0), A::Granted);
    EXPECT_EQ(s.enter("b", 0), A::Granted);  // a new address may take the last slot
    EXPECT_EQ(s.enter("c", 10), A::Full);    // c now waits its turn
    EXPECT_EQ(s.waiting(), 1);
    s.leave("a");
    EXPECT_EQ(s.enter("a", 20), A::Full);  // the free slot is c's
    EXPECT_EQ(s.enter("d", 20), A::Full);
    EXPECT_EQ(s.enter("c", 30), A::Granted);
    // a asked before d: a's turn comes first.
    s.leave("b");
    EXPECT_EQ(s.enter("d", 40), A::Full);
    EXPECT_EQ(s.enter("a", 40), A::Granted);
}

TEST(UpstreamSlots, ATurnLapsesWhenItsAddressStopsAsking) {
    UpstreamSlots s(1);
    EXPECT_EQ(s.enter("a", 0), A::Granted);
    EXPECT_EQ(s.enter("c", 0), A::Full);
    s.leave("a");
    EXPECT_EQ(s.enter("a", 100), A::Full);  // c's turn
    EXPECT_EQ(s.enter("a", UpstreamSlots::kTurnMs + 500), A::Granted);  // c gave up; a asked since
}

TEST(UpstreamSlots, AttackersArrivingOneAfterAnotherStillLeaveASlot) {
    // Each address opens its slow callers in a row, before the next address starts: the first ones
    // are capped at a quarter (2 of 8) before the shares shrink.
    UpstreamSlots s(8);
    for (const char* a : {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"})
        for (int i = 0; i < 3; ++i) s.enter(a, 0);
    EXPECT_EQ(s.in_use(), 7);
    EXPECT_EQ(s.enter("10.0.0.9", 10), A::Granted);
}

TEST(UpstreamSlots, PastHalfTheSlotsInGreedyAddressesANewcomerWaitsOneCall) {
    UpstreamSlots s(8);
    const std::vector<std::string> attackers = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"};
    for (const auto& a : attackers)
        for (int i = 0; i < 3; ++i) s.enter(a, 0);
    EXPECT_EQ(s.in_use(), 8);  // the first wave took every slot
    EXPECT_EQ(s.enter("10.0.0.9", 10), A::Full);
    // One of their calls ends: the slot is the newcomer's, not theirs.
    s.leave("10.0.0.1");
    ask_round_robin(s, attackers, 3, 20);
    EXPECT_EQ(s.in_use(), 7);
    EXPECT_EQ(s.enter("10.0.0.9", 30), A::Granted);
}

TEST(UpstreamSlots, ALoneAddressHoldsAQuarterAndOneSlotIsNeverRefused) {
    UpstreamSlots s(8);
    EXPECT_EQ(s.enter("a", 0), A::Granted);
    EXPECT_EQ(s.enter("a", 0), A::Granted);
    EXPECT_EQ(s.enter("a", 0), A::OverShare);
    EXPECT_EQ(s.enter("b", 0), A::Granted);
    EXPECT_EQ(s.in_use(), 3);
    s.leave("a");
    s.leave("a");
    s.leave("b");
    s.leave("nobody");  // harmless
    EXPECT_EQ(s.in_use(), 0);
    // Three slots: one each, the last kept for someone else only while there is more than one.
    UpstreamSlots three(3);
    EXPECT_EQ(three.enter("a", 0), A::Granted);
    EXPECT_EQ(three.enter("a", 0), A::OverShare);
    UpstreamSlots one(1);
    EXPECT_EQ(one.enter("a", 0), A::Granted);
    EXPECT_EQ(one.enter("a", 0), A::OverShare);
    one.leave("a");
    EXPECT_EQ(one.enter("a", 0), A::Granted);  // greedy, but the only slot is not kept from it
}

TEST(UpstreamSlots, AGreedyAddressLongestCallIsCancelledForANewcomer) {
    UpstreamSlots s(8);
    std::vector<std::string> attackers;
    for (int i = 1; i <= 8; ++i) attackers.push_back("10.0.0." + std::to_string(i));
    std::vector<uint64_t> first(8, 0);
    for (size_t i = 0; i < attackers.size(); ++i) ASSERT_EQ(s.enter(attackers[i], 0, &first[i]), A::Granted);
    ask_round_robin(s, attackers, 2, 50);  // past their share of one: greedy
    EXPECT_EQ(s.in_use(), 8);
    EXPECT_EQ(s.enter("10.0.0.9", 100), A::Full);
    EXPECT_EQ(s.preempt_for("10.0.0.9", 100), 0u);  // their calls are young
    const int64_t later = UpstreamSlots::kPreemptAfterMs;
    EXPECT_EQ(s.preempt_for("10.0.0.9", later), first[0]);  // the oldest
    EXPECT_EQ(s.preempt_for("10.0.0.9", later), 0u);        // one at a time per waiting address
    // The cancelled call ends: its slot is the newcomer's, not a greedy address's.
    EXPECT_TRUE(s.leave(attackers[0], first[0]));
    ask_round_robin(s, attackers, 2, later + 10);
    EXPECT_EQ(s.in_use(), 7);
    EXPECT_EQ(s.enter("10.0.0.9", later + 20), A::Granted);
    EXPECT_FALSE(s.leave(attackers[1], first[1]));  // a call that ran its course was not cancelled
}

TEST(UpstreamSlots, NothingIsCancelledForTheGreedyWhileASlotIsFreeOrForOneCallPerAddress) {
    UpstreamSlots s(4);
    const std::vector<std::string> attackers = {"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"};
    ask_round_robin(s, attackers, 1, 0);  // one call each: nobody is greedy
    EXPECT_EQ(s.in_use(), 4);
    EXPECT_EQ(s.enter("10.0.0.9", 10), A::Full);
    EXPECT_EQ(s.preempt_for("10.0.0.9", 10000), 0u);  // many addresses, one call each: not told from users
    ask_round_robin(s, attackers, 1, 20000);           // now each asks for a second: greedy
    EXPECT_EQ(s.preempt_for("10.0.0.1", 20000), 0u);    // a greedy address cancels nothing
    s.mark_greedy("10.0.0.9", 20000);                   // a second call while its first waits
    EXPECT_EQ(s.preempt_for("10.0.0.9", 20000), 0u);
    EXPECT_GT(s.preempt_for("10.0.0.8", 20000), 0u);    // a real newcomer does
    UpstreamSlots free_slot(2);
    uint64_t id = 0;
    ASSERT_EQ(free_slot.enter("a", 0, &id), A::Granted);
    free_slot.enter("a", 0);  // greedy now
    EXPECT_EQ(free_slot.preempt_for("b", 10000), 0u);  // a slot is free: nothing to cancel
}

}  // namespace
}  // namespace pinlab::server
