// explorer_workbench.test.js — the Explorer as reference and workbench, in headless Chromium on Demo with
// real mouse and keyboard input: PinMediaSource's variants open in the schema panel and fill the body; a body
// the schema allows but Pinterest refuses is called that, naming the fields; three `columns` picked from the
// multi-select go into the query comma-joined; Next page walks boards/list?page_size=3 to the end with no
// duplicates and Previous goes back; a board id saved as a variable from an answer is used in boards/get.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { openApp, saveArtifact } = require('./lib');
const { waitForState, findItem, waitForItem, clickItem, typeInto, signInDemo } = require('./ui');
const { uiState } = require('./lib');

const ex = (s) => s.explorer || {};

async function openOperation(page, id) {
  await clickItem(page, 'nav:Explorer');
  await waitForState(page, (s) => ex(s).index === 'ready', 'the operation index');
  await clickItem(page, 'input:Filter operations');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(id, { delay: 5 });
  await clickItem(page, `op:${id}`);
  return waitForState(page, (s) => ex(s).selected === id && ex(s).detail === 'ready', `operation ${id}`);
}

// Scrolls the operation pane with the mouse wheel (as a person would) until `label` is on screen.
// `up`: the label is above what is on screen (Send and Save sit above the form).
async function scrollTo(page, label, up = false) {
  const vp = page.viewportSize();
  const x = Math.round(vp.width * 0.7), y = Math.round(vp.height * 0.65);
  for (let i = 0; i < 60; i++) {
    const item = findItem(await uiState(page), label);
    if (item && item.y > 40 && item.y + item.h < vp.height - 20) return item;
    await page.mouse.move(x, y);
    await page.mouse.wheel(0, (item ? item.y <= 40 : up) ? -150 : 150);
    await page.waitForTimeout(60);
  }
  return waitForItem(page, label, 1000);
}

async function clickScrolled(page, label, up = false) {
  await scrollTo(page, label, up);
  return clickItem(page, label);
}

async function send(page) {
  await scrollTo(page, 'button:Send request');
  await clickItem(page, 'button:Send request');
  return waitForState(page, (s) => ex(s).status !== undefined && ex(s).conforms !== undefined, 'the answer and its check');
}

test('Explorer schema: the media_source variants fill the body; the verdict names what Pinterest requires',
     async (t) => {
  const { page, con } = await openApp(t);
  await signInDemo(page);
  const opened = await openOperation(page, 'pins/create');
  // The skeleton starts with what Pinterest requires though the schema does not.
  assert.match(ex(opened).body, /"board_id"/);
  assert.match(ex(opened).body, /"media_source"/);
  await clickScrolled(page, 'tree:Schema');
  await clickScrolled(page, 'schema:/media_source');
  await clickScrolled(page, 'variant:/media_source');
  await clickItem(page, 'variant option:multiple_image_urls');
  await clickScrolled(page, 'button:Fill the body with this variant');
  const filled = await waitForState(page, (s) => /multiple_image_urls/.test(ex(s).body || ''), 'the body filled from the variant');
  const body = JSON.parse(ex(filled).body);
  assert.equal(body.media_source.source_type, 'multiple_image_urls');
  assert.ok(Array.isArray(body.media_source.items) && body.media_source.items.length >= 2);
  saveArtifact('explorer-schema-1280.png', await page.screenshot());

  // A body the schema allows and Pinterest refuses.
  await scrollTo(page, 'input:Body');
  await clickItem(page, 'input:Body');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('{"title": "x"}', { delay: 5 });
  const v = await waitForState(page, (s) => !!ex(s).verdict, 'the verdict');
  assert.equal(ex(v).verdict, 'the schema allows it; Pinterest also requires board_id and media_source');
  assert.equal(ex(v).body_valid, false);
  assert.deepEqual(con.errors, [], con.failed.join('\n'));
});

