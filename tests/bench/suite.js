#!/usr/bin/env node
// suite.js — Pinlab's performance suite (./scripts/bench runs it; it is not part of the tests). Every
// figure is measured in this run, on loopback, in headless Chromium where a page is involved, next to
// the peer a user would pick instead (Swagger UI showing the same OpenAPI description, Prism mocking it),
// and written to docs/PERFORMANCE.md with min/median/max over the runs, the ratio and the goal.
//
// Usage: node tests/bench/suite.js [--runs=N] [--only=weight,first,explorer,scroll,glyphs,engines,decode,server,contention,roundtrip]
//                                  [--sizes=100,1000,10000] (the boards scrolled) [--load-seconds=240] [--scroll-seconds=45]
//                                  [--out=docs/PERFORMANCE.md] [--server=build/native-release/pinlab-server]
//                                  [--engine-pins=1000] (engines: first frame and scrolling in Firefox and WebKit too)
// Needs: dist/ (web-release build), a pinlab-server binary, tests/bench/node_modules (npm ci), wrk.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const http = require('http');
const { spawn, execFileSync } = require('child_process');
const e2e = path.join(__dirname, '..', 'e2e');
const { ROOT, DIST, freePort, startStaticServer, startPinlabServer, launchBrowser, waitForFirstFrame } =
  require(path.join(e2e, 'lib'));
const { waitForState, clickItem, findItem, waitForItem, signInDemo } = require(path.join(e2e, 'ui'));
const { enginesSection } = require('./engines');

const arg = (name, def) => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : def;
};
const RUNS = Number(arg('runs', '5'));
const ONLY = arg('only', '').split(',').filter(Boolean);
const OUT = path.resolve(ROOT, arg('out', 'docs/PERFORMANCE.md'));
const SERVER = path.resolve(ROOT, arg('server', 'build/native-release/pinlab-server'));
if (!process.env.PINLAB_SERVER && fs.existsSync(SERVER)) process.env.PINLAB_SERVER = SERVER;  // startPinlabServer's binary
const SPEC = path.join(ROOT, 'spec', 'openapi.json');
const OPS = 231;
const want = (s) => !ONLY.length || ONLY.includes(s);

// [SECTION] Figures ---------------------------------------------------------------------------------
// A figure: samples for Pinlab and (optionally) the peer; the goal is a ratio of medians (lower is
// better unless `higher`) or an absolute bound on Pinlab's median.
const figures = [];
const notes = [];
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => { const s = sorted(xs); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : NaN; };
const pct = (xs, p) => { const s = sorted(xs); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
function figure(f) {
  figures.push(f);
  const m = median(f.pinlab), pm = f.peer ? median(f.peer) : null;
  console.log(`  ${f.name}: Pinlab ${fmt(m, f.unit)}` + (pm !== null ? `, ${f.peerName} ${fmt(pm, f.unit)}` : '') +
              (f.goal ? ` — goal ${f.goal.text}: ${f.invalid ? 'NOT COMPARED (' + f.invalid + ')' : met(f) ? 'met' : 'NOT met'}` : ''));
}
function fmt(x, unit) {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (unit === 'B') return `${Math.round(x).toLocaleString('en-US')} B`;
  if (unit === 'req/s') return `${Math.round(x).toLocaleString('en-US')} req/s`;
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return `${x.toFixed(digits)} ${unit}`;
}
function ratio(f) { return f.peer ? median(f.pinlab) / median(f.peer) : null; }
function met(f) {
  if (!f.goal || f.invalid) return null;
  const m = median(f.pinlab);
  if (f.goal.maxRatio !== undefined) return ratio(f) <= f.goal.maxRatio;
  if (f.goal.minRatio !== undefined) return ratio(f) >= f.goal.minRatio;
  if (f.goal.max !== undefined) return m <= f.goal.max;
  return null;
}

const gzipSize = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

// A static host that also records what was requested (to weigh exactly what a visitor downloaded).
function recordRequests(page, origin) {
  const seen = new Set();
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.origin === origin) seen.add(decodeURIComponent(u.pathname));
  });
  return seen;
}
function weigh(dir, paths) {
  let gz = 0;
  const files = [];
  for (let p of paths) {
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(dir, p);
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) continue;
    const g = gzipSize(file);
    gz += g;
    files.push(`${p.replace(/^\//, '')} ${g.toLocaleString('en-US')}`);
  }
  return { gz, files };
}
async function noCache(browser, page) {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  return cdp;
}

// Swagger UI (npm swagger-ui-dist) set up the way its README says, showing Pinterest's description.
function swaggerDir() {
  const src = path.join(__dirname, 'node_modules', 'swagger-ui-dist');
  if (!fs.existsSync(src)) throw new Error('tests/bench/node_modules is missing: run ./scripts/bench (it runs npm ci)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-swagger-'));
  for (const f of ['index.html', 'index.css', 'swagger-ui.css', 'swagger-ui-bundle.js',
                   'swagger-ui-standalone-preset.js', 'favicon-16x16.png', 'favicon-32x32.png'])
    fs.copyFileSync(path.join(src, f), path.join(dir, f));
  fs.copyFileSync(SPEC, path.join(dir, 'openapi.json'));
  fs.writeFileSync(path.join(dir, 'swagger-initializer.js'),
    'window.onload = function() { window.ui = SwaggerUIBundle({ url: "openapi.json", dom_id: "#swagger-ui", ' +
    'deepLinking: true, presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], ' +
    'plugins: [SwaggerUIBundle.plugins.DownloadUrl], layout: "StandaloneLayout" }); };\n');
  return dir;
}
// Records when Swagger UI has drawn its operation list (performance.now() ms): its first operation row.
// Like Pinlab, Swagger UI 5 draws the rows of the sections on screen, not all 231 at once.
const SWAGGER_OBSERVER = `(() => {
  const mark = () => {
    if (window.__opsDrawn) return;
    if (document.querySelector('.opblock')) window.__opsDrawn = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
})();`;

