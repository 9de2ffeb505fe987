// value_menu.cpp — see value_menu.h: the copy menu of a clicked value and the JSON tree that offers it.
#include "app/ui/value_menu.h"

#include <imgui.h>

#include <cstdio>

#include "app/state.h"
#include "app/ui/widgets.h"
#include "core/json_util.h"
#include "core/schema.h"
#include "core/variables.h"

namespace pinlab::app {

namespace {
constexpr size_t kMaxCopied = 1 << 20;  // a value longer than this is not offered (its path still is)
constexpr size_t kShownChars = 300;     // a leaf's text drawn at most (the copy is whole)
constexpr int kOpenAtOnce = 100;        // nodes drawn open without a click (the first ones)
}  // namespace

std::string value_text(const json& v) { return v.is_string() ? v.get<std::string>() : json_dump(v); }

bool value_clicked() {
    const ImGuiIO& io = ImGui::GetIO();
    const float drag = io.MouseDragThreshold * io.MouseDragThreshold;
    return ImGui::IsItemClicked(ImGuiMouseButton_Right) ||
           (ImGui::IsItemHovered() && ImGui::IsMouseReleased(ImGuiMouseButton_Left) &&
            io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < drag);
}

void request_value_menu(ValueMenu& m, const std::string& value, const std::string& path) {
    m.requested = true;
    m.value = value.size() <= kMaxCopied ? std::optional<std::string>(value) : std::nullopt;
    m.path = path;
}

void request_value_menu(ValueMenu& m, const json& doc, const std::string& pointer) {
    m.requested = true;
    m.path.clear();
    const json* v = resolve_pointer(doc, pointer, &m.path);
    m.value = v ? std::optional<std::string>(value_text(*v)) : std::nullopt;
    if (m.value && m.value->size() > kMaxCopied) m.value.reset();
}

bool value_menu_entries(AppState& s, const std::optional<std::string>& value, const std::string& path) {
    bool used = false;
    if (value) text_ellipsized(*value, px(320), true);
    if (value && button(s, "Copy value")) {
        s.platform.set_clipboard(*value);
        s.notices.toast("Copied the value", false);
        used = true;
    }
    same_line_or_wrap(ImGui::CalcTextSize("Copy JSON path").x + px(24));
    if (button(s, "Copy JSON path")) {
        s.platform.set_clipboard(path);
        s.notices.toast("Copied " + path, false);
        used = true;
    }
    return used;
}

void value_menu(AppState& s, ValueMenu& m, const char* id) {
    if (m.requested) {
        ImGui::OpenPopup(id);  // here, so the popup's id is the id stack's where it is drawn
        m.requested = false;
    }
    if (!ImGui::BeginPopup(id)) return;
    if (value_menu_entries(s, m.value, m.path)) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void copyable_text(AppState& s, ValueMenu& m, const std::string& shown, const std::string& value,
                   const std::string& path) {
    ImGui::TextWrapped("%s", shown.c_str());
    s.bridge.item("value:" + path);
    if (value_clicked()) request_value_menu(m, value, path);
}

namespace {

struct TreeWalk {
    AppState& s;
    const char* kind;
    const std::function<void(const std::string&, const std::string&)>& on_value;
    int budget;
    int max_nodes;
};

void tree_node(TreeWalk& w, const std::string& key, const std::string& pointer, const json& v) {
    if (--w.budget < 0) return;
    if (v.is_object() || v.is_array()) {
        char label[200];
        std::snprintf(label, sizeof label, "%s  %s%zu", key.c_str(), v.is_object() ? "{…} " : "[…] ", v.size());
        if (ImGui::TreeNodeEx(pointer.empty() ? "##root" : pointer.c_str(),
                              w.budget > w.max_nodes - kOpenAtOnce ? ImGuiTreeNodeFlags_DefaultOpen : 0, "%s", label)) {
            size_t i = 0;
            for (auto it = v.begin(); it != v.end() && w.budget > 0; ++it, ++i) {
                std::string k = v.is_object() ? it.key() : std::to_string(i);
                tree_node(w, v.is_object() ? k : "[" + k + "]", pointer + "/" + pointer_token(k), it.value());
            }
            ImGui::TreePop();
        }
        return;
    }
    std::string text = json_dump(v);
    if (text.size() > kShownChars) text = text.substr(0, kShownChars) + "…";
    ImGui::TreeNodeEx(pointer.c_str(), ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen, "%s: %s",
                      key.c_str(), text.c_str());
    w.s.bridge.item(std::string(w.kind) + ":" + pointer);
    if (value_clicked()) w.on_value(pointer, key);
}

}  // namespace

void json_tree(AppState& s, const json& doc, const char* kind,
               const std::function<void(const std::string& pointer, const std::string& key)>& on_value,
               int max_nodes) {
    TreeWalk w{s, kind, on_value, max_nodes, max_nodes};
    tree_node(w, "body", "", doc);
    if (w.budget < 0) ImGui::TextDisabled("(the rest is not shown)");
}

}  // namespace pinlab::app
