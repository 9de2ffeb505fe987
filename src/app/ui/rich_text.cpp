// rich_text.cpp — see rich_text.h. ImGui 1.86 wraps only whole text items, so mixed styles are laid out
// word by word: each word is an item on the current line, or starts the next one when it would pass the edge.
#include "app/ui/rich_text.h"

#include <imgui.h>

#include <unordered_map>

namespace pinlab::app {

namespace {

constexpr size_t kCacheCap = 512;        // parsed descriptions kept (an operation has a few dozen)

struct Flow {
    float right;          // the wrap edge, screen x
    bool line_has_items = false;
};

ImVec4 run_color(const MdRun& r, bool dim) {
    const ImGuiStyle& st = ImGui::GetStyle();
    if (!r.url.empty()) return ImVec4(0.35f, 0.62f, 1.0f, 1.0f);
    if (r.code) return ImVec4(0.85f, 0.55f, 0.30f, 1.0f);
    if (r.bold) return st.Colors[ImGuiCol_Text];
    return dim ? st.Colors[ImGuiCol_TextDisabled] : st.Colors[ImGuiCol_Text];
}

void word(Flow& f, const std::string& w, const MdRun& r, bool dim, const OpenLink& open_link) {
    ImVec2 size = ImGui::CalcTextSize(w.c_str());
    if (f.line_has_items) {
        ImGui::SameLine(0, 0);
        if (ImGui::GetCursorScreenPos().x + size.x > f.right) ImGui::NewLine();
    }
    f.line_has_items = true;
    ImGui::PushStyleColor(ImGuiCol_Text, run_color(r, dim));
    ImGui::TextUnformatted(w.c_str());
    ImGui::PopStyleColor();
    if (r.url.empty()) return;
    if (ImGui::IsItemHovered()) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        ImGui::GetWindowDrawList()->AddLine(ImVec2(a.x, b.y), b, ImGui::GetColorU32(run_color(r, dim)));
        ImGui::SetTooltip("%s (opens in a new tab)", r.url.c_str());
    }
    if (ImGui::IsItemClicked() && open_link) open_link(r.url);
}

void runs(Flow& f, const std::vector<MdRun>& rs, bool dim, const OpenLink& open_link) {
    for (const MdRun& r : rs) {
        // Words with their following spaces, so a line never starts with a space.
        size_t i = 0;
        while (i < r.text.size()) {
            size_t end = r.text.find(' ', i);
            end = end == std::string::npos ? r.text.size() : r.text.find_first_not_of(' ', end);
            if (end == std::string::npos) end = r.text.size();
            word(f, r.text.substr(i, end - i), r, dim, open_link);
            i = end;
        }
    }
}

void block(const MdBlock& b, bool dim, const OpenLink& open_link) {
    const float indent = ImGui::GetFontSize() * (1.2f * static_cast<float>(b.level) +
                                                 (b.kind == MdBlock::Kind::Bullet || b.kind == MdBlock::Kind::Numbered));
    if (b.kind == MdBlock::Kind::Code) {
        ImGui::Indent(ImGui::GetFontSize());
        for (const MdRun& r : b.runs) {
            ImGui::PushStyleColor(ImGuiCol_Text, run_color(r, dim));
            ImGui::TextUnformatted(r.text.c_str());
            ImGui::PopStyleColor();
        }
        ImGui::Unindent(ImGui::GetFontSize());
        return;
    }
    if (indent > 0) ImGui::Indent(indent);
    Flow f{ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x};
    if (b.kind == MdBlock::Kind::Bullet || b.kind == MdBlock::Kind::Numbered) {
        std::string mark = b.kind == MdBlock::Kind::Bullet ? "• " : std::to_string(b.number) + ". ";
        ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::GetWindowDrawList()->AddText(ImVec2(at.x - ImGui::CalcTextSize(mark.c_str()).x, at.y),
                                            ImGui::GetColorU32(dim ? ImGuiCol_TextDisabled : ImGuiCol_Text), mark.c_str());
    }
    std::vector<MdRun> heading;
    const std::vector<MdRun>* rs = &b.runs;
    if (b.kind == MdBlock::Kind::Heading) {
        heading = b.runs;
        for (MdRun& r : heading) r.bold = true;
        rs = &heading;
    }
    runs(f, *rs, dim && b.kind != MdBlock::Kind::Heading, open_link);
    if (indent > 0) ImGui::Unindent(indent);
}

}  // namespace

const std::vector<MdBlock>& markdown_of(const std::string& text) {
    static std::unordered_map<std::string, std::vector<MdBlock>> cache;
    auto it = cache.find(text);
    if (it != cache.end()) return it->second;
    if (cache.size() >= kCacheCap) cache.clear();  // bounded; descriptions parse in microseconds
    return cache.emplace(text, parse_markdown(text, kSpecDocsBase)).first->second;
}

void rich_text(const std::vector<MdBlock>& blocks, const OpenLink& open_link) {
    for (const MdBlock& b : blocks) block(b, false, open_link);
}

void description_text(const char* id, const std::string& text, const OpenLink& open_link, size_t preview_blocks,
                      bool dim) {
    if (text.empty()) return;
    const std::vector<MdBlock>& blocks = markdown_of(text);
    ImGui::PushID(id);
    ImGuiStorage* store = ImGui::GetStateStorage();
    const ImGuiID key = ImGui::GetID("##expanded");
    bool expanded = store->GetBool(key, false);
    const bool long_text = blocks.size() > preview_blocks;  // a paragraph shown is shown whole
    size_t shown = expanded || !long_text ? blocks.size() : std::min(blocks.size(), preview_blocks);
    for (size_t i = 0; i < shown; ++i) block(blocks[i], dim, open_link);
    if (long_text) {
        if (ImGui::SmallButton(expanded ? "Show less" : "Show all")) store->SetBool(key, !expanded);
    }
    ImGui::PopID();
}

}  // namespace pinlab::app
