#!/usr/bin/env python3
"""gen_spec.py — everything Pinlab derives from Pinterest's OpenAPI description (spec/openapi.json).

Run by the build (a CMake custom command); its outputs are never edited or committed:
    python3 scripts/gen_spec.py spec/openapi.json OUT_DIR
writes
    OUT_DIR/operations_table.inc  rows of core/operations.cpp: every operation of the spec
    OUT_DIR/scopes_table.inc      rows of core/scopes.cpp: every OAuth scope and its description
    OUT_DIR/catalogue.json        the compact catalogue the Explorer and the emulator's generic layer read
Output is deterministic: the same spec gives the same bytes (sorted keys, no timestamps).

The catalogue (format 1):
{ "format": 1, "title", "version", "server",
  "tag_groups": [{"name", "tags": [..]}], "tags": [{"name", "description"}],
  "scopes": {"name": "description"},
  "operations": [{"id", "method", "path", "tag", "summary", "description", "scopes": [..],
                  "ratelimit", "sandbox": bool, "deprecated"?: true,
                  "params": [{"name", "in", "required", "description", "schema"}],
                  "body"?: {"required", "content_type", "description", "schema"},
                  "responses": [{"code", "description", "schema"?}]}],
  "schemas": {"Name": schema} }
Schemas keep the JSON Schema keywords a form and a validator use (type, format, enum, default, example,
minimum/maximum, multipleOf, min/maxLength, pattern, min/maxItems, uniqueItems, items, properties, required,
min/maxProperties, additionalProperties, allOf/oneOf/anyOf/not, const, nullable, readOnly, writeOnly,
discriminator, description, title); a "$ref" is the bare component name ("Pin", not "#/components/schemas/Pin").
A parameter keeps its "style" and "explode" where the spec gives them (how an array goes on the wire).
Descriptions keep the spec's Markdown and inline HTML, whole (the Explorer renders them: core/markdown.h);
summaries and tag descriptions are plain text.
"""
import html
import json
import os
import re
import sys

METHODS = ("get", "post", "put", "patch", "delete")
KEEP = ("type", "format", "enum", "default", "example", "minimum", "maximum", "exclusiveMinimum",
        "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "required",
        "nullable", "readOnly", "writeOnly", "title", "description", "uniqueItems", "const", "multipleOf",
        "minProperties", "maxProperties")


def plain(text, limit=None):
    """Markdown/HTML description to plain text: tags dropped, links as their text, whitespace tidied."""
    if not text:
        return ""
    t = re.sub(r"<br\s*/?>|</p>|<p\s*/?>|</li>|</ul>|<ul>", "\n", text)
    t = re.sub(r"<li>", "\n- ", t)
    t = re.sub(r"<[^>]+>", "", t)
    t = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", t)
    t = html.unescape(t).replace("\r", "")
    t = re.sub(r"[ \t]+", " ", t)
    t = re.sub(r" *\n *", "\n", t)
    t = re.sub(r"\n{3,}", "\n\n", t).strip()
    if limit and len(t) > limit:
        t = t[:limit].rsplit(" ", 1)[0] + "…"
    return t


def doc(text):
    """A description as the spec writes it (Markdown and inline HTML), line endings tidied."""
    return (text or "").replace("\r", "").strip()


def ref_name(ref):
    return ref.rsplit("/", 1)[-1]


def compact(schema):
    """A spec schema in the catalogue's compact form (see the module doc)."""
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return {"$ref": ref_name(schema["$ref"])}
    out = {}
    for k in KEEP:
        if k in schema:
            v = schema[k]
            if k == "description":
                v = doc(v)
                if not v:
                    continue
            out[k] = v
    if "items" in schema:
        out["items"] = compact(schema["items"])
    if "not" in schema:
        out["not"] = compact(schema["not"])
    if "properties" in schema:
        out["properties"] = {n: compact(s) for n, s in schema["properties"].items()}
    ap = schema.get("additionalProperties")
    if isinstance(ap, dict):
        out["additionalProperties"] = compact(ap)
    elif ap is not None:
        out["additionalProperties"] = ap
    for k in ("allOf", "oneOf", "anyOf"):
        if k in schema:
            out[k] = [compact(s) for s in schema[k]]
    if "discriminator" in schema:
        d = schema["discriminator"]
        out["discriminator"] = {"propertyName": d.get("propertyName")}
        if "mapping" in d:
            out["discriminator"]["mapping"] = {k: ref_name(v) for k, v in d["mapping"].items()}
    return out