// [SECTION] Page weight and first useful frame --------------------------------------------------------
async function pageSections(browser) {
  const stat = await startStaticServer();
  const sw = swaggerDir();
  const swStat = await startStaticServer(sw);
  try {
    const pinFirst = [], swFirst = [], swList = [];
    let pageWeight = null, swWeight = null, demoWeight = null;
    for (let i = 0; i < RUNS; i++) {
      // Pinlab: the page logs its first useful frame (ms since navigation) in window.pinlabFirstFrameMs.
      const page = await browser.context.newPage();
      await noCache(browser, page);
      const seen = recordRequests(page, stat.url.replace(/\/$/, ''));
      await page.goto(stat.url);
      await waitForFirstFrame(page);
      pinFirst.push(await page.evaluate(() => window.pinlabFirstFrameMs));
      if (!pageWeight) pageWeight = weigh(DIST, [...seen]);
      if (i === 0 && want('weight')) {
        // The Demo visitor: everything downloaded to sign in to Demo and see the pins.
        await signInDemo(page);
        await clickItem(page, 'nav:Pins');
        await waitForState(page, (s) => s.view === 'pins' && s.pins_loaded > 0, 'pins grid', 30000);
        await page.waitForTimeout(500);
        demoWeight = weigh(DIST, [...seen]);
      }
      await page.close();

      const sp = await browser.context.newPage();
      await noCache(browser, sp);
      const swSeen = recordRequests(sp, swStat.url.replace(/\/$/, ''));
      await sp.addInitScript(SWAGGER_OBSERVER);
      await sp.goto(swStat.url);
      await sp.waitForFunction(() => window.__opsDrawn, null, { timeout: 120000, polling: 50 });
      const t = await sp.evaluate(() => {
        const spec = performance.getEntriesByType('resource').find((r) => r.name.endsWith('openapi.json'));
        return { drawn: window.__opsDrawn, specStart: spec ? spec.startTime : 0 };
      });
      swFirst.push(t.drawn);
      swList.push(t.drawn - t.specStart);
      if (!swWeight) swWeight = weigh(sw, [...swSeen]);
      await sp.close();
    }
    if (want('weight')) {
      figure({ name: 'Page weight before the first useful frame (gzip -9)', unit: 'B', pinlab: [pageWeight.gz],
               peer: [swWeight.gz], peerName: 'Swagger UI', goal: { maxRatio: 0.4, text: '≤ 0.4×' },
               detail: `Pinlab: ${pageWeight.files.join(', ')}. Swagger UI: ${swWeight.files.join(', ')}.` });
      figure({ name: 'A Demo visitor’s whole download (gzip -9)', unit: 'B', pinlab: [demoWeight.gz],
               peer: [swWeight.gz], peerName: 'Swagger UI', goal: { maxRatio: 0.5, text: '≤ 0.5×' },
               detail: `Pinlab: ${demoWeight.files.join(', ')}.` });
    }
    if (want('first')) {
      figure({ name: 'First useful frame after navigation (Swagger UI: its operation list drawn)', unit: 'ms',
               pinlab: pinFirst, peer: swFirst, peerName: 'Swagger UI', goal: { maxRatio: 0.4, text: '≤ 0.4×' } });
    }
    return { swList };
  } finally {
    await stat.close();
    await swStat.close();
    fs.rmSync(sw, { recursive: true, force: true });
  }
}

// [SECTION] Explorer: opening it to the operation list drawn -----------------------------------------
// A real click on the top bar's Explorer (mouse down/up) to the first frame whose bridge lists an operation
// row (op:…), polled every animation frame; the peer is Swagger UI from the description's fetch to its
// first operation row.
async function explorerSection(browser, swList) {
  const stat = await startStaticServer();
  try {
    // rest: the pointer rests on the link 50 ms before the press, as a mouse does (Pinlab starts fetching the
    // Explorer's code and the catalogue on hover); tap: it moves and presses at once, as a finger does.
    const times = { rest: [], tap: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const how of ['rest', 'tap']) {
        const page = await browser.context.newPage();
        await noCache(browser, page);
        await page.goto(stat.url);
        await waitForFirstFrame(page);
        const nav = await waitForItem(page, 'nav:Explorer');
        let t0;
        if (how === 'rest') {
          await page.mouse.move(nav.x + nav.w / 2, nav.y + nav.h / 2);
          await page.waitForTimeout(50);
          t0 = await page.evaluate(() => performance.now());
        } else {
          t0 = await page.evaluate(() => performance.now());
          await page.mouse.move(nav.x + nav.w / 2, nav.y + nav.h / 2);
        }
        await page.mouse.down();
        await page.mouse.up();
        await page.waitForFunction(() => (window.pinlab.state().items || []).some((it) => it.label.startsWith('op:')),
                                   null, { polling: 'raf', timeout: 60000 });
        times[how].push((await page.evaluate(() => performance.now())) - t0);
        await page.close();
      }
    }
    const detail = `Pinlab loads catalogue.json (${gzipSize(path.join(DIST, 'catalogue.json')).toLocaleString('en-US')} B gzip) ` +
                   `in its worker on this first open; Swagger UI loads openapi.json (${gzipSize(SPEC).toLocaleString('en-US')} B gzip).`;
    figure({ name: 'Explorer: a click on it to the first operation drawn (Swagger UI: description fetched to its first operation drawn)',
             unit: 'ms', pinlab: times.rest, peer: swList, peerName: 'Swagger UI', goal: { maxRatio: 1, text: '≤ 1×' },
             detail: `The pointer rests on the link 50 ms before the press; Pinlab starts fetching the view's code and the ` +
                     `catalogue when the pointer is over the link. ${detail}` });
    figure({ name: 'Explorer: a tap on it (no hover before the press) to the first operation drawn',
             unit: 'ms', pinlab: times.tap, peer: swList, peerName: 'Swagger UI',
             detail: `The pointer moves onto the link and presses at once, so nothing is fetched before the press. ${detail}` });
  } finally {
    await stat.close();
  }
}

