// input.test.js — the canvas used as a person uses a web page, with real input sent through Chromium's
// DevTools protocol (mouse wheel, touch, held key chords, a real clipboard), never through the bridge:
// the bridge only says where things are and what the app shows. Demo mode on a static host.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startStaticServer, tokenApiRoutes, launchBrowser, openApp, watchConsole, waitForFirstFrame, saveArtifact } = require('./lib');
const { waitForState, findItem, waitForItem, clickItem } = require('./ui');

async function signInDemoByMouse(page) {
  await clickItem(page, 'button:Sign in');
  await clickItem(page, 'button:Allow');
  await waitForState(page, (s) => s.signed_in && s.user, 'signed in to Demo');
}

// A visible item present in both states (by label), and how far it moved. The bridge clips rectangles
// to the view, so an item cut at the top after scrolling up is compared by its bottom edge.
function moved(before, after, prefix) {
  for (const a of (before.items || []).filter((i) => i.label.startsWith(prefix))) {
    const b = findItem(after, a.label);
    if (!b) continue;
    if (a.h === b.h) return { label: a.label, dy: b.y - a.y, dx: b.x - a.x };
    if (b.h < a.h) return { label: a.label, dy: (b.y + b.h) - (a.y + a.h), dx: b.x - a.x };
  }
  return null;
}

// ImGui snaps scrolled content to whole device pixels: a distance may be off by one.
function near(actual, expected, what) {
  assert.ok(Math.abs(actual - expected) <= 1, `${what}: ${actual} px, expected ${expected} px`);
}

async function openFirstBoard(page, tap) {
  await tap('nav:Boards');
  const board = await waitForItem(page, /^board:/);
  await tap(board.label);
  return waitForState(page, (s) => s.view === 'board' && s.pins_loaded >= 25 && !s.busy, 'a board with pins');
}

test('mouse wheel scrolls the connect screen and the board grid by the distance a page would', async (t) => {
  const srv = await startStaticServer();
  const { context, close } = await launchBrowser();
  t.after(async () => { await close(); await srv.close(); });
  const page = await context.newPage();
  const con = watchConsole(page);
  await page.setViewportSize({ width: 1280, height: 480 });
  await page.goto(srv.url);
  await waitForFirstFrame(page);

  // Connect screen: one notch (100 px, Chromium's pixel delta) moves its content up by 100 px.
  const before = await waitForState(page, (s) => !!findItem(s, 'button:Sign in'), 'the connect screen');
  const signIn = findItem(before, 'button:Sign in');
  await page.mouse.move(640, 300);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x: 640, y: 300, deltaX: 0, deltaY: 100 });
  const after = await waitForState(page, (s) => {
    const b = findItem(s, 'button:Sign in');
    return b && b.y !== signIn.y;
  }, 'the connect screen to scroll');
  near(findItem(after, 'button:Sign in').y - signIn.y, -100, 'one wheel notch scrolls 100 CSS px');
  // And back up: the same distance the other way.
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x: 640, y: 300, deltaX: 0, deltaY: -100 });
  await waitForState(page, (s) => Math.abs((findItem(s, 'button:Sign in') || { y: -1e9 }).y - signIn.y) <= 1,
                     'the connect screen back');

  // Board grid: three notches over the grid move its pins up 300 px.
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInDemoByMouse(page);
  await openFirstBoard(page, (l) => clickItem(page, l));
  const grid0 = await waitForState(page, (s) => s.images_ready >= 4, 'thumbnails');
  const pin = (grid0.items || []).find((i) => i.label.startsWith('pin:') && i.y > 200);
  assert.ok(pin, 'a pin on screen');
  await page.mouse.move(pin.x + pin.w / 2, pin.y + pin.h / 2);
  for (let i = 0; i < 3; i++) {
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x: pin.x + pin.w / 2, y: pin.y + pin.h / 2,
                                                 deltaX: 0, deltaY: 100 });
  }
  const grid1 = await waitForState(page, (s) => {
    const m = moved(grid0, s, 'pin:');
    return m && m.dy !== 0;
  }, 'the grid to scroll');
  await page.waitForTimeout(200);
  const m = moved(grid0, await waitForState(page, () => true, 'state'), 'pin:');
  near(m.dy, -300, `three notches scroll the grid (${m.label})`);
  assert.ok(grid1, 'scrolled');
  assert.deepEqual(con.errors, []);
});

