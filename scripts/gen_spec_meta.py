#!/usr/bin/env python3
"""gen_spec_meta.py — prints the per-operation table for src/core/operations.cpp and the scope
table for src/core/scopes.cpp from the OpenAPI spec.

Run once when the spec changes and paste the output into those files (the WASM page cannot read the spec):
    python3 scripts/gen_spec_meta.py ../shared/pinterest-openapi/openapi.json
"""
import json
import sys

EMULATED = [
    "/oauth/token", "/oauth/token/revoke",
    "/user_account", "/user_account/analytics", "/user_account/analytics/top_pins",
    "/boards", "/boards/{board_id}", "/boards/{board_id}/pins",
    "/boards/{board_id}/sections", "/boards/{board_id}/sections/{section_id}",
    "/boards/{board_id}/sections/{section_id}/pins",
    "/pins", "/pins/{pin_id}", "/pins/{pin_id}/save", "/pins/{pin_id}/analytics", "/pins/analytics",
    "/search/pins", "/search/boards", "/media", "/media/{media_id}", "/ad_accounts",
]
SKIP = {("post", "/ad_accounts")}  # ad account creation is not emulated


def main():
    spec = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "../shared/pinterest-openapi/openapi.json"))
    print("    // method, path, operationId, oauth scopes (all required), x-ratelimit-category, x-sandbox enabled")
    for path in EMULATED:
        for method, op in spec["paths"][path].items():
            if method not in ("get", "post", "patch", "put", "delete") or (method, path) in SKIP:
                continue
            scopes = []
            for sec in op.get("security", []):
                if "pinterest_oauth2" in sec:
                    scopes = sec["pinterest_oauth2"]
            print('    {"%s", "%s", "%s", "%s", "%s", %s},' % (
                method.upper(), path, op["operationId"], ",".join(scopes),
                op.get("x-ratelimit-category", ""), "true" if op.get("x-sandbox") == "enabled" else "false"))
    print("    // scopes (src/core/scopes.cpp): name, description")
    for name, desc in spec["components"]["securitySchemes"]["pinterest_oauth2"]["flows"]["authorizationCode"]["scopes"].items():
        print('    {"%s", "%s"},' % (name, desc.replace('"', '\\"')))


if __name__ == "__main__":
    main()
