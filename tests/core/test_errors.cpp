// test_errors.cpp — core/errors.h directly: every HTTP status and Pinterest code class maps to its
// ErrorKind with a hint a person can act on, writes turn ambiguous failures into OutcomeUnknown (never a
// blind retry), rate-limit resets are read defensively, hostile error bodies cannot break the mapping,
// and describe() renders one status-bar line.
#include <gtest/gtest.h>

#include "core/errors.h"

using namespace pinlab;

namespace {

const OperationInfo kRead{"boards/list", "GET", "boards:read", "org_read", false};
const OperationInfo kCreate{"pins/create", "POST", "boards:read,pins:write", "org_write", true};
const OperationInfo kUpdate{"pins/update", "PATCH", "pins:write", "org_write", false};

Response resp(int status, std::string body = {}) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

}  // namespace

TEST(Errors, KindNamesAreDistinctWords) {
    EXPECT_STREQ(to_string(ErrorKind::None), "ok");
    EXPECT_STREQ(to_string(ErrorKind::RateLimited), "rate limited");
    EXPECT_STREQ(to_string(ErrorKind::OutcomeUnknown), "outcome unknown");
    EXPECT_STREQ(to_string(static_cast<ErrorKind>(200)), "unknown");  // out-of-range values do not crash
}

TEST(Errors, TransportFailuresOnReadsAndWrites) {
    ApiError e = error_from_transport(TransportError::Network, "CORS", kRead);
    EXPECT_EQ(e.kind, ErrorKind::Transport);
    EXPECT_EQ(e.operation, "boards/list");
    EXPECT_EQ(e.message, "network error (status 0) (CORS)");
    EXPECT_NE(e.hint.find("CORS"), std::string::npos);

    e = error_from_transport(TransportError::Timeout, "", kRead);
    EXPECT_EQ(e.kind, ErrorKind::Timeout);
    EXPECT_EQ(e.message, "no response in time");

    // A write that may have happened is never presented as a plain failure.
    e = error_from_transport(TransportError::Network, "", kCreate);
    EXPECT_EQ(e.kind, ErrorKind::OutcomeUnknown);
    EXPECT_NE(e.hint.find("NOT retried"), std::string::npos);
    e = error_from_transport(TransportError::Timeout, "", kUpdate);
    EXPECT_EQ(e.kind, ErrorKind::OutcomeUnknown);
    EXPECT_NE(e.hint.find("reload"), std::string::npos);

    // Nothing was sent: not ambiguous even for a write.
    e = error_from_transport(TransportError::Refused, "bad URL", kCreate);
    EXPECT_EQ(e.kind, ErrorKind::Transport);
    EXPECT_EQ(e.message, "request not sent (bad URL)");
    e = error_from_transport(TransportError::Cancelled, "x", kCreate);
    EXPECT_EQ(e.kind, ErrorKind::Cancelled);
    EXPECT_EQ(e.message, "cancelled");
}

TEST(Errors, StatusesAndPinterestCodes) {
    ApiError e = error_from_response(resp(401, R"({"code":2,"message":"Authentication failed."})"), kRead);
    EXPECT_EQ(e.kind, ErrorKind::Auth);
    EXPECT_EQ(e.http_status, 401);
    EXPECT_EQ(e.pinterest_code, 2);
    EXPECT_EQ(e.message, "Authentication failed.");

    // Code 3 is a missing scope whatever the status; the hint names the operation's scopes.
    e = error_from_response(resp(401, R"({"code":3,"message":"no"})"), kCreate);
    EXPECT_EQ(e.kind, ErrorKind::Permission);
    EXPECT_NE(e.hint.find("boards:read,pins:write"), std::string::npos);
    e = error_from_response(resp(403), OperationInfo{});
    EXPECT_EQ(e.kind, ErrorKind::Permission);
    EXPECT_NE(e.hint.find("more scopes"), std::string::npos);

    // Trial access (code 29, or a 403 saying so) points to the sandbox.
    for (const Response& r : {resp(403, R"({"code":29,"message":"x"})"), resp(400, R"({"code":29,"message":"x"})"),
                              resp(403, R"({"message":"Trial access: not allowed"})")}) {
        e = error_from_response(r, kRead);
        EXPECT_EQ(e.kind, ErrorKind::Permission);
        EXPECT_NE(e.hint.find("sandbox"), std::string::npos) << r.body;
    }

    EXPECT_EQ(error_from_response(resp(404), kRead).kind, ErrorKind::NotFound);
    EXPECT_EQ(error_from_response(resp(409), kUpdate).kind, ErrorKind::Http);
    EXPECT_NE(error_from_response(resp(409), kUpdate).hint.find("in progress"), std::string::npos);
    e = error_from_response(resp(400, R"({"code":1,"message":"Invalid parameters."})"), kRead);
    EXPECT_EQ(e.kind, ErrorKind::Http);
    EXPECT_NE(e.hint.find("fields"), std::string::npos);
    EXPECT_EQ(error_from_response(resp(418), kRead).hint, "");

    EXPECT_EQ(error_from_response(resp(503), kRead).kind, ErrorKind::Server);
    EXPECT_EQ(error_from_response(resp(500), kCreate).kind, ErrorKind::OutcomeUnknown);  // the pin may exist
}

