// semantics.cpp — the semantics recorder (semantics.h): items and text runs as ImGui's hooks report them,
// resolved at the end of the frame into nodes (role, name, state, box) and containers, and compared with the
// previous frame so the page touches its DOM only where something changed.
#include "app/ui/semantics.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unordered_map>

namespace pinlab::app::semantics {

bool Node::operator==(const Node& o) const {
    return key == o.key && group == o.group && parent == o.parent && role == o.role && state == o.state &&
           level == o.level && name == o.name && value == o.value && x == o.x && y == o.y && w == o.w && h == o.h &&
           size == o.size;
}
bool GroupInfo::operator==(const GroupInfo& o) const {
    return key == o.key && parent == o.parent && kind == o.kind && name == o.name && busy == o.busy;
}

namespace {

// [SECTION] The kinds of the test bridge's labels, as roles
// The hooks cannot tell a radio button, a tab or a pin tile from a button; the bridge's label can.
// Where an item's name comes from: the label's data ("button:Save" → "Save"), the text drawn inside it (a board
// card, an operation row), or the label ImGui was given (a backend's radio button says what the backend is).
enum class NameFrom : uint8_t { Label, Content, Widget };
struct Kind {
    const char* kind;      // the label's text before its first ':'
    Role role;
    Group parent;          // the container the role needs (Plain: none)
    const char* parent_name;
    NameFrom name;
};
constexpr Kind kKinds[] = {
    {"button", Role::Button, Group::Plain, nullptr, NameFrom::Label},
    {"nav", Role::Link, Group::Plain, nullptr, NameFrom::Label},
    {"more", Role::Link, Group::Plain, nullptr, NameFrom::Label},
    {"menu", Role::Button, Group::Plain, nullptr, NameFrom::Label},
    {"backend", Role::Radio, Group::Plain, nullptr, NameFrom::Widget},
    {"input", Role::Textbox, Group::Plain, nullptr, NameFrom::Label},
    {"param", Role::Textbox, Group::Plain, nullptr, NameFrom::Label},
    {"check", Role::Checkbox, Group::Plain, nullptr, NameFrom::Label},
    {"scope", Role::Checkbox, Group::Plain, nullptr, NameFrom::Label},
    {"radio", Role::Radio, Group::Plain, nullptr, NameFrom::Label},
    {"combo", Role::Combobox, Group::Plain, nullptr, NameFrom::Label},
    {"tab", Role::Tab, Group::TabList, "Sections", NameFrom::Label},
    {"board", Role::Tile, Group::List, "Boards", NameFrom::Content},
    {"board-result", Role::Tile, Group::List, "Boards found", NameFrom::Content},
    {"followed-board", Role::Tile, Group::List, "Followed boards", NameFrom::Content},
    {"pin", Role::Tile, Group::List, "Pins", NameFrom::Content},
    {"op", Role::Option, Group::ListBox, "Operations", NameFrom::Content},
    {"history", Role::Option, Group::ListBox, "History", NameFrom::Content},
    {"saved", Role::Option, Group::ListBox, "Saved requests", NameFrom::Content},
    {"console", Role::Option, Group::ListBox, "Requests", NameFrom::Content},
    {"option", Role::Option, Group::ListBox, "Options", NameFrom::Label},
    {"tag", Role::Button, Group::Plain, nullptr, NameFrom::Content},
    {"chart", Role::Image, Group::Plain, nullptr, NameFrom::Label},
    {"image", Role::Image, Group::Plain, nullptr, NameFrom::Label},
};

const Kind* kind_of(const std::string& label, std::string* data) {
    size_t c = label.find(':');
    if (c == std::string::npos) return nullptr;
    for (const Kind& k : kKinds)
        if (label.compare(0, c, k.kind) == 0 && std::strlen(k.kind) == c) {
            *data = label.substr(c + 1);
            if (k.role == Role::Option && data->rfind("row:", 0) == 0) *data = data->substr(4);
            return &k;
        }
    return nullptr;
}

// [SECTION] One frame's record
struct Item {
    ImGuiID id = 0;
    ImGuiWindow* window = nullptr;
    ImRect bb, raw;  // device pixels: clipped to the window / as submitted
    uint32_t seq = 0;
    bool visible = false, has_role = false, from_content = false, from_widget = false;
    Role role = Role::Button;
    Group parent = Group::Plain;
    const char* parent_name = nullptr;
    uint16_t state = 0;
    uint8_t level = 0;
    std::string name, value, content;
    float content_y = 0;  // the line of the last text drawn inside it
};

struct Run {
    int owner = -1;  // index of the item it was drawn inside, -1: none
    ImGuiWindow* window = nullptr;
    std::string text;
    unsigned int col = 0;
    float x = 0, y = 0, w = 0, size = 0;
    uint32_t seq = 0;
    bool heading = false;
    bool hidden = false;  // outside the view: only an item's name or value
};

// ImGui 1.86 declares these status flags only with IMGUI_ENABLE_TEST_ENGINE (the web build); the values are its.
constexpr int kOpenable = 1 << 20, kOpened = 1 << 21, kCheckable = 1 << 22, kChecked = 1 << 23;

constexpr size_t kMaxItems = 4000, kMaxRuns = 3000, kMaxText = 2000;

struct Recorder {
    bool on = false;
    float dpr = 1;
    uint32_t seq = 0;
    std::vector<Item> items;
    std::unordered_map<ImGuiID, size_t> index;
    std::vector<Run> runs;
    int last_added = -1;
    std::unordered_map<std::string, std::string> ellipses;
    std::vector<ImGuiWindow*> busy;
    std::unordered_map<ImGuiWindow*, std::vector<std::string>> tree_keys;  // per window: keys of the open path
    std::vector<Node> nodes, prev_nodes;
    std::vector<GroupInfo> groups, prev_groups;
    std::string changes;
    uint32_t focus_key = 0, prev_focus_key = 0;
    std::unordered_map<uint32_t, ImGuiWindow*> window_of;  // last frame's items, for focus()
    std::unordered_map<uint32_t, ImRect> rect_of;
    Stats stats;
};
Recorder R;

uint32_t fnv(uint32_t h, const void* data, size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
    return h;
}
uint32_t hash_of(uint32_t seed, const std::string& s) {
    uint32_t h = fnv(2166136261u ^ seed, s.data(), s.size());
    return h ? h : 1;
}

std::string clean(const char* b, const char* e) {
    std::string s;
    s.reserve(static_cast<size_t>(e - b));
    for (const char* p = b; p < e && s.size() < kMaxText; ++p)
        s += (*p == '\x1e' || *p == '\x1f' || *p == '\r') ? ' ' : *p;
    return s;
}

Item& item_for(ImGuiID id, ImGuiWindow* window) {
    auto it = R.index.find(id);
    if (it != R.index.end()) return R.items[it->second];
    if (R.items.size() >= kMaxItems) {
        static Item spare;
        spare = Item{};
        return spare;
    }
    R.index[id] = R.items.size();
    R.items.emplace_back();
    Item& i = R.items.back();
    i.id = id;
    i.window = window;
    i.seq = ++R.seq;
    return i;
}

void set_box(Item& i, const ImRect& bb, ImGuiWindow* w) {
    i.raw = bb;
    ImRect c = bb;
    if (w) c.ClipWith(w->ClipRect);
    i.bb = c;
    i.visible = c.GetWidth() >= 1 && c.GetHeight() >= 1;
}

// The key a JSON tree node stands for: "key: value" (a value) or "key  {…} 3" (an object or array).
std::string tree_key(const std::string& label, bool openable) {
    size_t cut = openable ? label.find("  ") : label.find(": ");
    return cut == std::string::npos ? label : label.substr(0, cut);
}

// The root node stands for the document ("body" in the Explorer): paths start below it.
std::string json_path(const std::vector<std::string>& keys) {
    std::string p = "$";
    for (size_t n = 1; n < keys.size(); ++n) {
        const std::string& k = keys[n];
        if (!k.empty() && k[0] == '[') {
            p += k;
            continue;
        }
        bool plain = !k.empty() && !std::isdigit(static_cast<unsigned char>(k[0]));
        for (char c : k) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
        p += plain ? "." + k : "[\"" + k + "\"]";
    }
    return p;
}

}  // namespace

// [SECTION] Feeding
void set_enabled(bool on) { R.on = on; }
bool enabled() { return R.on; }

void begin_frame(float dpr) {
    R.dpr = dpr > 0 ? dpr : 1;
    R.seq = 0;
    R.items.clear();
    R.index.clear();
    R.runs.clear();
    R.ellipses.clear();
    R.busy.clear();
    R.tree_keys.clear();
    R.last_added = -1;
}

void item_add(ImGuiContext* ctx, const ImRect& bb, unsigned int id) {
    // A window's hidden frame (an auto-sized popup measures itself first) is not what the page shows.
    if (!R.on || !id || !ctx->CurrentWindow || ctx->CurrentWindow->Hidden) return;
    Item& i = item_for(id, ctx->CurrentWindow);
    if (!i.id) return;
    set_box(i, bb, ctx->CurrentWindow);
    if (ctx->LastItemData.InFlags & ImGuiItemFlags_Disabled) i.state |= Disabled;
    auto it = R.index.find(id);
    R.last_added = it == R.index.end() ? -1 : static_cast<int>(it->second);
}

void item_info(ImGuiContext* ctx, unsigned int id, const char* label, int flags) {
    if (!R.on || !id || !ctx->CurrentWindow || ctx->CurrentWindow->Hidden) return;
    ImGuiWindow* w = ctx->CurrentWindow;
    Item& i = item_for(id, w);
    if (!i.id) return;
    if (i.raw.GetWidth() <= 0 && ctx->LastItemData.ID == id) set_box(i, ctx->LastItemData.Rect, w);
    const char* end = label ? ImGui::FindRenderedTextEnd(label) : nullptr;
    i.name = label ? clean(label, end) : std::string();
    i.has_role = true;
    if (ctx->LastItemData.InFlags & ImGuiItemFlags_Inputable) {
        i.role = Role::Textbox;
        if (i.raw.GetHeight() > ImGui::GetFrameHeight() * 1.5f) i.state |= Multiline;
    } else if (flags & kCheckable) {
        i.role = Role::Checkbox;
        i.state |= Checkable | ((flags & kChecked) ? Checked : 0);
    } else if (flags & ImGuiItemStatusFlags_HasDisplayRect) {
        // A tree node's clickable box stops after its text while its frame spans the row; a collapsing
        // header's box is its whole frame. The header is a button that expands; the node is a tree item.
        const bool openable = flags & kOpenable, open = flags & kOpened;
        if (openable) i.state |= Expandable | (open ? Expanded : 0);
        const bool node = ctx->LastItemData.ID == id &&
                          ctx->LastItemData.Rect.Max.x + 1 < ctx->LastItemData.DisplayRect.Max.x;
        if (node) {
            i.role = Role::TreeItem;
            i.parent = Group::Tree;
            i.parent_name = "Tree";
            const int depth = std::max(0, w->DC.TreeDepth - (openable && open ? 1 : 0));
            i.level = static_cast<uint8_t>(std::min(depth + 1, 255));
            std::vector<std::string>& keys = R.tree_keys[w];
            keys.resize(static_cast<size_t>(depth));
            keys.push_back(tree_key(i.name, openable));
            i.value = json_path(keys);
        } else {
            i.role = Role::Button;
        }
    } else {
        i.role = Role::Button;
    }
}

void labelled(const std::string& label) {
    if (!R.on || !GImGui) return;
    ImGuiContext& g = *GImGui;
    std::string data;
    const Kind* k = kind_of(label, &data);
    if (!k || !g.CurrentWindow || g.CurrentWindow->Hidden) return;
    const ImGuiID id = g.LastItemData.ID ? g.LastItemData.ID : hash_of(g.CurrentWindow->ID, label);
    Item& i = item_for(id, g.CurrentWindow);
    if (!i.id) return;
    if (i.raw.GetWidth() <= 0) set_box(i, g.LastItemData.Rect, g.CurrentWindow);  // no hook (native), or no id
    if (g.LastItemData.InFlags & ImGuiItemFlags_Disabled) i.state |= Disabled;
    i.has_role = true;
    i.role = k->role;
    i.parent = k->parent;
    i.parent_name = k->parent_name;
    i.from_content = k->name == NameFrom::Content;
    i.from_widget = k->name == NameFrom::Widget;
    if (i.role != Role::TreeItem) i.level = 0;
    if (k->name == NameFrom::Label || i.name.empty()) i.name = data;
    // ImGui does not say whether a radio button is on; it draws its dot in the check mark colour, among the
    // last vertices of the window (its label's glyphs come after it).
    if (k->role == Role::Radio) {
        const ImDrawList* dl = g.CurrentWindow->DrawList;
        const ImU32 mark = ImGui::GetColorU32(ImGuiCol_CheckMark);
        for (int v = dl->VtxBuffer.Size - 1, n = 0; v >= 0 && n < 1024; --v, ++n)
            if (dl->VtxBuffer[v].col == mark && i.raw.Contains(dl->VtxBuffer[v].pos)) {
                i.state |= Checked;
                break;
            }
        i.state |= Checkable;
    }
    if (k->role == Role::Textbox && i.raw.GetHeight() > ImGui::GetFrameHeight() * 1.5f) i.state |= Multiline;
    // A selected tab or view is drawn with the "header active" colour as its button colour (the views push it).
    if (k->role == Role::Tab || k->role == Role::Link) {
        const ImVec4 a = ImGui::GetStyleColorVec4(ImGuiCol_Button), b = ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive);
        if (a.x == b.x && a.y == b.y && a.z == b.z && a.w == b.w) i.state |= Selected;
    }
    if (k->role == Role::Combobox) {
        i.state |= Expandable;
        if (g.LastItemData.ID && ImGui::IsPopupOpen(g.LastItemData.ID, ImGuiPopupFlags_None)) i.state |= Expanded;
    }
}

