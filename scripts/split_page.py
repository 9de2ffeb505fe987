#!/usr/bin/env python3
"""split_page.py WASM ROOTS VIEWS_OUT — cuts the linked page module in two (web build, after emcc).

The page's first frame needs the sign-in, boards and pins views; the Explorer, the console, analytics and
the rest of the deferred views of the table of views (src/app/views.h) are only needed when opened. This
script moves every function reachable *only* through the functions whose names start with ROOTS (e.g.
"pinlab::app::deferred::", the namespace of those views' entry points) into a second module, VIEWS_OUT, with binaryen's wasm-split; the page
fetches it the first time one of those views is opened (src/platform/web/web.cpp), and until then their
table slots hold placeholders (shell.html). Both modules are then optimised for size, without names.

Which functions are safe to move is read from the call graph (wasm-opt --print-call-graph): the first module
keeps everything reachable from its exports and its indirect-call targets without passing through a root
(but for the targets of std::function objects only moved code makes: see deferred_callbacks).
The roots must have no direct callers (the app calls them through pointers, only once the second module is
there), or the split could call a placeholder; the script refuses to split otherwise.

WASM must be emcc's output linked with --profiling-funcs (the names are how functions are chosen); it is
rewritten in place as the first module."""
import collections
import os
import re
import struct
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


# [SECTION] std::function objects only deferred code makes
# A std::function's target is reached through its vtable (in the data), so the call graph cannot tell who
# needs it: every function in the table counts as used. But a std::function's vtable is only stored into an
# object by the code that makes that std::function (an i32.const of the vtable's address point, V + 8; there
# is no RTTI, so a vtable is [0, 0, slots…]). When every function that stores it is moved, no such object
# exists before the second module has arrived, and the vtable's functions (std::__function::__func<…>'s
# operator(), clone, destroy…) may move too, with what only they call. That is the case for the callbacks
# the deferred views hand to the client, and for the client's decoders of the answers only they ask for.
# Kept, to stay on the safe side: a vtable whose address point is in the data or stored by no function, and
# a small function whose slot number is also elsewhere in the data or a constant in any code (binaryen merges
# identical small functions, so it may stand for one whose address the page takes): it stays in the first
# module, though what it calls may move. Keeping what it calls too costs 5 KB of gzip; in the page's build
# the small ones that call something that moves are callbacks' thunks calling the deferred views' own code
# (a pager's load_more, a view's callback body), which no function of the page calls. A larger __func
# function's slot number elsewhere in the data is a coincidence (a table of numbers): only its vtable holds
# its address.
FUNC = "std::__2::__function::__func<"
SMALL_LINES = 16  # a function this short in wasm-dis's text is "small" (a few dozen bytes of code)


def unquote(s):
    out, i = bytearray(), 0
    esc = {"n": 10, "t": 9, "r": 13, '"': 34, "'": 39, "\\": 92}
    while i < len(s):
        if s[i] != "\\":
            j = s.find("\\", i)
            j = len(s) if j < 0 else j
            out += s[i:j].encode("utf8")
            i = j
        elif s[i + 1] in esc:
            out.append(esc[s[i + 1]])
            i += 2
        else:
            out.append(int(s[i + 1:i + 3], 16))
            i += 3
    return bytes(out)


def module_facts(wasm):
    """The table (slot -> function), the data's non-zero 32-bit words (address -> value), each function's
    constants (i32.const and load/store offsets) and each function's code size, from wasm-dis's text."""
    wat = subprocess.run(["wasm-dis", wasm], check=True, capture_output=True, text=True).stdout
    m = re.search(r"^ \(elem \(i32\.const (\d+)\) (.*)\)$", wat, re.M)
    slots = {}
    if m:
        for k, n in enumerate(m.group(2).split(" ")):
            slots[int(m.group(1)) + k] = n.lstrip("$")
    segs = [(int(d.group(1)), unquote(d.group(2)))
            for d in re.finditer(r'^ \(data \S+ \(i32\.const (\d+)\) "(.*)"\)$', wat, re.M)]
    mem = bytearray(max((o + len(b) for o, b in segs), default=0) + 4)
    for o, b in segs:
        mem[o:o + len(b)] = b
    words = {}
    for a in range(0, len(mem) - 3, 4):
        v = struct.unpack_from("<I", mem, a)[0]
        if v:
            words[a] = v
    consts, sizes = {}, {}
    for f in re.finditer(r"^ \(func \$(\S+) (.*?)(?=^ \(func |^ \(export|\Z)", wat, re.M | re.S):
        body = f.group(2)
        consts[f.group(1)] = {int(x) & 0xFFFFFFFF for x in re.findall(r"\(i32\.const (-?\d+)\)", body)} | \
            {int(x) for x in re.findall(r"offset=(\d+)", body)}
        sizes[f.group(1)] = body.count("\n")  # lines of text: enough to tell a small function
    return slots, words, consts, sizes


