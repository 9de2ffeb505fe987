// input.cpp — the page's input, in one place: DOM listeners (pointer, wheel, keys, a hidden text field,
// clipboard events, the visual viewport) queue events in JavaScript; pump_input() hands them to the
// app's input model (app/input.h) once per frame, and sync_input() tells the page what the frame left:
// whether a text field is being edited (the hidden field takes focus there, which brings up a phone's
// keyboard and receives IME text), where its caret is, what a Copy would take, the mouse cursor.
//
// Why a hidden <textarea>: a canvas cannot raise an on-screen keyboard or receive composed (IME) text,
// and clipboard events carry text only to the focused element. Why clipboard events rather than the
// async Clipboard API: a paste event carries the text with no permission prompt, and a copy event lets
// the page put the selection on the clipboard synchronously.
#include <emscripten.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <cmath>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/ui/input.h"
#include "app/ui/semantics.h"
#include "platform/web/web.h"

// [SECTION] JavaScript -------------------------------------------------------------------------
// clang-format off
EM_JS(void, pl_js_input_install, (), {
    var c = Module.canvas;
    var q = Module.pinlabInput = [];
    var mac = /Mac|iPhone|iPad|iPod/.test(navigator.platform || navigator.userAgent || "");
    Module.pinlabMac = mac;
    Module.pinlabCopyText = "";
    Module.pinlabTextRects = [];  // CSS px [x, y, w, h, ...] of the text fields drawn last frame
    var push = function(type, x, y, a, b, m, text) {
        if (q.length < 4096) q.push([type, x, y, a, b, m, performance.now(), text || ""]);
        Module.pinlabDirty = true;
    };
    Module.pinlabPushInput = push;
    var mods = function(e) { return (e.ctrlKey ? 1 : 0) | (e.shiftKey ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0); };
    var pos = function(e) { var r = c.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };

    // The hidden field: focused while ImGui edits text, placed at the caret (IME popups and the page's
    // scroll-into-view follow it), 16 px so mobile browsers do not zoom on focus.
    var ta = document.createElement("textarea");
    ta.id = "pinlab-text";
    ta.setAttribute("aria-label", "Text input for the focused field");
    ta.setAttribute("autocapitalize", "off");
    ta.setAttribute("autocomplete", "off");
    ta.setAttribute("autocorrect", "off");
    ta.setAttribute("spellcheck", "false");
    ta.style.cssText = "position:fixed;left:0;top:0;width:1px;height:20px;opacity:0;padding:0;border:0;margin:0;" +
                       "font-size:16px;resize:none;overflow:hidden;z-index:-1;background:transparent;color:transparent;caret-color:transparent;";
    document.body.appendChild(ta);
    Module.pinlabTextArea = ta;
    var flush = function() { var v = ta.value; if (v) { ta.value = ""; push(11, 0, 0, 0, 0, 0, v); } };
    ta.addEventListener("input", function(e) { if (!e.isComposing) flush(); });
    // What the IME composes is shown at the caret by the app (Compose events, 16); the committed text comes
    // as the field's value when the composition ends.
    var compose = function(t) { push(16, 0, 0, 0, 0, 0, t); };
    ta.addEventListener("compositionstart", function() { compose(""); });
    ta.addEventListener("compositionupdate", function(e) { compose(e.data || ""); });
    ta.addEventListener("compositionend", function() { compose(""); flush(); });
    // On-screen keyboards report editing keys as input types (their keydown says "Unidentified").
    ta.addEventListener("beforeinput", function(e) {
        var k = e.inputType === "deleteContentBackward" ? 12 : e.inputType === "deleteContentForward" ? 11 :
                (e.inputType === "insertLineBreak" || e.inputType === "insertParagraph") ? 14 : 0;
        if (!k) return;
        e.preventDefault();
        push(9, 0, 0, k, 0, 0); push(10, 0, 0, k, 0, 0);
    });
    // What the listeners below share (each part is its own function, installed in order by install_input).
    Module.pinlabIn = { c: c, q: q, ta: ta, mac: mac, push: push, mods: mods, pos: pos };
});

