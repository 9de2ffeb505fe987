// semantics.cpp — the page's DOM layer, kept in step with the canvas: each frame's changes from the semantics
// recorder (app/ui/semantics.h) become real elements over the pixels — buttons, links, checkboxes, radios,
// fields, tabs, options, tree items, tiles in lists, dialogs, an alert — and transparent text positioned over
// the text drawn (as PDF.js does over a PDF), so screen readers, the browser's selection, Ctrl+C, Ctrl+F and
// translation work on what the canvas shows. Only what changed is touched; nothing is rebuilt per frame.
//
// Input. The layer's elements take pointer events (a test or a person clicks a real element), and every
// pointer and wheel event that reaches them goes to the same handlers as the canvas's (input.cpp), so the
// app sees the same click, drag, wheel and touch wherever the pointer is. Text runs are the exception for a
// mouse's left button: the press is not cancelled, so the browser selects text as on any page (and ImGui
// still sees the press). An element activated without a pointer (element.click(), a screen reader's
// "activate", voice control) clicks at its centre through the same input queue; focusing an element
// focuses its item in ImGui, and ImGui's keyboard focus moves the page's focus to the element. A tree item
// carries its JSON path (data-path).
#include <emscripten.h>
#include <imgui.h>

#include <string>

#include "app/ui/semantics.h"
#include "platform/web/web.h"

// The hook the web build's copy of imgui_draw.cpp calls for every string drawn (scripts/patch_imgui_draw.py).
extern void (*ImFontRenderTextHook)(const ImFont* font, float size, const ImVec2& pos, ImU32 col,
                                    const ImVec4& clip_rect, const char* text_begin, const char* text_end,
                                    float wrap_width);

// [SECTION] JavaScript -------------------------------------------------------------------------
// clang-format off
EM_JS(void, pl_js_sem_install, (), {
    var c = Module.canvas, ta = Module.pinlabTextArea;
    var css = document.createElement("style");
    css.textContent =
        "#pinlab-a11y{position:fixed;left:0;top:0;width:0;height:0;overflow:visible;pointer-events:none;" +
        "user-select:none;-webkit-user-select:none;-webkit-touch-callout:none}" +
        "#pinlab-a11y *{position:absolute;box-sizing:border-box;margin:0;padding:0;border:0;background:transparent;" +
        "color:transparent;font:12px/1 sans-serif;white-space:pre;overflow:visible;pointer-events:auto;" +
        "touch-action:none;cursor:inherit;appearance:none;-webkit-appearance:none;outline:none;" +
        "min-width:0;min-height:0;caret-color:transparent;text-align:left}" +
        "#pinlab-a11y .g{left:0;top:0;width:0;height:0;pointer-events:none}" +
        "#pinlab-a11y .t{user-select:text;-webkit-user-select:text;cursor:text;transform-origin:0 0}" +
        "#pinlab-a11y ::selection{background:rgba(80,150,255,.45);color:transparent}" +
        "#pinlab-a11y :focus-visible{outline:2px solid #5aa0ff;outline-offset:1px}";
    document.head.appendChild(css);
    var root = document.createElement("div");
    root.id = "pinlab-a11y";
    c.parentNode.insertBefore(root, c.nextSibling);
    Module.pinlabLayer = root;
    Module.pinlabListen(root);  // pointer, wheel and touch on the layer go where the canvas's go

    // What the parts below share (each is its own function, installed in order by install_semantics).
    // stats: the cost per drawn frame (the recorder's end of frame in C++ plus this page's part), for the bench.
    Module.pinlabSem = {
        c: c, ta: ta, root: root, nodes: {}, groups: {}, groupParent: {}, syncing: false,
        stats: Module.pinlabSemStats = { frames: 0, applies: 0, cppMs: 0, jsMs: 0, maxMs: 0, writes: 0, samples: [] }
    };
});

