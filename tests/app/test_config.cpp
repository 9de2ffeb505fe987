// test_config.cpp — config.json: the built-in defaults and the warnings a broken one gives.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/fake_platform.h"
#include "app/state.h"

using namespace pinlab;
using namespace pinlab::app;
using pinlab::app::test::Harness;

TEST(AppConfig, DefaultsAndWarnings) {
    AppConfig bad = parse_config("{not json");
    EXPECT_FALSE(bad.warning.empty());
    EXPECT_GE(bad.backends.size(), 4u);
    AppConfig none = parse_config("");
    EXPECT_FALSE(none.warning.empty());
    AppConfig c = parse_config(R"({"default_backend":"local","backends":[
        {"id":"demo","label":"D","kind":"demo"},
        {"id":"local","label":"L","kind":"emulator"},
        {"id":"prod","label":"P","kind":"broker"},
        {"id":"x","kind":"martian"}]})");
    ASSERT_EQ(c.backends.size(), 3u);
    EXPECT_EQ(c.default_backend, "local");
    EXPECT_EQ(c.backends[1].api_base, "v5");
    EXPECT_FALSE(c.backends[2].enabled);  // no broker URL
    EXPECT_FALSE(c.backends[2].disabled_reason.empty());
    EXPECT_NE(c.warning.find("x"), std::string::npos);
    EXPECT_EQ(all_scopes().size(), 19u);
}