void labelled_rect(const std::string& label, float x0, float y0, float x1, float y1) {
    if (!R.on || !GImGui) return;
    ImGuiContext& g = *GImGui;
    std::string data;
    const Kind* k = kind_of(label, &data);
    if (!k || !g.CurrentWindow || g.CurrentWindow->Hidden) return;
    Item& i = item_for(hash_of(g.CurrentWindow->ID, label), g.CurrentWindow);
    if (!i.id) return;
    set_box(i, ImRect(x0, y0, x1, y1), g.CurrentWindow);
    i.has_role = true;
    i.role = k->role;
    i.parent = k->parent;
    i.parent_name = k->parent_name;
    i.name = data;
}

void mark_secret() {
    if (!R.on || !GImGui || !GImGui->LastItemData.ID) return;
    auto it = R.index.find(GImGui->LastItemData.ID);
    if (it != R.index.end()) R.items[it->second].state |= Secret;
    else item_for(GImGui->LastItemData.ID, GImGui->CurrentWindow).state |= Secret;
}

void mark_invalid() {
    if (!R.on || !GImGui || !GImGui->LastItemData.ID) return;
    auto it = R.index.find(GImGui->LastItemData.ID);
    if (it != R.index.end()) R.items[it->second].state |= Invalid;
}

void describe_last(const std::string& text) {
    if (!R.on || !GImGui || !GImGui->LastItemData.ID) return;
    auto it = R.index.find(GImGui->LastItemData.ID);
    if (it != R.index.end()) R.items[it->second].name = clean(text.data(), text.data() + text.size());
}

