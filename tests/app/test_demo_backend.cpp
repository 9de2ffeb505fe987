// test_demo_backend.cpp — what Demo says about itself: its Create view says URL images are generated, and
// curl copied from Demo targets api.pinterest.com.
#include <gtest/gtest.h>
#include <imgui_internal.h>

#include <functional>

#include "app/fake_platform.h"
#include "app/state.h"
#include "app/token_api.h"
#include "app/ui/widgets.h"

using namespace pinlab;
using namespace pinlab::app;
using namespace pinlab::app::test;  // Harness, TokenApi, sign_in_with_token, json_reply, ScriptedTransport

TEST(DemoBackend, DemoCreateSaysUrlImagesAreGenerated) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.click("nav:Create"));
    ASSERT_TRUE(h.until([&] { return h.item("note:generated image").has_value(); }, 20));
}

TEST(DemoBackend, DemoCurlIsForTheRealApi) {
    Harness h;
    ASSERT_TRUE(h.sign_in_demo());
    ASSERT_TRUE(h.click("nav:Console"));
    ASSERT_TRUE(h.until([&] { return !h.labels_with_prefix("console:row:").empty(); }));
    ASSERT_TRUE(h.click(h.labels_with_prefix("console:row:").front()));
    ASSERT_TRUE(h.until([&] { return h.item("button:Copy as curl").has_value(); }));
    ASSERT_TRUE(h.click("button:Copy as curl"));
    EXPECT_NE(h.p.clipboard.find("'https://api.pinterest.com/v5/"), std::string::npos) << h.p.clipboard;
    EXPECT_EQ(h.p.clipboard.find("pina_"), std::string::npos) << "secrets stay redacted";
}
