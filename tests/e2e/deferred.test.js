// deferred.test.js — the views a first visit does not need come as a second module, pinlab-views.wasm
// (src/app/views.h, scripts/split_page.py). In headless Chromium on a static host, with real mouse input:
// the first frame is drawn without it; opening the Explorer fetches it once; while it is on its way the view
// says so; when it cannot be had the user reads why (the HTTP status) and Retry gets it, and the rest of the
// page keeps working. Screenshots at 1280x800 and 390x844 go to the artifacts.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startStaticServer, launchBrowser, waitForFirstFrame, saveArtifact } = require('./lib');
const { waitForState, waitForItem, clickItem } = require('./ui');

const VIEWS = 'pinlab-views.wasm';
const explorerReady = (s) => s.explorer && s.explorer.index === 'ready';

function countRequests(page) {
  const seen = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('/' + VIEWS)) seen.push(r.url()); });
  return seen;
}

test('the second module: not before the first frame, once when a view needs it; a failed load says why and Retry works',
     async (t) => {
  const srv = await startStaticServer();
  const { context, close } = await launchBrowser();
  t.after(async () => { await close(); await srv.close(); });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const fetched = countRequests(page);

  // The first load of the views module fails as a host missing the file would answer.
  await page.route('**/' + VIEWS, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
  await page.goto(srv.url);
  await waitForFirstFrame(page);
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
  const srv = await startStaticServer();
  const { context, close } = await launchBrowser();
  t.after(async () => { await close(); await srv.close(); });
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  // Hold the module until the loading state has been seen and photographed.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/' + VIEWS, async (route) => { await held; await route.continue(); });
  await page.goto(srv.url + '#/explorer');
  await waitForFirstFrame(page);
  await waitForItem(page, 'status:Loading this view');
  saveArtifact('deferred-loading-390.png', await page.screenshot());
  release();
  const s = await waitForState(page, explorerReady, 'the Explorer after its code arrived');
  assert.equal(s.error, '');
  await waitForItem(page, 'input:Filter operations');
  saveArtifact('deferred-explorer-390.png', await page.screenshot());
});