test('Explorer: three columns from the multi-select go into the query comma-joined', async (t) => {
  const { page } = await openApp(t);
  await signInDemo(page, ['ads:read']);
  await openOperation(page, 'ad_account/analytics');
  await clickScrolled(page, 'multi:columns');
  for (const [filter, value] of [['spend in dollar', 'SPEND_IN_DOLLAR'], ['ctr', 'CTR'], ['paid imp', 'PAID_IMPRESSION']]) {
    await typeInto(page, 'input:Filter values', filter);
    await clickItem(page, `option:${value}`);
  }
  await page.keyboard.press('Escape');
  const s = await waitForState(page, (st) => /columns=/.test(ex(st).query || ''), 'the columns in the query');
  const columns = decodeURIComponent(/columns=([^&]*)/.exec(ex(s).query)[1]).split(',');
  assert.deepEqual(columns.sort(), ['CTR', 'PAID_IMPRESSION', 'SPEND_IN_DOLLAR']);
  saveArtifact('explorer-multiselect-1280.png', await page.screenshot());
});

test('Explorer: Next page walks boards/list to the end with no duplicates; a saved variable feeds boards/get',
     async (t) => {
  const { page } = await openApp(t);
  await signInDemo(page);
  await openOperation(page, 'boards/list');
  await typeInto(page, 'param:page_size', '3');
  let s = await send(page);
  assert.equal(ex(s).status, 200);
  const firstPage = JSON.parse(ex(s).response_body).items.map((b) => b.id);
  const seen = [...firstPage];
  let pages = 1;
  while (ex(s).next_page && pages < 40) {
    const before = ex(s).response_body;
    await clickScrolled(page, 'button:Next page');
    s = await waitForState(page, (st) => ex(st).status === 200 && ex(st).response_body !== before, 'the next page');
    seen.push(...JSON.parse(ex(s).response_body).items.map((b) => b.id));
    pages++;
  }
  assert.ok(pages > 1, 'more than one page of boards');
  assert.equal(new Set(seen).size, seen.length, 'no board twice');
  assert.equal(ex(s).next_page, false);
  // Previous goes back one page.
  const last = ex(s).response_body;
  await clickScrolled(page, 'button:Previous page');
  s = await waitForState(page, (st) => ex(st).status === 200 && ex(st).response_body !== last, 'the previous page');
  assert.equal(ex(s).pages_back, pages - 2);

  // Save the first board's id from an answer, use it in boards/get.
  const id = JSON.parse(ex(s).response_body).items[0].id;
  await clickScrolled(page, 'answer:/items/0/id');
  await typeInto(page, 'input:Save as variable', 'board_id');
  await clickItem(page, 'button:Save variable');
  await waitForState(page, (st) => (ex(st).variables || {}).board_id === id, 'the variable saved');
  await openOperation(page, 'boards/get');
  await typeInto(page, 'param:board_id', '{{board_id}}');
  const got = await send(page);
  assert.equal(ex(got).status, 200);
  assert.equal(JSON.parse(ex(got).response_body).id, id);
  saveArtifact('explorer-chain-1280.png', await page.screenshot());
});

test('Explorer: a missing scope is added in place and the operation comes back with its values', async (t) => {
  const { page, con } = await openApp(t);
  await signInDemo(page);  // the default scopes: no ads
  await openOperation(page, 'ad_accounts/list');
  await typeInto(page, 'param:page_size', '5');
  let s = await send(page);
  assert.ok(ex(s).status === 401 || ex(s).status === 403, `refused for the scope: ${ex(s).status}`);
  await clickScrolled(page, 'button:Add ads:read and sign in again');
  await clickItem(page, 'button:Allow');
  s = await waitForState(page, (st) => st.signed_in && !st.busy && st.view === 'explorer' &&
                                        ex(st).selected === 'ad_accounts/list' && ex(st).detail === 'ready',
                         'signed in again, back on the operation');
  assert.equal(ex(s).query, 'page_size=5');
  s = await send(page);
  assert.equal(ex(s).status, 200);
  assert.deepEqual(con.errors, [], con.failed.join('\n'));
});

