// widgets.cpp — the shared widgets declared in widgets.h.
#include "app/ui/widgets.h"

#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>

#include "app/ui/input.h"
#include "app/ui/semantics.h"
#include "core/text.h"
#include "app/state.h"
#include "app/ui/theme.h"

namespace pinlab::app {

float px(float css) { return css * (ui_scale() > 0 ? ui_scale() : 1.0f); }

void spinner(const char* label) {
    semantics::mark_busy();
    const float r = px(7);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(r * 2 + px(2), r * 2 + px(2)));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float t = static_cast<float>(ImGui::GetTime());
    const ImVec2 c(p.x + r + px(1), p.y + r + px(1));
    const ImU32 col = ImGui::GetColorU32(ImGuiCol_PlotLines);
    dl->PathArcTo(c, r, t * 6.0f, t * 6.0f + 4.2f, 24);
    dl->PathStroke(col, 0, px(2.5f));
    if (label) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", label);
    }
}

namespace {
std::string error_head(const ApiError& e) { return e.message.empty() ? std::string(to_string(e.kind)) : e.message; }
std::string error_meta(const ApiError& e) {
    std::string meta = std::string(to_string(e.kind));
    if (!e.operation.empty()) meta += " · " + e.operation;
    if (e.http_status) meta += " · HTTP " + std::to_string(e.http_status);
    if (e.pinterest_code) meta += " · code " + std::to_string(*e.pinterest_code);
    return meta;
}
}  // namespace

// Measured from the wrapped text and the button row, so nothing is clipped however narrow the box.
float error_box_height(const ApiError& e, float width, bool buttons) {
    if (e.ok()) return 0;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float wrap = std::max(px(40), width - st.WindowPadding.x * 2);
    float h = st.WindowPadding.y * 2;
    h += ImGui::CalcTextSize(error_head(e).c_str(), nullptr, false, wrap).y;
    h += st.ItemSpacing.y + ImGui::CalcTextSize(error_meta(e).c_str(), nullptr, false, wrap).y;
    if (!e.hint.empty()) h += st.ItemSpacing.y + ImGui::CalcTextSize(("Hint: " + e.hint).c_str(), nullptr, false, wrap).y;
    if (buttons) h += st.ItemSpacing.y + ImGui::GetFrameHeight();
    return std::ceil(h + px(2));
}

int error_box_ex(AppState& s, const ApiError& e, bool show_retry, bool show_dismiss) {
    if (e.ok()) return 0;
    int clicked = 0;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.75f, 0.08f, 0.12f, 0.18f));
    ImGui::PushID(&e);
    const float w = ImGui::GetContentRegionAvail().x;
    const float h = error_box_height(e, w, show_retry || show_dismiss);
    ImGui::BeginChild("##error", ImVec2(0, h), true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NavFlattened);
    ImGui::PushTextWrapPos(0);
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.42f, 0.45f, 1.0f));
    ImGui::TextUnformatted(error_head(e).c_str());
    ImGui::PopStyleColor();
    ImGui::TextDisabled("%s", error_meta(e).c_str());
    if (!e.hint.empty()) ImGui::TextUnformatted(("Hint: " + e.hint).c_str());
    ImGui::PopTextWrapPos();
    if (show_retry && button(s, "Retry")) clicked = 1;
    if (show_dismiss) {
        if (show_retry) ImGui::SameLine();
        if (button(s, "Dismiss")) clicked = 2;
    }
    ImGui::EndChild();
    ImGui::PopID();
    ImGui::PopStyleColor();
    return clicked;
}

void large_text(const char* text, float scale) {
    ImGui::SetWindowFontScale(scale);
    ImGui::TextUnformatted(text);
    ImGui::SetWindowFontScale(1.0f);
}

bool error_box(AppState& s, const ApiError& e, bool show_retry) { return error_box_ex(s, e, show_retry, false) == 1; }

void load_more_row(AppState& s, const ApiError& error, bool loading, bool done, const std::function<void()>& more,
                   const PageRow& row) {
    if (!error.ok()) {
        if (row.retry && error_box(s, error, true)) more();
        return;
    }
    if (loading) {
        if (row.spin) spinner("loading…");
        return;
    }
    if (!done && button(s, row.label)) more();
    if (row.count.empty()) return;
    if (!done) ImGui::SameLine();
    ImGui::TextDisabled("%s", row.count.c_str());
}

