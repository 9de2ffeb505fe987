#!/usr/bin/env python3
"""split_worker.py WASM MORE_OUT --cold PREFIX… [--cold-entry PREFIX…] [--warm PREFIX…] — cuts the Demo
worker's linked module in two (web build, after emcc), as split_page.py cuts the page's.

A Demo visitor's first steps (sign-in, the account, boards, a board's pins, the pins grid with its images, the
saves that follow) run a small part of the emulator. Everything the worker's exports and its table reach
without passing through a *cold* function stays in WASM; the rest — reachable only through cold functions —
moves to MORE_OUT, which the worker fetches synchronously on the first call of one of them
(src/platform/web/worker/demo_split.js). Unlike the page's views, a cold function may be called directly:
binaryen's wasm-split turns such a call into a call through the table, whose slot holds a placeholder until
MORE_OUT is there. So the lists below decide only when MORE_OUT is fetched, never whether a call works.

  --cold PREFIX        every function whose name starts with PREFIX is cold
  --cold-entry PREFIX  every function in the table (called through a pointer: the emulator's operation
                       handlers) whose name starts with PREFIX is cold…
  --warm PREFIX        …unless its name starts with one of these (the handlers a first visit calls)

WASM must be emcc's output linked with --profiling-funcs; it is rewritten in place as the first module. Both
modules are then optimised for size, without names."""
import argparse
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split_page import call_graph, reach, split_module  # noqa: E402


def escaped(prefix):  # names in the call graph escape "(", ",", " " and ")" as binaryen writes them
    return prefix.replace("(", "\\28").replace(",", "\\2c").replace(" ", "\\20").replace(")", "\\29")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wasm")
    ap.add_argument("more_out")
    ap.add_argument("--cold", action="append", default=[])
    ap.add_argument("--cold-entry", action="append", default=[])
    ap.add_argument("--warm", action="append", default=[])
    a = ap.parse_args()
    imports, exports, indirect, defined, calls = call_graph(a.wasm)
    if not defined or all(n.isdigit() for n in defined):
        sys.exit(f"split_worker.py: {a.wasm} has no function names (link with --profiling-funcs)")
    def starts(name, prefixes):
        return any(name.startswith(escaped(p)) for p in prefixes)

    cold = {n for n in defined if starts(n, a.cold)}
    cold |= {n for n in indirect & defined if starts(n, a.cold_entry) and not starts(n, a.warm)}
    for p in a.cold + a.cold_entry + a.warm:  # a prefix that names nothing is a typo or a renamed function
        if not any(starts(n, [p]) for n in defined):
            sys.exit(f"split_worker.py: no function named {p}…")
    if cold & exports:
        sys.exit(f"split_worker.py: exported functions cannot move: {sorted(cold & exports)[:3]}")
    keep = reach((exports | indirect) - cold, calls, cold)
    move = sorted(defined - keep - imports)
    if not move:
        sys.exit("split_worker.py: nothing to move")
    split_module(a.wasm, move, a.more_out)
    print(f"split_worker.py: {len(move)} functions under {len(cold)} cold ones moved to "
          f"{os.path.basename(a.more_out)} ({os.path.getsize(a.wasm)} + {os.path.getsize(a.more_out)} bytes)")


if __name__ == "__main__":
    main()
