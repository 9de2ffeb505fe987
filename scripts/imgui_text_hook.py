#!/usr/bin/env python3
"""imgui_text_hook.py FILE — adds a hook to the web build's copy of Dear ImGui 1.86's imgui_draw.cpp (in place):
ImFont::RenderText, which draws every string ImGui shows, first calls ImFontRenderTextHook when it is set. The
page's semantics recorder (src/app/ui/semantics.h) takes each string and where it is drawn from it, so the
text a person reads can be laid over its pixels as real, selectable text. ImGui 1.86 has no hook for text."""
import sys

path = sys.argv[1]
text = open(path, encoding="utf-8").read()
head = ("void ImFont::RenderText(ImDrawList* draw_list, float size, ImVec2 pos, ImU32 col, const ImVec4& clip_rect, "
        "const char* text_begin, const char* text_end, float wrap_width, bool cpu_fine_clip) const\n{\n")
anchor = "    float x = pos.x;\n    float y = pos.y;\n"
start = text.find(head)
at = text.find(anchor, start)
if start < 0 or at < 0 or "ImFontRenderTextHook" in text:
    sys.exit(f"{path}: ImFont::RenderText not found as in ImGui 1.86, or already hooked")
decl = ("void (*ImFontRenderTextHook)(const ImFont* font, float size, const ImVec2& pos, ImU32 col, "
        "const ImVec4& clip_rect, const char* text_begin, const char* text_end, float wrap_width) = NULL;\n\n")
call = "    if (ImFontRenderTextHook) ImFontRenderTextHook(this, size, pos, col, clip_rect, text_begin, text_end, wrap_width);\n"
at += len(anchor)
text = text[:start] + decl + text[start:at] + call + text[at:]
open(path, "w", encoding="utf-8").write(text)