void mark_busy() {
    if (R.on && GImGui && GImGui->CurrentWindow && R.busy.size() < 64) R.busy.push_back(GImGui->CurrentWindow);
}

void ellipsized(const std::string& shown, const std::string& full) {
    if (R.on && shown != full && R.ellipses.size() < 1000) R.ellipses[shown] = full;
}

// Every string drawn: split into the lines ImFont::RenderText draws (new lines and word wrap), only those
// inside the clip rectangle kept, each with its box.
void text(const ImFont* font, float size, const ImVec2& pos, unsigned int col, const ImVec4& clip, const char* b,
          const char* e, float wrap_width) {
    if (!R.on || !font || size <= 0 || ((col >> IM_COL32_A_SHIFT) & 0xFF) == 0) return;
    if (!e) e = b + std::strlen(b);
    ImGuiContext& g = *GImGui;
    if (!g.CurrentWindow || g.CurrentWindow->Hidden) return;
    const float scale = size / font->FontSize;
    const bool heading = g.Font && size >= g.Font->FontSize * 1.33f;  // a title (the body's 1.3× numbers are not)
    int owner = -1;
    if (R.last_added >= 0) {
        const Item& li = R.items[static_cast<size_t>(R.last_added)];
        // A multiline field draws its text in a child window of the window it was added to.
        const ImGuiWindow* w = g.CurrentWindow;
        const bool same = li.window == w || ((w->Flags & ImGuiWindowFlags_ChildWindow) && w->ParentWindow == li.window);
        const ImRect& r = li.raw;
        const bool starts_inside = pos.x >= r.Min.x - 1 && pos.y >= r.Min.y - 1 && pos.x < r.Max.x &&
                                   pos.y + size * 0.5f < r.Max.y + 1;
        // (a scrolled field's text starts above it but is clipped to it)
        const bool clipped_inside = clip.x >= r.Min.x - 1 && clip.y >= r.Min.y - 1 && clip.z <= r.Max.x + 1 &&
                                    clip.w <= r.Max.y + 1;
        if (same && (starts_inside || clipped_inside)) owner = R.last_added;
    }
    // Lines of an item's text outside the view still name it (a pin's title scrolled below the screen) or are
    // its value (a field's lines scrolled away); they are not laid over anything.
    int hidden_left = owner >= 0 ? 64 : 0;
    float y = pos.y;
    const char* s = b;
    while (s < e && R.runs.size() < kMaxRuns) {
        if (y > clip.w && hidden_left <= 0) break;
        const char* nl = static_cast<const char*>(std::memchr(s, '\n', static_cast<size_t>(e - s)));
        const char* le = nl ? nl : e;
        if (wrap_width > 0) {
            const char* brk = font->CalcWordWrapPositionA(scale, s, le, wrap_width);
            if (brk <= s) brk = s + 1;
            if (brk < le) le = brk;
        }
        const bool in_view = y + size >= clip.y && y <= clip.w;
        if (in_view || hidden_left > 0) {
            const char* ts = s;
            const char* te = le;
            while (ts < te && (*ts == ' ' || *ts == '\t')) ++ts;
            while (te > ts && (te[-1] == ' ' || te[-1] == '\r')) --te;
            if (te > ts) {
                Run r;
                r.owner = owner;
                r.window = g.CurrentWindow;
                r.text = clean(ts, te);
                r.col = col;
                auto el = R.ellipses.find(r.text);
                if (el != R.ellipses.end()) r.text = el->second;
                const float lead = ts > s ? font->CalcTextSizeA(size, FLT_MAX, 0, s, ts).x : 0;
                r.x = pos.x + lead;
                r.y = y;
                r.w = font->CalcTextSizeA(size, FLT_MAX, 0, ts, te).x;
                r.size = size;
                r.seq = ++R.seq;
                r.heading = heading && owner < 0;
                r.hidden = !(in_view && r.x < clip.z && r.x + r.w > clip.x);
                if (!r.hidden || (owner >= 0 && hidden_left-- > 0)) R.runs.push_back(std::move(r));
            }
        }
        y += size;
        s = le;
        if (s < e && *s == '\n') ++s;
        else
            while (s < e && *s == ' ') ++s;  // a wrapped line's break spaces
    }
}