test('phone: every view from the menu, a swipe scrolls the grid, a tap opens a board', async (t) => {
  const { context, page, con } = await openApp(t, { phone: true });
  const cdp = await context.newCDPSession(page);
  const tap = async (label) => {
    const it = await waitForItem(page, label);
    const x = it.x + it.w / 2, y = it.y + it.h / 2;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
    await page.waitForTimeout(40);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await page.waitForTimeout(60);
    return it;
  };
  // Controls are at least 44 CSS px tall on a phone.
  const menu = await waitForItem(page, 'button:Menu');
  assert.ok(menu.h >= 44, `touch target height ${menu.h}`);
  await tap('button:Sign in');
  await tap('button:Allow');
  await waitForState(page, (s) => s.signed_in && s.user, 'signed in');

  const views = { Profile: 'profile', Boards: 'boards', Pins: 'pins', Create: 'create', Search: 'search',
                  Analytics: 'analytics', Console: 'console', Token: 'token' };
  for (const [name, view] of Object.entries(views)) {
    await tap('button:Menu');
    await tap('menu:' + name);
    await waitForState(page, (s) => s.view === view, `view ${view} from the menu`);
    const shot = await page.screenshot();
    saveArtifact(`phone-${view}.png`, shot);
  }

  await tap('button:Menu');
  await tap('menu:Boards');
  const board = await waitForItem(page, /^board:/);
  await tap(board.label);
  const g0 = await waitForState(page, (s) => s.view === 'board' && s.pins_loaded >= 25 && !s.busy, 'a board');
  // Swipe up 300 px over 10 moves: the content follows the finger (then inertia may carry it further).
  const x = 195, y0 = 650;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: y0 }] });
  for (let i = 1; i <= 10; i++) {
    await page.waitForTimeout(16);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y0 - 30 * i }] });
  }
  await page.waitForTimeout(300);  // held still: no fling
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForTimeout(300);
  const g1 = await waitForState(page, () => true, 'state');
  near(g1.grid_scroll - g0.grid_scroll, 300, 'the grid followed the finger');
  assert.equal(g1.view, 'board', 'a swipe is not a tap');
  assert.deepEqual(con.errors, []);
});

test('clipboard: Ctrl+V pastes into the Access token field, Ctrl+C copies a selection', async (t) => {
  const seen = [];
  const { page, con } = await openApp(t, { clipboard: true, routes: tokenApiRoutes(seen) });

  // Copy: select all of the App ID field and copy it.
  await page.evaluate(() => navigator.clipboard.writeText('something else'));
  await clickItem(page, 'input:App ID');
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.press('c');
  await page.keyboard.up('Control');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()) !== 'something else', null, { timeout: 5000 })
    .catch(() => {});
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'pinlab-demo');

  // Paste from the system clipboard into the Access token field, then use it: the token the app keeps
  // for this tab is the pasted one.
  const token = 'pina_AEAQpastedFromTheClipboard0123456789';
  await clickItem(page, 'backend:token');
  await page.evaluate((t) => navigator.clipboard.writeText(t), token);
  await clickItem(page, 'input:Access token');
  await page.keyboard.press('Control+V');
  await page.keyboard.press('Enter');  // Enter in the field uses the token
  const st = await waitForState(page, (s) => s.signed_in, 'signed in with the pasted token');
  assert.equal(st.backend, 'token');
  const kept = await page.evaluate(() => sessionStorage.getItem('pinlab.session_tokens') || '');
  assert.ok(kept.includes(token), 'the pasted token is the one in use');
  assert.equal(seen[0], `Bearer ${token}`, 'checked with GET /v5/user_account before "signed in"');
  // A secret field is never copied.
  assert.deepEqual(con.errors.filter((e) => !/Failed to load resource|ERR_|CORS|api-sandbox/.test(e)), []);
});

test('keyboard only: sign in to Demo, open a board, find and open an operation in the Explorer', async (t) => {
  const { page, con } = await openApp(t);
  await page.waitForTimeout(200);
  // Tab until the focus outline is on `label` (bounded), as a keyboard user would.
  const tabTo = async (match, max = 80) => {
    for (let i = 0; i < max; i++) {
      const s = await waitForState(page, () => true, 'state');
      if (match(s.focus || '')) return s.focus;
      await page.keyboard.press('Tab');
      await page.waitForTimeout(40);
    }
    throw new Error('Tab never reached the item');
  };
  await tabTo((f) => f === 'button:Sign in');
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.consent_open, 'the consent dialog');
  await tabTo((f) => f === 'button:Allow');
  await page.keyboard.press('Space');
  await waitForState(page, (s) => s.signed_in && s.view === 'profile', 'signed in');
  // Alt+2 opens Boards; Tab reaches the first board card; Enter opens it.
  await page.keyboard.press('Alt+2');
  await waitForState(page, (s) => s.view === 'boards' && (s.items || []).some((i) => i.label.startsWith('board:')), 'boards');
  const focus = await tabTo((f) => f.startsWith('board:'));
  await page.keyboard.press('Enter');
  const st = await waitForState(page, (s) => s.view === 'board' && s.pins_loaded > 0, 'the board opened by keyboard');
  assert.ok(st.hash.startsWith('#/boards/'), `${focus} opened`);
  // Alt+9 opens the Explorer with the keys in its filter (no click into it first); Enter opens the first match.
  await page.keyboard.press('Alt+9');
  await waitForState(page, (s) => s.view === 'explorer' && (s.explorer || {}).index === 'ready', 'the Explorer');
  await page.keyboard.type('boards/list', { delay: 20 });
  await waitForState(page, (s) => s.explorer.visible === 2, 'the typed filter leaving boards/list and boards/list_pins');
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.explorer.selected === 'boards/list' && s.hash.startsWith('#/explorer/boards/list'),
                     'boards/list opened with Enter');
  assert.deepEqual(con.errors, []);
});

