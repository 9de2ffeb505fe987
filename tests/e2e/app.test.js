// app.test.js — end-to-end tests of the Pinlab app in headless Chromium against pinlab-server
// (and, for Demo mode, a plain static host with every other request blocked). Clicks go through
// the test bridge's labelled rectangles, never fixed coordinates.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('http');
const { startPinlabServer, startStaticServer, launchBrowser, watchConsole, waitForFirstFrame,
        saveArtifact } = require('./lib');
const { waitForState, findItem, waitForItem, clickItem, typeInto, signInDemo } = require('./ui');
const { decodePng, regionStats } = require('./png');

function httpJson(method, url, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(url, { method, headers: data ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

// Pixels of a labelled item in a screenshot: a real thumbnail has many colours and contrast,
// a placeholder (flat dominant colour) has one.
async function thumbnailStats(page, item) {
  const shot = decodePng(await page.screenshot());
  const dpr = shot.width / (await page.evaluate(() => window.innerWidth));
  const inset = 4;
  return regionStats(shot, Math.round((item.x + inset) * dpr), Math.round((item.y + inset) * dpr),
                     Math.round((item.w - 2 * inset) * dpr), Math.round((item.h - 2 * inset) * dpr));
}

async function openFirstBoardWithThumbnails(page) {
  await clickItem(page, 'nav:Boards');
  const board = await waitForItem(page, /^board:/);
  await clickItem(page, board.label);
  const st = await waitForState(page, (s) => s.view === 'board' && s.pins_loaded > 0 && s.images_ready >= 4,
                                'board pins with images');
  const pins = (st.items || []).filter((i) => i.label.startsWith('pin:') && i.y > 0 && i.h > 40);
  assert.ok(pins.length >= 4, `at least 4 visible pins (${pins.length})`);
  return { state: st, pins, boardLabel: board.label };
}

async function expectRealThumbnails(page, pins, name) {
  await waitForState(page, (s) => s.images_ready >= Math.min(pins.length, 4) && !s.busy, 'images loaded', 30000);
  const shot = await page.screenshot();
  saveArtifact(name, shot);
  let real = 0;
  for (const p of pins.slice(0, 4)) {
    const st = await thumbnailStats(page, p);
    if (st.distinctColors >= 12 && st.variance > 30) real++;
  }
  assert.ok(real >= 3, `at least 3 of 4 thumbnails show real image pixels (${real})`);
}

test('Local emulator: PKCE sign-in, profile, board thumbnails, create and delete a pin', async (t) => {
  const server = await startPinlabServer(['--control']);
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.context.newPage();
  const con = watchConsole(page);
  await page.goto(server.url);
  await waitForFirstFrame(page);

  // Sign in: the page redirects to the emulator's consent page (plain HTML) and back.
  await clickItem(page, 'backend:local');
  await clickItem(page, 'button:Sign in');
  await page.waitForURL(/\/oauth\//, { timeout: 15000 });
  const consent = await page.content();
  assert.match(consent, /boards:read/, 'the consent page lists the requested scopes');
  await page.click('button[value="allow"]');
  await waitForFirstFrame(page);
  const st = await waitForState(page, (s) => s.signed_in && s.user, 'signed in');
  assert.equal(st.user, 'pinlab_demo');
  assert.doesNotMatch(page.url(), /[?&]code=/, 'the code left the address bar');

  await clickItem(page, 'nav:Profile');
  await waitForState(page, (s) => s.view === 'profile' && !s.busy, 'profile view');

  const { pins, boardLabel } = await openFirstBoardWithThumbnails(page);
  await expectRealThumbnails(page, pins, 'local-board.png');
  const openBoard = async () => {
    await clickItem(page, 'nav:Boards');
    await clickItem(page, boardLabel);
    return waitForState(page, (s) => s.view === 'board' && s.pins_loaded > 0 && !s.busy, 'board reloaded');
  };

  // Create a pin in this board, find it there, delete it.
  await clickItem(page, 'nav:Create');
  await typeInto(page, 'input:Image URL', 'https://example.com/e2e-picture.jpg');
  await typeInto(page, 'input:Title', 'E2E test pin');
  await typeInto(page, 'input:Description', 'Created by the browser test');
  await clickItem(page, 'button:Create pin');
  const created = await waitForState(page, (s) => s.view === 'pin' && /^#\/pins\/\d+/.test(s.hash || ''), 'new pin view');
  const pinId = created.hash.split('/')[2];
  await openBoard();
  await waitForItem(page, `pin:${pinId}`);

  await clickItem(page, `pin:${pinId}`);
  await waitForState(page, (s) => s.view === 'pin', 'pin view');
  await clickItem(page, 'button:Delete pin');
  await clickItem(page, 'button:Confirm delete');
  await waitForState(page, (s) => s.view !== 'pin' && !s.busy, 'left the deleted pin');
  const after = await openBoard();
  assert.equal(findItem(after, `pin:${pinId}`), undefined, 'the deleted pin is gone');

  // An injected 429: the app shows the hint, then recovers once the limit clears.
  let r = await httpJson('POST', server.url + '_emulator/faults', { p_429: 1 });
  assert.equal(r.status, 200, r.text);
  await clickItem(page, 'nav:Profile');
  await clickItem(page, 'button:Reload');
  const limited = await waitForState(page, (s) => /rate limit/i.test((s.error || '') + (s.hint || '')), '429 hint', 30000);
  assert.match(limited.hint || limited.error, /wait|retry|reset/i);
  r = await httpJson('POST', server.url + '_emulator/faults', { p_429: 0 });
  assert.equal(r.status, 200, r.text);
  await clickItem(page, 'button:Retry');
  await waitForState(page, (s) => !s.error && s.view === 'profile' && !s.busy, 'recovered', 30000);

  // Only expected HTTP errors (the injected 429s, logged by Chromium) may appear in the console.
  const unexpected = con.errors.filter((e) => !/status of 429/.test(e));
  assert.deepEqual(unexpected, [], `console errors; failed loads: ${con.failed.join(', ')}`);
});

test('Demo mode works with every request outside the page files blocked', async (t) => {
  const server = await startStaticServer();
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.context.newPage();
  // The page's own files, including its second module (pinlab-views.wasm: the pin view and others), the Demo
  // emulator's worker (pinlab-demo.js/.wasm and its second module pinlab-demo-more.wasm) and the API catalogue
  // its generic layer answers from.
  const pageFiles = new Set(['/', '/index.html', '/pinlab.js', '/pinlab.wasm', '/pinlab-views.wasm', '/pinlab-demo.js',
                             '/pinlab-demo.wasm', '/pinlab-demo-more.wasm', '/config.json', '/favicon.svg',
                             '/catalogue.json']);
  const blocked = [];
  await page.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.origin === new URL(server.url).origin && pageFiles.has(u.pathname)) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  const con = watchConsole(page);
  await page.goto(server.url);
  await waitForFirstFrame(page);
  const st = await signInDemo(page);
  assert.equal(st.user, 'pinlab_demo');
  const { pins } = await openFirstBoardWithThumbnails(page);
  await expectRealThumbnails(page, pins, 'demo-board.png');
  assert.deepEqual(blocked, [], 'Demo mode made no request outside the page files');
  assert.deepEqual(con.errors, []);
});

test('Demo mode on a host without the Demo worker says so and keeps the page working', async (t) => {
  const server = await startStaticServer();
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.context.newPage();
  await page.route('**/pinlab-demo.js', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await clickItem(page, 'backend:demo');
  await clickItem(page, 'button:Sign in');
  await clickItem(page, 'button:Allow');
  const st = await waitForState(page, (s) => s.error, 'an error about the Demo worker');
  assert.match(st.error, /Demo emulator \(pinlab-demo\.js\)/);
  assert.match(st.hint, /pinlab-demo\.js/);
  assert.equal(st.signed_in, false);
  // The page still answers: another backend can be chosen.
  await clickItem(page, 'backend:local');
  await waitForState(page, (s) => s.backend === 'local', 'local backend selected');
});

test('Deep links and Back/Forward move between views', async (t) => {
  const server = await startStaticServer();
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.context.newPage();
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await signInDemo(page);
  await clickItem(page, 'nav:Boards');
  await waitForState(page, (s) => s.view === 'boards', 'boards');
  await clickItem(page, 'nav:Console');
  await waitForState(page, (s) => s.view === 'console', 'console');
  await page.goBack();
  await waitForState(page, (s) => s.view === 'boards', 'back to boards');
  await page.goForward();
  await waitForState(page, (s) => s.view === 'console', 'forward to console');
});
