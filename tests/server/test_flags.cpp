// test_flags.cpp — pinlab-server's command line: defaults, every flag family, and bad input that
// must be refused with a message naming the flag.
#include <gtest/gtest.h>

#include "server/flags.h"

using namespace pinlab;
using namespace pinlab::server;

namespace {

FlagsResult parse(std::vector<std::string> args, const char* env_port = nullptr) {
    return parse_flags(args, env_port);
}

}  // namespace

TEST(ServerFlags, DefaultsWithoutArguments) {
    auto r = parse({});
    ASSERT_TRUE(r.config) << r.error;
    const ServerConfig& s = r.config->server;
    EXPECT_EQ(s.host, "127.0.0.1");
    EXPECT_EQ(s.port, 8080);
    EXPECT_TRUE(s.access_log);
    EXPECT_EQ(s.emulator.flavor, emu::Flavor::Public);
    EXPECT_EQ(s.emulator.seed, 1u);
    EXPECT_FALSE(s.emulator.control_endpoint);
    EXPECT_TRUE(s.emulator.clients.empty());
    EXPECT_TRUE(s.register_demo_client);
    EXPECT_EQ(s.rate_limit.mode, RateLimitSetting::On);
    EXPECT_FALSE(r.config->help);
    EXPECT_FALSE(r.config->web_root_given);
    EXPECT_TRUE(r.config->catalogue_file.empty());  // main looks in the web root
}

TEST(ServerFlags, CatalogueFile) {
    auto r = parse({"--catalogue", "/tmp/catalogue.json"});
    ASSERT_TRUE(r.config) << r.error;
    EXPECT_EQ(r.config->catalogue_file, "/tmp/catalogue.json");
    auto empty = parse({"--catalogue="});
    EXPECT_FALSE(empty.config);
    EXPECT_NE(empty.error.find("--catalogue"), std::string::npos) << empty.error;
}

TEST(ServerFlags, ParsesEveryFamilyInBothForms) {
    auto r = parse({"--host", "0.0.0.0", "--port=9000", "--web-root", "/tmp/site", "--flavor=strict", "--seed", "42",
                    "--pins", "250", "--allow-origin", "http://localhost:5173", "--allow-origin=*", "--control",
                    "--latency-ms", "12.5", "--fail-rate", "0.1", "--rate-429=0.2", "--malformed-rate", "0.3",
                    "--truncate-rate", "0.4", "--drop-rate", "1", "--quiet", "--threads", "4", "--rate-limit", "off"});
    ASSERT_TRUE(r.config) << r.error;
    const ServerConfig& s = r.config->server;
    EXPECT_EQ(s.host, "0.0.0.0");
    EXPECT_EQ(s.port, 9000);
    EXPECT_EQ(s.web_root, "/tmp/site");
    EXPECT_TRUE(r.config->web_root_given);
    EXPECT_EQ(s.emulator.flavor, emu::Flavor::Strict);
    EXPECT_EQ(s.emulator.seed, 42u);
    EXPECT_EQ(s.emulator.pin_count, 250);
    ASSERT_EQ(s.emulator.allowed_origins.size(), 2u);
    EXPECT_EQ(s.emulator.allowed_origins[0], "http://localhost:5173");
    EXPECT_EQ(s.emulator.allowed_origins[1], "*");
    EXPECT_TRUE(s.emulator.control_endpoint);
    EXPECT_DOUBLE_EQ(s.emulator.faults.latency_ms, 12.5);
    EXPECT_DOUBLE_EQ(s.emulator.faults.p_5xx, 0.1);
    EXPECT_DOUBLE_EQ(s.emulator.faults.p_429, 0.2);
    EXPECT_DOUBLE_EQ(s.emulator.faults.p_malformed, 0.3);
    EXPECT_DOUBLE_EQ(s.emulator.faults.p_truncated, 0.4);
    EXPECT_DOUBLE_EQ(s.emulator.faults.p_drop, 1.0);
    EXPECT_FALSE(s.access_log);
    EXPECT_EQ(s.threads, 4);
    EXPECT_EQ(s.rate_limit.mode, RateLimitSetting::Off);
}

TEST(ServerFlags, PortFromEnvironmentUnlessFlagGiven) {
    auto env = parse({}, "9123");
    ASSERT_TRUE(env.config) << env.error;
    EXPECT_EQ(env.config->server.port, 9123);
    auto flag = parse({"--port", "0"}, "9123");
    ASSERT_TRUE(flag.config) << flag.error;
    EXPECT_EQ(flag.config->server.port, 0);
    auto bad = parse({}, "http");
    EXPECT_FALSE(bad.config);
    EXPECT_NE(bad.error.find("PORT"), std::string::npos);
}

