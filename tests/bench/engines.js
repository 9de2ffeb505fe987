// engines.js — the bench's "engines" section: the same two figures in Firefox and WebKit next to Chromium's,
// measured in this run with the same steps in each engine (tests/e2e/engines.js drives them with real input):
//   - first useful frame after navigation (window.pinlabFirstFrameMs), a fresh browser profile each run;
//   - frame CPU p95 while the wheel scrolls "All pins" holding 1,000 pins (pinlab-server's emulator, Local
//     backend signed in through its consent page), the grid loaded with Load more first; WebKit's notches come
//     from the X server (xdotool), since its WebDriver cannot send a run of scroll actions.
// Firefox and WebKit draw with Mesa's llvmpipe under Xvfb (no GPU here), Chromium with SwiftShader headless:
// the frame CPU time is the WASM frame's own work, the same code in each, so the engines compare like for like.
'use strict';
const path = require('path');
const e2e = path.join(__dirname, '..', 'e2e');
const { startStaticServer, startPinlabServer } = require(path.join(e2e, 'lib'));
const { waitForState, clickItem } = require(path.join(e2e, 'ui'));
const { launchEngine } = require(path.join(e2e, 'engines'));

const ENGINE_NAMES = { chromium: 'Chromium (headless, SwiftShader)', firefox: 'Firefox ESR (Xvfb, llvmpipe)',
                       webkit: 'WebKitGTK MiniBrowser (Xvfb, llvmpipe)' };

async function firstFrame(page, timeout = 60000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const ms = await page.evaluate(() => window.pinlabFirstFrameMs);
    if (typeof ms === 'number') return ms;
    if (Date.now() > deadline) throw new Error('no first frame');
    await page.waitForTimeout(50);
  }
}

// Local sign-in as a person does it: Sign in, then a real click on the consent page's Allow button.
async function signInLocal(page, url) {
  await page.goto(url);
  await firstFrame(page);
  await clickItem(page, 'backend:local');
  // The backend is switched by the frame after the click: a Sign in clicked before it signs in to Demo.
  await waitForState(page, (s) => s.backend === 'local', 'the Local backend chosen', 30000);
  await clickItem(page, 'button:Sign in');
  let allow = null;
  for (let i = 0; i < 150 && !allow; i++) {
    await page.waitForTimeout(100);
    allow = await page.evaluate(() => {
      const b = document.querySelector('button[value="allow"]');
      if (!b) return null;
      b.scrollIntoView({ block: 'center' });  // below the fold at 1280×800: a person scrolls to it
      const r = b.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }).catch(() => null);  // the page is navigating
  }
  if (!allow) throw new Error('no consent page');
  await page.mouse.move(allow.x, allow.y);
  await page.mouse.down();
  await page.mouse.up();
  await page.waitForTimeout(500);
  await firstFrame(page);
  await waitForState(page, (s) => s.signed_in, 'signed in (Local)', 30000);
}

async function scrollP95(engine, n, { loadSeconds, scrollSeconds }) {
  const server = await startPinlabServer(['--pins', String(n), '--rate-limit', 'off']);
  const page = await launchEngine(engine, { width: 1280, height: 800 });
  try {
    await signInLocal(page, server.url);
    await clickItem(page, 'nav:Pins');
    let s = await waitForState(page, (st) => st.view === 'pins' && st.pins_loaded > 0, 'pins grid', 30000);
    const tLoad = Date.now();
    while (s.pins_loaded < n && Date.now() - tLoad < loadSeconds * 1000) {
      const before = s.pins_loaded;
      await clickItem(page, 'button:Load more');
      s = await waitForState(page, (st) => st.pins_loaded > before, 'the next page', 30000);
    }
    await page.evaluate(() => window.pinlab.resetFrameTimes());
    const scroll = async (dy, done) => {
      const t0 = Date.now();
      for (let i = 0; Date.now() - t0 < scrollSeconds * 1000; i++) {
        if (page.xWheel) await page.xWheel(640, 400, dy > 0, 4);  // WebKit: notches from the X server
        else for (let k = 0; k < 4; k++) await page.wheel(640, 400, dy);
        await page.waitForTimeout(16);
        if (i % 10 === 0 && done(await page.evaluate(() => window.pinlab.state()))) break;
      }
    };
    await scroll(100, (st) => st.pins_loaded >= n && st.at_bottom);
    await scroll(-100, (st) => st.grid_scroll <= 0);
    const ft = await page.evaluate(() => window.pinlab.frameTimes());
    return { ft, loaded: s.pins_loaded };
  } finally {
    await page.close();
    await server.close();
  }
}

// figure/notes/pct: the suite's own; opts: runs, pins, loadSeconds, scrollSeconds.
async function enginesSection({ figure, notes, pct }, opts) {
  const engines = ['chromium', 'firefox', 'webkit'];
  const first = {}, p95 = {};
  const stat = await startStaticServer();
  try {
    for (const engine of engines) {
      first[engine] = [];
      for (let i = 0; i < opts.runs; i++) {
        const page = await launchEngine(engine, { width: 1280, height: 800 });
        try {
          await page.goto(stat.url);
          first[engine].push(await firstFrame(page));
        } catch (e) {
          notes.push(`Engines: ${ENGINE_NAMES[engine]} first frame run ${i + 1} failed (${e.message.split('\n')[0]}).`);
        } finally {
          await page.close();
        }
      }
    }
  } finally {
    await stat.close();
  }
  for (const engine of engines) {
    try {
      const r = await scrollP95(engine, opts.pins, opts);
      p95[engine] = { value: pct(r.ft, 0.95), frames: r.ft.length, loaded: r.loaded };
    } catch (e) {
      notes.push(`Engines: ${ENGINE_NAMES[engine]} scrolling not measured (${e.message.split('\n')[0]}).`);
    }
  }
  const label = opts.pins.toLocaleString('en-US');
  for (const engine of ['firefox', 'webkit']) {
    figure({ name: `First useful frame in ${ENGINE_NAMES[engine]}`, unit: 'ms', pinlab: first[engine],
             peer: first.chromium, peerName: 'Chromium', detail: `${first[engine].length} fresh profiles each.` });
    if (p95[engine]) {
      figure({ name: `Scrolling ${label} pins in ${ENGINE_NAMES[engine]}: frame CPU p95`, unit: 'ms',
               pinlab: [p95[engine].value], peer: p95.chromium ? [p95.chromium.value] : undefined,
               peerName: 'Chromium', goal: { max: 8, text: '≤ 8 ms' },
               detail: `${p95[engine].loaded} pins loaded, ${p95[engine].frames} frames` +
                       (p95.chromium ? ` (Chromium: ${p95.chromium.loaded} pins, ${p95.chromium.frames} frames)` : '') +
                       (engine === 'webkit' ? '; 4 wheel notches a step from the X server (xdotool; WebKitGTK scrolls ' +
                        'about 86 px a notch), since WebKitWebDriver cannot send a run of scroll actions'
                                            : '; 4 wheel notches of 100 px a step') +
                       `, at most ${opts.scrollSeconds} s each way.` });
    }
  }
}

module.exports = { enginesSection };
