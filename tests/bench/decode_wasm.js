#!/usr/bin/env node
// decode_wasm.js — decoding a 250-pin page (tests/bench/bench_page.h, 242 KB) into the models in
// WebAssembly built as the page ships (wasm/decode_wasm.cpp), against JSON.parse of the same bytes
// in the same engine (this Node's V8). Prints min/median/max per page over several runs and the
// ratio per run (min/median/max); asserts nothing. Part of the perf suite (./scripts/bench).
// Usage: node tests/bench/decode_wasm.js [--runs=N] [--iters=K] [--json] [path/to/pinlab_decode_bench.js]
//   build first: cmake --preset web-release && cmake --build build/web-release --target pinlab_decode_bench
'use strict';
const fs = require('fs');
const path = require('path');

const arg = (name, def) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : def;
};
const runs = arg('runs', 15);   // each run times one batch; figures are over runs
const iters = arg('iters', 20); // decodes per batch (per-page time = batch / iters)
const asJson = process.argv.includes('--json');
const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ||
  path.join(__dirname, '..', '..', 'build', 'web-release', 'bench', 'pinlab_decode_bench.js');
if (!fs.existsSync(file)) {
  console.error(`decode_wasm: ${file} is missing; build it with\n` +
    '  cmake --preset web-release && cmake --build build/web-release --target pinlab_decode_bench');
  process.exit(2);
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};

// Before timing: the page's JSON numbers (core/number.h) must be the doubles Number() gives for the same
// text, bit for bit, over random numbers of every shape (short ones take the fast path, long ones and large
// exponents the engine's Number()).
function checkNumbers(M) {
  let seed = 20261207;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const digits = (n, first) => { let s = ''; for (let i = 0; i < n; ++i) s += String((i === 0 && first) ? 1 + rnd(9) : rnd(10)); return s; };
  const buf = M._malloc(64);
  let bad = 0;
  for (let k = 0; k < 50000; ++k) {
    const n = 1 + rnd(rnd(4) === 0 ? 25 : 8);
    let s = (rnd(2) ? '-' : '') + (n > 1 ? digits(n, true) : digits(1, false));
    if (rnd(3)) s += '.' + digits(1 + rnd(rnd(4) === 0 ? 25 : 8), false);
    if (rnd(3) === 0) s += 'e' + ['-', '+', ''][rnd(3)] + String(rnd(400));
    for (let i = 0; i < s.length; ++i) M.HEAPU8[buf + i] = s.charCodeAt(i);
    const got = M._bench_number(buf, s.length);
    if (!Object.is(got, Number(s)) && bad++ < 5) console.error(`decode_wasm: ${s} -> ${got}, Number() gives ${Number(s)}`);
  }
  M._free(buf);
  if (bad) throw new Error(`decode_wasm: ${bad} of 50000 numbers differ from Number()`);
}

// wasmBinary given directly: this Emscripten's loader would fetch() a file path under Node 18+.
const wasmBinary = fs.readFileSync(file.replace(/\.js$/, '.wasm'));
require(path.resolve(file))({ wasmBinary }).then((M) => {
  const body = M.UTF8ToString(M._bench_page(), M._bench_page_size());
  checkNumbers(M);
  // Round-robin: every run times one batch of each candidate in turn, so a busy machine slows them
  // alike; the ratio is taken per run and its median reported.
  let sink = 0;
  const cands = {
    json_parse: () => { for (let i = 0; i < iters; ++i) sink += JSON.parse(body).items.length; },
    decode_models: () => {
      const n = M._bench_decode(iters);
      if (n !== 250) throw new Error(`decode_json failed (${n})`);
    },
    reader_parse: () => { M._bench_parse_reader(iters); },
    nlohmann_parse: () => { M._bench_parse_nlohmann(iters); },
  };
  if (!M._bench_parse_reader) delete cands.reader_parse; // a build from before the reader
  const times = Object.fromEntries(Object.keys(cands).map((k) => [k, []]));
  for (const fn of Object.values(cands)) { fn(); fn(); } // warm up (tier-up, heap growth)
  for (let r = 0; r < runs; ++r) {
    for (const [k, fn] of Object.entries(cands)) {
      const t0 = performance.now();
      fn();
      times[k].push((performance.now() - t0) / iters);
    }
  }
  const figures = { bytes: body.length };
  for (const k of Object.keys(cands)) figures[k] = stats(times[k]);
  figures.ratio = stats(times.decode_models.map((t, i) => t / times.json_parse[i]));
  if (sink === 0) throw new Error('JSON.parse produced nothing');
  if (asJson) {
    console.log(JSON.stringify({ engine: `node ${process.version} (V8 ${process.versions.v8})`, runs, iters, ...figures }));
    return;
  }
  const f = (s) => `min ${s.min.toFixed(3)}  median ${s.median.toFixed(3)}  max ${s.max.toFixed(3)} ms`;
  console.log(`decoding a 250-pin page (${body.length} bytes) in node ${process.version} (V8 ${process.versions.v8}); ${runs} runs x ${iters}`);
  console.log(`  JSON.parse             ${f(figures.json_parse)}`);
  console.log(`  decode_json (models)   ${f(figures.decode_models)}`);
  if (figures.reader_parse) console.log(`  reader parse only      ${f(figures.reader_parse)}`);
  console.log(`  nlohmann parse only    ${f(figures.nlohmann_parse)}`);
  console.log(`  ratio decode_json / JSON.parse per run: min ${figures.ratio.min.toFixed(2)}x  median ${figures.ratio.median.toFixed(2)}x  max ${figures.ratio.max.toFixed(2)}x  (goal <= 3x)`);
});