// [pointer] Mouse and pen become mouse events; touch goes to the gesture recogniser in C++.
EM_JS(void, pl_js_input_install_pointer, (), {
    var I = Module.pinlabIn, c = I.c, ta = I.ta, push = I.push, mods = I.mods, pos = I.pos;
    var buttonOf = function(b) { return b === 2 ? 1 : b === 1 ? 2 : 0; };  // DOM -> ImGui (left, right, middle)
    var touchStart = null;
    var inTextRect = function(x, y) {
        var r = Module.pinlabTextRects;
        for (var i = 0; i + 3 < r.length; i += 4)
            if (x >= r[i] && y >= r[i + 1] && x < r[i] + r[i + 2] && y < r[i + 1] + r[i + 3]) return true;
        return false;
    };
    // The DOM layer over the canvas (semantics.cpp) listens with the same handlers: its elements take the
    // pointer, and what reaches them is the canvas's input. A mouse press on a run of text is left to the
    // browser as well (it selects text), everything else is the app's alone.
    var isText = function(e) { return e.pointerType === "mouse" && e.button === 0 && e.target !== c &&
                                      e.target.closest && e.target.closest(".t") !== null; };
    var listen = function(el) {
        el.addEventListener("pointerdown", function(e) {
            var p = pos(e);
            var text = isText(e);
            if (e.pointerType === "touch") {
                touchStart = { id: e.pointerId, x: p[0], y: p[1], t: performance.now() };
                if (e.target !== c) { try { c.setPointerCapture(e.pointerId); } catch (x) {} }
                push(5, p[0], p[1], e.pointerId, 0, 0);
            } else {
                if (!text) { try { c.setPointerCapture(e.pointerId); } catch (x) {} }
                // A click on a text field gives the hidden field the keys at once, so what is typed right
                // after the click is not lost while the frame that activates the field is still to come.
                if (e.button === 0 && inTextRect(p[0], p[1])) { ta.focus({ preventScroll: true }); Module.pinlabFocusGrace = 4; }
                else if (document.activeElement !== ta) c.focus({ preventScroll: true });
                push(1, p[0], p[1], buttonOf(e.button), 0, mods(e));
            }
            if (!text) e.preventDefault();
        });
        el.addEventListener("pointermove", function(e) {
            var p = pos(e);
            push(e.pointerType === "touch" ? 6 : 0, p[0], p[1], e.pointerType === "touch" ? e.pointerId : 0, 0, mods(e));
        });
        el.addEventListener("pointerup", function(e) {
            var p = pos(e);
            if (e.pointerType !== "touch") { push(2, p[0], p[1], buttonOf(e.button), 0, mods(e)); return; }
            push(7, p[0], p[1], e.pointerId, 0, 0);
            // A tap on a text field focuses the hidden field now, inside the gesture: only then do phones
            // show their keyboard. A tap elsewhere gives the focus back to the canvas (the keyboard hides).
            var s = touchStart;
            touchStart = null;
            if (s && s.id === e.pointerId && Math.hypot(p[0] - s.x, p[1] - s.y) < 10 && performance.now() - s.t < 500) {
                if (inTextRect(s.x, s.y)) { ta.focus({ preventScroll: true }); Module.pinlabFocusGrace = 4; }
                else if (document.activeElement === ta) c.focus({ preventScroll: true });
            }
            e.preventDefault();
        });
        el.addEventListener("pointercancel", function(e) {
            var p = pos(e);
            if (e.pointerType === "touch") push(8, p[0], p[1], e.pointerId, 0, 0);
            touchStart = null;
        });
        el.addEventListener("pointerleave", function(e) { if (e.pointerType !== "touch" && !e.buttons) push(3, 0, 0, 0, 0, 0); });

        // [wheel] In pixels, as the page would scroll: lines are 100/3 px (a notch is 100 px, as Chrome sends
        // pixels), pages the canvas height. Ctrl+wheel is left to the browser (zoom).
        el.addEventListener("wheel", function(e) {
            if (e.ctrlKey) return;
            var k = e.deltaMode === 1 ? 100 / 3 : e.deltaMode === 2 ? c.clientHeight : 1;
            var dx = e.deltaX * k, dy = e.deltaY * k;
            if (e.shiftKey && dx === 0) { dx = dy; dy = 0; }  // Shift+wheel scrolls sideways
            var p = pos(e);
            push(4, p[0], p[1], dx, dy, mods(e));
            e.preventDefault();
        }, { passive: false });
    };
    listen(c);
    Module.pinlabListen = listen;
});