def deferred_callbacks(wasm, exports, indirect, calls, roots):
    """The std::function targets only deferred code can make (see above), and the small ones among them
    that stay in the first module anyway (nothing they call moves unless it is only theirs)."""
    slots, words, consts, sizes = module_facts(wasm)
    slot_of = collections.defaultdict(list)
    for i, n in slots.items():
        slot_of[n].append(i)
    at = collections.defaultdict(list)
    for a, v in words.items():
        at[v].append(a)

    def vtable(addr):  # the vtable holding the slot at addr: back over slots to its [0, 0] head
        a = addr
        while addr - a < 512:
            a -= 4
            v = words.get(a, 0)
            if v == 0:
                return a - 4 if words.get(a - 4, 0) == 0 else None
            if v not in slots:
                return None
        return None

    storing = collections.defaultdict(set)
    for f, cs in consts.items():
        for c in cs:
            storing[c].add(f)
    constants = set(storing)
    cand = {}
    for n in indirect - roots:
        if not n.startswith(FUNC) or not slot_of.get(n):
            continue
        vts = {vtable(a) for i in slot_of[n] for a in at.get(i, [])}
        if vts - {None}:
            cand[n] = vts
    # A slot number elsewhere in the data is a coincidence (a table of numbers) for a function of some size, since
    # only its vtable holds a __func's address; a small one may be merged with any function, so it stays.
    small = {n for n, vts in cand.items() if sizes.get(n, 0) < SMALL_LINES and
             (None in vts or any(i in constants for i in slot_of[n]))}
    members = collections.defaultdict(set)
    for n, vts in cand.items():
        for v in vts - {None}:
            members[v].add(n)
    owners = {v: None if at.get(v + 8) else storing.get(v + 8, set()) - members[v] for v in members}
    kept = (exports | indirect) - roots - set(cand)
    while True:  # a vtable stored by kept code keeps its functions, and what they call: until nothing changes
        keep = reach(kept, calls, roots)
        more = set()
        for v, ms in members.items():
            if owners[v] is None or not owners[v] or owners[v] & keep:
                more |= ms
        more -= kept
        if not more:
            return set(cand) - keep, small
        kept |= more


# What the page's module already uses (emcc's output: the stack pointer is a mutable global, which the
# second module imports); binaryen's tools assume less unless told.
FEATURES = ["--enable-mutable-globals", "--enable-sign-ext"]


def size_opt(src, dst, *extra):
    subprocess.run(["wasm-opt", *FEATURES, "-Oz", "--converge", *extra, src, "-o", dst], check=True)


def split_module(wasm, move, second_out):
    """Moves the functions named in `move` out of `wasm` into `second_out` with wasm-split, then optimises
    both for size without names; `wasm` is rewritten in place as the first module."""
    with tempfile.TemporaryDirectory() as tmp:
        listing = os.path.join(tmp, "move.txt")
        with open(listing, "w") as f:
            f.write("\n".join(move) + "\n")
        first, second = os.path.join(tmp, "first.wasm"), os.path.join(tmp, "second.wasm")
        subprocess.run(["wasm-split", wasm, "--split-funcs=@" + listing, "-o1", first, "-o2", second,
                        "--export-prefix=%", "--quiet", *FEATURES], check=True)
        size_opt(first, first + ".opt", "--low-memory-unused", "--zero-filled-memory")  # as emcc's own pass
        size_opt(second, second + ".opt")
        os.replace(second + ".opt", second_out)
        os.replace(first + ".opt", wasm)


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
    callbacks, small = deferred_callbacks(wasm, exports, indirect, calls, roots)
    keep = reach((exports | indirect) - roots - callbacks, calls, roots)
    move = sorted(reach(roots | callbacks, calls, keep) - imports - small)
    if not move:
        sys.exit("split_page.py: nothing to move")
    split_module(wasm, move, views_out)
    print(f"split_page.py: {len(move)} functions under {len(roots)} roots and {len(callbacks - small)} "
          f"std::function targets moved to {os.path.basename(views_out)} "
          f"({os.path.getsize(wasm)} + {os.path.getsize(views_out)} bytes)")


if __name__ == "__main__":
    main()
