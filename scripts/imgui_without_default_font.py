#!/usr/bin/env python3
"""imgui_without_default_font.py IN OUT — copies Dear ImGui's imgui_draw.cpp with its built-in ProggyClean font
data (12 KB of base85) replaced by an empty string, for the web build: the page always adds its own font before
the atlas is built, so the default one is never used, but the linker keeps it (AddFontDefault is reachable)."""
import os
import re
import sys

src, dst = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
pattern = re.compile(r'static const char proggy_clean_ttf_compressed_data_base85\[[^\]]*\]\s*=\s*(?:"[^"]*"\s*)+;')
new, n = pattern.subn('static const char proggy_clean_ttf_compressed_data_base85[1] = "";', text)
if n != 1:
    sys.exit(f"{src}: the default font's data was not found once (found {n}); is this ImGui 1.86?")
os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
open(dst, "w", encoding="utf-8").write(new)
