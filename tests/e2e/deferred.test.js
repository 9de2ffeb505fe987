// deferred.test.js — the views a first visit does not need come as a second module, pinlab-views.wasm
// (src/app/views.h, scripts/split_page.py). In headless Chromium on a static host, with real mouse input:
// the first frame is drawn without it; opening the Explorer fetches it once; while it is on its way the view
// says so; when it cannot be had the user reads why (the HTTP status) and Retry gets it, and the rest of the
// page keeps working. Screenshots at 1280x800 and 390x844 go to the artifacts.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { openApp, saveArtifact } = require('./lib');
const { waitForState, waitForItem, clickItem, signInDemo } = require('./ui');

const VIEWS = 'pinlab-views.wasm';
const explorerReady = (s) => s.explorer && s.explorer.index === 'ready';

function countRequests(page) {
  const seen = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('/' + VIEWS)) seen.push(r.url()); });
  return seen;
}

test('the second module: not before the first frame, once when a view needs it; a failed load says why and Retry works',
     async (t) => {
  const errors = [];
  let fetched;
  const { page } = await openApp(t, { before: async (p) => {
    p.on('pageerror', (e) => errors.push(String(e)));
    fetched = countRequests(p);
    // The first load of the views module fails as a host missing the file would answer.
    await p.route('**/' + VIEWS, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
  } });
  await waitForItem(page, 'button:Sign in');
  assert.equal(fetched.length, 0, 'the first frame needs nothing from the second module');

  await clickItem(page, 'nav:Explorer');
  const failed = await waitForState(page, (s) => s.view === 'explorer' && /could not be loaded/.test(s.error), 'the failure');
  assert.match(failed.error, /HTTP 404 for pinlab-views\.wasm/, 'the reason is the real one');
  assert.equal(failed.explorer, null, 'nothing of the Explorer ran');
  assert.equal(fetched.length, 1);
  saveArtifact('deferred-failed-1280.png', await page.screenshot());

  // The rest of the page works meanwhile: the Connect view is drawn by the first module.
  await clickItem(page, 'nav:Sign in');
  await waitForState(page, (s) => s.view === 'connect' && s.error === '', 'the Connect view, its error gone');
  await waitForItem(page, 'backend:demo');

  // Back to the Explorer: the failure is shown again without a new fetch; Retry fetches it for real.
  await page.unroute('**/' + VIEWS);
  await clickItem(page, 'nav:Explorer');
  await waitForState(page, (s) => /could not be loaded/.test(s.error), 'the failure, again');
  assert.equal(fetched.length, 1, 'a failed load is retried by the user, not in a loop');
  await clickItem(page, 'button:Retry');
  await waitForState(page, explorerReady, 'the Explorer, drawn from the second module');
  await waitForItem(page, 'input:Filter operations');
  assert.equal(fetched.length, 2);

  // Another deferred view needs no new fetch.
  await clickItem(page, 'nav:Faults');
  await waitForState(page, (s) => s.view === 'faults', 'the Faults view');
  await page.waitForTimeout(300);
  assert.equal(fetched.length, 2, 'the module is fetched once');
  assert.deepEqual(errors, [], 'no page errors');
});

test('phone: a deep link into a deferred view shows it loading, then the view', async (t) => {
  // Hold the module until the loading state has been seen and photographed.
  let release;
  const held = new Promise((r) => { release = r; });
  const { page } = await openApp(t, { hash: '#/explorer', before: async (p) => {
    await p.setViewportSize({ width: 390, height: 844 });
    await p.route('**/' + VIEWS, async (route) => { await held; await route.continue(); });
  } });
  await waitForItem(page, 'status:Loading this view');
  saveArtifact('deferred-loading-390.png', await page.screenshot());
  // Waiting is drawn at a third of the display's rate (the spinner turns; the cores go to what is awaited).
  const frames = () => page.evaluate(() => ({ drawn: Module.pinlabFrames.length, idle: Module.pinlabIdleFrames }));
  const f0 = await frames();
  await page.waitForTimeout(1500);
  const f1 = await frames();
  const drawn = f1.drawn - f0.drawn, ticks = drawn + f1.idle - f0.idle;
  assert.ok(drawn >= 3, `the spinner turns while the code is on its way (${drawn} frames drawn in 1.5 s)`);
  assert.ok(drawn * 2 <= ticks, `waiting is not drawn at the display's rate (${drawn} of ${ticks} frames drawn)`);
  release();
  const s = await waitForState(page, explorerReady, 'the Explorer after its code arrived');
  assert.equal(s.error, '');
  await waitForItem(page, 'input:Filter operations');
  saveArtifact('deferred-explorer-390.png', await page.screenshot());
});

test('a pointer over Explorer fetches its code and the catalogue before the click; the Explorer starts no emulator',
     async (t) => {
  const seen = [];
  const { page } = await openApp(t, { before: async (p) => {
    // What the page asks of the Demo worker, by function.
    await p.addInitScript(() => {
      window.__posted = [];
      const Real = window.Worker;
      window.Worker = function(url, opts) {
        const w = new Real(url, opts);
        const post = w.postMessage.bind(w);
        w.postMessage = (m, tr) => { window.__posted.push(m && m.funcName); return post(m, tr); };
        return w;
      };
    });
    p.on('request', (r) => seen.push(new URL(r.url()).pathname.split('/').pop()));
  } });
  const nav = await waitForItem(page, 'nav:Explorer');
  assert.ok(!seen.includes(VIEWS) && !seen.includes('catalogue.json'), 'nothing of the Explorer before the pointer');

  await page.mouse.move(nav.x + nav.w / 2, nav.y + nav.h / 2);  // over it, no click
  const deadline = Date.now() + 10000;
  while (!(seen.includes(VIEWS) && seen.includes('catalogue.json')) && Date.now() < deadline) await page.waitForTimeout(20);
  assert.ok(seen.includes(VIEWS), 'the hover fetched the views\' code');
  assert.ok(seen.includes('catalogue.json'), 'the hover fetched the catalogue');
  assert.equal((await page.evaluate(() => window.pinlab.state())).view, 'connect', 'still on the view under the pointer');

  await page.mouse.down();
  await page.mouse.up();
  await waitForState(page, explorerReady, 'the Explorer');
  await waitForItem(page, 'input:Filter operations');
  const posted = await page.evaluate(() => window.__posted);
  assert.ok(posted.includes('catalogue_give') && posted.includes('spec_handle'), `the spec service was asked (${posted})`);
  assert.ok(!posted.includes('demo_start'), `the Explorer alone does not start (seed) the emulator (${posted})`);
  assert.equal(seen.filter((n) => n === VIEWS).length, 1, 'the code is fetched once');
  assert.equal(seen.filter((n) => n === 'catalogue.json').length, 1, 'the catalogue is fetched once');

  // Signing in to Demo starts it, and the Explorer's answers keep coming from the same worker.
  await clickItem(page, 'nav:Sign in');
  await signInDemo(page);
  assert.ok((await page.evaluate(() => window.__posted)).includes('demo_start'), 'Demo sign-in starts the emulator');
  assert.equal(seen.filter((n) => n === 'pinlab-demo.js').length, 1, 'one worker');
});
