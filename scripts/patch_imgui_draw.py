#!/usr/bin/env python3
"""patch_imgui_draw.py IN OUT — copies Dear ImGui 1.86's imgui_draw.cpp for the web build with two changes:

1. Its built-in ProggyClean font data (12 KB of base85) replaced by an empty string: the page always adds its
   own font before the atlas is built, so the default one is never used, but the linker keeps it
   (AddFontDefault is reachable).
2. A hook in ImFont::FindGlyph: when a glyph is missing (ImGui is about to draw its fallback), it calls
   GImFontMissingGlyphHook(codepoint) if set. The page sets it to ask the browser to draw that glyph
   (src/app/ui/glyphs.h); 1.86 has no other way to learn which characters its font lacks.
3. A hook in ImFont::RenderText, which draws every string ImGui shows: it first calls ImFontRenderTextHook when it is
   set. The page's semantics recorder (src/app/ui/semantics.h) takes each string and where it is drawn, so the text
   a person reads can be laid over its pixels as real, selectable text. ImGui 1.86 has no hook for text."""
import os
import re
import sys

src, dst = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()


def patch(pattern, repl, what, flags=0):
    global text
    text, n = re.subn(pattern, repl, text, flags=flags)
    if n != 1:
        sys.exit(f"{src}: {what} was not found once (found {n}); is this ImGui 1.86?")


patch(r'static const char proggy_clean_ttf_compressed_data_base85\[[^\]]*\]\s*=\s*(?:"[^"]*"\s*)+;',
      'static const char proggy_clean_ttf_compressed_data_base85[1] = "";', "the default font's data")
patch(r'(const ImFontGlyph\* ImFont::FindGlyph\(ImWchar c\) const\n\{\n'
      r'    if \(c >= \(size_t\)IndexLookup.Size\)\n)        return FallbackGlyph;\n'
      r'(    const ImWchar i = IndexLookup.Data\[c\];\n    if \(i == \(ImWchar\)-1\)\n)        return FallbackGlyph;\n',
      r'void (*GImFontMissingGlyphHook)(unsigned int codepoint) = NULL;\n'
      r'\1        { if (GImFontMissingGlyphHook) GImFontMissingGlyphHook(c); return FallbackGlyph; }\n'
      r'\2        { if (GImFontMissingGlyphHook) GImFontMissingGlyphHook(c); return FallbackGlyph; }\n',
      "ImFont::FindGlyph")
patch(r'(void ImFont::RenderText\(ImDrawList\* draw_list, float size, ImVec2 pos, ImU32 col, const ImVec4& clip_rect, '
      r'const char\* text_begin, const char\* text_end, float wrap_width, bool cpu_fine_clip\) const\n\{\n)'
      r'((?:.*\n)*?    float x = pos.x;\n    float y = pos.y;\n)',
      r'void (*ImFontRenderTextHook)(const ImFont* font, float size, const ImVec2& pos, ImU32 col, '
      r'const ImVec4& clip_rect, const char* text_begin, const char* text_end, float wrap_width) = NULL;\n\n'
      r'\1\2    if (ImFontRenderTextHook) ImFontRenderTextHook(this, size, pos, col, clip_rect, text_begin, text_end, '
      r'wrap_width);\n',
      "ImFont::RenderText")
os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
open(dst, "w", encoding="utf-8").write(text)
