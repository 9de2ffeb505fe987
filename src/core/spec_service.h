// spec_service.h — the Explorer's spec service: small JSON answers about the API description, computed
// from the catalogue (core/catalogue.h), so the page never parses the 1.1 MB catalogue in a frame. It runs
// where the catalogue is loaded (the Demo worker; in-process in the native tests), behind paths the page
// requests like any other call:
//   GET  /_spec/index          every operation (id, method, path, tag, summary, deprecated), the tag groups
//                              (x-tagGroups) with their tags and a count per tag, the scope descriptions
//   GET  /_spec/op/<id>        one operation for the Explorer: documentation, scopes, rate-limit category,
//                              sandbox, parameters flattened for a form, the body's top-level properties and
//                              a pretty-printed skeleton, the responses
//   POST /_spec/validate       {"op", "body": text} -> {"ok", "syntax"?: {message, line, column},
//                              "issues": [{pointer, message}]} (the request body against its schema)
//   POST /_spec/check          {"op", "status", "body": text} -> {"conforms", "code", "schema", "issues",
//                              "note"?} (a response body against the schema the spec gives that status)
// Pure: no I/O, no clock. Unknown paths 404, bad input 400, each with a message naming the cause.
#pragma once

#include <string_view>

#include "core/catalogue.h"
#include "core/http.h"

namespace pinlab {

// True for a URL ("/_spec/…" or "http://host/_spec/…") the spec service answers.
bool is_spec_request(std::string_view url);

// The answer to a /_spec/ request. `catalogue` may be null: 503 saying why (`load_error`).
Response spec_handle(const Catalogue* catalogue, const Request& req, std::string_view load_error = {});

}  // namespace pinlab