// [keys] Indices of app::ui_input::Key.
EM_JS(void, pl_js_input_install_keys, (), {
    var I = Module.pinlabIn, c = I.c, ta = I.ta, mac = I.mac, push = I.push, mods = I.mods;
    var named = { Tab: 1, ArrowLeft: 2, ArrowRight: 3, ArrowUp: 4, ArrowDown: 5, PageUp: 6, PageDown: 7, Home: 8,
                  End: 9, Insert: 10, Delete: 11, Backspace: 12, Enter: 14, Escape: 15 };
    var letters = { a: 16, c: 17, v: 18, x: 19, y: 20, z: 21 };
    var ours = function(t) { return t === c || t === ta || t === document.body || t === document.documentElement || !t ||
                                     (Module.pinlabLayer !== undefined && Module.pinlabLayer.contains(t)); };
    var keyIndex = function(e, editing) {
        if (named[e.key]) return named[e.key];
        if (e.key === " " || e.code === "Space") return editing ? 0 : 13;  // typed as text while editing
        var cmd = mac ? e.metaKey : e.ctrlKey;
        var l = (e.key || "").toLowerCase();
        if (cmd && letters[l]) return letters[l];
        if (e.altKey && /^Digit[1-9]$/.test(e.code || "")) return 21 + Number(e.code.charAt(5));  // Alt+1..9: views
        if (!editing && e.key === "/" && !cmd && !e.altKey) return 31;
        return 0;
    };
    window.addEventListener("keydown", function(e) {
        if (!ours(e.target)) return;
        var editing = document.activeElement === ta;
        var cmd = mac ? e.metaKey : e.ctrlKey;
        var l = (e.key || "").toLowerCase();
        if (cmd && !e.altKey && (l === "v" || l === "c" || l === "x")) {
            // Left to the browser, which raises paste/copy/cut with the text (handled below).
            if (l !== "v" && editing) Module.pinlabArmCopy();
            push(9, 0, 0, 0, 0, mods(e));
            return;
        }
        if (e.isComposing || e.keyCode === 229) return;  // IME or on-screen keyboard: text comes as input
        var k = keyIndex(e, editing);
        if (k) {
            // ImGui repeats held keys itself; the browser's repeats would double them (Tab excepted,
            // which the app handles per press).
            if (!e.repeat || k === 1) push(9, 0, 0, k, 0, mods(e));
            e.preventDefault();
            return;
        }
        push(9, 0, 0, 0, 0, mods(e));  // modifiers, or a character (typed into the hidden field)
        if (!editing && !cmd && e.key && e.key.length <= 2 && e.key !== "Unidentified") e.preventDefault();
    }, true);
    window.addEventListener("keyup", function(e) {
        if (!ours(e.target)) return;
        if (Module.pinlabCopyArmed) Module.pinlabDisarmCopy();
        var k = keyIndex(e, document.activeElement === ta);
        push(10, 0, 0, k, 0, mods(e));
        if (k) e.preventDefault();
    }, true);
    window.addEventListener("blur", function() { push(14, 0, 0, 0, 0, 0); });
    // The focus moved to an element of the page that is not the app's (another field on the page): it stays
    // there, and the field being edited lets go, as a click outside it would (pl_js_input_sync).
    document.addEventListener("focusin", function(e) { if (!ours(e.target)) push(15, 0, 0, 0, 0, 0); });
    Module.pinlabOurs = ours;
});

// [clipboard]
EM_JS(void, pl_js_input_install_clipboard, (), {
    var I = Module.pinlabIn, q = I.q, ta = I.ta, push = I.push, ours = Module.pinlabOurs;
    document.addEventListener("paste", function(e) {
        if (!ours(e.target)) return;
        var t = (e.clipboardData || window.clipboardData).getData("text");
        e.preventDefault();
        if (typeof t !== "string" || !t.length) return;
        Module.pinlabClipboard = t;
        push(12, 0, 0, 0, 0, 0);
    });
    // Firefox and WebKit raise copy and cut only when something is selected (their Copy command is disabled
    // otherwise), and the hidden field is empty: on Ctrl+C or Ctrl+X while a field is edited, the text a Copy
    // would take goes into the hidden field, selected, until the copy event or the key's release.
    var stale = function() {
        // Only events that can move the selection make it stale: not a key's release (a Ctrl+A's release
        // may still be queued on a slow frame), a modifier's press, the pointer leaving, a wheel or a blur.
        var harmless = { 3: 1, 4: 1, 10: 1, 14: 1 };
        for (var i = 0; i < q.length; i++)
            if (!harmless[q[i][0]] && !(q[i][0] === 9 && q[i][3] === 0)) return true;
        return false;
    };
    Module.pinlabArmCopy = function() {
        var t = stale() ? " " : Module.pinlabCopyText;  // not known yet: a stand-in, the event is what matters
        if (!t) return;
        ta.value = t;
        ta.select();
        Module.pinlabCopyArmed = true;
    };
    Module.pinlabDisarmCopy = function() {
        Module.pinlabCopyArmed = false;
        ta.value = "";
    };
    var copy = function(e, cut) {
        if (Module.pinlabCopyArmed) Module.pinlabDisarmCopy();
        if (!ours(e.target)) return;
        // Text selected on the DOM layer (no field being edited): the browser copies it, as on any page.
        var sel = window.getSelection();
        if (!cut && document.activeElement !== ta && sel && !sel.isCollapsed && Module.pinlabLayer &&
            Module.pinlabLayer.contains(sel.anchorNode)) return;
        // Copying now, inside the key's event, is what Firefox and WebKit allow; navigator.clipboard.writeText
        // later is refused there (NotAllowedError).
        if (stale()) {
            // Events not yet applied (a Ctrl+A just before): the selection is known after the next frame.
            Module.pinlabCopyPending = true;
            e.preventDefault();
        } else if (Module.pinlabCopyText) {
            e.clipboardData.setData("text/plain", Module.pinlabCopyText);
            Module.pinlabClipboard = Module.pinlabCopyText;
            e.preventDefault();
        } else {
            return;
        }
        if (cut) push(13, 0, 0, 0, 0, 0);
    };
    document.addEventListener("copy", function(e) { copy(e, false); });
    document.addEventListener("cut", function(e) { copy(e, true); });
});