// [SECTION] Resolving a frame
namespace {

// Roles whose drawn text is their name (or value) and not repeated as text. A tree item and a tile keep their
// text inside them too: a value is selected and copied there, and the page's find reaches a pin's title.
bool text_is_name(Role r) { return r != Role::TreeItem && r != Role::Textbox && r != Role::Text && r != Role::Heading; }
bool text_stays(Role r) { return r == Role::TreeItem || r == Role::Tile; }

struct Groups {
    std::unordered_map<ImGuiWindow*, uint32_t> of_window;
    std::unordered_map<uint32_t, size_t> index;
    bool main_taken = false;

    uint32_t add(uint32_t key, uint32_t parent, Group kind, std::string name) {
        if (index.count(key)) return key;
        index[key] = R.groups.size();
        R.groups.push_back(GroupInfo{key, parent, kind, std::move(name)});
        return key;
    }
    // A window's container: the error box's child window is an alert, the status bar's a status, a modal popup a dialog, the first
    // plain top-level window the main content; other child windows belong to their parent's.
    uint32_t window(ImGuiWindow* w) {
        if (!w) return add(1, 0, Group::Plain, "");
        auto it = of_window.find(w);
        if (it != of_window.end()) return it->second;
        uint32_t key = 0;
        for (ImGuiWindow* c = w; c; c = (c->Flags & ImGuiWindowFlags_ChildWindow) ? c->ParentWindow : nullptr) {
            if ((c->Flags & ImGuiWindowFlags_ChildWindow) && std::strstr(c->Name, "##error")) {
                key = add(c->ID, 0, Group::Alert, "");
                break;
            }
            if ((c->Flags & ImGuiWindowFlags_ChildWindow) && std::strstr(c->Name, "##status")) {
                key = add(c->ID, 0, Group::Status, "Status");
                break;
            }
            if (!(c->Flags & ImGuiWindowFlags_ChildWindow)) {
                Group kind = Group::Plain;
                if (c->Flags & ImGuiWindowFlags_Modal) kind = Group::Dialog;
                else if (!(c->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Tooltip)) && !main_taken && !index.count(c->ID))
                    kind = Group::Main, main_taken = true;
                std::string name = kind == Group::Dialog ? clean(c->Name, ImGui::FindRenderedTextEnd(c->Name)) : "";
                if (kind == Group::Dialog && name.empty()) name = "Dialog";
                key = add(c->ID, 0, kind, name);
                break;
            }
        }
        of_window[w] = key;
        return key;
    }
    uint32_t sub(uint32_t parent, Group kind, const char* name) {
        return add(hash_of(parent, std::to_string(static_cast<int>(kind))), parent, kind, name ? name : "");
    }
};

