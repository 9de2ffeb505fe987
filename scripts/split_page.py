#!/usr/bin/env python3
"""split_page.py WASM ROOTS VIEWS_OUT — cuts the linked page module in two (web build, after emcc).

The page's first frame needs the sign-in, boards and pins views; the Explorer, the console, analytics and
the rest of the deferred views of the table of views (src/app/views.h) are only needed when opened. This
script moves every function reachable *only* through the functions whose names start with ROOTS (e.g.
"pinlab::app::deferred::", the namespace of those views' entry points) into a second module, VIEWS_OUT, with binaryen's wasm-split; the page
fetches it the first time one of those views is opened (src/platform/web/web.cpp), and until then their
table slots hold placeholders (shell.html). Both modules are then optimised for size, without names.

Which functions are safe to move is read from the call graph (wasm-opt --print-call-graph): the first module
keeps everything reachable from its exports and its indirect-call targets without passing through a root.
The roots must have no direct callers (the app calls them through pointers, only once the second module is
there), or the split could call a placeholder; the script refuses to split otherwise.

WASM must be emcc's output linked with --profiling-funcs (the names are how functions are chosen); it is
rewritten in place as the first module."""
import os
import re
import subprocess
import sys
import tempfile

NODE = re.compile(r'^\s*"([^"]*)" \[style="([^"]*)"(?:, fillcolor="([^"]*)")?\];$')
EDGE = re.compile(r'^\s*"([^"]*)" -> "([^"]*)"; // call$')


def call_graph(wasm):
    out = subprocess.run(["wasm-opt", wasm, "--print-call-graph", "-o", os.devnull], check=True,
                         capture_output=True, text=True).stdout
    body = out.split("\n  }\n", 1)[1]  # after the legend ("Key") subgraph
    imports, exports, indirect, defined, calls = set(), set(), set(), set(), {}
    for line in body.splitlines():
        m = EDGE.match(line)
        if m:
            calls.setdefault(m.group(1), set()).add(m.group(2))
            continue
        m = NODE.match(line)
        if not m:
            continue
        name, style, fill = m.groups()
        if "rounded" in style:
            indirect.add(name)
        elif fill == "turquoise":
            imports.add(name)
        else:
            defined.add(name)
            if fill == "gray":
                exports.add(name)
    return imports, exports, indirect, defined - imports, calls


def reach(starts, calls, stop):
    seen, todo = set(), [s for s in starts if s not in stop]
    while todo:
        f = todo.pop()
        if f in seen:
            continue
        seen.add(f)
        todo.extend(c for c in calls.get(f, ()) if c not in stop and c not in seen)
    return seen


# What the page's module already uses (emcc's output: the stack pointer is a mutable global, which the
# second module imports); binaryen's tools assume less unless told.
FEATURES = ["--enable-mutable-globals", "--enable-sign-ext"]


def size_opt(src, dst, *extra):
    subprocess.run(["wasm-opt", *FEATURES, "-Oz", "--converge", *extra, src, "-o", dst], check=True)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    wasm, root_prefix, views_out = sys.argv[1:]
    imports, exports, indirect, defined, calls = call_graph(wasm)
    if not defined or all(n.isdigit() for n in defined):
        sys.exit(f"split_page.py: {wasm} has no function names (link with --profiling-funcs)")
    roots = {n for n in defined | indirect if n.startswith(root_prefix.replace("(", "\\28"))}
    if not roots:
        sys.exit(f"split_page.py: no function named {root_prefix}…")
    for root in sorted(roots):
        callers = sorted(f for f, cs in calls.items() if root in cs)
        if callers:
            sys.exit(f"split_page.py: {root} is called directly by {callers[:3]}; call it through a pointer")
        if root in exports:
            sys.exit(f"split_page.py: {root} is exported; it must be reached only through the app's pointers")
    keep = reach((exports | indirect) - roots, calls, roots)
    move = sorted(reach(roots, calls, keep) - imports)
    if not move:
        sys.exit("split_page.py: nothing to move")
    with tempfile.TemporaryDirectory() as tmp:
        listing = os.path.join(tmp, "move.txt")
        with open(listing, "w") as f:
            f.write("\n".join(move) + "\n")
        first, second = os.path.join(tmp, "first.wasm"), os.path.join(tmp, "second.wasm")
        subprocess.run(["wasm-split", wasm, "--split-funcs=@" + listing, "-o1", first, "-o2", second,
                        "--export-prefix=%", "--quiet", *FEATURES], check=True)
        size_opt(first, first + ".opt", "--low-memory-unused", "--zero-filled-memory")
        size_opt(second, second + ".opt")
        os.replace(second + ".opt", views_out)
        os.replace(first + ".opt", wasm)
    print(f"split_page.py: {len(move)} functions under {len(roots)} roots moved to {os.path.basename(views_out)} "
          f"({os.path.getsize(wasm)} + {os.path.getsize(views_out)} bytes)")


if __name__ == "__main__":
    main()