def resolve(spec, node):
    """Follows a local $ref to components/parameters, requestBodies or responses."""
    while isinstance(node, dict) and "$ref" in node and "/schemas/" not in node["$ref"]:
        parts = node["$ref"].lstrip("#/").split("/")
        node = spec
        for p in parts:
            node = node[p]
    return node


def oauth_scopes(op):
    scopes = []
    for sec in op.get("security", []):
        if "pinterest_oauth2" in sec:
            scopes = sec["pinterest_oauth2"]
    return scopes


def operation(spec, path, method, op, path_params):
    params = []
    for p in path_params + op.get("parameters", []):
        p = resolve(spec, p)
        params.append({"name": p["name"], "in": p["in"], "required": bool(p.get("required", p["in"] == "path")),
                       "description": doc(p.get("description", "")),
                       "schema": compact(p.get("schema", {"type": "string"}))})
        for k in ("style", "explode"):
            if k in p:
                params[-1][k] = p[k]
    out = {"id": op["operationId"], "method": method.upper(), "path": path,
           "tag": (op.get("tags") or ["other"])[0], "summary": plain(op.get("summary", "")),
           "description": doc(op.get("description", "")), "scopes": oauth_scopes(op),
           "ratelimit": op.get("x-ratelimit-category", ""), "sandbox": op.get("x-sandbox") == "enabled",
           "params": params, "responses": []}
    if op.get("deprecated"):
        out["deprecated"] = True
    if "requestBody" in op:
        rb = resolve(spec, op["requestBody"])
        ctype, media = next(iter(rb.get("content", {}).items()), ("application/json", {}))
        out["body"] = {"required": bool(rb.get("required", False)), "content_type": ctype,
                       "description": doc(rb.get("description", "")),
                       "schema": compact(media.get("schema", {}))}
    for code, resp in op.get("responses", {}).items():
        resp = resolve(spec, resp)
        r = {"code": code, "description": doc(resp.get("description", ""))}
        media = resp.get("content", {}).get("application/json")
        if media and "schema" in media:
            r["schema"] = compact(media["schema"])
        out["responses"].append(r)
    return out


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_spec.py spec/openapi.json OUT_DIR")
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    out_dir = sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)

    ops = []
    for path, item in spec["paths"].items():
        path_params = item.get("parameters", [])
        for method, op in item.items():
            if method in METHODS:
                ops.append(operation(spec, path, method, op, path_params))
    ops.sort(key=lambda o: (o["path"], METHODS.index(o["method"].lower())))
    scopes = spec["components"]["securitySchemes"]["pinterest_oauth2"]["flows"]["authorizationCode"]["scopes"]

    rows = ["// Generated by scripts/gen_spec.py from spec/openapi.json (%s). Do not edit." % spec["info"]["version"],
            "// method, path, operationId, oauth scopes (all required), x-ratelimit-category, x-sandbox enabled, tag"]
    for o in ops:
        rows.append("{%s, %s, %s, %s, %s, %s, %s}," % (
            c_str(o["method"]), c_str(o["path"]), c_str(o["id"]), c_str(",".join(o["scopes"])),
            c_str(o["ratelimit"]), "true" if o["sandbox"] else "false", c_str(o["tag"])))
    write(os.path.join(out_dir, "operations_table.inc"), "\n".join(rows) + "\n")

    rows = ["// Generated by scripts/gen_spec.py from spec/openapi.json. Do not edit. name, description"]
    for name in sorted(scopes):
        rows.append("{%s, %s}," % (c_str(name), c_str(scopes[name])))
    write(os.path.join(out_dir, "scopes_table.inc"), "\n".join(rows) + "\n")

    tags = [{"name": t["name"], "description": plain(t.get("description", ""))} for t in spec.get("tags", [])]
    catalogue = {
        "format": 1, "title": spec["info"]["title"], "version": spec["info"]["version"],
        "server": spec["servers"][0]["url"], "tag_groups": spec.get("x-tagGroups", []), "tags": tags,
        "scopes": scopes, "operations": ops,
        "schemas": {n: compact(s) for n, s in spec["components"]["schemas"].items()},
    }
    write(os.path.join(out_dir, "catalogue.json"),
          json.dumps(catalogue, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n")


def write(path, text):
    """Writes only when the bytes change, so an unchanged spec relinks nothing."""
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
