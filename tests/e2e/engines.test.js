// engines.test.js — the journey a first visitor takes, in three engines with the same steps and the same
// assertions: Chromium, Firefox and WebKit (engines.js). Demo mode on a plain static host, real input only:
//   - the first frame: a WebGL2 canvas at the window's size × DPR, not blank, the loading overlay gone;
//   - Demo sign-in with the mouse, a board's pins with real thumbnails, three wheel notches scroll it 300 px;
//   - an Explorer Send: an operation found by typing in the filter answers 200 and conforms to the spec;
//   - typing and paste: text typed and copied in another field of the page, pasted with Ctrl+V into a field of
//     the canvas and used;
//   - the phone layout at 390×844: the menu's 44 px touch targets, every view from it, the grid scrolls.
// What an engine cannot do here is printed with the test (engine.limits) and in the README, never skipped.
// By default Firefox and WebKit (Chromium runs the same steps in smoke, app, input and explorer.test.js);
// PINLAB_ENGINES=chromium,firefox,webkit runs this file in all three. Screenshots go to artifacts/<engine>-*.png.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startStaticServer, tokenApiRoutes, saveArtifact } = require('./lib');
const { waitForState, findItem, waitForItem, clickItem, typeInto, signInDemo } = require('./ui');
const { decodePng, regionStats } = require('./png');
const { enginesToRun, launchEngine } = require('./engines');

const ex = (s) => s.explorer || {};

// A page of `engine` on the static host, its first frame drawn; closed with the test.
async function open(t, engine, opts, routes = {}) {
  const server = await startStaticServer(undefined, routes);
  const page = await launchEngine(engine, opts);
  t.after(async () => { await page.close(); await server.close(); });
  for (const l of page.limits) t.diagnostic(`${engine}: ${l}`);
  await page.goto(server.url);
  const deadline = Date.now() + 60000;
  while (!(await page.evaluate(() => typeof window.pinlabFirstFrameMs === 'number'))) {
    if (Date.now() > deadline) throw new Error(`${engine}: no first frame in 60 s`);
    await page.waitForTimeout(100);
  }
  return page;
}

async function pageWarnings(page) {
  return page.pageWarnings ? page.pageWarnings() : page.warnings || [];
}

async function consoleErrors(page) {
  return page.pageErrors ? [...page.errors, ...(await page.pageErrors())] : page.errors;
}

async function firstFrameChecks(page, engine, w, h) {
  const gl = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    const ctx = c.getContext('webgl2');
    return { webgl2: !!ctx && typeof WebGL2RenderingContext !== 'undefined' && ctx instanceof WebGL2RenderingContext,
             width: c.width, height: c.height, dpr: window.devicePixelRatio, iw: window.innerWidth, ih: window.innerHeight,
             overlayHidden: document.getElementById('overlay').classList.contains('hidden') };
  });
  assert.ok(gl.webgl2, `${engine}: the canvas has a WebGL2 context`);
  assert.ok(gl.overlayHidden, `${engine}: the loading overlay is gone after the first frame`);
  assert.deepEqual([gl.iw, gl.ih], [w, h], `${engine}: the viewport is ${w}×${h}`);
  await waitForCanvasSize(page, Math.round(w * gl.dpr), Math.round(h * gl.dpr));
  const shot = await page.screenshot();
  saveArtifact(`${engine}-first-frame-${w}.png`, shot);
  const stats = regionStats(decodePng(shot));
  assert.ok(stats.distinctColors > 8, `${engine}: the first frame is not blank (${stats.distinctColors} colours)`);
  return gl;
}

async function waitForCanvasSize(page, cw, ch) {
  const deadline = Date.now() + 10000;
  let got;
  for (;;) {
    got = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
    if (got[0] === cw && got[1] === ch) return;
    if (Date.now() > deadline) break;
    await page.waitForTimeout(100);
  }
  assert.deepEqual(got, [cw, ch], 'the backbuffer is the CSS size × DPR');
}

// Pixels of a labelled item in a screenshot: a real thumbnail has many colours and contrast, a placeholder one.
async function realThumbnails(page, pins) {
  const shot = decodePng(await page.screenshot());
  const dpr = shot.width / (await page.evaluate(() => window.innerWidth));
  let real = 0;
  for (const p of pins.slice(0, 4)) {
    const st = regionStats(shot, Math.round((p.x + 4) * dpr), Math.round((p.y + 4) * dpr),
                           Math.round((p.w - 8) * dpr), Math.round((p.h - 8) * dpr));
    if (st.distinctColors >= 12 && st.variance > 30) real++;
  }
  return real;
}

// A visible pin present in both states, and how far it moved (the bridge clips rectangles to the view:
// an item cut at the top is compared by its bottom edge).
function moved(before, after) {
  for (const a of (before.items || []).filter((i) => i.label.startsWith('pin:'))) {
    const b = findItem(after, a.label);
    if (!b) continue;
    if (a.h === b.h) return { label: a.label, dy: b.y - a.y };
    if (b.h < a.h) return { label: a.label, dy: (b.y + b.h) - (a.y + a.h) };
  }
  return null;
}

