// test_flags_limits.cpp — the limit and security flags added for issue 13: parsed into the one
// Limits struct (and the emulator's Quotas), range-checked, named in errors and in --help.
#include <gtest/gtest.h>

#include "server/flags.h"

using namespace pinlab;
using namespace pinlab::server;

TEST(ServerFlagsLimits, DefaultsAreTheLimitsStruct) {
    auto r = parse_flags(std::vector<std::string>{});
    ASSERT_TRUE(r.config) << r.error;
    const ServerConfig& s = r.config->server;
    EXPECT_EQ(s.max_body_bytes, Limits{}.max_body_bytes);
    EXPECT_EQ(s.max_connections, Limits{}.max_connections);
    EXPECT_EQ(s.emulator.quotas.max_pins, emu::Quotas{}.max_pins);
    EXPECT_TRUE(s.broker.state_key_file.empty());
}

TEST(ServerFlagsLimits, EveryLimitFlagSetsItsField) {
    auto r = parse_flags(std::vector<std::string>{
        "--max-body-bytes", "2048", "--max-header-line=512", "--max-header-count", "20", "--max-header-bytes", "4096",
        "--max-ranges", "0", "--header-timeout-ms", "500", "--body-timeout-ms", "600", "--idle-timeout-ms", "700",
        "--write-timeout-ms", "800", "--max-connections", "50", "--max-connections-per-peer", "0", "--max-queued", "9",
        "--proxy-max-concurrent", "3", "--proxy-timeout-ms", "900", "--sign-in-ttl-s", "60", "--max-pins", "5",
        "--max-boards", "6", "--max-stored-bytes", "7000", "--max-pending-codes", "8", "--broker-key-file", "/k",
        "--csp-connect", "https://api.example.com", "--csp-connect=http://localhost:9000"});
    ASSERT_TRUE(r.config) << r.error;
    const ServerConfig& s = r.config->server;
    EXPECT_EQ(s.max_body_bytes, 2048u);
    EXPECT_EQ(s.max_header_line, 512u);
    EXPECT_EQ(s.max_header_count, 20u);
    EXPECT_EQ(s.max_header_bytes, 4096u);
    EXPECT_EQ(s.max_ranges, 0);
    EXPECT_EQ(s.header_timeout_ms, 500);
    EXPECT_EQ(s.body_timeout_ms, 600);
    EXPECT_EQ(s.idle_timeout_ms, 700);
    EXPECT_EQ(s.write_timeout_ms, 800);
    EXPECT_EQ(s.max_connections, 50);
    EXPECT_EQ(s.max_connections_per_peer, 0);
    EXPECT_EQ(s.max_queued_requests, 9);
    EXPECT_EQ(s.proxy_max_concurrent, 3);
    EXPECT_EQ(s.proxy_timeout_ms, 900);
    EXPECT_EQ(s.sign_in_ttl_s, 60);
    EXPECT_EQ(s.emulator.quotas.max_pins, 5);
    EXPECT_EQ(s.emulator.quotas.max_boards, 6);
    EXPECT_EQ(s.emulator.quotas.max_stored_bytes, 7000u);
    EXPECT_EQ(s.emulator.quotas.max_pending_codes, 8);
    EXPECT_EQ(s.broker.state_key_file, "/k");
    ASSERT_EQ(s.csp_connect.size(), 2u);
    EXPECT_EQ(s.csp_connect[1], "http://localhost:9000");
}

TEST(ServerFlagsLimits, OutOfRangeIsRefusedWithTheFlagNamed) {
    for (auto args : std::vector<std::vector<std::string>>{{"--max-body-bytes", "10"},
                                                            {"--max-connections", "0"},
                                                            {"--header-timeout-ms", "abc"},
                                                            {"--csp-connect", "api.example.com"},
                                                            {"--csp-connect", "https://a.example/path"},
                                                            {"--max-ranges", "-1"}}) {
        auto r = parse_flags(args);
        EXPECT_FALSE(r.config) << args[0];
        EXPECT_NE(r.error.find(args[0]), std::string::npos) << r.error;
    }
    std::string u = usage();
    for (const char* f : {"--max-body-bytes", "--max-connections-per-peer", "--proxy-timeout-ms", "--broker-key-file",
                          "--csp-connect", "--max-pending-codes"})
        EXPECT_NE(u.find(f), std::string::npos) << f;
}