// Owned text into names and values; the rest stays text runs.
void attach_runs() {
    const ImU32 hint = ImGui::GetColorU32(ImGuiCol_TextDisabled);  // an empty field's hint is not its value
    for (Run& r : R.runs) {
        if (r.owner < 0) continue;
        Item& i = R.items[static_cast<size_t>(r.owner)];
        if (!i.has_role) {
            r.owner = -1;
            continue;
        }
        if (i.role == Role::Textbox) {
            if (!(i.state & Secret) && r.col != hint && i.value.size() < kMaxText)
                i.value += (i.value.empty() ? "" : "\n") + r.text;
            r.text.clear();
        } else if (text_is_name(i.role)) {
            // Words on one line are one phrase ("GET /pins"); lines are separated by commas.
            if (i.from_content || i.name.empty())
                i.content += (i.content.empty() ? "" : std::fabs(r.y - i.content_y) < 1 ? " " : ", ") + r.text;
            i.content_y = r.y;
            if (!text_stays(i.role)) r.text.clear();
        }
    }
    for (Run& r : R.runs)
        if (r.hidden) r.text.clear();
    for (Item& i : R.items)
        if (!i.content.empty() && (i.from_content || i.name.empty())) i.name = std::move(i.content);
}

float css(float v) { return std::round(v / R.dpr * 10) / 10; }