std::string ellipsize(const std::string& text, float max_w) {
    if (text.empty() || ImGui::CalcTextSize(text.c_str()).x <= max_w) return text;
    const char* dots = "…";
    const float room = max_w - ImGui::CalcTextSize(dots).x;
    if (room <= 0) return dots;
    // The longest prefix that fits, then back to the last word break when one is in the later half.
    const char* begin = text.c_str();
    const char* end = ImGui::GetFont()->CalcWordWrapPositionA(ImGui::GetFontSize() / ImGui::GetFont()->FontSize,
                                                               begin, begin + text.size(), room);
    size_t cut = utf8_floor(text, static_cast<size_t>(end - begin));
    size_t space = text.rfind(' ', cut);
    if (space != std::string::npos && space > cut / 2) cut = space;
    while (cut > 0 && (text[cut - 1] == ' ' || text[cut - 1] == ',')) --cut;
    if (cut == 0) cut = utf8_floor(text, static_cast<size_t>(end - begin));
    std::string shown = text.substr(0, cut) + dots;
    semantics::ellipsized(shown, text);  // what is read and copied is the whole text
    return shown;
}

void text_ellipsized(const std::string& text, float max_w, bool disabled) {
    std::string shown = ellipsize(text, max_w);
    if (disabled) ImGui::TextDisabled("%s", shown.c_str());
    else ImGui::TextUnformatted(shown.c_str());
    if (shown != text && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
}

// [SECTION] Word-wrapped multiline text
// ImGui 1.86's multiline field does not wrap. This one shows the text with soft breaks ("\r\n": ImGui draws
// no glyph for '\r' and filters it from typed and pasted text, so a soft break is never confused with a
// typed newline) re-flowed to the field's width; the caller's string never holds them.
namespace {
std::string strip_soft_breaks(const std::string& v, int* cursor) {
    std::string out;
    out.reserve(v.size());
    for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\r') {
            size_t n = i + 1 < v.size() && v[i + 1] == '\n' ? 2 : 1;
            if (cursor && static_cast<int>(i) < *cursor) *cursor -= std::min<int>(static_cast<int>(n), *cursor - static_cast<int>(i));
            i += n - 1;
            continue;
        }
        out += v[i];
    }
    return out;
}

std::string soft_wrap(const std::string& text, float width, int* cursor) {
    std::string out;
    out.reserve(text.size() + 16);
    ImFont* font = ImGui::GetFont();
    const float scale = ImGui::GetFontSize() / font->FontSize;
    int shift = 0;
    const int cur = cursor ? *cursor : -1;
    size_t line_start = 0;
    while (line_start <= text.size()) {
        size_t nl = text.find('\n', line_start);
        size_t line_end = nl == std::string::npos ? text.size() : nl;
        const char* b = text.c_str() + line_start;
        const char* e = text.c_str() + line_end;
        while (b < e) {
            const char* brk = font->CalcWordWrapPositionA(scale, b, e, width);
            if (brk <= b) brk = b + 1;
            while (brk < e && *brk == ' ') ++brk;  // the spaces end the line; the next starts with a word
            if (brk >= e) break;
            size_t at = static_cast<size_t>(brk - text.c_str());
            out.append(text, static_cast<size_t>(b - text.c_str()), at - static_cast<size_t>(b - text.c_str()));
            out += "\r\n";
            if (cur >= 0 && static_cast<int>(at) <= cur) shift += 2;
            b = brk;
        }
        out.append(text, static_cast<size_t>(b - text.c_str()), static_cast<size_t>(e - b));
        if (nl == std::string::npos) break;
        out += '\n';
        line_start = nl + 1;
    }
    if (cursor) *cursor = cur + shift;
    return out;
}

struct WrapState {
    std::string shown;  // the field's buffer: the value with soft breaks
    float width = 0;
};

int wrap_callback(ImGuiInputTextCallbackData* d) {
    auto* w = static_cast<float*>(d->UserData);
    std::string buf(d->Buf, static_cast<size_t>(d->BufTextLen));
    int cursor = d->CursorPos;
    std::string plain = strip_soft_breaks(buf, &cursor);
    std::string wrapped = soft_wrap(plain, *w, &cursor);
    if (wrapped != buf) {
        d->DeleteChars(0, d->BufTextLen);
        d->InsertChars(0, wrapped.c_str(), wrapped.c_str() + wrapped.size());
        d->CursorPos = d->SelectionStart = d->SelectionEnd = std::clamp(cursor, 0, d->BufTextLen);
    }
    return 0;
}
}  // namespace

