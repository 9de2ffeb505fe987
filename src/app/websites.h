// websites.h — the account's verified websites (paged), verifying one (POST, with a method) and
// unverifying one (DELETE), and the verification code to put on the site first, ready to copy.
#pragma once

#include <string>

#include "core/client.h"

namespace pinlab::app {

struct Services;

struct Websites {
    Pager<UserWebsite> list;
    bool started = false;
    Handle<WebsiteVerificationCode> code;
    std::string website;  // the verify form (kept when verifying fails)
    int method = 0;       // index into kMethods
    Handle<UserWebsite> verify_call;
    ApiError verify_error;
    std::string removing;  // the website whose unverify is running

    static constexpr const char* kMethods[] = {"METATAG", "FILENAME", "DNSTXT"};
    void load(Services& s);
    void more() { list.load_more(); }  // the next page (or its failed page again)
    void verify(Services& s);
    void unverify(Services& s, const std::string& site);
    void poll(Services& s);
    bool busy() const { return list.loading; }
    void reset() { *this = Websites{}; }
};

}  // namespace pinlab::app