// [SECTION] Scrolling 100, 1,000 and 10,000 pins ----------------------------------------------------
// pinlab-server's emulator with N pins, signed in as a person would (Local backend, PKCE), "All pins"
// scrolled to the end by the mouse wheel (DevTools wheel events, 4 notches of 100 px a frame) and back.
async function signInLocal(page, server) {
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await clickItem(page, 'backend:local');
  await clickItem(page, 'button:Sign in');
  await page.waitForURL(/\/oauth\//, { timeout: 15000 });
  await page.click('button[value="allow"]');
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.signed_in, 'signed in (Local)', 30000);
}
// Bounded in time: headless Chromium (SwiftShader) acknowledges a wheel event only with the next frame it
// presents, ~4-10 a second on 2 busy cores, so scrolling 10,000 pins (~800,000 px at 100 px a notch) to the
// end and back took far longer than the rest of the suite together. Instead every size is loaded first with
// the grid's own "Load more" (100 pins a page, as a person would press it; at most LOAD_SECONDS), so the
// grid holds all N pins, then scrolled by the wheel at the same speed for at most SCROLL_SECONDS down (or to
// the end) and as long back up (or to the top). The frame times so compare N pins held, scrolled alike.
const LOAD_SECONDS = Number(arg('load-seconds', '240'));
const SCROLL_SECONDS = Number(arg('scroll-seconds', '45'));
async function scrollSection(browser) {
  for (const n of arg('sizes', '100,1000,10000').split(',').map(Number)) {
    const server = await startPinlabServer(['--pins', String(n), '--rate-limit', 'off']);
    const page = await browser.context.newPage();
    try {
      await signInLocal(page, server);
      await clickItem(page, 'nav:Pins');
      let s = await waitForState(page, (st) => st.view === 'pins' && st.pins_loaded > 0, 'pins grid', 30000);
      const tLoad = Date.now();
      while (s.pins_loaded < n && Date.now() - tLoad < LOAD_SECONDS * 1000) {
        const before = s.pins_loaded;
        await clickItem(page, 'button:Load more');
        s = await waitForState(page, (st) => st.pins_loaded > before, 'the next page', 30000);  // (busy counts images too)
      }
      const loadS = (Date.now() - tLoad) / 1000;
      await page.mouse.move(640, 400);
      const cdp = await browser.context.newCDPSession(page);
      const notch = (dy) => cdp.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x: 640, y: 400, deltaX: 0, deltaY: dy });
      await page.evaluate(() => { window.pinlab.resetFrameTimes(); window.Module.pinlabSemStats.samples = []; });
      const layerNodes = () => page.evaluate(() => document.querySelectorAll('#pinlab-a11y *').length);
      let mostNodes = await layerNodes();
      const t0 = Date.now();
      let deepest = 0;
      for (let i = 0; Date.now() - t0 < SCROLL_SECONDS * 1000; i++) {
        for (let k = 0; k < 4; k++) await notch(100);
        await page.waitForTimeout(16);
        if (i % 10 === 0) {
          s = await page.evaluate(() => window.pinlab.state());
          deepest = Math.max(deepest, s.grid_scroll);
          mostNodes = Math.max(mostNodes, await layerNodes());
          if (s.pins_loaded >= n && s.at_bottom) break;
        }
      }
      const tUp = Date.now();
      for (let i = 0; Date.now() - tUp < SCROLL_SECONDS * 1000; i++) {
        for (let k = 0; k < 4; k++) await notch(-100);
        await page.waitForTimeout(16);
        if (i % 10 === 0 && (await page.evaluate(() => window.pinlab.state())).grid_scroll <= 0) break;
      }
      const ft = await page.evaluate(() => window.pinlab.frameTimes());
      const layer = await page.evaluate(() => window.Module.pinlabSemStats.samples.slice());
      const heap = await page.evaluate(() => window.pinlab.heapBytes());
      const tex = await page.evaluate(() => (window.pinlab.textureBytes ? window.pinlab.textureBytes() : 0));
      s = await page.evaluate(() => window.pinlab.state());
      const label = n.toLocaleString('en-US');
      if (s.pins_loaded < n) notes.push(`Scrolling ${label} pins: only ${s.pins_loaded} loaded in ${LOAD_SECONDS} s.`);
      figure({ name: `Scrolling ${label} pins: frame CPU p50`, unit: 'ms', pinlab: [pct(ft, 0.5)] });
      figure({ name: `Scrolling ${label} pins: frame CPU p95`, unit: 'ms', pinlab: [pct(ft, 0.95)],
               goal: { max: 8, text: '≤ 8 ms' } });
      figure({ name: `Scrolling ${label} pins: frame CPU p99`, unit: 'ms', pinlab: [pct(ft, 0.99)] });
      // The DOM layer over the canvas (src/platform/web/semantics.cpp): its share of each frame and its size.
      figure({ name: `Scrolling ${label} pins: DOM layer per frame p95`, unit: 'ms', pinlab: [pct(layer, 0.95)],
               detail: `the semantics recorder's end of frame and the page applying what changed, ${layer.length} frames` });
      figure({ name: `Scrolling ${label} pins: DOM layer nodes (most)`, unit: 'nodes', pinlab: [mostNodes] });
      figure({ name: `Scrolling ${label} pins: WASM heap after`, unit: 'MiB', pinlab: [heap / 1048576],
               goal: n === 10000 ? { max: 96 / 1.048576, text: '≤ 96 MB' } : undefined });
      figure({ name: `Scrolling ${label} pins: pin textures after`, unit: 'MiB', pinlab: [tex / 1048576],
               detail: `${s.pins_loaded} pins loaded (${loadS.toFixed(0)} s of Load more), ${s.textures} textures, ` +
                       `${ft.length} frames drawn; scrolled down to ${Math.round(deepest).toLocaleString('en-US')} px ` +
                       `(at most ${SCROLL_SECONDS} s each way, 4 wheel notches of 100 px a step)` });
    } finally {
      await page.close();
      await server.close();
    }
  }
}

