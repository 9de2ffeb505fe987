// app.h — the Pinlab UI's entry points, called by a platform runner (src/platform/<name>).
// The app owns one AppState (a coordinator of one module per concern, state.h); one file per view draws
// it. It never talks to the network itself: it asks the client (src/core), whose pump delivers results
// once per frame.
#pragma once

#include <string>

namespace pinlab::app {

class Platform;

void init(Platform& platform);
// Builds one ImGui frame (between ImGui::NewFrame and ImGui::Render).
void frame();
void shutdown();

// Device pixels per CSS pixel: fonts and style are rebuilt for it (call before a frame).
void set_scale(float scale);
// True while something animates or waits (spinners, images loading): keep drawing frames.
bool wants_frames();
// True once a frame showing real content (not a blank window) has been drawn.
bool first_useful_frame_drawn();
// The test bridge (bridge.h): the UI's state and the last drawn frame's labelled rectangles as JSON;
// "{}" before init. Built only when asked, never per frame.
std::string bridge_json();
// The name of the control with the keyboard focus ("Access token"), "" when none: the page labels its
// hidden text field with it so a screen reader names the field being edited.
std::string focused_label();

}  // namespace pinlab::app
