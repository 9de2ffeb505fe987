// demo_split.test.js — the Demo worker comes in two modules (scripts/split_worker.py): pinlab-demo.wasm runs a
// visitor's first steps (sign-in, boards, a board's pins, the pins grid with its images, the saves that
// follow) and pinlab-demo-more.wasm the rest, fetched by the worker the first time it is needed. In headless
// Chromium on a static host, with real mouse input: the first steps never fetch it; creating a pin fetches
// it once and works; a host without the file makes Demo say why instead of hanging.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { openApp, saveArtifact } = require('./lib');
const { waitForState, findItem, clickItem, typeInto, signInDemo } = require('./ui');

const MORE = 'pinlab-demo-more.wasm';

function countRequests(page) {
  const seen = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('/' + MORE)) seen.push(r.url()); });
  return seen;
}

async function firstSteps(page) {
  await signInDemo(page);
  await clickItem(page, 'nav:Boards');
  const boards = await waitForState(page, (s) => !!findItem(s, /^board:/), 'boards');
  await clickItem(page, findItem(boards, /^board:/).label);
  await waitForState(page, (s) => s.view === 'board' && s.pins_loaded > 0 && !s.busy, 'a board\'s pins');
  await clickItem(page, 'nav:Pins');
  await waitForState(page, (s) => s.view === 'pins' && s.pins_loaded > 0 && !s.busy, 'the pins grid');
  // The save that follows the sign-in (debounced by 300 ms) runs in the first module too.
  await page.waitForFunction(() => Module.pinlabDemo.persist.saves > 0, null, { timeout: 10000 });
}

async function createPin(page, title) {
  await clickItem(page, 'nav:Create');
  await typeInto(page, 'input:Image URL', 'https://example.com/second-module.jpg');
  await typeInto(page, 'input:Title', title);
  await clickItem(page, 'button:Create pin');
}

test('the Demo worker\'s second module: not on a visitor\'s first steps, once when needed', async (t) => {
  let fetched;
  const { page, con } = await openApp(t, { before: async (p) => { fetched = countRequests(p); } });
  try {
    await firstSteps(page);
    assert.deepEqual(fetched, [], 'sign-in, boards, a board and the pins grid need only pinlab-demo.wasm');

    await createPin(page, 'Made by the second module');
    const created = await waitForState(page, (s) => s.view === 'pin' && /^#\/pins\/\d+$/.test(s.hash || '') && !s.busy,
                                       'the new pin');
    assert.equal(created.error, '');
    assert.equal(fetched.length, 1, 'creating a pin fetched the second module');
    await createPin(page, 'And another one');
    await waitForState(page, (s) => s.view === 'pin' && s.hash !== created.hash && !s.busy, 'the second new pin');
    assert.equal(fetched.length, 1, 'the second module is fetched once');
    assert.deepEqual(con.errors, []);
  } catch (e) {
    saveArtifact('demo-split.png', await page.screenshot());
    throw e;
  }
});

test('a host without the Demo worker\'s second module: the first steps work, then Demo says why it stopped',
     async (t) => {
  const { page } = await openApp(t, { before: async (p) => {
    await p.route('**/' + MORE, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }));
  } });
  await firstSteps(page);
  await createPin(page, 'Needs the second module');
  const st = await waitForState(page, (s) => s.error && !s.busy, 'an error about the Demo worker');
  assert.match(st.error, /Demo emulator \(pinlab-demo\.js\) stopped/);
  assert.match(st.error + ' ' + st.hint, /HTTP 404 for pinlab-demo-more\.wasm/, 'the reason is the real one');
});
