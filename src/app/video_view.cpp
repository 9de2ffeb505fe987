// video_view.cpp — a video pin from a local file: choose the file and the board, then one button runs the
// API's steps (register → upload → processing → ready); each shows its state, and once the upload has
// succeeded "Create video pin" makes the pin. A failed step shows its error and hint; the form is kept.
#include <imgui.h>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

namespace {

void board_combo(AppState& s, std::string& board_id) {
    std::string current = "Choose a board";
    for (const auto& b : s.boards.list.items)
        if (b.id == board_id) current = b.name;
    ImGui::TextUnformatted("Board");
    ImGui::SetNextItemWidth(std::min(px(320), ImGui::GetContentRegionAvail().x));
    if (ImGui::BeginCombo("##videoboard", current.c_str())) {
        for (const auto& b : s.boards.list.items) {
            ImGui::PushID(b.id.c_str());
            if (ImGui::Selectable(b.name.c_str(), b.id == board_id)) board_id = b.id;
            s.bridge.item("option:" + b.name);
            ImGui::PopID();
        }
        if (s.boards.list.loading) ImGui::TextDisabled("loading…");
        ImGui::EndCombo();
    }
    s.bridge.item("combo:Board");
}

// One line per step: done ✓, running …, waiting ·, failed ✕.
void step_line(const char* text, int state) {  // 0 waiting, 1 running, 2 done, 3 failed
    static const char* marks[] = {"·", "…", "✓", "✕"};
    ImVec4 colors[] = {ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), ImVec4(0.95f, 0.7f, 0.2f, 1),
                       ImVec4(0.3f, 0.8f, 0.4f, 1), ImVec4(1.0f, 0.42f, 0.45f, 1)};
    ImGui::TextColored(colors[state], "%s", marks[state]);
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0);
    if (state == 0) ImGui::TextDisabled("%s", text);
    else ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
}

}  // namespace

void view_video(AppState& s) {
    VideoPin& v = s.video;
    using Step = VideoPin::Step;
    large_text("Create a video pin");
    ImGui::BeginChild("##videoform", ImVec2(std::min(ImGui::GetContentRegionAvail().x, px(640)), 0), false,
                      ImGuiWindowFlags_NavFlattened);
    ImGui::TextWrapped("Pinterest takes a video in steps: register an upload, send the file to the address it "
                       "gives, wait while it is processed, then create the pin from it.");
    ImGui::Spacing();
    const bool running = v.busy();
    ImGui::BeginDisabled(running);
    if (button(s, "Choose video file")) v.pick(s);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (v.file) ImGui::TextWrapped("%s (%s, %s)", v.file->name.c_str(), v.file->mime.empty() ? "?" : v.file->mime.c_str(),
                                   human_bytes(v.file->bytes.size()).c_str());
    else ImGui::TextDisabled("No file chosen (MP4, MOV or WebM)");
    board_combo(s, v.board_id);
    counted_input(s, "Title", v.title, 100);
    counted_input(s, "Description", v.description, 800, true);
    input(s, "Cover image URL (optional)", v.cover_url, 0, "https://…/cover.jpg — empty: a frame of the video");
    ImGui::Spacing();

    const bool can_start = !running && v.step != Step::Ready && v.step != Step::Creating;
    ImGui::BeginDisabled(!can_start);
    if (primary_button(s, v.step == Step::Created ? "Upload another" : "Upload video")) {
        if (v.step == Step::Created) v.step = Step::Idle;
        v.start(s);
    }
    ImGui::EndDisabled();

    // The steps, as the API sees them.
    int reg = 0, up = 0, proc = 0, pin = 0;
    switch (v.step) {
        case Step::Idle: break;
        case Step::Registering: reg = 1; break;
        case Step::Uploading: reg = 2, up = 1; break;
        case Step::Processing: reg = up = 2, proc = 1; break;
        case Step::Ready: reg = up = proc = 2; break;
        case Step::Creating: reg = up = proc = 2, pin = 1; break;
        case Step::Created: reg = up = proc = pin = 2; break;
        case Step::Failed:
            reg = v.upload.media_id.empty() ? 3 : 2;
            up = reg == 2 ? (v.status.empty() ? 3 : 2) : 0;
            proc = up == 2 ? 3 : 0;
            break;
    }
    if (v.step != Step::Idle) {
        ImGui::Spacing();
        std::string r = "Register the upload (POST /media)";
        if (!v.upload.media_id.empty()) r += " — media " + v.upload.media_id;
        step_line(r.c_str(), reg);
        std::string u = "Upload the file to upload_url (multipart/form-data)";
        step_line(u.c_str(), up);
        std::string p = "Processing (GET /media/{id})";
        if (!v.status.empty()) p += " — status: " + v.status + (v.polls ? " (" + std::to_string(v.polls) + " checks)" : "");
        step_line(p.c_str(), proc);
        s.bridge.item("video-status:" + v.status);
        step_line("Create the pin (POST /pins, media_source video_id)", pin);
    }
    if (!v.error.ok()) error_box(s, v.error, false);
    if (v.step == Step::Ready || v.step == Step::Creating) {
        ImGui::BeginDisabled(v.step == Step::Creating);
        if (primary_button(s, "Create video pin")) v.create(s);
        ImGui::EndDisabled();
    }
    if (v.step == Step::Created) {
        ImGui::TextColored(ImVec4(0.3f, 0.8f, 0.4f, 1), "Video pin %s created.", v.pin_id.c_str());
        if (button(s, "Open the pin")) s.go(Nav{Route::Pin, "", "", v.pin_id});
    }
    ImGui::EndChild();
}

namespace deferred {  // the view's code arrives later (views.h)
void video_draw(AppState& s) { view_video(s); }
void video_enter(AppState& s) {
    if (!s.boards.started) s.boards.load(s, true);
    if (s.video.board_id.empty()) s.video.board_id = s.pins.last_board_id;
}
void video_poll(AppState& s, bool late) {
    if (late) s.video.poll(s);
}
bool video_busy(const AppState& s) { return s.video.busy(); }
void video_reset(AppState& s) { s.video.reset(); }
void video_bridge(AppState& s, json& j) { j["video_step"] = s.video.step_name(); }
}  // namespace deferred

extern const ViewDef kVideoView{Route::Video, "video", "Video pin", "Video pin", NavGroup::More, Route::Video,
                                SignedOut::AsksToSignIn, true, &deferred::video_draw, &deferred::video_enter,
                                &deferred::video_poll, &deferred::video_busy, &deferred::video_reset,
                                &deferred::video_bridge};

}  // namespace pinlab::app
