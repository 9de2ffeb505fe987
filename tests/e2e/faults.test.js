// faults.test.js — faults on demand and backends that say what they cannot do, in headless Chromium with real mouse input:
// in Demo, a 429 armed from the Faults panel shows its hint, the client's wait and the recovery; in the
// sandbox's rules Search says "not available in the sandbox" and keeps the user signed in; pinlab-server
// without the broker offers no Pinterest backend, and a static host whose config.json lists one explains it
// instead of following it to a bare "Not found".
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startPinlabServer, startStaticServer, launchBrowser, watchConsole, waitForFirstFrame,
        saveArtifact } = require('./lib');
const { waitForState, clickItem, typeInto, findItem, signInDemo } = require('./ui');

test('Demo: a 429 from the Faults panel shows the hint, the wait and the recovery', async (t) => {
  const server = await startStaticServer();
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.context.newPage();
  const con = watchConsole(page);
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await signInDemo(page);

  await clickItem(page, 'nav:Faults');
  await clickItem(page, 'button:Fault 429');
  await waitForState(page, (s) => s.faults && s.faults.armed.length === 1 && s.faults.armed[0] === '429', '429 armed');
  saveArtifact('faults-armed.png', await page.screenshot());

  const started = Date.now();
  await clickItem(page, 'nav:Pins');  // GET /v5/pins meets the 429
  const loaded = await waitForState(page, (s) => s.view === 'pins' && s.pins_loaded > 0, 'pins after the wait', 30000);
  assert.ok(Date.now() - started >= 2500, 'the client waited for X-RateLimit-Reset before sending it again');
  assert.equal(loaded.error, '', 'recovered by itself: no error left for the user');

  await clickItem(page, 'nav:Faults');
  const st = await waitForState(page, (s) => s.faults && s.faults.outcomes.length > 0 && s.faults.outcomes[0].then,
                                'what happened');
  const o = st.faults.outcomes[0];
  assert.equal(o.fault, '429');
  assert.equal(o.method, 'GET');
  assert.equal(o.path, '/v5/pins');
  assert.match(o.hint, /Rate limit reached.*wait 3 s/);
  assert.equal(o.retried, true);
  assert.ok(o.wait_ms >= 2500, `waited ${o.wait_ms} ms`);
  assert.equal(o.then, '200');
  assert.equal(o.recovered, true);
  assert.deepEqual(st.faults.armed, []);
  saveArtifact('faults-happened.png', await page.screenshot());
  assert.deepEqual(con.errors, []);
});

test('Demo in the sandbox flavour: Search is "not available in the sandbox", no sign-out', async (t) => {
  const server = await startStaticServer();
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await signInDemo(page);

  await clickItem(page, 'nav:Faults');
  await clickItem(page, 'radio:Sandbox rules');
  await waitForState(page, (s) => s.demo_sandbox && s.sandbox_rules && s.signed_in && s.faults.flavor === 'sandbox',
                     'sandbox rules, still signed in');

  await clickItem(page, 'nav:Search');
  await typeInto(page, 'input:Search', 'pasta');
  await clickItem(page, 'button:Search');
  const st = await waitForState(page, (s) => s.error || s.hint, 'the sandbox refusal', 30000);
  assert.match(`${st.error} ${st.hint}`, /not available in the (Pinterest )?sandbox/i);
  assert.doesNotMatch(`${st.error} ${st.hint}`, /sign in again|signed out/i);
  await page.waitForTimeout(500);
  const after = await waitForState(page, (s) => !s.busy, 'settled');
  assert.equal(after.signed_in, true, 'still signed in');
  assert.equal(after.view, 'search');

  // The choice is kept across a reload, like the other settings.
  await page.reload();
  await waitForFirstFrame(page);
  await waitForState(page, (s) => s.signed_in && s.demo_sandbox && s.sandbox_rules, 'sandbox rules after reload');
});

test('Backends follow what the server was started with; a missing one is explained', async (t) => {
  const server = await startPinlabServer([]);  // no broker, no --control
  const host = await startStaticServer();      // web/config.json lists the broker backends
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); await host.close(); });
  const page = await browser.context.newPage();

  await page.goto(server.url);
  await waitForFirstFrame(page);
  let st = await waitForState(page, (s) => s.backends && findItem(s, 'backend:demo'), 'connect view');
  assert.deepEqual(st.backends, ['demo', 'local', 'token']);
  assert.equal(findItem(st, 'backend:pinterest'), undefined, 'no Pinterest without the broker');
  // Local's Faults panel says how to turn faults on.
  await clickItem(page, 'backend:local');
  await clickItem(page, 'nav:Faults');
  await page.waitForTimeout(200);
  saveArtifact('faults-local-off.png', await page.screenshot());

  await page.goto(host.url);
  await waitForFirstFrame(page);
  st = await waitForState(page, (s) => findItem(s, 'backend:pinterest'), 'static host lists its config.json');
  await clickItem(page, 'backend:pinterest');
  await clickItem(page, 'button:Sign in');
  st = await waitForState(page, (s) => s.error, 'explained', 15000);
  assert.match(st.error, /not available here/);
  assert.match(st.error, /404/);
  assert.match(st.hint, /--pinterest-app-id/);
  assert.equal(new URL(page.url()).pathname, '/', 'the page stayed');
  assert.equal(st.view, 'connect');
  saveArtifact('backend-missing.png', await page.screenshot());
});