// [viewport] With an on-screen keyboard up, the visual viewport is what remains visible: the canvas
// takes its size, so the app lays out above the keyboard and keeps the caret in view.
EM_JS(void, pl_js_input_install_viewport, (), {
    var c = Module.pinlabIn.c;
    if (window.visualViewport) {
        var fit = function() {
            var v = window.visualViewport;
            c.style.height = Math.round(v.height) + "px";
            c.style.top = Math.round(v.offsetTop) + "px";
            Module.pinlabDirty = true;
        };
        window.visualViewport.addEventListener("resize", fit);
        window.visualViewport.addEventListener("scroll", fit);
    }
    c.focus({ preventScroll: true });
});

EM_JS(int, pl_js_input_count, (), { return Module.pinlabInput.length; });
// Event i: out[0..6] = type, x, y, a, b, mods, time; returns its text (malloc'd) or 0.
EM_JS(char*, pl_js_input_get, (int i, double* out), {
    var e = Module.pinlabInput[i];
    for (var k = 0; k < 7; k++) HEAPF64[(out >> 3) + k] = e[k];
    return e[7] ? Module.pinlabString(e[7]) : 0;
});
EM_JS(void, pl_js_input_clear, (), { Module.pinlabInput.length = 0; });
EM_JS(int, pl_js_input_is_mac, (), { return Module.pinlabMac ? 1 : 0; });

EM_JS(void, pl_js_input_sync, (int want_text, float cx, float cy, float ch, int cursor, const char* label), {
    var ta = Module.pinlabTextArea, c = Module.canvas;
    if (want_text) {
        var name = UTF8ToString(label) || "Text input";
        if (ta.getAttribute("aria-label") !== name) ta.setAttribute("aria-label", name);
        // Moved only when the caret moved: a style write every frame would restyle the page every frame.
        var at = Math.max(0, Math.round(cx)) + "," + Math.max(0, Math.round(cy)) + "," + Math.max(16, Math.round(ch));
        if (Module.pinlabCaretAt !== at) {
            Module.pinlabCaretAt = at;
            var p = at.split(",");
            ta.style.left = p[0] + "px";
            ta.style.top = p[1] + "px";
            ta.style.height = p[2] + "px";
        }
        if (document.activeElement !== ta && Module.pinlabOurs(document.activeElement)) ta.focus({ preventScroll: true });
        Module.pinlabFocusGrace = 0;
    } else if (Module.pinlabFocusGrace > 0) {
        // A click or tap on a text field focused the hidden field before ImGui has activated the field (it
        // says so a frame or two later): keep the keys there meanwhile instead of dropping them.
        Module.pinlabFocusGrace--;
    } else if (document.activeElement === ta) {
        ta.value = "";
        c.focus({ preventScroll: true });
    }
    var cursors = ["default", "text", "move", "ns-resize", "ew-resize", "nesw-resize", "nwse-resize", "pointer", "not-allowed"];
    var css = cursor >= 0 && cursor < cursors.length ? cursors[cursor] : "none";
    if (Module.pinlabCursor !== css) {
        Module.pinlabCursor = css;
        c.style.cursor = css;
        if (Module.pinlabLayer) Module.pinlabLayer.style.cursor = css;
    }
});
EM_JS(void, pl_js_input_copy_text, (const char* t), {
    Module.pinlabCopyText = UTF8ToString(t);
    if (Module.pinlabCopyPending) {
        Module.pinlabCopyPending = false;
        var s = Module.pinlabCopyText;
        if (s) {
            Module.pinlabClipboard = s;
            if (navigator.clipboard && navigator.clipboard.writeText)
                navigator.clipboard.writeText(s).catch(function(e) { console.warn("Pinlab: clipboard write refused: " + e); });
        }
    }
});
EM_JS(int, pl_js_input_copy_pending, (), { return Module.pinlabCopyPending ? 1 : 0; });
EM_JS(void, pl_js_input_text_rects, (const float* r, int n), {
    var a = [];
    for (var i = 0; i < n; i++) a.push(HEAPF32[(r >> 2) + i]);
    Module.pinlabTextRects = a;
});
// clang-format on