void build_nodes() {
    R.nodes.clear();
    R.groups.clear();
    Groups G;
    ImGuiContext& g = *GImGui;
    R.focus_key = 0;
    // Items and runs interleaved in the order they were submitted (an item's ItemAdd precedes its text).
    std::unordered_map<uint32_t, int> seen;  // text keys, for repeated strings
    std::unordered_map<uint32_t, const Node*> placed;
    R.nodes.reserve(R.items.size() + R.runs.size());  // never reallocated below: `placed` points into it
    std::vector<std::pair<uint32_t, bool>> order;  // seq → item (true) or run
    for (const Item& i : R.items)
        if (i.has_role && i.visible) order.emplace_back(i.seq, true);
    for (const Run& r : R.runs)
        if (!r.text.empty()) order.emplace_back(r.seq, false);
    std::sort(order.begin(), order.end());
    std::unordered_map<uint32_t, size_t> item_by_seq, run_by_seq;
    for (size_t k = 0; k < R.items.size(); ++k) item_by_seq[R.items[k].seq] = k;
    for (size_t k = 0; k < R.runs.size(); ++k) run_by_seq[R.runs[k].seq] = k;
    for (const auto& [sq, is_item] : order) {
        Node n;
        if (is_item) {
            const Item& i = R.items[item_by_seq[sq]];
            // An item with no words for it (an icon, a "##" id) is left out: an unnamed control helps no one.
            if (i.name.empty() && i.role != Role::Textbox) continue;
            n.key = i.id;
            n.role = i.role;
            n.state = i.state;
            n.level = i.level;
            n.name = i.name.empty() ? "Text field" : i.name;
            n.value = (i.state & Secret) ? std::string() : i.value;
            if (i.role == Role::TreeItem) n.value = i.value;
            n.x = css(i.bb.Min.x), n.y = css(i.bb.Min.y), n.w = css(i.bb.GetWidth()), n.h = css(i.bb.GetHeight());
            const uint32_t wg = G.window(i.window);
            n.group = i.parent == Group::Plain ? wg : G.sub(wg, i.parent, i.parent_name);
            if (g.NavId == i.id && !g.NavDisableHighlight) {
                n.state |= Focused;
                R.focus_key = i.id;
            }
        } else {
            const Run& r = R.runs[run_by_seq[sq]];
            const uint32_t wg = G.window(r.window);
            const Item* owner = r.owner >= 0 ? &R.items[static_cast<size_t>(r.owner)] : nullptr;
            uint32_t k = hash_of(wg ^ (owner ? owner->id : 0), r.text);
            k = hash_of(k, std::to_string(seen[k]++));
            n.key = k;
            n.role = r.heading ? Role::Heading : Role::Text;
            n.level = r.heading ? 1 : 0;
            n.name = r.text;
            n.size = css(r.size);
            n.x = css(r.x), n.y = css(r.y), n.w = css(r.w), n.h = css(r.size);
            n.group = wg;
            if (owner && owner->visible) {
                auto p = placed.find(owner->id);
                if (p != placed.end()) {  // inside its item, placed relative to it
                    n.parent = owner->id;
                    n.group = p->second->group;
                    n.x = std::round((n.x - p->second->x) * 10) / 10;
                    n.y = std::round((n.y - p->second->y) * 10) / 10;
                }
            }
        }
        R.nodes.push_back(std::move(n));
        if (is_item) placed[R.nodes.back().key] = &R.nodes.back();
    }
    for (ImGuiWindow* w : R.busy) {
        const uint32_t key = G.window(w);
        R.groups[G.index[key]].busy = true;
    }
}

}  // namespace

