// operations.h — the API operations Pinlab uses, as the OpenAPI description (5.23.0) states them:
// method, path, operationId, required OAuth scopes, x-ratelimit-category and x-sandbox. One table for
// the client (scope hints, rate-limit categories) and the emulator (routing, scope and rate-limit checks),
// so the two cannot drift apart. The page cannot read the spec at run time, so the facts live here;
// tests/emulator/test_conformance.cpp checks every row against the OpenAPI description (PINLAB_OPENAPI_PATH).
#pragma once

#include <string_view>

#include "core/errors.h"

namespace pinlab {

struct SpecOperation {
    const char* method;        // "GET", "POST", "PATCH", "DELETE"
    const char* path;          // spec path without the /v5 prefix, e.g. "/boards/{board_id}"
    const char* operation_id;  // e.g. "boards/get"
    const char* scopes;        // comma-separated; the token needs all of them
    const char* ratelimit;     // x-ratelimit-category
    bool sandbox_enabled;      // x-sandbox: enabled
};

const SpecOperation* spec_operations_begin();
const SpecOperation* spec_operations_end();
// The row for an operationId; nullptr when Pinlab does not use that operation.
const SpecOperation* find_spec_operation(std::string_view operation_id);
// The client's view of a row (operationId, method, scopes, category). `creates`: a POST outside /oauth,
// which makes something and so is never retried blindly. An id missing from the table gives a GET with
// no scopes or category.
OperationInfo operation_info(const char* operation_id);

}  // namespace pinlab