bool wrapped_multiline(const char* id, std::string& value, const ImVec2& size) {
    static std::map<ImGuiID, WrapState> states;
    const ImGuiID key = ImGui::GetID(id);
    WrapState& st = states[key];
    const float full_w = size.x > 0 ? size.x : ImGui::GetContentRegionAvail().x + size.x;
    // The text area: the field minus its padding and a vertical scrollbar.
    float width = std::max(px(40), full_w - ImGui::GetStyle().FramePadding.x * 2 - ImGui::GetStyle().ScrollbarSize - px(2));
    // While the field is being edited ImGui keeps its own copy (re-flowed by the callback); otherwise the
    // shown text follows the value.
    if (ImGui::GetActiveID() != key && (st.width != width || strip_soft_breaks(st.shown, nullptr) != value))
        st.shown = soft_wrap(value, width, nullptr);
    st.width = width;
    bool changed = ImGui::InputTextMultiline(id, &st.shown, size,
                                             ImGuiInputTextFlags_CallbackAlways, wrap_callback, &st.width);
    if (changed) {
        std::string plain = strip_soft_breaks(st.shown, nullptr);
        changed = plain != value;
        value = std::move(plain);
    }
    return changed;
}

bool counted_input(AppState& s, const char* label, std::string& value, size_t limit, bool multiline) {
    ImGui::PushID(label);
    ImGui::TextUnformatted(label);
    size_t n = utf8_length(value);
    char counter[32];
    std::snprintf(counter, sizeof counter, "%zu/%zu", n, limit);
    float cw = ImGui::CalcTextSize(counter).x;
    ImGui::SameLine(std::max(0.0f, ImGui::GetWindowContentRegionMax().x - cw));
    if (n > limit) ImGui::TextColored(ImVec4(1.0f, 0.35f, 0.35f, 1.0f), "%s", counter);
    else ImGui::TextDisabled("%s", counter);
    ImGui::SetNextItemWidth(-1);
    bool changed = multiline ? wrapped_multiline("##v", value, ImVec2(-1, ImGui::GetTextLineHeight() * 4.5f))
                             : ImGui::InputText("##v", &value);
    s.bridge.item(std::string("input:") + label);
    if (n > limit) semantics::mark_invalid();
    ImGui::PopID();
    return changed;
}

void dialog_placement(float width_css) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float margin = px(8);
    const float w = std::min(px(width_css), vp->WorkSize.x - 2 * margin);
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, vp->WorkSize.y - 2 * margin));
}

bool submitted_with_enter() {
    return ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false);
}

void same_line_or_wrap(float next_w) {
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < next_w) ImGui::NewLine();
}

bool escape_pressed() { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false); }