// The hint names the list the user was adding to, not another one.
TEST(Errors, AnUnknownCreateOutcomeNamesItsOwnList) {
    const OperationInfo board_create{"boards/create", "POST", "boards:write", "org_write", true};
    Response r;
    r.status = 500;
    r.body = R"({"code":500,"message":"Internal error"})";
    ApiError e = error_from_response(r, board_create);
    EXPECT_EQ(e.kind, ErrorKind::OutcomeUnknown);
    EXPECT_NE(e.hint.find("reload your boards"), std::string::npos) << e.hint;
    EXPECT_EQ(e.hint.find("pins"), std::string::npos) << e.hint;
    const OperationInfo section_create{"board_sections/create", "POST", "boards:write", "org_write", true};
    e = error_from_transport(TransportError::Network, "", section_create);
    EXPECT_NE(e.hint.find("reload your board sections"), std::string::npos) << e.hint;
}

TEST(Errors, RateLimitResetIsReadDefensively) {
    Response r = resp(429, R"({"code":8,"message":"slow down"})");
    r.headers.set("X-RateLimit-Reset", "2.5");
    ApiError e = error_from_response(r, kRead);
    EXPECT_EQ(e.kind, ErrorKind::RateLimited);
    EXPECT_DOUBLE_EQ(e.retry_after_ms, 2500);
    EXPECT_NE(e.hint.find("org_read"), std::string::npos);
    EXPECT_NE(e.hint.find("wait 3 s"), std::string::npos);  // rounded up

    // Code 8 alone is a rate limit too.
    EXPECT_EQ(error_from_response(resp(400, R"({"code":8})"), kRead).kind, ErrorKind::RateLimited);

    for (const char* bad : {"-1", "nan", "inf", "1e300", "9999999999"}) {
        r.headers.set("X-RateLimit-Reset", bad);
        e = error_from_response(r, kRead);
        EXPECT_EQ(e.kind, ErrorKind::RateLimited) << bad;
        EXPECT_EQ(e.retry_after_ms, 0) << bad;
        EXPECT_EQ(e.hint, "Rate limit reached: wait a little and try again.") << bad;
    }
}

TEST(Errors, HostileBodiesFallBackToTheStatus) {
    for (const char* body : {"", "<html>502 Bad Gateway</html>", "[1,2]", "\"just a string\"", "{\"code\":",
                             R"({"code":"3","message":7})", R"({"code":1e99})", R"({"code":99999999999})",
                             R"({"code":3.5})", R"({"message":null})"}) {
        ApiError e = error_from_response(resp(502, body), kRead);
        EXPECT_EQ(e.kind, ErrorKind::Server) << body;
        EXPECT_FALSE(e.pinterest_code) << body;  // only an integer that fits is a code
        EXPECT_EQ(e.message, "HTTP 502") << body;
    }
    ApiError e = error_from_response(resp(400, R"({"code":-2147483648,"message":"min"})"), kRead);
    EXPECT_EQ(e.pinterest_code, INT32_MIN);
    EXPECT_EQ(e.message, "min");
}

TEST(Errors, DescribeIsOneLine) {
    EXPECT_EQ(ApiError{}.describe(), "ok");
    ApiError e = error_from_response(resp(401, R"({"code":2,"message":"Authentication failed."})"), kRead);
    EXPECT_EQ(e.describe(), "[auth] boards/list: Authentication failed. (HTTP 401, code 2) — " + e.hint);
    ApiError v = make_error(ErrorKind::Validation, "title: too long");
    EXPECT_EQ(v.describe(), "[validation] title: too long");
    EXPECT_TRUE(static_cast<bool>(v));
    EXPECT_FALSE(v.ok());
    e = error_from_transport(TransportError::Network, "", kRead);
    EXPECT_EQ(e.describe().find("(HTTP"), std::string::npos);  // no status to show
}

TEST(Errors, ResultIsAValueOrAnError) {
    Result<int> empty;
    EXPECT_FALSE(empty.ok());
    EXPECT_EQ(empty.error.kind, ErrorKind::Decode);  // never a silent success
    Result<int> v(7);
    EXPECT_TRUE(v.ok());
    EXPECT_EQ(*v.value, 7);
    Result<int> none_kind{ApiError{}};
    EXPECT_FALSE(none_kind.ok());
    EXPECT_EQ(none_kind.error.kind, ErrorKind::Http);  // an error without a kind still is one
}