// [elements] One per role (semantics::Role order); `t` is the element actions and names go to. Containers.
EM_JS(void, pl_js_sem_install_elements, (), {
    var L = Module.pinlabSem, c = L.c, ta = L.ta, root = L.root, nodes = L.nodes, groups = L.groups, groupParent = L.groupParent, stats = L.stats;
    var GROUP_ROLES = ["", "main", "dialog", "alert", "tablist", "listbox", "tree", "list", "status"];
    var make = L.make = function(role, state) {
        var el, t;
        var div = function(r) { var d = document.createElement("div"); d.setAttribute("role", r); d.tabIndex = -1; return d; };
        switch (role) {
            case 0: el = document.createElement("span"); el.className = "t"; break;
            case 1: el = document.createElement("h1"); el.className = "t"; break;
            case 2: el = document.createElement("button"); el.type = "button"; break;
            case 3: el = document.createElement("a"); el.setAttribute("role", "link"); el.tabIndex = -1; break;
            case 4: case 5: el = document.createElement("input"); el.type = role === 4 ? "checkbox" : "radio"; break;
            case 6: el = div("tab"); break;
            case 7:
                if (state & 256) { el = document.createElement("textarea"); }
                else { el = document.createElement("input"); el.type = (state & 128) ? "password" : "text"; }
                el.setAttribute("autocomplete", "off");
                el.spellcheck = false;
                break;
            case 8: el = div("combobox"); break;
            case 9: el = div("option"); break;
            case 10: el = div("treeitem"); break;
            case 11:
                el = document.createElement("div"); el.setAttribute("role", "listitem");
                t = document.createElement("a"); t.setAttribute("role", "link"); t.tabIndex = -1;
                t.style.cssText = "left:0;top:0;width:100%;height:100%";
                el.appendChild(t);
                break;
            default: el = div("img"); el.removeAttribute("tabindex"); break;
        }
        return { el: el, t: t || el, role: role, f: [] };
    };
    var setAttr = L.setAttr = function(el, k, v) {
        if (v === null) { if (el.hasAttribute(k)) el.removeAttribute(k); }
        else if (el.getAttribute(k) !== v) el.setAttribute(k, v);
    };

    L.group = function(key, parent, kind, name, busy) {
        var g = groups[key];
        if (!g) {
            g = groups[key] = document.createElement("div");
            g.className = "g";
            g.dataset.g = key;
        }
        groupParent[key] = parent;
        setAttr(g, "role", GROUP_ROLES[kind] || null);
        setAttr(g, "aria-modal", kind === 2 ? "true" : null);
        // The status bar is found as a status (a screen reader's "read the status bar"); the page's live region
        // already speaks each new status line, so this one stays quiet instead of saying it twice.
        setAttr(g, "aria-live", kind === 8 ? "off" : null);
        setAttr(g, "aria-label", name ? name : null);
        setAttr(g, "aria-busy", busy ? "true" : null);
        var p = parent ? groups[parent] : root;
        if (p && g.parentNode !== p) p.appendChild(g);
    };
    L.dropGroup = function(key) {
        var g = groups[key];
        if (g && g.parentNode) g.parentNode.removeChild(g);
        delete groups[key];
        delete groupParent[key];
    };
    L.drop = function(key) {
        var n = nodes[key];
        if (!n) return;
        if (n.el.parentNode) n.el.parentNode.removeChild(n.el);
        delete nodes[key];
    };
});