// [SECTION] The difference with the previous frame
namespace {

void num(std::string& out, float v) {
    char b[24];
    std::snprintf(b, sizeof b, "%g", static_cast<double>(v));
    out += b;
}
void field(std::string& out, const std::string& s) {
    out += '\x1f';
    out += s;
}
void field(std::string& out, uint32_t v) {
    out += '\x1f';
    out += std::to_string(v);
}
void field(std::string& out, float v) {
    out += '\x1f';
    num(out, v);
}

void write_node(std::string& out, const Node& n) {
    out += 'n';
    field(out, n.key);
    field(out, n.group);
    field(out, n.parent);
    field(out, static_cast<uint32_t>(n.role));
    field(out, static_cast<uint32_t>(n.state));
    field(out, static_cast<uint32_t>(n.level));
    field(out, n.name);
    field(out, n.value);
    field(out, n.x);
    field(out, n.y);
    field(out, n.w);
    field(out, n.h);
    field(out, n.size);
    out += '\x1e';
    ++R.stats.node_writes;
}

void diff() {
    std::string& out = R.changes;
    out.clear();
    std::unordered_map<uint32_t, const GroupInfo*> pg;
    for (const GroupInfo& gi : R.prev_groups) pg[gi.key] = &gi;
    for (const GroupInfo& gi : R.groups) {
        auto it = pg.find(gi.key);
        if (it != pg.end() && *it->second == gi) continue;
        out += 'g';
        field(out, gi.key);
        field(out, gi.parent);
        field(out, static_cast<uint32_t>(gi.kind));
        field(out, gi.name);
        field(out, static_cast<uint32_t>(gi.busy));
        out += '\x1e';
    }
    std::unordered_map<uint32_t, const Node*> pn;
    for (const Node& n : R.prev_nodes) pn[n.key] = &n;
    bool same_order = R.prev_nodes.size() == R.nodes.size();
    for (size_t k = 0; k < R.nodes.size(); ++k) {
        const Node& n = R.nodes[k];
        if (same_order && R.prev_nodes[k].key != n.key) same_order = false;
        auto it = pn.find(n.key);
        if (it != pn.end() && *it->second == n) continue;
        write_node(out, n);
    }
    std::unordered_map<uint32_t, bool> now;
    for (const Node& n : R.nodes) now[n.key] = true;
    for (const Node& n : R.prev_nodes)
        if (!now.count(n.key)) {
            out += 'x';
            field(out, n.key);
            out += '\x1e';
        }
    std::unordered_map<uint32_t, bool> gnow;
    for (const GroupInfo& gi : R.groups) gnow[gi.key] = true;
    for (const GroupInfo& gi : R.prev_groups)
        if (!gnow.count(gi.key)) {
            out += 'G';
            field(out, gi.key);
            out += '\x1e';
        }
    bool same_groups = R.prev_groups.size() == R.groups.size();
    for (size_t k = 0; same_groups && k < R.groups.size(); ++k) same_groups = R.prev_groups[k].key == R.groups[k].key;
    if (!same_order || !same_groups) {
        out += 'o';
        out += '\x1f';
        for (size_t k = 0; k < R.groups.size(); ++k) out += (k ? "," : "") + std::to_string(R.groups[k].key);
        out += '\x1f';
        for (size_t k = 0; k < R.nodes.size(); ++k) out += (k ? "," : "") + std::to_string(R.nodes[k].key);
        out += '\x1e';
    }
    if (R.focus_key != R.prev_focus_key) {
        out += 'f';
        field(out, R.focus_key);
        out += '\x1e';
    }
}

}  // namespace