int confirm_dialog(AppState& s, const char* id, const std::string& message, const char* confirm_label) {
    int result = 0;
    dialog_placement(440);
    if (ImGui::BeginPopupModal(id, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(message.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
        if (primary_button(s, confirm_label)) {
            result = 1;
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (button(s, "Cancel") || escape_pressed()) {
            result = -1;
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    return result;
}

bool button(AppState& s, const char* label, const ImVec2& size) {
    bool r = ImGui::Button(label, size);
    const char* visible_end = ImGui::FindRenderedTextEnd(label);
    s.bridge.item("button:" + std::string(label, visible_end));
    return r;
}

bool primary_button(AppState& s, const char* label, const ImVec2& size) {
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.90f, 0.0f, 0.14f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.80f, 0.0f, 0.12f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(0.68f, 0.0f, 0.10f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    bool r = button(s, label, size);
    ImGui::PopStyleColor(4);
    return r;
}

bool input(AppState& s, const char* label, std::string& value, int flags, const char* hint) {
    ImGui::TextUnformatted(label);
    ImGui::PushID(label);
    ImGui::SetNextItemWidth(-1);
    bool r = hint ? ImGui::InputTextWithHint("##v", hint, &value, flags) : ImGui::InputText("##v", &value, flags);
    if (flags & ImGuiInputTextFlags_Password) ui_input::mark_secret();
    s.bridge.item(std::string("input:") + label);
    ImGui::PopID();
    return r;
}

bool image_cover(AppState& s, const std::string& url, ImVec2 a, ImVec2 b, uint32_t placeholder, float rounding) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (url.empty()) {
        dl->AddRectFilled(a, b, placeholder, rounding);
        return false;
    }
    const CachedImage& img = s.images.request(url, static_cast<int>(b.x - a.x));
    if (img.state != ImageState::Ready || img.width <= 0 || img.height <= 0) {
        dl->AddRectFilled(a, b, placeholder, rounding);
        if (img.state == ImageState::Failed) {
            const char* t = "image unavailable";
            ImVec2 ts = ImGui::CalcTextSize(t);
            if (ts.x < b.x - a.x)
                dl->AddText(ImVec2((a.x + b.x - ts.x) * 0.5f, (a.y + b.y - ts.y) * 0.5f), IM_COL32(255, 255, 255, 200), t);
        }
        return false;
    }
    float bw = b.x - a.x, bh = b.y - a.y;
    float ia = static_cast<float>(img.height) / static_cast<float>(img.width), ba = bh / std::max(1.0f, bw);
    ImVec2 uv0(0, 0), uv1(1, 1);
    if (ia > ba) {  // image taller than the box: crop top and bottom
        float keep = ba / ia;
        uv0.y = (1 - keep) * 0.5f;
        uv1.y = 1 - uv0.y;
    } else if (ia < ba) {
        float keep = ia / ba;
        uv0.x = (1 - keep) * 0.5f;
        uv1.x = 1 - uv0.x;
    }
    ImTextureID tex = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(img.texture));
    dl->AddImageRounded(tex, a, b, uv0, uv1, IM_COL32_WHITE, rounding);
    return true;
}

ImVec2 image_contain(AppState& s, const std::string& url, ImVec2 a, ImVec2 b, uint32_t placeholder, float rounding) {
    const float bw = b.x - a.x, bh = b.y - a.y;
    if (url.empty()) {
        image_cover(s, url, a, b, placeholder, rounding);
        return ImVec2(bw, bh);
    }
    const CachedImage& img = s.images.request(url, static_cast<int>(bw));
    if (img.state != ImageState::Ready || img.width <= 0 || img.height <= 0) {
        image_cover(s, url, a, b, placeholder, rounding);  // the placeholder (and "image unavailable")
        return ImVec2(bw, bh);
    }
    const float ia = static_cast<float>(img.height) / static_cast<float>(img.width);
    float w = bw, h = bw * ia;
    if (h > bh) {
        h = bh;
        w = bh / ia;
    }
    const ImVec2 p0(std::round(a.x + (bw - w) * 0.5f), std::round(a.y + (bh - h) * 0.5f));
    ImTextureID tex = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(img.texture));
    ImGui::GetWindowDrawList()->AddImageRounded(tex, p0, ImVec2(p0.x + w, p0.y + h), ImVec2(0, 0), ImVec2(1, 1),
                                                IM_COL32_WHITE, rounding);
    return ImVec2(w, h);
}

uint32_t parse_hex_color(const std::string& hex, uint32_t fallback) {
    if (hex.size() != 7 || hex[0] != '#') return fallback;
    unsigned v = 0;
    for (size_t i = 1; i < 7; ++i) {
        char c = hex[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return fallback;
        v = v * 16 + static_cast<unsigned>(d);
    }
    return IM_COL32((v >> 16) & 255, (v >> 8) & 255, v & 255, 255);
}

std::string human_count(int64_t n) {
    char b[32];
    if (n >= 1000000) std::snprintf(b, sizeof b, "%.1fM", n / 1e6);
    else if (n >= 10000) std::snprintf(b, sizeof b, "%.1fk", n / 1e3);
    else std::snprintf(b, sizeof b, "%lld", static_cast<long long>(n));
    return b;
}

std::string human_bytes(size_t n) {
    char b[32];
    if (n >= (1u << 20)) std::snprintf(b, sizeof b, "%.1f MB", n / 1048576.0);
    else if (n >= 1024) std::snprintf(b, sizeof b, "%.1f kB", n / 1024.0);
    else std::snprintf(b, sizeof b, "%zu B", n);
    return b;
}

std::string pin_image_url(const Pin& p, const char* key, int min_width) {
    if (!p.media) return "";
    auto it = p.media->images.find(key);
    if (it != p.media->images.end() && !it->second.url.empty()) return it->second.url;
    if (const ImageDetails* d = p.media->best_image(min_width)) return d->url;
    return p.media->cover_image_url.value_or("");
}

}  // namespace pinlab::app