// [nodes] f: n key group parent role state level name value x y w h size
EM_JS(void, pl_js_sem_install_nodes, (), {
    var L = Module.pinlabSem, c = L.c, ta = L.ta, root = L.root, nodes = L.nodes, groups = L.groups, groupParent = L.groupParent, stats = L.stats;
    var make = L.make, setAttr = L.setAttr, drop = L.drop;
    var measure = document.createElement("canvas").getContext("2d");
    L.node = function(f) {
        var key = f[1], role = +f[4], state = +f[5], old;
        var n = nodes[key];
        // A field that became multiline or secret is another element.
        if (n && (n.role !== role || (role === 7 && ((+n.f[5]) & 384) !== (state & 384)))) { drop(key); n = null; }
        if (!n) { n = nodes[key] = make(role, state); n.el.dataset.k = key; }
        old = n.f;
        var parent = +f[3];
        var cont = parent ? (nodes[parent] && nodes[parent].t) : groups[+f[2]];
        if (!cont) cont = root;
        if (n.el.parentNode !== cont) cont.appendChild(n.el);
        n.parent = parent;
        var x = +f[9], y = +f[10], w = +f[11], h = +f[12], size = +f[13], name = f[7], value = f[8];
        n.box = [x, y, w, h];
        var s = n.el.style;
        if (old[9] !== f[9]) s.left = x + "px";
        if (old[10] !== f[10]) s.top = y + "px";
        if (old[12] !== f[12]) { s.height = h + "px"; if (role < 2) s.lineHeight = h + "px"; }
        if (role < 2) {
            // A space after each run: text selected across runs, and a name read from them, keeps its words apart.
            if (old[7] !== name) n.el.textContent = name + " ";
            if (old[13] !== f[13]) s.fontSize = size + "px";
            if (old[7] !== name || old[11] !== f[11] || old[13] !== f[13]) {
                // Scaled so the browser's glyphs span exactly the drawn ones: selection and find highlight them.
                measure.font = size + "px sans-serif";
                var mw = measure.measureText(name).width;
                s.width = mw + "px";
                s.transform = mw > 0 ? "scaleX(" + (w / mw).toFixed(4) + ")" : "";
            }
            if (role === 1) setAttr(n.el, "aria-level", String(+f[6] || 1));
        } else {
            if (old[11] !== f[11]) s.width = w + "px";
            if (old[7] !== name) setAttr(n.t, "aria-label", name || null);
            setAttr(n.t, "aria-disabled", (state & 32) ? "true" : null);
            setAttr(n.t, "aria-invalid", (state & 64) ? "true" : null);
            setAttr(n.t, "aria-expanded", (state & 8) ? ((state & 16) ? "true" : "false") : null);
            if (role === 4 || role === 5) n.t.checked = !!(state & 2);
            if (role === 6 || role === 9) setAttr(n.t, "aria-selected", (state & 4) ? "true" : "false");
            if (role === 3) setAttr(n.t, "aria-current", (state & 4) ? "page" : null);
            if (role === 7 && !(state & 128) && n.t.value !== value && document.activeElement !== n.t) n.t.value = value;
            if (role === 10) { setAttr(n.t, "aria-level", String(+f[6] || 1)); setAttr(n.t, "data-path", value || null); }
        }
        n.f = f;
        stats.writes++;
    };
});

// [order] Groups and nodes in reading order; an element is moved only when it is not where it should be.
// Then the changes of a frame applied in one pass.
EM_JS(void, pl_js_sem_install_apply, (), {
    var L = Module.pinlabSem, c = L.c, ta = L.ta, root = L.root, nodes = L.nodes, groups = L.groups, groupParent = L.groupParent, stats = L.stats;
    var order = function(gkeys, nkeys) {
        var cursor = new Map(), placed = {};
        var put = function(cont, el) {
            var prev = cursor.get(cont);
            var want = prev ? prev.nextSibling : cont.firstChild;
            if (want !== el) cont.insertBefore(el, want);
            cursor.set(cont, el);
        };
        var ensure = function(g) {
            if (placed[g] || !groups[g]) return;
            placed[g] = true;
            var p = groupParent[g];
            if (p) { ensure(p); put(groups[p], groups[g]); } else put(root, groups[g]);
        };
        var keys = nkeys ? nkeys.split(",") : [];
        for (var i = 0; i < keys.length; i++) {
            var n = nodes[keys[i]];
            if (!n) continue;
            if (n.parent && nodes[n.parent]) { put(nodes[n.parent].t, n.el); continue; }
            var g = n.el.parentNode && n.el.parentNode.dataset ? n.el.parentNode.dataset.g : null;
            if (g) { ensure(g); put(groups[g], n.el); }
        }
    };

    var focusTo = function(key) {
        var n = nodes[key], ae = document.activeElement;
        if (!n || ae === ta || ae === n.t) return;
        L.syncing = true;
        try { n.t.focus({ preventScroll: true }); } finally { L.syncing = false; }
    };

    Module.pinlabSemApply = function(s, cppMs) {
        var t0 = performance.now();
        stats.frames++;
        stats.cppMs += cppMs;
        if (c.style.top !== root.style.top) root.style.top = c.style.top;
        if (s) {
            stats.applies++;
            var recs = s.split(String.fromCharCode(30));  // (EM_JS bodies cannot hold backslash escapes)
            for (var i = 0; i < recs.length; i++) {
                if (!recs[i]) continue;
                var f = recs[i].split(String.fromCharCode(31));
                switch (f[0]) {
                    case "g": L.group(+f[1], +f[2], +f[3], f[4], f[5] === "1"); break;
                    case "n": L.node(f); break;
                    case "x": L.drop(f[1]); break;
                    case "G": L.dropGroup(+f[1]); break;
                    case "o": order(f[1], f[2]); break;
                    case "f": if (+f[1]) focusTo(f[1]); break;
                }
            }
        }
        var ms = performance.now() - t0 + cppMs;
        stats.jsMs += performance.now() - t0;
        if (ms > stats.maxMs) stats.maxMs = ms;
        if (stats.samples.length < 20000) stats.samples.push(ms);
    };
});

