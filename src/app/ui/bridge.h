// bridge.h — the test bridge: every drawn frame records the screen rectangles of labelled,
// clickable/typeable items (CSS pixels); app::bridge_json() serializes them with the UI's state when a
// test asks (in the browser: window.pinlab.state()), so frames pay only for the rectangles.
// End-to-end tests click by these labels and pixel-check thumbnails, so keep them accurate.
//
// LABELS (stable; <…> is data):
//   nav:Profile nav:Boards nav:Pins nav:Create nav:Search nav:Analytics nav:Console nav:Token
//   button:Theme  button:Sign out (top bar)
//   backend:<id> (demo, local, token, pinterest, sandbox, …)     input:App ID  input:Redirect URI
//   scope:<name> (checkboxes)  check:Remember me  button:Sign in  input:Access token  combo:Environment
//   button:Allow  button:Deny  (Demo consent dialog)              button:Use token
//   board:<board name>  button:New board  input:Board name  input:Board description  combo:Privacy
//   button:Save board  button:Edit board  button:Delete board  button:Confirm delete  button:Cancel
//   tab:All pins  tab:<section name>  button:New section  input:Section name  button:Create section
//   button:Rename section  input:New section name  button:Save section  button:Delete section
//     (the last three for the section tab shown; delete asks with button:Confirm delete / button:Cancel)
//   pin:<pin id> (only the visible ones)  button:Load more  button:Retry
//   button:Open link  button:Edit pin  button:Save changes  button:Delete pin  combo:Save to board
//   combo:Save to section  button:Save to board  button:Back
//   combo:Board  combo:Section  radio:Image URL  radio:Local file  input:Image URL  button:Choose file
//   input:Title  input:Description  input:Link  input:Alt text  button:Create pin
//   input:Search  button:Search  board-result:<board name>
//   combo:Range  button:Load analytics  chart:<metric>
//   console:row:<log id>  button:Copy as curl  input:Raw method  input:Raw path  input:Raw body  button:Send
//   button:Refresh token
//   Explorer: nav:Explorer  input:Filter operations  tag:<tag>  op:<operationId>  tab:Operations  tab:History
//   tab:Saved  history:<n>  saved:<n>  button:Clear history  param:<parameter name>  input:Body  button:Reset body
//   button:Send request  button:Copy as curl  button:Copy as fetch  button:Copy as Python  check:Include the token
//   button:Save request  button:Back to operations (phone)
//
// STATE FIELDS (besides items): view, hash, backend, signed_in, user, status, error, hint, busy,
//   grid_scroll (CSS px the shown grid is scrolled), focus (the label of the item with the keyboard focus outline, "" when none),
//   pins_loaded (the shown grid's pins), at_bottom (the shown grid is scrolled to its end and has
//   nothing more to load), images_ready, textures, images_loading, consent_open, explorer (Explorer::bridge_state:
//   index, ops, visible, selected, detail, query, body_valid, status, source, conforms, check_issues, hint,
//   response_body, history, saved, phone_detail), backends (the ids offered),
//   demo_sandbox, sandbox_rules (the client's), faults {armed, latency_ms, flavor, fired_total, error,
//   outcomes [{method, path, fault, hint, retried, wait_ms, then, recovered}]}.
//   Faults panel: button:Fault <429|401|403|500|503|timeout|malformed|truncated|drop>  button:Clear faults
//   radio:Production rules  radio:Sandbox rules  radio:Delay <No delay|0.5 s|2 s|5 s>  nav:Faults
#pragma once

#include <string>
#include <vector>

namespace pinlab::app {

struct BridgeItem {
    std::string label;
    float x, y, w, h;  // CSS pixels
};

class Bridge {
public:
    void begin_frame() {
        items_.clear();
        focused_.clear();
        active_.clear();
    }
    // Registers the last ImGui item (if visible) under `label`.
    void item(const std::string& label);
    // Registers an explicit rectangle in device pixels (clipped to the current window).
    void rect(const std::string& label, float x0, float y0, float x1, float y1);
    const std::vector<BridgeItem>& items() const { return items_; }
    // The label of the item the keyboard focus outline is on ("" when none is shown).
    const std::string& focused() const { return focused_; }
    // The label of the item being used (the text field being edited), "" when none.
    const std::string& active() const { return active_; }

private:
    void add(const std::string& label, float x0, float y0, float x1, float y1);
    std::vector<BridgeItem> items_;
    std::string focused_, active_;
};

}  // namespace pinlab::app
