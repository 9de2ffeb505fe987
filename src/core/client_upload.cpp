// client_upload.cpp — a media upload's file sent to its upload_url (S3's browser POST): the multipart body
// (the signed fields, then the file), and S3's XML <Error> read into the error the user sees.
#include "core/client_engine.h"

namespace pinlab {

Handle<Empty> Client::upload_media(const MediaUpload& target, const std::string& bytes, const std::string& filename,
                                   const std::string& content_type) {
    auto call = std::make_shared<Call<Empty>>();
    call->call_id = impl_->next_call_id++;
    ApiError v;
    if (!target.upload_url || target.upload_url->empty()) v = invalid("upload_url", "the registered upload has none");
    else if (bytes.empty()) v = invalid("file", "is empty");
    if (!v.ok()) {
        v.operation = ops::media_upload.name;
        Impl::complete(*call, v);
        return call;
    }
    // A boundary that cannot occur in the file (checked, not hoped).
    uint64_t h = 1469598103934665603ull;  // FNV-1a of the file: the same file, the same body
    for (unsigned char ch : bytes) h = (h ^ ch) * 1099511628211ull;
    std::string boundary = "----pinlab" + std::to_string(h);
    while (bytes.find(boundary) != std::string::npos) boundary += "x";
    std::string body, shown;
    auto header = [&](const std::string& name, const std::string& extra) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"" + extra + "\r\n";
    };
    for (const auto& [k, val] : target.upload_parameters) {  // S3 reads the fields before the file
        body += header(k, "") + "\r\n" + val + "\r\n";
        shown += k + "=[" + std::to_string(val.size()) + " chars] ";
    }
    std::string fname;
    for (char ch : filename) fname += (ch == '"' || ch == '\r' || ch == '\n') ? '_' : ch;
    body += header("file", "; filename=\"" + fname + "\"") + "Content-Type: " +
            (content_type.empty() ? std::string("application/octet-stream") : content_type) + "\r\n\r\n";
    body.append(bytes);
    body += "\r\n--" + boundary + "--\r\n";
    auto j = std::make_unique<Job>();
    j->op = ops::media_upload;
    j->url = *target.upload_url;  // absolute (S3) or the emulator's own path
    j->authed = false;
    j->content_type = "multipart/form-data; boundary=" + boundary;
    j->log_body = "multipart/form-data: " + shown + "file=\"" + fname + "\" (" + std::to_string(bytes.size()) + " bytes)";
    j->body = std::move(body);
    j->call = call;
    OperationInfo op = ops::media_upload;
    j->special = [call, op](const Completion& c) {
        if (c.error != TransportError::None) return Impl::complete(*call, error_from_transport(c.error, c.error_detail, op));
        const Response& r = c.response;
        if (r.status >= 200 && r.status < 300) {
            call->value = Empty{};
            return Impl::complete(*call, {});
        }
        // S3 answers <Error><Code>…</Code><Message>…</Message></Error>.
        auto tag = [&](const char* t) {
            std::string open = std::string("<") + t + ">", close = std::string("</") + t + ">";
            size_t a = r.body.find(open), b = r.body.find(close);
            return a == std::string::npos || b == std::string::npos || b < a ? std::string()
                                                                               : r.body.substr(a + open.size(), b - a - open.size());
        };
        Impl::complete(*call, upload_refused_error(r.status, tag("Code"), tag("Message"), op));
    };
    impl_->enqueue(std::move(j));
    return call;
}

}  // namespace pinlab