void end_frame() {
    if (!R.on) return;
    attach_runs();
    build_nodes();
    diff();
    ++R.stats.frames;
    if (!R.changes.empty()) ++R.stats.changed_frames;
    R.window_of.clear();
    R.rect_of.clear();
    for (const Item& i : R.items)
        if (i.has_role && i.visible) {
            R.window_of[i.id] = i.window;
            R.rect_of[i.id] = i.raw;
        }
    std::swap(R.prev_nodes, R.nodes);
    std::swap(R.prev_groups, R.groups);
    R.prev_focus_key = R.focus_key;
}

// [SECTION] Reading and actions
// After end_frame() the frame's nodes are the "previous" ones: that is what the page shows.
const std::vector<Node>& nodes() { return R.prev_nodes; }
const std::vector<GroupInfo>& groups() { return R.prev_groups; }
const std::string& changes() { return R.changes; }
Stats stats() { return R.stats; }

bool focus(uint32_t key) {
    auto it = R.window_of.find(key);
    if (it == R.window_of.end() || !it->second) return false;
    ImGuiContext& g = *GImGui;
    ImGuiWindow* w = it->second;
    bool alive = false;
    for (ImGuiWindow* x : g.Windows) alive = alive || x == w;
    if (!alive) return false;
    ImGui::FocusWindow(w);
    ImGui::SetFocusID(key, w);
    const ImRect& r = R.rect_of[key];
    const ImVec2 o = w->DC.CursorStartPos;
    w->NavRectRel[g.NavLayer] = ImRect(r.Min.x - o.x, r.Min.y - o.y, r.Max.x - o.x, r.Max.y - o.y);
    g.NavDisableHighlight = false;
    g.NavDisableMouseHover = true;
    return true;
}

void reset() {
    const bool on = R.on;
    R = Recorder{};
    R.on = on;
}

}  // namespace pinlab::app::semantics