// [SECTION] ImGui item hook ----------------------------------------------------------------------
// The web build compiles ImGui with IMGUI_ENABLE_TEST_ENGINE only for these hooks: they see every item as it
// is added, so the page knows where the text fields are before a tap lands (see pointerup above), and the
// semantics recorder gets every item's box, label and state (app/ui/semantics.h).
namespace {
std::vector<float> g_rects, g_rects_sent;
float g_dpr = 1.0f;
}  // namespace

void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
    pinlab::app::semantics::item_add(ctx, bb, id);
    const ImGuiItemFlags f = ctx->LastItemData.InFlags;
    if (!(f & ImGuiItemFlags_Inputable) || (f & ImGuiItemFlags_Disabled)) return;
    ImRect r = bb;
    if (ctx->CurrentWindow) r.ClipWith(ctx->CurrentWindow->ClipRect);
    if (r.GetWidth() <= 0 || r.GetHeight() <= 0 || g_rects.size() >= 4 * 256) return;
    g_rects.insert(g_rects.end(), {r.Min.x / g_dpr, r.Min.y / g_dpr, r.GetWidth() / g_dpr, r.GetHeight() / g_dpr});
}
void ImGuiTestEngineHook_ItemInfo(ImGuiContext* ctx, ImGuiID id, const char* label, ImGuiItemStatusFlags flags) {
    pinlab::app::semantics::item_info(ctx, id, label, flags);
}
void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

namespace pinlab::web {

void install_input() {
    pl_js_input_install();  // the hidden text field and the queue, then the listeners in their parts
    pl_js_input_install_pointer();
    pl_js_input_install_keys();
    pl_js_input_install_clipboard();
    pl_js_input_install_viewport();
    app::ui_input::init(pl_js_input_is_mac() != 0);
    GImGui->TestEngineHookItems = true;
}

void pump_input(float dpr) {
    g_dpr = dpr;
    const int n = pl_js_input_count();
    for (int i = 0; i < n; ++i) {
        double v[7] = {};
        char* text = pl_js_input_get(i, v);
        app::ui_input::Event e;
        e.type = static_cast<app::ui_input::Type>(static_cast<int>(v[0]));
        e.x = static_cast<float>(v[1]) * dpr;
        e.y = static_cast<float>(v[2]) * dpr;
        const int a = static_cast<int>(v[3]);
        const int m = static_cast<int>(v[5]);
        e.mods.ctrl = m & 1;
        e.mods.shift = m & 2;
        e.mods.alt = m & 4;
        e.mods.super = m & 8;
        e.t_ms = v[6];
        switch (e.type) {
            case app::ui_input::Type::Wheel:
                e.dx = static_cast<float>(v[3]) * dpr;
                e.dy = static_cast<float>(v[4]) * dpr;
                break;
            case app::ui_input::Type::KeyDown:
            case app::ui_input::Type::KeyUp:
                e.key = a > 0 && a < static_cast<int>(app::ui_input::Key::Count) ? static_cast<app::ui_input::Key>(a)
                                                                              : app::ui_input::Key::None;
                break;
            default: e.button = a; break;
        }
        if (text) e.text = take_js_string(text);
        app::ui_input::push(std::move(e));
    }
    if (n) pl_js_input_clear();
    g_rects.clear();
}

void sync_input(float dpr) {
    float x = 0, y = 0, h = 0;
    const bool editing = app::ui_input::caret(&x, &y, &h);
    const std::string label = editing ? app::focused_label() : std::string();
    pl_js_input_sync(editing ? 1 : 0, x / dpr, y / dpr, h / dpr, ImGui::GetMouseCursor(), label.c_str());
    static std::string copy_sent;
    std::string copy = app::ui_input::copy_text();
    if (copy != copy_sent || pl_js_input_copy_pending()) {
        copy_sent = copy;
        pl_js_input_copy_text(copy.c_str());
    }
    if (g_rects != g_rects_sent) {
        g_rects_sent = g_rects;
        pl_js_input_text_rects(g_rects.data(), static_cast<int>(g_rects.size()));
    }
}

}  // namespace pinlab::web
