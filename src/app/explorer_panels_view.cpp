// explorer_panels_view.cpp — see explorer_panels.h: the schema tree (expandable to any depth; a node the
// worker truncated or a cycle loads its component's own tree when opened), the array-enum multi-select, the
// variables, and the answer's body tree.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "app/explorer_panels.h"
#include "app/state.h"
#include "app/ui/rich_text.h"
#include "app/ui/value_menu.h"
#include "app/ui/widgets.h"
#include "core/json_util.h"
#include "core/param_style.h"
#include "core/schema.h"

namespace pinlab::app {

namespace {

const ImVec4 kWarn(0.95f, 0.7f, 0.25f, 1), kType(0.55f, 0.75f, 1.0f, 1), kReq(1.0f, 0.42f, 0.42f, 1);
constexpr int kMaxTreeDepth = 64;     // drawn nesting (the worker's trees are bounded too)
constexpr size_t kEnumPreview = 8;    // enum values listed in a row before "…"
constexpr int kAnswerNodes = 1500;    // answer nodes drawn per frame at most

std::string scalar_text(const json& v) { return v.is_string() ? v.get<std::string>() : json_dump(v); }

// "maxLength 500 · nullable · pattern ^\d+$"
std::string constraint_text(const json& n) {
    std::string out;
    const json* c = json_field(n, "constraints");
    if (c && c->is_object())
        for (auto it = c->begin(); it != c->end(); ++it)
            out += (out.empty() ? "" : " · ") + it.key() + (it->is_boolean() ? "" : " " + scalar_text(*it));
    if (const json* d = json_field(n, "default")) out += (out.empty() ? "" : " · ") + std::string("default ") + scalar_text(*d);
    if (const json* x = json_field(n, "example"); x && !x->is_object() && !x->is_array())
        out += (out.empty() ? "" : " · ") + std::string("example ") + scalar_text(*x);
    return out;
}

std::string enum_text(const json& values, size_t limit) {
    std::string out;
    for (size_t i = 0; i < values.size() && i < limit; ++i) out += (i ? ", " : "") + scalar_text(values[i]);
    if (values.size() > limit) out += ", … (" + std::to_string(values.size()) + " values)";
    return out;
}

bool has_children(const json& n) {
    return json_field(n, "properties") || json_field(n, "items") || json_field(n, "additional") ||
           json_field(n, "variants") || n.value("truncated", false) || n.value("cycle", false) ||
           json_field(n, "description") || json_field(n, "enum");
}

void node(AppState& s, Explorer& e, const json& n, bool body, int depth);

void children(AppState& s, Explorer& e, const json& n, bool body, int depth) {
    if (const json* ps = json_field(n, "properties"); ps && ps->is_array())
        for (const json& p : *ps) node(s, e, p, body, depth + 1);
    if (const json* it = json_field(n, "items")) node(s, e, *it, body, depth + 1);
    if (const json* ad = json_field(n, "additional")) node(s, e, *ad, body, depth + 1);
}

// oneOf/anyOf: a picker, the chosen option's fields, and (in a request body) filling the editor with it.
void variants(AppState& s, Explorer& e, const json& n, bool body, int depth) {
    const json& v = n["variants"];
    const json* opts = json_field(v, "options");
    if (!opts || !opts->is_array() || opts->empty()) return;
    const std::string path = json_string(n, "path");
    size_t& chosen = e.variants[path];  // 0 when never chosen
    if (chosen >= opts->size()) chosen = 0;
    auto label = [](const json& o) {
        std::string tag = json_string(o, "tag"), name = json_string(o, "name");
        return tag.empty() ? name : tag + " (" + name + ")";
    };
    ImGui::TextDisabled("%s: one of %zu", json_string(v, "kind").c_str(), opts->size());
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, px(340)));
    if (ImGui::BeginCombo("##variant", label((*opts)[chosen]).c_str())) {
        for (size_t i = 0; i < opts->size(); ++i) {
            if (ImGui::Selectable(label((*opts)[i]).c_str(), i == chosen)) chosen = i;
            s.bridge.item("variant option:" + json_string((*opts)[i], "tag", json_string((*opts)[i], "name")));
        }
        ImGui::EndCombo();
    }
    s.bridge.item("variant:" + path);
    if (body && button(s, "Fill the body with this variant")) e.use_variant(s, path, chosen);
    const json& o = (*opts)[chosen];
    if (std::string d = json_string(o, "description"); !d.empty())
        description_text("vdesc", d, [&s](const std::string& url) { s.platform.open_new_tab(url); }, 2);
    if (const json* sub = json_field(o, "variants")) {
        json inner = o;
        inner["path"] = path;
        (void)sub;
        variants(s, e, inner, body, depth + 1);
    }
    children(s, e, o, body, depth);
}

