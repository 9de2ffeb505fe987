// video.h — a video pin from a local file, the way the API makes one: register a media upload (POST
// /media), send the file to its upload_url (multipart/form-data, the signed upload_parameters first),
// follow GET /media/{id} until it is succeeded (or failed), then create the pin with media_source
// video_id. Every step's answer is kept so a failure shows where it stopped; nothing typed is lost.
#pragma once

#include <optional>
#include <string>

#include "app/platform.h"
#include "core/client.h"

namespace pinlab::app {

struct Services;

struct VideoPin {
    enum class Step { Idle, Registering, Uploading, Processing, Ready, Creating, Created, Failed };
    Step step = Step::Idle;
    std::optional<PickedFile> file;
    bool picking = false;  // the file picker was opened here (app.cpp hands the file over)
    std::string board_id, title, description, cover_url;
    MediaUpload upload;    // the registration
    std::string status;    // the last GET /media/{id} status
    int polls = 0;
    double next_poll_ms = 0;
    Handle<Media> status_call;
    std::string pin_id;    // Created
    ApiError error;        // Failed: the step's error

    static constexpr double kPollMs = 1000;
    static constexpr size_t kMaxBytes = 100u << 20;  // what the page reads into memory (the API allows 2 GB)
    void pick(Services& s);
    void take(PickedFile f);
    void start(Services& s);    // register, then upload, then poll
    void create(Services& s);   // the pin, once the upload succeeded
    void poll(Services& s);
    // Processing counts: the page draws (and so polls the status) only while something is busy.
    bool busy() const {
        return step == Step::Registering || step == Step::Uploading || step == Step::Processing || step == Step::Creating;
    }
    const char* step_name() const;
    void reset() { *this = VideoPin{}; }
};

}  // namespace pinlab::app
