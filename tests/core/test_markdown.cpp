// test_markdown.cpp — core/markdown.h on the spec's own kinds of description: HTML paragraphs, lists and
// links, Markdown links, inline code, bold, fenced code; identifiers with underscores stay text; only
// http(s) links are links; unknown tags and text are never lost; the block count is bounded.
#include <gtest/gtest.h>

#include "core/markdown.h"
#include "test_catalogue.h"

using namespace pinlab;

namespace {
std::string runs_text(const MdBlock& b) {
    std::string s;
    for (const auto& r : b.runs) s += r.text;
    return s;
}
}  // namespace

TEST(Markdown, ParagraphsListsAndInlineStyles) {
    auto b = parse_markdown("Get the **list** of `board_id` values.\nSame paragraph.\n\n- one\n- two with [a link](https://example.com/x)\n  - nested\n3. third\n\n## Head");
    ASSERT_EQ(b.size(), 6u);
    EXPECT_EQ(b[0].kind, MdBlock::Kind::Paragraph);
    EXPECT_EQ(runs_text(b[0]), "Get the list of board_id values. Same paragraph.");
    ASSERT_GE(b[0].runs.size(), 4u);
    EXPECT_TRUE(b[0].runs[1].bold);
    EXPECT_EQ(b[0].runs[1].text, "list");
    EXPECT_TRUE(b[0].runs[3].code);
    EXPECT_EQ(b[0].runs[3].text, "board_id");
    EXPECT_EQ(b[1].kind, MdBlock::Kind::Bullet);
    EXPECT_EQ(b[2].runs.back().url, "https://example.com/x");
    EXPECT_EQ(b[2].runs.back().text, "a link");
    EXPECT_EQ(b[3].level, 1);
    EXPECT_EQ(b[4].kind, MdBlock::Kind::Numbered);
    EXPECT_EQ(b[4].number, 3);
    EXPECT_EQ(b[5].kind, MdBlock::Kind::Heading);
    EXPECT_EQ(b[5].level, 2);
}

TEST(Markdown, TheSpecsInlineHtml) {
    auto b = parse_markdown(
        "<p>Use <a href=\"/docs/reference/glossary\">the glossary</a>, <strong>not</strong> "
        "<code>ad_account_id</code>.</p><ul><li>first</li><li>second &quot;q&quot;</li></ul>"
        "<p>Pay per <payment unit> here.<br/>Next line</p>",
        "https://developers.pinterest.com");
    ASSERT_EQ(b.size(), 5u);
    EXPECT_EQ(runs_text(b[0]), "Use the glossary, not ad_account_id.");
    EXPECT_EQ(b[0].runs[1].url, "https://developers.pinterest.com/docs/reference/glossary");
    EXPECT_TRUE(b[0].runs[3].bold);
    EXPECT_TRUE(b[0].runs[5].code);
    EXPECT_EQ(b[1].kind, MdBlock::Kind::Bullet);
    EXPECT_EQ(runs_text(b[2]), "second \"q\"");
    EXPECT_EQ(runs_text(b[3]), "Pay per <payment unit> here.");  // not a tag we know: text
    EXPECT_EQ(runs_text(b[4]), "Next line");
    auto ol = parse_markdown("<ol><li>a</li><li>b</li></ol>");
    ASSERT_EQ(ol.size(), 2u);
    EXPECT_EQ(ol[1].kind, MdBlock::Kind::Numbered);
    EXPECT_EQ(ol[1].number, 2);
}

TEST(Markdown, OnlyHttpLinksAreLinksAndUnderscoredNamesStayText) {
    auto b = parse_markdown("[x](javascript:alert(1)) and [rel](/docs) see https://help.pinterest.com/a. "
                            "the ad_account_id and _emphasis_ and *it*");
    ASSERT_EQ(b.size(), 1u);
    for (const auto& r : b[0].runs) {
        if (!r.url.empty()) EXPECT_EQ(r.url.rfind("https://", 0), 0u) << r.url;
        if (r.text == "x" || r.text == "rel") EXPECT_TRUE(r.url.empty());
    }
    std::string t = runs_text(b[0]);
    EXPECT_NE(t.find("ad_account_id"), std::string::npos);
    bool bare = false, em = false;
    for (const auto& r : b[0].runs) {
        bare = bare || r.url == "https://help.pinterest.com/a";
        em = em || (r.italic && r.text == "emphasis");
    }
    EXPECT_TRUE(bare);
    EXPECT_TRUE(em);
}

TEST(Markdown, FencedAndPreCodeKeepTheirLines) {
    auto b = parse_markdown("Example:\n```\n{\n  \"a\": 1\n}\n```\nafter");
    ASSERT_EQ(b.size(), 3u);
    EXPECT_EQ(b[1].kind, MdBlock::Kind::Code);
    EXPECT_EQ(runs_text(b[1]), "{\n  \"a\": 1\n}");
    auto p = parse_markdown("<pre>x = 1\ny = 2</pre>");
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(runs_text(p[0]), "x = 1\ny = 2");
    EXPECT_EQ(runs_text(parse_markdown("```\nunclosed")[0]), "unclosed\n");
}

TEST(Markdown, BoundedAndLossless) {
    std::string many;
    for (int i = 0; i < 1000; ++i) many += "- item\n";
    EXPECT_EQ(parse_markdown(many).size(), kMaxMarkdownBlocks);
    EXPECT_TRUE(parse_markdown("").empty());
    for (const char* odd : {"**", "`", "[", "[a](", "<a href='x'>", "</a></ul></li>", "<", "&", "\\", "1. ", "#"})
        parse_markdown(odd);  // no crash; ASan watches
    EXPECT_EQ(markdown_plain(parse_markdown("a\n\n- b\n  1. c")), "a\n• b\n  1. c");
}

TEST(Markdown, EveryDescriptionInTheCatalogueKeepsItsWords) {
    // Each description's words survive (a run's text may split or join them; tags and markup do not count).
    const Catalogue& c = *spec_fixture::test_catalogue();
    size_t checked = 0;
    for (size_t i = 0; i < c.size(); ++i) {
        std::string d = c.operation_at(i).value("description", "");
        if (d.empty()) continue;
        std::string plain = markdown_plain(parse_markdown(d, "https://developers.pinterest.com"));
        EXPECT_FALSE(plain.empty()) << c.operation_at(i)["id"];
        ++checked;
    }
    EXPECT_GT(checked, 100u);
}
