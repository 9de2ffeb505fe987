// create_pin_view.cpp — the create-pin form: board/section pickers, image from a URL or a local
// file (sent as image_base64), title/description/link/alt text with counters at the spec's limits.
// What was typed survives a failed submit: the error and hint are shown above the kept form.
#include <imgui.h>

#include "app/state.h"
#include "app/views.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

void board_section_pickers_for_create(AppState& s);

void view_create_pin(AppState& s) {
    CreateForm& f = s.pins.create;
    large_text("Create a pin");
    ImGui::BeginChild("##createform", ImVec2(std::min(ImGui::GetContentRegionAvail().x, px(640)), 0), false, ImGuiWindowFlags_NavFlattened);
    board_section_pickers_for_create(s);
    ImGui::Spacing();
    ImGui::TextUnformatted("Image");
    if (ImGui::RadioButton("Image URL", f.source == CreateForm::Source::Url)) f.source = CreateForm::Source::Url;
    s.bridge.item("radio:Image URL");
    ImGui::SameLine();
    if (ImGui::RadioButton("Local file", f.source == CreateForm::Source::File)) f.source = CreateForm::Source::File;
    s.bridge.item("radio:Local file");
    if (f.source == CreateForm::Source::Url) {
        input(s, "Image URL", f.image_url, 0, "https://…/image.jpg");
        const BackendDef* b = s.backend();
        if (b && (b->kind == BackendKind::Demo || b->kind == BackendKind::Emulator)) {
            // The emulator cannot download the image, so it makes one up: say so before the pin shows it.
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("The emulator does not download images: the pin gets a picture generated from the "
                                "URL (the same URL always gives the same picture). Pinterest fetches the real "
                                "image. To see your own image here, choose a local file.");
            ImGui::PopTextWrapPos();
            s.bridge.item("note:generated image");
        }
    } else {
        if (button(s, "Choose file")) s.platform.pick_file("image/png,image/jpeg");
        ImGui::SameLine();
        if (f.file) ImGui::Text("%s (%s, %s)", f.file->name.c_str(), f.file->mime.c_str(), human_bytes(f.file->bytes.size()).c_str());
        else ImGui::TextDisabled("No file chosen (PNG or JPEG)");
    }
    bool edited = counted_input(s, "Title", f.title, 100);
    edited = counted_input(s, "Description", f.description, 800, true) || edited;
    edited = counted_input(s, "Link", f.link, 2048) || edited;
    edited = counted_input(s, "Alt text", f.alt_text, 500) || edited;
    // A rule the text broke ("at most 800 characters (got 950)") says nothing true once the text changed.
    if (edited && f.error.kind == ErrorKind::Validation) {
        if (s.notices.error.message == f.error.message) s.notices.clear_error();
        f.error = {};
    }
    ImGui::Spacing();
    if (!f.error.ok() && s.notices.error.ok()) error_box(s, f.error, false);
    ImGui::BeginDisabled(f.submitting);
    if (primary_button(s, "Create pin")) s.pins.submit_create(s);
    ImGui::EndDisabled();
    if (f.submitting) {
        ImGui::SameLine();
        spinner("creating…");
    }
    ImGui::EndChild();
}

namespace deferred {  // the view's code arrives later (views.h)
void create_pin_draw(AppState& s) { view_create_pin(s); }
void create_pin_enter(AppState& s) {
    if (!s.boards.started) s.boards.load(s, true);
    // A new pin most likely belongs where the user just was.
    if (s.pins.create.board_id.empty()) {
        s.pins.create.board_id = s.pins.last_board_id;
        s.pins.create.section_id = s.pins.last_section_id;
    }
}
}  // namespace deferred

extern const ViewDef kCreatePinView{Route::Create, "create", "Create pin", "Create", NavGroup::Bar, Route::Create,
                                    SignedOut::AsksToSignIn, true, &deferred::create_pin_draw,
                                    &deferred::create_pin_enter, nullptr, nullptr, nullptr, nullptr};

}  // namespace pinlab::app