async function openFirstBoard(page, tap) {
  await tap('nav:Boards');
  const board = await waitForItem(page, /^board:/);
  await tap(board.label);
  return waitForState(page, (s) => s.view === 'board' && s.pins_loaded >= 25 && s.images_ready >= 4 && !s.busy,
                      'a board with pins and thumbnails', 40000);
}

for (const engine of enginesToRun()) {
  test(`${engine}: first frame, Demo sign-in by mouse, a board's pins, a wheel scroll, an Explorer Send`, { timeout: 300000 }, async (t) => {
    const page = await open(t, engine, { width: 1280, height: 800 });
    await firstFrameChecks(page, engine, 1280, 800);

    const st = await signInDemo(page);
    assert.equal(st.user, 'pinlab_demo');
    const grid0 = await openFirstBoard(page, (l) => clickItem(page, l));
    const pins = (grid0.items || []).filter((i) => i.label.startsWith('pin:') && i.y > 0 && i.h > 40);
    assert.ok(pins.length >= 4, `${engine}: at least 4 visible pins (${pins.length})`);
    const real = await realThumbnails(page, pins);
    saveArtifact(`${engine}-board.png`, await page.screenshot());
    assert.ok(real >= 3, `${engine}: at least 3 of 4 thumbnails show real image pixels (${real})`);

    // Three wheel notches of 100 px over the grid move its pins up 300 px (ImGui snaps to device pixels: ±1).
    const pin = pins.find((i) => i.y > 200) || pins[0];
    await page.wheel(pin.x + pin.w / 2, pin.y + pin.h / 2, 100, 3);
    await waitForState(page, (s) => { const m = moved(grid0, s); return m && m.dy !== 0; }, 'the grid to scroll');
    await page.waitForTimeout(300);
    const m = moved(grid0, await waitForState(page, () => true, 'state'));
    assert.ok(Math.abs(m.dy + 300) <= 1, `${engine}: three notches scroll the grid 300 px (${m.label} moved ${m.dy} px)`);

    // The Explorer: find boards/list by typing in the filter, open it with Enter, fill page_size, Send.
    await clickItem(page, 'nav:Explorer');
    const idx = await waitForState(page, (s) => ex(s).index === 'ready', 'the operation index', 30000);
    assert.equal(ex(idx).ops, 231);
    await clickItem(page, 'input:Filter operations');
    await page.keyboard.type('boards/list', { delay: 5 });
    await waitForState(page, (s) => ex(s).visible === 2, 'the filter leaving boards/list and boards/list_pins');
    await clickItem(page, 'op:boards/list');
    await waitForState(page, (s) => ex(s).selected === 'boards/list' && ex(s).detail === 'ready', 'boards/list');
    await typeInto(page, 'param:page_size', '5');
    await clickItem(page, 'button:Send request');
    const sent = await waitForState(page, (s) => ex(s).status !== undefined && ex(s).conforms !== undefined,
                                    'the answer and its check');
    assert.equal(ex(sent).status, 200, `${engine}: ${JSON.stringify(ex(sent))}`);
    assert.equal(ex(sent).conforms, true, `${engine}: ${JSON.stringify(ex(sent))}`);
    assert.match(sent.hash, /^#\/explorer\/boards\/list\?page_size=5/);
    saveArtifact(`${engine}-explorer.png`, await page.screenshot());
    assert.deepEqual(await consoleErrors(page), [], `${engine}: no console errors`);
  });

  test(`${engine}: text typed and copied elsewhere, pasted with Ctrl+V into a field and used`, { timeout: 180000 }, async (t) => {
    const seen = [];
    const page = await open(t, engine, { width: 1280, height: 800 }, tokenApiRoutes(seen));
    // Another text field on the page, outside the canvas: what a person copies from and pastes into elsewhere.
    const other = await page.evaluate(() => {
      const ta = document.createElement('textarea');
      ta.id = 'elsewhere';
      ta.style.cssText = 'position:fixed;right:8px;bottom:8px;width:300px;height:40px;z-index:10';
      document.body.appendChild(ta);
      const r = ta.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    const clickOther = async () => {
      await page.mouse.move(other.x, other.y);
      await page.mouse.down();
      await page.mouse.up();
      await page.waitForTimeout(100);
    };
    // Copy: the App ID field's text, selected with Ctrl+A and copied with Ctrl+C: on the display's clipboard
    // (read with xclip, as another program would paste it) and pasted into the other field with Ctrl+V.
    await t.test(`${engine}: Ctrl+C in a field puts its selection on the clipboard`, async () => {
      const before = page.systemClipboard ? await page.systemClipboard() : null;
      assert.notEqual(before, 'pinlab-demo', `${engine}: the clipboard does not hold the field's text before the copy`);
      await clickItem(page, 'input:App ID');
      await page.waitForTimeout(100);
      await page.keyboard.down('Control');
      await page.keyboard.press('a');
      await page.keyboard.up('Control');
      // A person presses Ctrl+C once they see the text selected: the frame that selected it has been drawn
      // (the page's input queue is empty).
      const applied = () => page.evaluate(() => !!(window.Module && Module.pinlabCopyText) && Module.pinlabInput.length === 0);
      for (let i = 0; i < 60 && !(await applied()); i++) {
        await page.waitForTimeout(50);
      }
      await page.keyboard.down('Control');
      await page.keyboard.press('c');
      await page.keyboard.up('Control');
      await page.waitForTimeout(100);
      // WebKit hands the text to the display's clipboard from its UI process, a moment after the copy event.
      let system = page.systemClipboard ? await page.systemClipboard() : null;
      for (let i = 0; i < 20 && system !== null && system !== 'pinlab-demo'; i++) {
        await page.waitForTimeout(100);
        system = await page.systemClipboard();
      }
      if (system !== null) assert.equal(system, 'pinlab-demo', `${engine}: the field's selection on the display's clipboard`);
      else t.diagnostic(`${engine}: the system clipboard is read back by pasting only (no display or no xclip)`);
      await clickOther();
      await page.keyboard.press('Control+V');
      await page.waitForTimeout(150);
      const copied = await page.evaluate(() => document.getElementById('elsewhere').value);
      await page.evaluate(() => { document.getElementById('elsewhere').value = ''; });
      assert.equal(copied, 'pinlab-demo', `${engine}: the field's selection on the clipboard`);
    });
    // Paste: a token typed and copied elsewhere, pasted into the Access token field, then used.
    const token = 'pina_AEAQtypedThenCopiedAndPasted0123456789';
    await clickOther();
    await page.keyboard.type(token, { delay: 5 });
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    await page.waitForTimeout(100);
    await clickItem(page, 'backend:token');
    await clickItem(page, 'input:Access token');
    await page.keyboard.press('Control+V');
    await page.waitForTimeout(200);
    await page.keyboard.press('Enter');
    const st = await waitForState(page, (s) => s.signed_in, `${engine}: signed in with the pasted token`)
      .catch(async (e) => { throw new Error(`${e.message}\npage warnings: ${JSON.stringify(await pageWarnings(page))}`); });
    assert.equal(st.backend, 'token');
    const kept = await page.evaluate(() => sessionStorage.getItem('pinlab.session_tokens') || '');
    assert.ok(kept.includes(token), `${engine}: the pasted token is the one in use`);
    assert.equal(seen[0], `Bearer ${token}`, `${engine}: checked with GET /v5/user_account before "signed in"`);
  });

  test(`${engine}: phone layout at 390×844 — menu, every view, the grid scrolls`, { timeout: 300000 }, async (t) => {
    const page = await open(t, engine, { width: 390, height: 844, dpr: 2, touch: true });
    const gl = await firstFrameChecks(page, engine, 390, 844);
    if (gl.dpr !== 2) t.diagnostic(`${engine}: device pixel ratio ${gl.dpr} (the engine's automation cannot set it)`);
    const tap = async (label) => {
      const it = await waitForItem(page, label);
      await page.tap(it.x + it.w / 2, it.y + it.h / 2);
      await page.waitForTimeout(200);  // a person's next tap; and a browser's compatibility mouse events land first
      return it;
    };
    // Controls are at least 44 CSS px tall on a phone; the top bar is a menu.
    const menu = await waitForItem(page, 'button:Menu');
    assert.ok(menu.h >= 44, `${engine}: touch target height ${menu.h}`);
    await tap('button:Sign in');
    await tap('button:Allow');
    await waitForState(page, (s) => s.signed_in && s.user, 'signed in');
    const views = { Profile: 'profile', Boards: 'boards', Pins: 'pins', Create: 'create', Search: 'search',
                    Analytics: 'analytics', Console: 'console', Token: 'token' };
    for (const [name, view] of Object.entries(views)) {
      await tap('button:Menu');
      await tap('menu:' + name);
      await waitForState(page, (s) => s.view === view, `${engine}: view ${view} from the menu`);
    }
    await tap('button:Menu');
    await tap('menu:Boards');
    const board = await waitForItem(page, /^board:/);
    await tap(board.label);
    const g0 = await waitForState(page, (s) => s.view === 'board' && s.pins_loaded >= 25 && !s.busy, 'a board');
    saveArtifact(`${engine}-phone-board.png`, await page.screenshot());
    // A finger swiping up 300 px, held still before it lifts (no fling): the grid follows it. An engine without
    // touch input scrolls the same 300 px with three wheel notches (said in its limits above).
    if (page.swipe) await page.swipe(195, 650, -300);
    else await page.wheel(195, 600, 100, 3);
    await waitForState(page, (s) => s.grid_scroll !== g0.grid_scroll, 'the grid to scroll');
    await page.waitForTimeout(300);
    const g1 = await waitForState(page, () => true, 'state');
    assert.ok(Math.abs(g1.grid_scroll - g0.grid_scroll - 300) <= 1,
              `${engine}: the grid scrolled ${g1.grid_scroll - g0.grid_scroll} px, expected 300 (${page.swipe ? 'swipe' : 'wheel'})`);
    assert.equal(g1.view, 'board');
    assert.deepEqual(await consoleErrors(page), [], `${engine}: no console errors`);
  });
}
