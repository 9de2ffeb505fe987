// demo_reload.test.js — Demo mode survives a reload: signed in to Demo on a plain static host, a pin created
// with real mouse input (page.mouse at the rectangles window.pinlab.state() reports) is still there after
// the tab reloads, at the same address; another tab has its own Demo data; "Reset demo data" goes back to
// the connect screen and to fresh data, also after the next reload.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startStaticServer, launchBrowser, watchConsole, waitForFirstFrame, saveArtifact } = require('./lib');
const { waitForState, findItem, waitForItem, clickItem, typeInto, signInDemo } = require('./ui');

// The page's saved-Demo-data bookkeeping (demo.cpp): completed saves, and what the last start did.
async function persist(page) {
  return page.evaluate(() => (window.Module && Module.pinlabDemo ? Module.pinlabDemo.persist : null));
}

// This tab's saved snapshot size in IndexedDB (0 when there is none).
async function savedBytes(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const tab = sessionStorage.getItem('pinlab.demo.tab');
    const req = indexedDB.open('pinlab-demo', 1);
    req.onsuccess = () => {
      const db = req.result;
      if (!tab || !db.objectStoreNames.contains('snapshots')) { db.close(); resolve(0); return; }
      const get = db.transaction('snapshots').objectStore('snapshots').get(tab);
      get.onsuccess = () => { db.close(); resolve(get.result ? get.result.bytes.length : 0); };
      get.onerror = () => { db.close(); resolve(-1); };
    };
    req.onerror = () => resolve(-1);
  }));
}

// A view's first frame is laid out before its wrapped rows are measured: wait until the item stays put.
async function settledItem(page, label) {
  let last = await waitForItem(page, label);
  for (let i = 0; i < 50; ++i) {
    await page.waitForTimeout(100);
    const now = await waitForItem(page, label);
    if (now.x === last.x && now.y === last.y && now.w === last.w && now.h === last.h) return now;
    last = now;
  }
  return last;
}

async function openFirstBoard(page) {
  await clickItem(page, 'nav:Boards');
  const boards = await waitForState(page, (s) => (s.items || []).some((i) => i.label.startsWith('board:')), 'boards');
  const label = boards.items.find((i) => i.label.startsWith('board:')).label;
  await clickItem(page, label);
  await waitForState(page, (s) => s.view === 'board' && s.pins_loaded > 0 && !s.busy, 'board pins');
  return label;
}

test('Demo: a created pin and the session survive a reload; Reset demo data starts over', async (t) => {
  const server = await startStaticServer();
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.context.newPage();
  const con = watchConsole(page);
  try {
    await page.goto(server.url);
    await waitForFirstFrame(page);
    await signInDemo(page);
    const boardLabel = await openFirstBoard(page);

    // Create a pin in this board with the mouse and keyboard.
    const before = (await persist(page)).saves;
    await clickItem(page, 'nav:Create');
    await typeInto(page, 'input:Image URL', 'https://example.com/reload-picture.jpg');
    await typeInto(page, 'input:Title', 'Survives a reload');
    await clickItem(page, 'button:Create pin');
    const created = await waitForState(page, (s) => s.view === 'pin' && /^#\/pins\/\d+$/.test(s.hash || ''), 'new pin');
    const pinId = created.hash.split('/')[2];
    // Saved shortly after (debounced): wait for it rather than racing the reload.
    await page.waitForFunction((n) => Module.pinlabDemo.persist.saves > n, before, { timeout: 10000 });
    const bytes = await savedBytes(page);
    assert.ok(bytes > 28 && bytes < 20000, `a compact snapshot in IndexedDB (${bytes} bytes)`);

    // Reload: still signed in, on the same pin, and the pin is in its board.
    await page.reload();
    await waitForFirstFrame(page);
    const back = await waitForState(page, (s) => s.signed_in && s.view === 'pin' && !s.busy &&
                                    !!findItem(s, 'button:Delete pin'), 'the pin again after the reload');
    assert.equal(back.hash, `#/pins/${pinId}`);
    assert.equal(back.error, '');
    const p = await persist(page);
    assert.equal(p.restored, true, p.note);
    assert.match(p.note, /restored the saved Demo data/);
    await clickItem(page, 'nav:Boards');
    await clickItem(page, boardLabel);
    await waitForItem(page, `pin:${pinId}`);

    // Another tab has its own Demo data: not signed in there, and the pin does not exist there.
    const other = await browser.context.newPage();
    await other.goto(server.url + `#/pins/${pinId}`);
    await waitForFirstFrame(other);
    const st = await waitForState(other, (s) => !!findItem(s, 'button:Sign in'), 'connect screen in a new tab');
    assert.equal(st.signed_in, false);
    await clickItem(other, 'button:Sign in');
    await clickItem(other, 'button:Allow');
    const missing = await waitForState(other, (s) => s.signed_in && s.view === 'pin' && !s.busy && s.error,
                                       'the other tab\'s pin is not found here');
    assert.match(missing.error, /not found/i);
    await other.close();

    // Reset demo data (confirmed): back to the connect screen; the pin is gone, also after a reload.
    await clickItem(page, 'nav:Token');
    await settledItem(page, 'button:Reset demo data');
    await clickItem(page, 'button:Reset demo data');
    await clickItem(page, 'button:Reset and sign out');
    await waitForState(page, (s) => !s.signed_in && s.view === 'connect' && !!findItem(s, 'button:Sign in'),
                       'connect screen after the reset');
    assert.equal(await savedBytes(page), 0);
    await page.reload();
    await waitForFirstFrame(page);
    await waitForItem(page, 'button:Sign in');
    assert.equal((await waitForState(page, (s) => s.view === 'connect', 'connect')).signed_in, false);
    await clickItem(page, 'button:Sign in');
    await clickItem(page, 'button:Allow');
    await waitForState(page, (s) => s.signed_in, 'signed in again');
    await page.evaluate((id) => { location.hash = `#/pins/${id}`; }, pinId);
    const gone = await waitForState(page, (s) => s.view === 'pin' && !s.busy && s.error, 'the pin is gone');
    assert.match(gone.error, /not found/i);

    // Chromium logs nothing for these 404s (they never reach the network); nothing else may be logged.
    assert.deepEqual(con.errors, [], `console errors; failed loads: ${con.failed.join(', ')}`);
  } catch (e) {
    saveArtifact('demo-reload.png', await page.screenshot());
    throw e;
  }
});

test('Demo: without IndexedDB it still works, only without surviving a reload', async (t) => {
  const server = await startStaticServer();
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.context.newPage();
  await page.addInitScript(() => { Object.defineProperty(window, 'indexedDB', { value: undefined }); });
  const con = watchConsole(page);
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await signInDemo(page);
  await openFirstBoard(page);
  await page.waitForTimeout(600);  // past the save delay: nothing is saved, nothing fails
  assert.equal((await persist(page)).saves, 0);
  // After a reload the emulator is fresh: the kept token means nothing there, so the session ends.
  await page.reload();
  await waitForFirstFrame(page);
  await waitForState(page, (s) => !s.signed_in && s.view === 'connect' && !!findItem(s, 'button:Sign in'),
                     'the connect screen');
  assert.equal((await persist(page)).restored, false);
  await signInDemo(page);
  assert.deepEqual(con.errors, [], `console errors; failed loads: ${con.failed.join(', ')}`);
});
