#!/usr/bin/env node
// decode_wasm.js — decoding a 250-pin page (tests/bench/bench_page.h, 242 KB) into the models in
// WebAssembly built as the page ships (wasm/decode_wasm.cpp), against JSON.parse of the same bytes
// in the same engine (this Node's V8). Prints min/median/max per page over several runs and the
// ratio of the medians; asserts nothing. Part of the perf suite (./scripts/bench).
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

require(path.resolve(file))().then((M) => {
  const body = M.UTF8ToString(M._bench_page(), M._bench_page_size());
  const time = (fn) => {
    fn(); fn(); // warm up (tier-up, heap growth)
    const out = [];
    for (let r = 0; r < runs; ++r) {
      const t0 = performance.now();
      fn();
      out.push((performance.now() - t0) / iters);
    }
    return stats(out);
  };
  let sink = 0;
  const figures = {
    bytes: body.length,
    json_parse: time(() => { for (let i = 0; i < iters; ++i) sink += JSON.parse(body).items.length; }),
    decode_models: time(() => {
      const n = M._bench_decode(iters);
      if (n !== 250) throw new Error(`decode_json failed (${n})`);
    }),
    nlohmann_parse: time(() => { M._bench_parse_nlohmann(iters); }),
  };
  figures.ratio = figures.decode_models.median / figures.json_parse.median;
  if (sink === 0) throw new Error('JSON.parse produced nothing');
  if (asJson) {
    console.log(JSON.stringify({ engine: `node ${process.version} (V8 ${process.versions.v8})`, runs, iters, ...figures }));
    return;
  }
  const f = (s) => `min ${s.min.toFixed(3)}  median ${s.median.toFixed(3)}  max ${s.max.toFixed(3)} ms`;
  console.log(`decoding a 250-pin page (${body.length} bytes) in node ${process.version} (V8 ${process.versions.v8}); ${runs} runs x ${iters}`);
  console.log(`  JSON.parse             ${f(figures.json_parse)}`);
  console.log(`  decode_json (models)   ${f(figures.decode_models)}`);
  console.log(`  nlohmann parse only    ${f(figures.nlohmann_parse)}`);
  console.log(`  ratio models / JSON.parse (medians): ${figures.ratio.toFixed(2)}x  (goal <= 3x)`);
});