// [actions] What the page does to an element (a click, a focus) reaches the canvas's control.
EM_JS(void, pl_js_sem_install_actions, (), {
    var L = Module.pinlabSem, c = L.c, ta = L.ta, root = L.root, nodes = L.nodes, groups = L.groups, groupParent = L.groupParent, stats = L.stats;
    var nodeOf = function(el) {
        var e = el && el.closest ? el.closest("[data-k]") : null;
        return e ? nodes[e.dataset.k] : null;
    };
    var centre = function(n) { return [n.box[0] + n.box[2] / 2, n.box[1] + n.box[3] / 2]; };
    // A click at the item's centre through the input queue: what the pointer does, applied a frame apart.
    var activate = function(n) {
        var p = centre(n), push = Module.pinlabPushInput;
        push(0, p[0], p[1], 0, 0, 0);
        push(1, p[0], p[1], 0, 0, 0);
        push(2, p[0], p[1], 0, 0, 0);
    };
    root.addEventListener("click", function(e) {
        var n = nodeOf(e.target);
        if (!n || n.role < 2) return;
        e.preventDefault();  // a checkbox's own toggle: its state is the app's
        if (e.detail === 0) {
            if (n.role === 7) { ta.focus({ preventScroll: true }); Module.pinlabFocusGrace = 4; }
            activate(n);
        }
    });
    // A press of the mouse or a finger focuses the element under it too: that focus is the press's, which
    // the canvas's input already carries. Taken as keyboard focus it would turn the mouse's hover off in
    // ImGui, and the press would do nothing (a tree node clicked on its text stayed shut).
    var pressedAt = -1e9;
    root.addEventListener("pointerdown", function() { pressedAt = performance.now(); }, true);
    root.addEventListener("focusin", function(e) {
        var n = nodeOf(e.target);
        if (!n || L.syncing || n.role < 2) return;
        if (performance.now() - pressedAt < 1000) return;
        if (n.role === 7) {  // a field: editing starts, the hidden field takes the keys (input.cpp)
            ta.focus({ preventScroll: true });
            Module.pinlabFocusGrace = 4;
            activate(n);
            return;
        }
        Module.pinlabSemFocus = +n.el.dataset.k;
        Module.pinlabDirty = true;
    });

});

// The element the page focused since the last frame (0: none).
EM_JS(double, pl_js_sem_take_focus, (), {
    var k = Module.pinlabSemFocus || 0;
    Module.pinlabSemFocus = 0;
    return k;
});
EM_JS(void, pl_js_sem_apply, (const char* changes, double cpp_ms), {
    Module.pinlabSemApply(changes ? UTF8ToString(changes) : "", cpp_ms);
});
// clang-format on

namespace {
void text_hook(const ImFont* font, float size, const ImVec2& pos, ImU32 col, const ImVec4& clip, const char* b,
               const char* e, float wrap) {
    pinlab::app::semantics::text(font, size, pos, col, clip, b, e, wrap);
}
}  // namespace

namespace pinlab::web {

void install_semantics() {
    pl_js_sem_install();  // the layer and its shared state, then its parts
    pl_js_sem_install_elements();
    pl_js_sem_install_nodes();
    pl_js_sem_install_apply();
    pl_js_sem_install_actions();
    app::semantics::set_enabled(true);
    ImFontRenderTextHook = &text_hook;
}

void semantics_begin(float dpr) {
    const double key = pl_js_sem_take_focus();
    app::semantics::begin_frame(dpr);
    if (key > 0) app::semantics::focus(static_cast<uint32_t>(key));
}

void semantics_sync() {
    const double t0 = emscripten_get_now();
    app::semantics::end_frame();
    const std::string& c = app::semantics::changes();
    pl_js_sem_apply(c.empty() ? nullptr : c.c_str(), emscripten_get_now() - t0);
}

}  // namespace pinlab::web
