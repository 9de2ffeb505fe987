// test_redaction.cpp — the request log's redaction against the spellings issue 13 found slipping
// through: other letter case, id_token, JSON \u escapes, percent-encoded keys, ';' separators.
#include <gtest/gtest.h>

#include "core/json.h"
#include "core/request_log.h"

using namespace pinlab;

TEST(Redaction, SpellingVariantsOfSecretKeys) {
    struct Case {
        const char* text;
        const char* secret;
    } cases[] = {
        {"https://a/cb?Code=SECRET1&x=1", "SECRET1"},
        {"{\"id_token\":\"SECRET2\"}", "SECRET2"},
        {"{\"access\\u005ftoken\":\"SECRET3\"}", "SECRET3"},
        {"{\"ACCESS_TOKEN\":\"SECRET4\"}", "SECRET4"},
        {"grant_type=refresh_token&refresh%5Ftoken=SECRET5", "SECRET5"},
        {"a=1;access_token=SECRET6;b=2", "SECRET6"},
        {"x=1,client_secret=SECRET7", "SECRET7"},
        {"%63ode=SECRET8", "SECRET8"},
    };
    for (const auto& c : cases) {
        std::string r = redact_text(c.text);
        EXPECT_EQ(r.find(c.secret), std::string::npos) << c.text << " -> " << r;
        EXPECT_NE(r.find("[REDACTED]"), std::string::npos) << r;
    }
    // Neighbours survive, and JSON stays JSON.
    EXPECT_NE(redact_text("a=1;access_token=S;b=2").find("b=2"), std::string::npos);
    EXPECT_TRUE(json_parse(redact_text("{\"access\\u005ftoken\":\"S\",\"n\":1}")).has_value());
    EXPECT_EQ(redact_text("codec=h264&ok=1"), "codec=h264&ok=1");
}
