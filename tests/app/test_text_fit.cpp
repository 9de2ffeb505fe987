// test_text_fit.cpp — text that does not fit: titles end in an ellipsis at a word break, and a long status
// does not squeeze the console's Path column.
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

TEST(TextFit, TitlesEndInAnEllipsisAtAWordBreak) {
    Harness h;
    h.frame();
    const std::string title = "Cozy recipe book for her with a printable checklist and honest tips";
    std::string cut = ellipsize(title, 150);
    ASSERT_NE(cut, title);
    EXPECT_LE(ImGui::CalcTextSize(cut.c_str()).x, 150.5f);
    ASSERT_GE(cut.size(), 4u);
    EXPECT_EQ(cut.substr(cut.size() - 3), "…");
    std::string kept = cut.substr(0, cut.size() - 3);
    EXPECT_EQ(title.compare(0, kept.size(), kept), 0);
    EXPECT_EQ(title[kept.size()], ' ') << "cut at a word break, not mid-word: " << cut;
    EXPECT_EQ(ellipsize("Short", 150), "Short");
}

TEST(TextFit, ALongStatusDoesNotSqueezeTheConsolesPath) {
    Harness h("http://127.0.0.1:8080/", false);
    TokenApi api;
    sign_in_with_token(h, api);
    api.net.responder = [](const Request&) {
        return pinlab::test::net_error(TransportError::Network, "net::ERR_NAME_NOT_RESOLVED while connecting to a host "
                                                                 "that the browser could not find at all");
    };
    AppState* s = state_for_tests();
    s->boards.load(*s, true);
    h.frame();
    ASSERT_TRUE(h.click("nav:Console"));
    for (int i = 0; i < 10; ++i) h.frame();
    ImGuiContext& g = *GImGui;
    float path_w = -1;
    for (int i = 0; i < g.Tables.GetBufSize(); ++i) {
        ImGuiTable* t = g.Tables.GetByIndex(i);
        if (t && t->ColumnsCount == 7 && std::string(ImGui::TableGetColumnName(t, 1)) == "Path")
            path_w = t->Columns[1].WidthGiven;
    }
    ASSERT_GT(path_w, 0) << "the console's table was drawn";
    EXPECT_GT(path_w, ImGui::CalcTextSize("/v5/boards?page_size=").x) << "the path keeps its room";
    // A phone: the log keeps method, path and status, and the path most of the width.
    ImGui::GetIO().DisplaySize = ImVec2(390, 844);
    for (int i = 0; i < 10; ++i) h.frame();
    path_w = -1;
    for (int i = 0; i < g.Tables.GetBufSize(); ++i) {
        ImGuiTable* t = g.Tables.GetByIndex(i);
        if (t && t->ColumnsCount == 3 && std::string(ImGui::TableGetColumnName(t, 1)) == "Path")
            path_w = t->Columns[1].WidthGiven;
    }
    EXPECT_GT(path_w, 150) << "on a phone too";
}