TEST(ServerFlags, RateLimitPerMinute) {
    auto r = parse({"--rate-limit", "600"});
    ASSERT_TRUE(r.config) << r.error;
    EXPECT_EQ(r.config->server.rate_limit.mode, RateLimitSetting::PerMinute);
    EXPECT_EQ(r.config->server.rate_limit.per_minute, 600);
    EXPECT_FALSE(parse({"--rate-limit", "0"}).config);
    EXPECT_FALSE(parse({"--rate-limit", "sometimes"}).config);
}

TEST(ServerFlags, ClientSpecWithSeveralRedirectsAndSecret) {
    auto r = parse({"--client", "id=app1,redirect=http://localhost:3000/cb,redirect=https://example.com/a?x=1,2,"
                                "secret=s3cret,name=My App"});
    ASSERT_TRUE(r.config) << r.error;
    ASSERT_EQ(r.config->server.emulator.clients.size(), 1u);
    const emu::ClientApp& c = r.config->server.emulator.clients[0];
    EXPECT_EQ(c.client_id, "app1");
    ASSERT_EQ(c.redirect_uris.size(), 2u);
    EXPECT_EQ(c.redirect_uris[0], "http://localhost:3000/cb");
    EXPECT_EQ(c.redirect_uris[1], "https://example.com/a?x=1,2");  // a comma inside a URI stays in it
    EXPECT_EQ(c.secret, "s3cret");
    EXPECT_EQ(c.name, "My App");
}

TEST(ServerFlags, ClientSpecErrors) {
    std::string err;
    EXPECT_FALSE(parse_client_spec("redirect=http://x/", err));
    EXPECT_NE(err.find("id"), std::string::npos);
    EXPECT_FALSE(parse_client_spec("id=a", err));
    EXPECT_NE(err.find("redirect"), std::string::npos);
    EXPECT_FALSE(parse_client_spec("id=a,redirect=ftp://x/", err));
    EXPECT_FALSE(parse_client_spec("id=a,redirect=http://x/,colour=blue", err));
    EXPECT_NE(err.find("colour"), std::string::npos);
    EXPECT_FALSE(parse_client_spec("id=a b,redirect=http://x/", err));
    EXPECT_FALSE(parse({"--client", "id=a,redirect=http://x/", "--client", "id=a,redirect=http://y/"}).config);
}

TEST(ServerFlags, BadInputIsRefusedWithTheFlagNamed) {
    struct Case {
        std::vector<std::string> args;
        const char* mention;
    };
    const Case cases[] = {
        {{"--port", "65536"}, "--port"},
        {{"--port", "-1"}, "--port"},
        {{"--port", "80x"}, "--port"},
        {{"--port"}, "--port"},
        {{"--flavor", "production"}, "--flavor"},
        {{"--seed", "-3"}, "--seed"},
        {{"--fail-rate", "1.5"}, "--fail-rate"},
        {{"--fail-rate", "nan"}, "--fail-rate"},
        {{"--drop-rate", "inf"}, "--drop-rate"},
        {{"--latency-ms", "-1"}, "--latency-ms"},
        {{"--allow-origin", "localhost:5173"}, "--allow-origin"},
        {{"--allow-origin", "http://localhost:5173/path"}, "--allow-origin"},
        {{"--host", "http://x"}, "--host"},
        {{"--threads", "0"}, "--threads"},
        {{"--verbose"}, "--verbose"},
        {{"--quiet=yes"}, "--quiet"},
        {{"serve"}, "serve"},
        {{"--pinterest-app-id", "123"}, "--pinterest-secret-file"},
    };
    for (const Case& c : cases) {
        auto r = parse(c.args);
        EXPECT_FALSE(r.config) << c.args[0];
        EXPECT_NE(r.error.find(c.mention), std::string::npos) << "error '" << r.error << "' should mention "
                                                              << c.mention;
    }
}

TEST(ServerFlags, HelpAndUsage) {
    auto r = parse({"--help"});
    ASSERT_TRUE(r.config);
    EXPECT_TRUE(r.config->help);
    std::string u = usage();
    for (const char* flag : {"--host", "--port", "--web-root", "--flavor", "--seed", "--allow-origin", "--client",
                             "--control", "--latency-ms", "--fail-rate", "--rate-429", "--pins", "--quiet",
                             "--rate-limit", "--catalogue", "--help"})
        EXPECT_NE(u.find(flag), std::string::npos) << flag;
}

TEST(ServerFlags, ArgvOverload) {
    const char* argv[] = {"pinlab-server", "--port", "0", "--seed=7"};
    auto r = parse_flags(4, argv);
    ASSERT_TRUE(r.config) << r.error;
    EXPECT_EQ(r.config->server.port, 0);
    EXPECT_EQ(r.config->server.emulator.seed, 7u);
}