void node(AppState& s, Explorer& e, const json& n, bool body, int depth) {
    if (depth > kMaxTreeDepth || !n.is_object()) return;
    const std::string name = json_string(n, "name"), path = json_string(n, "path"), ref = json_string(n, "ref");
    std::string type = json_string(n, "type");
    if (type == "array")
        if (const json* it = json_field(n, "items")) type = "array of " + json_string(*it, "ref", json_string(*it, "type"));
    if (!ref.empty() && type.rfind("array", 0) != 0) type = ref + (type.empty() || type == "object" ? "" : " (" + type + ")");
    if (const json* f = json_field(n, "format")) type += " (" + scalar_text(*f) + ")";
    ImGui::PushID(path.c_str());
    ImGui::PushID(name.c_str());
    const bool leaf = !has_children(n);
    const bool open = ImGui::TreeNodeEx("##node", leaf ? ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen
                                                      : (depth == 0 ? ImGuiTreeNodeFlags_DefaultOpen : 0),
                                        "%s", name.empty() ? "(value)" : name.c_str());
    s.bridge.item("schema:" + path + (name == "items" ? "[]" : ""));
    ImGui::SameLine();
    ImGui::TextColored(kType, "%s", type.c_str());
    if (n.value("required", false)) {
        ImGui::SameLine();
        ImGui::TextColored(kReq, "required");
    }
    std::string cons = constraint_text(n);
    if (const json* en = json_field(n, "enum"); en && en->is_array())
        cons += (cons.empty() ? "" : " · ") + std::string("one of ") + enum_text(*en, kEnumPreview);
    if (!cons.empty()) {
        ImGui::SameLine();
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", cons.c_str());
        ImGui::PopTextWrapPos();
    }
    if (open && !leaf) {
        if (std::string d = json_string(n, "description"); !d.empty())
            description_text("desc", d, [&s](const std::string& url) { s.platform.open_new_tab(url); }, 2);
        if (const json* en = json_field(n, "enum"); en && en->is_array() && en->size() > kEnumPreview) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("all values: %s", enum_text(*en, en->size()).c_str());
            ImGui::PopTextWrapPos();
        }
        if (json_field(n, "variants")) variants(s, e, n, body, depth);
        children(s, e, n, body, depth);
        if ((n.value("truncated", false) || n.value("cycle", false)) && !ref.empty()) {
            // Loaded on demand: the component's own tree, with this node's path.
            auto it = e.schemas.find(ref);
            if (it == e.schemas.end()) e.open_schema(s, ref);
            else if (it->second.is_null()) spinner("Loading the model…");
            else {
                if (n.value("cycle", false)) ImGui::TextDisabled("(%s again: the same model as above)", ref.c_str());
                json sub = it->second;
                sub["path"] = path;
                if (json_field(sub, "variants")) variants(s, e, sub, body, depth);
                children(s, e, sub, body, depth);
            }
        }
        ImGui::TreePop();
    }
    ImGui::PopID();
    ImGui::PopID();
}

}  // namespace

void schema_panel(AppState& s, Explorer& e, const json& tree, bool body) {
    if (!tree.is_object()) return;
    ImGui::PushID(body ? "body-schema" : "response-schema");
    node(s, e, tree, body, 0);
    ImGui::PopID();
}