// [SECTION] Demo round trip: page ↔ worker against the same call to pinlab-server ---------------------
// The board page call (GET /v5/boards/{id}/pins) as the UI makes it, timed from the page's post to the
// reply (Demo: the worker channel; Local: the Resource Timing of the fetch). Decoding is not included.
async function roundTripSection(browser) {
  const openBoardRepeatedly = async (page) => {
    await clickItem(page, 'nav:Boards');
    const st = await waitForState(page, (s) => s.view === 'boards' && findItem(s, /^board:/), 'boards', 30000);
    const label = findItem(st, /^board:/).label;
    for (let i = 0; i < RUNS * 4; i++) {
      await clickItem(page, label);
      await waitForState(page, (s) => s.view === 'board' && s.pins_loaded > 0 && !s.busy, 'board', 30000);
      await clickItem(page, 'nav:Boards');
      await waitForState(page, (s) => s.view === 'boards', 'boards', 30000);
    }
  };
  // Demo
  const stat = await startStaticServer();
  const demo = [];
  try {
    const page = await browser.context.newPage();
    await page.goto(stat.url);
    await waitForFirstFrame(page);
    await signInDemo(page);
    await page.evaluate(() => {
      const d = Module.pinlabDemo;
      window.__rt = [];
      const started = {};
      const post = d.worker.postMessage.bind(d.worker);
      d.worker.postMessage = (msg, tr) => {
        if (msg && msg.funcName === 'demo_handle') {
          const text = new TextDecoder('latin1').decode(msg.data);
          if (/\/v5\/boards\/\d+\/pins/.test(text)) started[msg.callbackId] = performance.now();
        }
        return post(msg, tr);
      };
      const onmessage = d.worker.onmessage;
      d.worker.onmessage = (m) => {
        const t0 = started[m.data.callbackId];
        if (t0 !== undefined) { window.__rt.push(performance.now() - t0); delete started[m.data.callbackId]; }
        return onmessage(m);
      };
    });
    await openBoardRepeatedly(page);
    demo.push(...(await page.evaluate(() => window.__rt)));
    await page.close();
  } finally {
    await stat.close();
  }
  const server = await startPinlabServer(['--rate-limit', 'off']);
  const local = [];
  try {
    const page = await browser.context.newPage();
    await signInLocal(page, server);
    await openBoardRepeatedly(page);
    local.push(...(await page.evaluate(() => performance.getEntriesByType('resource')
      .filter((r) => /\/v5\/boards\/\d+\/pins/.test(r.name)).map((r) => r.responseEnd - r.startTime))));
    await page.close();
  } finally {
    await server.close();
  }
  figure({ name: 'A board page call: Demo (page ↔ worker) against Local (page ↔ pinlab-server, loopback)',
           unit: 'ms', pinlab: demo, peer: local, peerName: 'pinlab-server' });
}

// [SECTION] Decoding a 250-pin page in WASM against JSON.parse --------------------------------------
function decodeSection() {
  const driver = path.join(__dirname, 'decode_wasm.js');
  if (!fs.existsSync(driver)) { notes.push('Decoding: tests/bench/decode_wasm.js is missing; not measured.'); return; }
  const out = execFileSync(process.execPath, ['--no-experimental-fetch', driver, `--runs=${Math.max(RUNS * 3, 15)}`, '--json'],
                           { encoding: 'utf8', maxBuffer: 1 << 24 });
  const r = JSON.parse(out.trim().split('\n').pop());
  const three = (x) => [x.min, x.median, x.max];  // the driver reports min/median/max over its runs
  figure({ name: `Decoding a 250-pin page (${r.bytes.toLocaleString('en-US')} B) into models, WASM as shipped (JSON.parse: same bytes, same engine)`,
           unit: 'ms', pinlab: three(r.decode_models), peer: three(r.json_parse), peerName: 'JSON.parse',
           goal: { maxRatio: 3, text: '≤ 3×' },
           detail: `${r.engine}, ${r.runs} runs of ${r.iters}; ratio per run min ${r.ratio.min.toFixed(2)}×, median ` +
                   `${r.ratio.median.toFixed(2)}×, max ${r.ratio.max.toFixed(2)}×` +
                   (r.reader_parse ? `; the reader's parse alone median ${r.reader_parse.median.toFixed(2)} ms` : '') +
                   `; nlohmann's parse alone median ${r.nlohmann_parse.median.toFixed(2)} ms` });
}

