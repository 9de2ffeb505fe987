// rich_text.h — the spec's descriptions drawn as rich text (core/markdown.h): paragraphs that wrap, bullet
// and numbered items, code in its own colour, links that open in a new tab. A long description shows its
// first lines and "Show all", never a cut without a way to read the rest.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/markdown.h"

namespace pinlab::app {

// Where the spec's relative links ("/docs/…") point.
inline constexpr const char* kSpecDocsBase = "https://developers.pinterest.com";

using OpenLink = std::function<void(const std::string& url)>;

// The blocks of `text`, parsed once and kept (a bounded cache: descriptions are drawn every frame).
const std::vector<MdBlock>& markdown_of(const std::string& text);
// Draws `blocks` wrapped at the content region's right edge.
void rich_text(const std::vector<MdBlock>& blocks, const OpenLink& open_link);
// A description: whole when short; else its first `preview_blocks` blocks and a "Show all" / "Show less"
// toggle (kept per ImGui id `id`). `dim` draws it in the secondary text colour.
void description_text(const char* id, const std::string& text, const OpenLink& open_link, size_t preview_blocks = 2,
                      bool dim = true);

}  // namespace pinlab::app