void enum_multi_select(AppState& s, Explorer& e, const json& param, std::string& value) {
    const json* items = json_field(param, "items");
    const json* en = items ? json_field(*items, "enum") : nullptr;
    if (!en || !en->is_array()) return;
    std::vector<std::string> options;
    for (const json& v : *en) options.push_back(scalar_text(v));
    const std::string name = json_string(param, "name");
    std::vector<std::string> chosen = split_list(value);
    std::string preview = chosen.empty() ? "Choose values…" : std::to_string(chosen.size()) + " chosen";
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, px(240)));
    if (ImGui::BeginCombo("##multi", preview.c_str(), ImGuiComboFlags_HeightLarge)) {
        std::string& filter = e.enum_filter[name];
        ImGui::SetNextItemWidth(px(220));
        ImGui::InputTextWithHint("##filter", "Filter values", &filter);
        s.bridge.item("input:Filter values");
        std::vector<size_t> shown = filter_options(options, filter);
        if (button(s, "Select all")) value = choose_all(value, options, shown);
        ImGui::SameLine();
        if (button(s, "Select none")) value = choose_none(value, options, shown);
        ImGui::SameLine();
        ImGui::TextDisabled("%zu of %zu shown", shown.size(), options.size());
        chosen = split_list(value);
        for (size_t i : shown) {
            bool on = std::find(chosen.begin(), chosen.end(), options[i]) != chosen.end();
            std::string label = std::string(on ? "[x] " : "[ ] ") + options[i];
            if (ImGui::Selectable(label.c_str(), on, ImGuiSelectableFlags_DontClosePopups))
                value = toggle_choice(value, options, options[i]);
            s.bridge.item("option:" + options[i]);
        }
        ImGui::EndCombo();
    }
    s.bridge.item("multi:" + name);
}

void variables_panel(AppState& s, Explorer& e) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("Write {{name}} in any parameter or in the body; it is sent (and copied) as its value. "
                        "Click a value in an answer to save it.");
    ImGui::PopTextWrapPos();
    std::string forget;
    for (const auto& [k, v] : e.vars) {
        ImGui::PushID(k.c_str());
        if (ImGui::SmallButton("Forget")) forget = k;
        s.bridge.item("forget var:" + k);
        ImGui::SameLine();
        ImGui::Text("{{%s}}", k.c_str());
        ImGui::SameLine();
        text_ellipsized(v, ImGui::GetContentRegionAvail().x, true);
        ImGui::PopID();
    }
    if (!forget.empty()) e.forget_var(s, forget);
    ImGui::SetNextItemWidth(px(140));
    ImGui::InputTextWithHint("##vname", "name", &e.var_name);
    s.bridge.item("input:Variable name");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(px(120), ImGui::GetContentRegionAvail().x - px(80)));
    ImGui::InputTextWithHint("##vvalue", "value", &e.var_value);
    s.bridge.item("input:Variable value");
    ImGui::SameLine();
    if (button(s, "Set") && e.set_var(s, e.var_name, e.var_value)) {
        e.var_name.clear();
        e.var_value.clear();
    }
}

void answer_tree(AppState& s, Explorer& e, const json& doc) {
    json_tree(s, doc, "answer", [&](const std::string& pointer, const std::string& key) {
        e.save_pointer = pointer;
        e.save_name = key.empty() || key[0] == '[' ? "" : key;
        e.save_requested = true;  // opened below: a popup's id is the id stack's where it is opened
    }, kAnswerNodes);
    if (e.save_requested) {
        ImGui::OpenPopup("##save-var");
        e.save_requested = false;
        // Read from the answer once, as it is clicked, not on every frame the popup stays open.
        e.save_value = variable_from_answer(doc, e.save_pointer);
        const json* v = resolve_pointer(doc, e.save_pointer, &e.save_path);
        if (!v || !(v->is_string() || v->is_number())) e.save_name.clear();  // a name for a string or a number
    }
    if (ImGui::BeginPopup("##save-var")) {
        const std::optional<std::string>& value = e.save_value;
        const std::string& path = e.save_path;
        // Copy what is on screen, or keep it for the next call (a variable any parameter or body can use).
        if (value_menu_entries(s, value, path)) ImGui::CloseCurrentPopup();
        ImGui::Separator();
        ImGui::Text("Save %s as a variable", path.c_str());
        ImGui::SetNextItemWidth(px(200));
        ImGui::InputTextWithHint("##name", "variable name", &e.save_name);
        s.bridge.item("input:Save as variable");
        ImGui::BeginDisabled(!value || !valid_variable_name(e.save_name));
        if (primary_button(s, "Save variable") && value && e.set_var(s, e.save_name, *value)) ImGui::CloseCurrentPopup();
        ImGui::EndDisabled();
        ImGui::EndPopup();
    }
}

}  // namespace pinlab::app