// [SECTION] Servers: pinlab-server against Prism, with wrk ------------------------------------------
// Both answer the same requests with the same bodies: Prism mocks spec/openapi.json, whose server URL is
// https://api.pinterest.com/v5, so its paths have no /v5 prefix; and it is given a copy of the spec whose
// 2xx examples for the measured operations are pinlab-server's own answers (Prism's static mode serves an
// operation's example), so both send the same bytes and the ratio compares like with like. Every case is
// probed once on both sides first (status and bytes per answer); a run in which either side answered
// anything but 2xx, or whose bodies differ in size by more than 5 %, is reported and its ratio is not
// presented as a comparison.
function wrkArgs(url, { connections, duration, token, script, threads }) {
  const args = [`-t${threads}`, `-c${connections}`, `-d${duration}`, '--latency'];
  if (token) args.push('-H', `Authorization: Bearer ${token}`);
  if (script) args.push('-s', script);
  args.push(url);
  return args;
}
function wrk(url, { connections = 16, duration = '8s', token, script, threads = 2 } = {}) {
  return parseWrk(execFileSync('wrk', wrkArgs(url, { connections, duration, token, script, threads }), { encoding: 'utf8' }));
}
function parseWrk(out) {
  const rps = Number((/Requests\/sec:\s+([\d.]+)/.exec(out) || [])[1]);
  const tr = /Transfer\/sec:\s+([\d.]+)(\w+)/.exec(out);
  const mb = tr ? Number(tr[1]) * ({ B: 1 / 1048576, KB: 1 / 1024, MB: 1, GB: 1024 }[tr[2]] || 1) : NaN;
  const p99m = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
  const p99 = p99m ? Number(p99m[1]) * ({ us: 0.001, ms: 1, s: 1000 }[p99m[2]]) : NaN;
  const requests = Number((/(\d+) requests in/.exec(out) || [0, 0])[1]);
  const non2xx = Number((/Non-2xx or 3xx responses:\s+(\d+)/.exec(out) || [0, 0])[1]);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = sock ? sock.slice(1).reduce((a, x) => a + Number(x), 0) : 0;
  return { rps, mb, p99, requests, non2xx, socketErrors };
}
// wrk in the background (the mixed load's other clients): resolves with its figures when it ends.
function wrkAsync(url, { connections, duration, token, script, threads = 1 }) {
  const child = spawn('wrk', wrkArgs(url, { connections, duration, token, script, threads }), { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  return new Promise((resolve) => child.on('close', () => resolve(parseWrk(out))));
}
// No keep-alive: wrk runs synchronously between these calls, so a pooled socket the server closed while
// the event loop was blocked would still look free and the next request would die with EPIPE.
function httpJson(method, url, { body, headers = {}, form } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const data = form ? new URLSearchParams(form).toString() : body ? (typeof body === 'string' ? body : JSON.stringify(body)) : null;
    const h = { ...headers };
    if (data) h['Content-Type'] = form ? 'application/x-www-form-urlencoded' : 'application/json';
    const req = http.request({ method, hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers: h, agent: false }, (res) => {
      let s = '';
      res.on('data', (c) => { s += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: s }));
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}
async function localToken(origin) {
  const crypto = require('crypto');
  const verifier = crypto.randomBytes(48).toString('base64url');
  const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
  const redirect = `${origin}/`;
  const q = { client_id: 'pinlab-demo', redirect_uri: redirect, response_type: 'code',
              scope: 'user_accounts:read,boards:read,boards:write,pins:read,pins:write', state: 'bench',
              code_challenge: challenge, code_challenge_method: 'S256' };
  const consent = await httpJson('POST', `${origin}/oauth/`, { form: { ...q, decision: 'allow' } });
  const code = new URL(consent.headers.location || '', origin).searchParams.get('code');
  if (!code) throw new Error(`no code from the consent step: ${consent.status} ${consent.body.slice(0, 200)}`);
  const tok = await httpJson('POST', `${origin}/v5/oauth/token`, { form: { grant_type: 'authorization_code', code,
    redirect_uri: redirect, client_id: 'pinlab-demo', code_verifier: verifier } });
  return JSON.parse(tok.body).access_token;
}
// The creates stay within the emulator's pin quota (20,000 past the seed data by default, a defence that
// stays on): each create run gets a fresh pinlab-server with the quota raised by its --max-pins flag to
// more than a run can create, so every create is a successful one. MAX_PINS_BENCH bounds memory (~1 KB a pin).
const MAX_PINS_BENCH = 3000000;
async function startBenchServer(extra = []) {
  const threads = String(Math.max(16, os.cpus().length * 4));
  const s = await startPinlabServer(['--rate-limit', 'off', '--pins', '1000', '--threads', threads,
                                     '--max-pins', String(MAX_PINS_BENCH), ...extra]);
  s.origin = s.url.replace(/\/$/, '');
  s.token = await localToken(s.origin);
  s.get = async (p) => httpJson('GET', s.origin + p, { headers: { Authorization: `Bearer ${s.token}` } });
  return s;
}
// A copy of the spec whose 2xx answers of the measured operations have pinlab-server's bodies as examples.
function prismSpec(dir, answers) {
  const spec = JSON.parse(fs.readFileSync(SPEC, 'utf8'));
  for (const { specPath, method, body } of answers) {
    const op = spec.paths[specPath] && spec.paths[specPath][method];
    if (!op) throw new Error(`spec has no ${method} ${specPath}`);
    for (const [status, r] of Object.entries(op.responses))
      if (/^2\d\d$/.test(status) && r.content && r.content['application/json']) {
        delete r.content['application/json'].examples;
        r.content['application/json'].example = JSON.parse(body);
      }
  }
  const file = path.join(dir, 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
}
// A section's setting: a bench server (`main`), a scratch directory, the fullest board and a wrk script that
// creates a pin on it; all removed when `run` ends.
async function withBenchServer(run) {
  if (!fs.existsSync(SERVER)) throw new Error(`no ${SERVER}: ./scripts/bench builds it (native-release)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-wrk-'));
  const main = await startBenchServer();
  try {
    const boards = JSON.parse((await main.get('/v5/boards?page_size=25')).body);
    const board = boards.items.sort((a, b) => (b.pin_count || 0) - (a.pin_count || 0))[0].id;
    const createBody = JSON.stringify({ board_id: board, title: 'wrk',
                                        media_source: { source_type: 'image_url', url: 'https://example.com/a.jpg' } });
    const createLua = path.join(tmp, 'create.lua');
    fs.writeFileSync(createLua, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n` +
                                `wrk.body = '${createBody}'\n`);
    await run({ main, tmp, board, createBody, createLua });
  } finally {
    await main.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
async function serverSection() {
  await withBenchServer(async ({ main, tmp, board, createBody, createLua }) => {
    let prism = null;
    try {
      const cases = [
        { name: 'GET /v5/user_account', p: '/v5/user_account', specPath: '/user_account', method: 'get' },
        { name: 'GET a 25-pin board page', p: `/v5/boards/${board}/pins?page_size=25`, specPath: '/boards/{board_id}/pins', method: 'get' },
        { name: 'GET a 250-pin page', p: '/v5/pins?page_size=250', specPath: '/pins', method: 'get' },
        { name: 'POST /v5/pins (create)', p: '/v5/pins', specPath: '/pins', method: 'post', script: createLua, fresh: true },
      ];
      // pinlab-server's answers, which become Prism's examples.
      for (const c of cases) {
        const r = c.method === 'post'
          ? await httpJson('POST', main.origin + c.p, { body: createBody, headers: { Authorization: `Bearer ${main.token}` } })
          : await main.get(c.p);
        if (r.status < 200 || r.status > 299) throw new Error(`pinlab-server answered ${c.p} with ${r.status}: ${r.body.slice(0, 200)}`);
        c.body = r.body;
      }
      const prismPort = await freePort();
      const prismBin = path.join(__dirname, 'node_modules', '.bin', 'prism');
      prism = spawn(prismBin, ['mock', prismSpec(tmp, cases), '-p', String(prismPort), '-h', '127.0.0.1', '--errors', 'false'],
                    { stdio: ['ignore', 'ignore', 'ignore'] });
      const prismOrigin = `http://127.0.0.1:${prismPort}`;
      const prismPath = (p) => p.replace(/^\/v5(?=\/)/, '');  // the spec's server URL ends in /v5
      for (let i = 0; ; i++) {
        try { const r = await httpJson('GET', `${prismOrigin}/user_account`, { headers: { Authorization: 'Bearer x' } }); if (r.status < 500) break; } catch (e) { /* starting */ }
        if (i > 1200) throw new Error('Prism did not start in 120 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const c of cases) {
        const r = c.method === 'post'
          ? await httpJson('POST', prismOrigin + prismPath(c.p), { body: createBody, headers: { Authorization: 'Bearer x' } })
          : await httpJson('GET', prismOrigin + prismPath(c.p), { headers: { Authorization: 'Bearer x' } });
        c.prismStatus = r.status;
        c.prismBytes = Buffer.byteLength(r.body);
        c.bytes = Buffer.byteLength(c.body);
        c.payloadsMatch = r.status >= 200 && r.status <= 299 && Math.abs(c.prismBytes - c.bytes) <= 0.05 * c.bytes;
        if (!(r.status >= 200 && r.status <= 299))
          notes.push(`${c.name}: Prism's probe answered ${r.status}: ${r.body.slice(0, 300).replace(/\s+/g, ' ')}`);
      }
      for (const c of cases) {
        const ours = [], theirs = [];
        for (let i = 0; i < Math.min(RUNS, 3); i++) {
          let srv = main;
          if (c.fresh) srv = await startBenchServer();  // each create run from the seed state, within the quota
          try {
            ours.push(wrk(srv.origin + c.p, { token: srv.token, script: c.script }));
          } finally {
            if (srv !== main) await srv.close();
          }
          theirs.push(wrk(prismOrigin + prismPath(c.p), { token: 'x', script: c.script }));
        }
        const errs = (xs) => xs.reduce((a, x) => a + x.non2xx + x.socketErrors, 0);
        const total = (xs) => xs.reduce((a, x) => a + x.requests, 0);
        const bad = [];
        if (errs(ours)) bad.push(`pinlab-server answered ${errs(ours)} of ${total(ours)} requests with non-2xx or a socket error`);
        if (errs(theirs)) bad.push(`Prism answered ${errs(theirs)} of ${total(theirs)} requests with non-2xx or a socket error`);
        if (!c.payloadsMatch) bad.push(`the bodies differ (pinlab-server ${c.bytes} B, Prism ${c.prismBytes} B, status ${c.prismStatus})`);
        const invalid = bad.length ? `not a valid comparison: ${bad.join('; ')}` : null;
        if (invalid) notes.push(`${c.name}: ${invalid}.`);
        const detail = `${c.bytes.toLocaleString('en-US')} B an answer (Prism ${c.prismBytes.toLocaleString('en-US')} B); ` +
          `MB/s: Pinlab ${median(ours.map((x) => x.mb)).toFixed(1)}, Prism ${median(theirs.map((x) => x.mb)).toFixed(1)}; ` +
          `non-2xx: Pinlab ${errs(ours)} of ${total(ours)}, Prism ${errs(theirs)} of ${total(theirs)}` +
          (c.fresh ? `; each run on a fresh pinlab-server with --max-pins ${MAX_PINS_BENCH} (the default quota, 20,000 pins past the seed data, would refuse most creates)` : '');
        figure({ name: `${c.name}: requests/s, 16 connections`, unit: 'req/s', pinlab: ours.map((x) => x.rps),
                 peer: theirs.map((x) => x.rps), peerName: 'Prism', goal: { minRatio: 10, text: '≥ 10×' }, higher: true,
                 invalid, detail });
        figure({ name: `${c.name}: MB/s`, unit: 'MB/s', pinlab: ours.map((x) => x.mb), peer: theirs.map((x) => x.mb),
                 peerName: 'Prism', invalid });
        figure({ name: `${c.name}: latency p99`, unit: 'ms', pinlab: ours.map((x) => x.p99), peer: theirs.map((x) => x.p99),
                 peerName: 'Prism', invalid });
      }
    } finally {
      if (prism) prism.kill('SIGTERM');
    }
  });
}

// [SECTION] Contention: one page's tail latency while other clients write and draw ---------------------
async function contentionSection() {
  await withBenchServer(async ({ main, tmp, board, createLua }) => {
    // Contention: the 25-pin page at 16 connections while other clients create pins (4 connections) and
    // fetch pin images nobody fetched before (4 connections, each URL once in turn: the emulator keeps only
    // the last few PNGs, so every one is drawn).
    const imgLua = path.join(tmp, 'images.lua');
    const pins = JSON.parse((await main.get('/v5/pins?page_size=250')).body);
    const urls = [];
    for (const pin of pins.items) for (const img of Object.values((pin.media && pin.media.images) || {})) urls.push(new URL(img.url, main.origin).pathname);
    fs.writeFileSync(imgLua, `paths = {${urls.map((u) => JSON.stringify(u)).join(',')}}\ncounter = 0\n` +
      `request = function()\n  counter = counter % #paths + 1\n  return wrk.format("GET", paths[counter])\nend\n`);
    const page = `${main.origin}/v5/boards/${board}/pins?page_size=25`;
    const alone = [], mixed = [], creates = [], images = [];
    for (let i = 0; i < Math.min(RUNS, 3); i++) {
      alone.push(wrk(page, { token: main.token, duration: '8s' }));
      const bg = [wrkAsync(main.origin + '/v5/pins', { connections: 4, duration: '10s', token: main.token, script: createLua }),
                  wrkAsync(main.origin + '/', { connections: 4, duration: '10s', script: imgLua })];
      await new Promise((r) => setTimeout(r, 1000));
      mixed.push(wrk(page, { token: main.token, duration: '8s' }));
      const [cr, im] = await Promise.all(bg);
      creates.push(cr); images.push(im);
    }
    const sum = (xs, k) => xs.reduce((a, x) => a + x[k], 0);
    const mixedBad = [];
    for (const [what, xs] of [['the 25-pin page', mixed], ['the creates', creates], ['the images', images]])
      if (sum(xs, 'non2xx') + sum(xs, 'socketErrors'))
        mixedBad.push(`${what}: ${sum(xs, 'non2xx') + sum(xs, 'socketErrors')} of ${sum(xs, 'requests')} non-2xx or socket errors`);
    const mixedInvalid = mixedBad.length ? `errors under mixed load (${mixedBad.join('; ')})` : null;
    if (mixedInvalid) notes.push(`Mixed load: ${mixedInvalid}.`);
    notes.push(`Mixed load: ${urls.length} distinct pin image URLs fetched in turn (each uncached the first time).`);
    figure({ name: 'A 25-pin page alone (16 connections): latency p99', unit: 'ms', pinlab: alone.map((x) => x.p99),
             detail: `${Math.round(median(alone.map((x) => x.rps))).toLocaleString('en-US')} req/s` });
    figure({ name: 'A 25-pin page under mixed load (creates and uncached images alongside): latency p99', unit: 'ms',
             pinlab: mixed.map((x) => x.p99), goal: { max: 10, text: '≤ 10 ms' }, invalid: mixedInvalid,
             detail: `${Math.round(median(mixed.map((x) => x.rps))).toLocaleString('en-US')} req/s, alongside ` +
                     `${Math.round(median(creates.map((x) => x.rps))).toLocaleString('en-US')} creates/s (4 connections) and ` +
                     `${Math.round(median(images.map((x) => x.rps))).toLocaleString('en-US')} images/s (4 connections); ` +
                     `non-2xx: page ${sum(mixed, 'non2xx')}, creates ${sum(creates, 'non2xx')}, images ${sum(images, 'non2xx')}` });
  });
}

// [SECTION] Glyphs of other scripts ---------------------------------------------------------------------
// The first frame that needs new glyphs: 50 distinct CJK characters and 10 emoji pasted at once into a field, so
// one batch is drawn by the browser and joins the atlas (app/ui/glyphs.h: in the free room each atlas build keeps,
// only their rectangles sent to the texture; a whole new atlas only when that room is full). The figure is the
// app's own timing of that step (the browser drawing them, and adding them to the atlas and its texture), read
// from the test bridge, on a fresh page each run; the detail gives the drawing's share and the full rebuilds.
const GLYPH_TEXT = '東京大阪京都札幌横浜神戸名古屋福岡広島仙台奈良金沢長崎熊本鹿児島那覇函館新潟静岡岡山高松松山高知徳島鳥取松江山口佐賀大分宮崎青森盛岡秋田山形' +
                   '☕🍣🍰🌸🗼🎌🍜🍱🍵🎎';
const GLYPH_TEXT2 = 'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんアイウエオカキ';
async function glyphSection(browser) {
  const ms = [], counts = [], again = [], draw = [], drawAgain = [];
  let full = 0, batches = 0;
  for (let run = 0; run < RUNS; run++) {
    const site = await startStaticServer();
    const page = await browser.context.newPage();  // a new tab: its own sessionStorage, so a fresh Demo
    try {
      await page.goto(site.url);
      await waitForFirstFrame(page);
      await signInDemo(page);
      await clickItem(page, 'nav:Boards');
      await clickItem(page, 'button:New board');
      await clickItem(page, 'input:Board description');
      await page.keyboard.insertText(GLYPH_TEXT);
      const s = await waitForState(page, (st) => st.glyphs && st.glyphs.drawn >= 55 && st.glyphs.pending === 0 &&
                                                 st.glyphs.fallback_draws === 0, 'the pasted glyphs drawn', 30000);
      ms.push(s.glyphs.last_rebuild_ms);
      draw.push(s.glyphs.last_draw_ms || 0);
      counts.push(s.glyphs.drawn);
      // A second batch of the same scripts: the browser has its fallback fonts loaded by now.
      await page.keyboard.insertText(GLYPH_TEXT2);
      const s2 = await waitForState(page, (st) => st.glyphs.drawn >= s.glyphs.drawn + 45 && st.glyphs.pending === 0 &&
                                                  st.glyphs.fallback_draws === 0, 'the second batch drawn', 30000);
      again.push(s2.glyphs.last_rebuild_ms);
      drawAgain.push(s2.glyphs.last_draw_ms || 0);
      full += s2.glyphs.full_rebuilds || 0;
      batches += s2.glyphs.rebuilds;
    } finally {
      await page.close();
      await site.close();
    }
  }
  figure({ name: 'First frame that needs new glyphs (60 pasted at once): drawing them and rebuilding the atlas',
           unit: 'ms', pinlab: ms, goal: { max: 50, text: '≤ 50 ms (3 frames)' },
           detail: `${median(counts)} glyphs drawn by the browser in one batch; this includes the browser loading its ` +
                   `fallback fonts (CJK, emoji) on their first use; of it the browser drawing them: median ` +
                   `${median(draw).toFixed(1)} ms; ${full} of ${batches} batches in all runs rebuilt the whole atlas` });
  figure({ name: 'A later frame that needs new glyphs (50 more, fonts already loaded)', unit: 'ms', pinlab: again,
           goal: { max: 50, text: '≤ 50 ms (3 frames)' },
           detail: `of it the browser drawing them: median ${median(drawAgain).toFixed(1)} ms` });
}

// [SECTION] Report ------------------------------------------------------------------------------------
function machine() {
  const cpu = os.cpus()[0] ? os.cpus()[0].model : 'unknown CPU';
  let chromium = '';
  try { chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim(); } catch (e) { /* none */ }
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, ` +
         `Node ${process.version}, ${chromium}`;
}
function report() {
  const line = (xs, unit) => xs && xs.length ? `${fmt(Math.min(...xs), unit)} / **${fmt(median(xs), unit)}** / ${fmt(Math.max(...xs), unit)}` : '–';
  let md = `# Performance\n\nWritten by \`./scripts/bench\` (tests/bench/suite.js) on ${new Date().toISOString().slice(0, 10)}. ` +
           `Every figure below comes from that one run, on loopback, next to the peer measured in the same run. ` +
           `Cells read min / **median** / max over the samples (runs, or frames for frame times); the ratio is ` +
           `Pinlab's median over the peer's.\n\nMachine: ${machine()}.\n\nCommand: \`./scripts/bench\` ` +
           `(\`node tests/bench/suite.js --runs=${RUNS}${ONLY.length ? ' --only=' + ONLY.join(',') : ''}\`).\n\n` +
           `| Measure | Pinlab | Peer | Ratio | Goal |\n|---|---|---|---|---|\n`;
  for (const f of figures) {
    const r = ratio(f);
    const goal = f.goal ? `${f.goal.text}: ${f.invalid ? '**not valid** (see Notes)' : met(f) ? 'met' : '**not met**'}` : '';
    md += `| ${f.name} | ${line(f.pinlab, f.unit)} | ${f.peer ? `${f.peerName}: ${line(f.peer, f.unit)}` : ''} | ` +
          `${r === null || f.invalid ? '' : r.toFixed(r < 10 ? 2 : 0) + '×'} | ${goal} |\n`;
  }
  const details = figures.filter((f) => f.detail);
  if (details.length) md += `\n## Details\n\n` + details.map((f) => `- ${f.name}: ${f.detail}`).join('\n') + '\n';
  if (notes.length) md += `\n## Notes\n\n` + notes.map((n) => `- ${n}`).join('\n') + '\n';
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, md);
  console.log(`wrote ${path.relative(ROOT, OUT)}`);
}

(async () => {
  const browser = await launchBrowser();
  try {
    let swList = [];
    if (want('weight') || want('first') || want('explorer')) {
      console.log('page weight and first frame');
      ({ swList } = await pageSections(browser));
    }
    if (want('explorer')) {
      console.log('explorer');
      try { await explorerSection(browser, swList); } catch (e) { notes.push(`Explorer: not measured (${e.message.split('\n')[0]}).`); }
    }
    if (want('scroll')) {
      console.log('scrolling');
      try { await scrollSection(browser); } catch (e) { notes.push(`Scrolling: stopped (${e.message.split('\n')[0]}).`); }
    }
    if (want('glyphs')) {
      console.log('glyphs of other scripts');
      try { await glyphSection(browser); } catch (e) { notes.push(`Glyphs: not measured (${e.message.split('\n')[0]}).`); }
    }
    if (want('engines')) {
      console.log('engines: Firefox and WebKit next to Chromium');
      try {
        await enginesSection({ figure, notes, pct }, { runs: RUNS, pins: Number(arg('engine-pins', '1000')),
                                                      loadSeconds: LOAD_SECONDS, scrollSeconds: Math.min(SCROLL_SECONDS, 20) });
      } catch (e) { notes.push(`Engines: not measured (${e.message.split('\n')[0]}).`); }
    }
    if (want('roundtrip')) {
      console.log('Demo round trip');
      try { await roundTripSection(browser); } catch (e) { notes.push(`Demo round trip: not measured (${e.message.split('\n')[0]}).`); }
    }
  } finally {
    await browser.close();
  }
  if (want('decode')) {
    console.log('decoding');
    try { decodeSection(); } catch (e) { notes.push(`Decoding: not measured (${e.message.split('\n')[0]}).`); }
  }
  if (want('server')) {
    console.log('servers');
    try { await serverSection(); } catch (e) { notes.push(`Servers: not measured (${e.message.split('\n')[0]}).`); }
  }
  if (want('contention')) {
    console.log('contention');
    try { await contentionSection(); } catch (e) { notes.push(`Contention: not measured (${e.message.split('\n')[0]}).`); }
  }
  report();
})().catch((e) => { console.error(e); try { report(); } catch (x) { /* nothing to write */ } process.exit(1); });