// A web page that navigates moves the focus to its main region: after a view opens (by key or by click), the
// first Tab lands on the view's first control, not on the top bar's links, and Shift+Tab on the control just
// before the view (the top bar's last). DOM focus follows ImGui's (the DOM layer mirrors it).
test('after a view opens, Tab starts at its content and Shift+Tab goes back to the top bar', async (t) => {
  const { page, con } = await openApp(t);
  await signInDemoByMouse(page);
  await waitForState(page, (s) => s.signed_in && s.view === 'profile', 'signed in');
  const tab = async (key) => {
    await page.keyboard.press(key);
    const s = await waitForState(page, (st) => !!st.focus, `the focus after ${key}`);
    await page.waitForTimeout(100);
    const dom = await page.evaluate(() => {
      const a = document.activeElement;
      return a ? (a.getAttribute('aria-label') || a.textContent || '').trim() : '';
    });
    return { s: await waitForState(page, () => true, 'state'), dom };
  };
  const barBottom = (s) => Math.max(...(s.items || []).filter((i) => i.label.startsWith('nav:')).map((i) => i.y + i.h));
  const inContent = (s) => {
    const f = findItem(s, s.focus);
    return f && !s.focus.startsWith('nav:') && f.y >= barBottom(s) - 1;
  };
  for (const [open, view] of [['Alt+2', 'boards'], ['click:nav:Pins', 'pins'], ['Alt+1', 'profile']]) {
    if (open.startsWith('click:')) await clickItem(page, open.slice(6));
    else await page.keyboard.press(open);
    await waitForState(page, (s) => s.view === view && (s.items || []).length > 12, `${view} drawn`);
    await page.waitForTimeout(300);
    const { s, dom } = await tab('Tab');
    assert.ok(inContent(s), `after ${open} the first Tab lands in the ${view} view's content, not on ${s.focus}`);
    const name = s.focus.slice(s.focus.indexOf(':') + 1);
    assert.ok(dom.startsWith(name.slice(0, 6)), `DOM focus (${dom}) follows the ImGui focus (${s.focus})`);
  }
  await page.keyboard.press('Alt+2');
  await waitForState(page, (s) => s.view === 'boards' && (s.items || []).some((i) => i.label.startsWith('board:')), 'boards');
  await page.waitForTimeout(300);
  const back = await tab('Shift+Tab');
  assert.equal(back.s.focus, 'button:Sign out', 'Shift+Tab from the start of the view goes to the top bar\'s last control');
  assert.deepEqual(con.errors, []);
});

// Japanese typed through an IME (Chromium's DevTools protocol drives the same composition events an OS IME
// sends): the composition shows at the caret while it lasts, nothing reaches the field until it is committed,
// then the committed 東京 is in the field, and typing goes on after it.
test('IME: a composition shows at the caret and only the committed text is typed', async (t) => {
  const { page, con } = await openApp(t);
  await signInDemoByMouse(page);
  await waitForState(page, (s) => s.signed_in, 'signed in');
  await clickItem(page, 'nav:Create');
  await clickItem(page, 'input:Title');
  await page.keyboard.type('Trip', { delay: 20 });
  const value = () => page.evaluate(() => {
    const el = [...document.querySelectorAll('#pinlab-a11y input, #pinlab-a11y textarea')]
      .find((e) => e.getAttribute('aria-label') === 'Title');
    return el ? el.value : null;
  });
  await waitForState(page, () => true, 'state');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'とうきょう', selectionStart: 5, selectionEnd: 5 });
  let st = await waitForState(page, (s) => s.composing === 'とうきょう', 'the composition at the caret');
  const title = findItem(st, 'input:Title');
  saveArtifact('ime-composing.png', await page.screenshot({ clip: { x: title.x, y: title.y - 4, width: Math.min(600, title.w), height: title.h + 8 } }));
  await page.waitForTimeout(200);
  assert.equal(await value(), 'Trip', 'nothing is typed while composing');
  await cdp.send('Input.insertText', { text: '東京' });
  st = await waitForState(page, (s) => s.composing === '', 'the composition committed');
  await page.keyboard.type(' ☕', { delay: 20 });
  await page.waitForTimeout(300);
  assert.equal(await value(), 'Trip東京 ☕', 'the committed text, then what was typed after it');
  assert.deepEqual(con.errors, []);
});

test('a click on the Explorer link leaves the filter unfocused (a phone would raise its keyboard)', async (t) => {
  const { page, con } = await openApp(t);
  await clickItem(page, 'nav:Explorer');
  await waitForState(page, (s) => s.view === 'explorer' && (s.explorer || {}).index === 'ready', 'the Explorer');
  await page.waitForTimeout(200);
  await page.keyboard.type('zzz', { delay: 20 });
  await page.waitForTimeout(300);
  const st = await waitForState(page, () => true, 'state');
  assert.equal(st.explorer.visible, 231, 'the keys went nowhere: every operation is listed');
  assert.deepEqual(con.errors, []);
});
