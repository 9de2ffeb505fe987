// video.cpp — the video pin steps: register, upload, poll the status, create the pin.
#include "app/video.h"

#include "app/services.h"
#include "app/ui/widgets.h"

namespace pinlab::app {

const char* VideoPin::step_name() const {
    switch (step) {
        case Step::Idle: return "idle";
        case Step::Registering: return "registering";
        case Step::Uploading: return "uploading";
        case Step::Processing: return "processing";
        case Step::Ready: return "ready";
        case Step::Creating: return "creating";
        case Step::Created: return "created";
        case Step::Failed: return "failed";
    }
    return "idle";
}

void VideoPin::pick(Services& s) {
    picking = true;
    s.platform.pick_file("video/mp4,video/quicktime,video/webm,video/*");
}

void VideoPin::take(PickedFile f) {
    picking = false;
    file = std::move(f);
    if (step == Step::Created || step == Step::Failed) step = Step::Idle;  // a new file, a new upload
    error = {};
}

void VideoPin::start(Services& s) {
    Client* c = s.client();
    if (!c || busy()) return;
    error = {};
    if (!file || file->bytes.empty()) {
        error = make_error(ErrorKind::Validation, "Choose a video file first", "MP4, MOV or WebM; the API accepts up to 2 GB.");
        step = Step::Failed;
        return;
    }
    if (file->bytes.size() > kMaxBytes) {
        error = make_error(ErrorKind::Validation, "The file is " + human_bytes(file->bytes.size()) + "; this page uploads at most 100 MB",
                           "Choose a shorter or smaller video.");
        step = Step::Failed;
        return;
    }
    if (board_id.empty()) {
        error = make_error(ErrorKind::Validation, "Choose a board for the pin first", "The video pin is created on a board.");
        step = Step::Failed;
        return;
    }
    step = Step::Registering;
    status.clear();
    polls = 0;
    pin_id.clear();
    auto reg = c->register_media();
    s.notices.set_status("Registering the upload (POST /media)…");
    s.calls.track<MediaUpload>(
        reg,
        [this, &s](MediaUpload& m) {
            upload = m;
            Client* cl = s.client();
            if (!cl || !file) return;
            step = Step::Uploading;
            s.notices.set_status("Uploading " + file->name + "…");
            auto up = cl->upload_media(upload, file->bytes, file->name, file->mime);
            s.calls.track<Empty>(
                up,
                [this, &s](Empty&) {
                    step = Step::Processing;
                    status = "registered";
                    next_poll_ms = 0;  // ask at once
                    s.notices.set_status("Uploaded; waiting for processing");
                },
                [this, &s](const ApiError& e) {
                    error = e;
                    step = Step::Failed;
                    s.notices.set_status("Upload failed");
                });
        },
        [this, &s](const ApiError& e) {
            error = e;
            step = Step::Failed;
            s.notices.set_status("Registering the upload failed");
        });
}

void VideoPin::poll(Services& s) {
    if (step != Step::Processing) return;
    Client* c = s.client();
    if (!c) return;
    if (status_call && status_call->pending()) return;
    if (status_call) {
        Handle<Media> done = std::move(status_call);
        status_call.reset();
        if (done->failed()) {
            error = done->error;
            step = Step::Failed;
            return;
        }
        status = done->value && done->value->status ? *done->value->status : "unknown";
        if (status == "succeeded") {
            step = Step::Ready;
            s.notices.set_status("The video is ready");
            s.platform.announce("Video processed: ready to create the pin", false);
            return;
        }
        if (status == "failed") {
            error = make_error(ErrorKind::Http, "Pinterest could not process the video (status failed)",
                               "The file may not be a video Pinterest reads (MP4, MOV or WebM). Choose another file.");
            error.operation = "media/get";
            step = Step::Failed;
            return;
        }
        next_poll_ms = s.platform.now_ms() + kPollMs;
    }
    if (s.platform.now_ms() < next_poll_ms) return;
    ++polls;
    status_call = c->get_media(upload.media_id);
}

void VideoPin::create(Services& s) {
    Client* c = s.client();
    if (!c || step != Step::Ready) return;
    PinCreate p;
    p.board_id = board_id;
    if (!title.empty()) p.title = title;
    if (!description.empty()) p.description = description;
    p.media_source = MediaSource::video_id(upload.media_id, cover_url.empty() ? opt_str{} : opt_str(cover_url));
    step = Step::Creating;
    auto h = c->create_pin(p);
    s.notices.set_status("Creating the video pin…");
    s.calls.track<Pin>(
        h,
        [this, &s](Pin& pin) {
            pin_id = pin.id;
            step = Step::Created;
            s.notices.toast("Video pin created");
            s.notices.set_status("Video pin created");
        },
        [this, &s](const ApiError& e) {
            error = e;
            step = Step::Ready;  // the upload is still good: fix the form and create again
            s.notices.set_status("Creating the pin failed");
        });
}

}  // namespace pinlab::app