test('Top pins shows each pin\'s title and thumbnail, with the id on hover', async (t) => {
  const { page } = await openApp(t);
  await signInDemo(page);
  await page.goto(page.url().replace(/#.*$/, '') + '#/top-pins');
  const s = await waitForState(page, (st) => (st.top_pins || []).length > 0 && st.top_pins.every((p) => p.loaded),
                               'top pins with their details');
  const titled = s.top_pins.filter((p) => p.title !== '' && !/^\d+$/.test(p.title));
  assert.ok(titled.length >= s.top_pins.length / 2, JSON.stringify(s.top_pins));
  assert.ok(s.top_pins.every((p) => p.image), 'every pin has a thumbnail');
  saveArtifact('top-pins-1280.png', await page.screenshot());
});

test('A pasted token is checked before "signed in": a token the API cannot confirm is refused with why', async (t) => {
  const { page } = await openApp(t);
  await clickItem(page, 'backend:token');
  await typeInto(page, 'input:Access token', 'pina_FAKE0123456789abcdef');
  await clickItem(page, 'button:Use token');
  const s = await waitForState(page, (st) => st.error !== '', 'the refusal', 30000);
  assert.equal(s.signed_in, false);
  assert.match(s.error, /token is not valid|could not reach the API/);
  if (/could not reach/.test(s.error)) assert.match(s.hint, /Demo/);
});

test('Phone, 390x844: the board toolbar stays on screen; the schema panel and the multi-select fit', async (t) => {
  const { page, con } = await openApp(t, { phone: true });
  await signInDemo(page);
  const width = page.viewportSize().width;
  await page.evaluate(() => { location.hash = '#/boards'; });
  const board = await waitForItem(page, /^board:/);
  await clickItem(page, board.label);
  const st = await waitForState(page, (s) => s.view === 'board' && !!findItem(s, 'button:New pin here'), 'a board');
  for (const l of ['button:Back', 'button:Edit board', 'button:Delete board', 'button:New section', 'button:New pin here']) {
    const it = findItem(st, l);
    assert.ok(it, l);
    assert.ok(it.x >= 0 && it.x + it.w <= width + 0.5, `${l} on screen: ${JSON.stringify(it)}`);
  }
  saveArtifact('board-toolbar-390.png', await page.screenshot());

  await page.evaluate(() => { location.hash = '#/explorer/pins/create'; });
  await waitForState(page, (s) => ex(s).selected === 'pins/create' && ex(s).detail === 'ready', 'pins/create');
  await clickScrolled(page, 'tree:Schema');
  await clickScrolled(page, 'schema:/media_source');
  await scrollTo(page, 'variant:/media_source');
  saveArtifact('explorer-schema-390.png', await page.screenshot());

  await page.evaluate(() => { location.hash = '#/explorer/ad_account/analytics'; });
  await waitForState(page, (s) => ex(s).selected === 'ad_account/analytics' && ex(s).detail === 'ready', 'analytics');
  await clickScrolled(page, 'multi:columns');
  await typeInto(page, 'input:Filter values', 'ctr');
  await clickItem(page, 'option:CTR');
  const opt = findItem(await uiState(page), 'option:CTR');
  if (opt) assert.ok(opt.x >= 0 && opt.x + opt.w <= width + 0.5, `the multi-select fits: ${JSON.stringify(opt)}`);
  saveArtifact('explorer-multiselect-390.png', await page.screenshot());
  await page.keyboard.press('Escape');
  await waitForState(page, (s) => /columns=CTR/.test(ex(s).query || ''), 'CTR in the query');
  assert.deepEqual(con.errors, [], con.failed.join('\n'));
});

// Run after: Create board and Create pin are saved, the pin is linked to run after the board and take its
// id as {{board_id}}, and Run chain sends both; the pin's answer names the new board. On a laptop and on a
// phone (where the list and the operation are separate screens), with real mouse and keyboard.
for (const phone of [false, true]) {
  test(`Explorer: a saved request runs after another and takes its id (${phone ? '390x844' : '1280x800'})`, async (t) => {
    const { page, con } = await openApp(t, { phone });
    await signInDemo(page);
    const boardName = `Chain ${phone ? 'phone' : 'laptop'} 東京 ☕`;
    await page.evaluate(() => { location.hash = '#/explorer/boards/create'; });
    await waitForState(page, (s) => ex(s).selected === 'boards/create' && ex(s).detail === 'ready', 'boards/create');
    await scrollTo(page, 'input:Body');
    await clickItem(page, 'input:Body');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText(`{"name": "${boardName}"}`);
    await waitForState(page, (s) => (ex(s).body || '').includes(boardName), 'the board body typed');
    await clickScrolled(page, 'button:Save request', true);

    await page.evaluate(() => { location.hash = '#/explorer/pins/create'; });
    const opened = await waitForState(page, (s) => ex(s).selected === 'pins/create' && ex(s).detail === 'ready' &&
                                            /media_source/.test(ex(s).body || ''), 'pins/create and its skeleton');
    const pin = JSON.parse(ex(opened).body);
    pin.board_id = '{{board_id}}';
    pin.title = 'Pinned by a chain';
    pin.media_source = { source_type: 'image_url', url: 'https://example.com/chained.jpg' };
    await scrollTo(page, 'input:Body');
    await clickItem(page, 'input:Body');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.insertText(JSON.stringify(pin));
    await waitForState(page, (s) => (ex(s).body || '').includes('{{board_id}}'), 'the pin body typed');
    await clickScrolled(page, 'button:Save request', true);
    await waitForState(page, (s) => ex(s).saved === 2, 'two saved requests');

    if (phone) await clickItem(page, 'button:Back to operations');  // the phone's list screen
    await clickItem(page, 'tab:Saved');
    await clickItem(page, 'saved link:0');
    await waitForItem(page, 'input:Link variable');
    const st = await uiState(page);
    assert.equal(findItem(st, 'combo:Run after') !== undefined, true);
    await clickItem(page, 'button:Link');
    await waitForItem(page, 'saved run:0');
    if (phone) {
      const s2 = await uiState(page);
      for (const l of ['saved run:0', 'saved unlink:0']) {
        const it = findItem(s2, l);
        assert.ok(it && it.x >= 0 && it.x + it.w <= page.viewportSize().width + 0.5, `${l} on screen: ${JSON.stringify(it)}`);
      }
    }
    saveArtifact(`explorer-run-after-${phone ? 390 : 1280}.png`, await page.screenshot());
    await clickItem(page, 'saved run:0');
    const done = await waitForState(page, (s) => ex(s).chain && (ex(s).chain.done || ex(s).chain.error), 'the chain', 30000);
    assert.equal(ex(done).chain.error, '');
    assert.equal(ex(done).status, 201);
    const answer = JSON.parse(ex(done).response_body);
    assert.equal(answer.title, 'Pinned by a chain');
    assert.equal(answer.board_id, ex(done).variables.board_id);
    saveArtifact(`explorer-chain-done-${phone ? 390 : 1280}.png`, await page.screenshot());
    // The board it made is the one named in the first body.
    await page.evaluate((id) => { location.hash = `#/explorer/boards/get?board_id=${id}`; }, answer.board_id);
    await waitForState(page, (s) => ex(s).selected === 'boards/get' && ex(s).detail === 'ready', 'boards/get');
    const got = await send(page);
    assert.equal(JSON.parse(ex(got).response_body).name, boardName);
    assert.deepEqual(con.errors, [], con.failed.join('\n'));
  });
}
