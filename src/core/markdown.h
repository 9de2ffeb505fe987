// markdown.h — the spec's descriptions (Markdown with inline HTML: <p>, <a href>, <ul><li>, <code>, <pre>,
// <strong>, <br/>) as blocks of styled runs the Explorer draws: paragraphs, bullet and numbered list items,
// headings, code blocks; inline code, bold, italic and links. Only http(s) links are links (a relative
// link is resolved against `base`); anything else is text. Unknown tags ("<payment unit>") stay text.
//
// Written here rather than taken from a library: a CommonMark library (cmark, md4c) brings a full HTML
// renderer the page has no use for and still leaves the inline HTML above as raw text; the subset the
// spec uses fits in one small parser that costs the page a few KB, and it is fuzzed like every other
// input the app reads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pinlab {

struct MdRun {
    std::string text;
    std::string url;  // a link's target ("" for none)
    bool bold = false, italic = false, code = false;
};

struct MdBlock {
    enum class Kind { Paragraph, Bullet, Numbered, Heading, Code };
    Kind kind = Kind::Paragraph;
    int number = 0;  // Numbered: the item's number
    int level = 0;   // list nesting (0 = top) or heading level (1–6)
    std::vector<MdRun> runs;
};

constexpr size_t kMaxMarkdownBlocks = 400;

std::vector<MdBlock> parse_markdown(std::string_view text, std::string_view base = {});
// The blocks as plain text (a paragraph per line, "• " before bullets), for a preview and for copying.
std::string markdown_plain(const std::vector<MdBlock>& blocks);

}  // namespace pinlab
