// explorer.test.js — the API Explorer in headless Chromium, Demo mode on a static host, driven with real
// mouse and keyboard input (the bridge only says where things are and what the app shows): open it, filter to
// an ads operation with the keyboard, fill its form, send, get a 2xx whose body conforms to the spec; create
// an object on a resource only the generic layer answers and find it in the list; a token without a scope gets
// the 403 and the hint; copy as curl (token redacted); reload and find the request in the history; a deep link
// opens the operation with its parameters. Screenshots at 1280x800 and 390x844 go to the artifacts.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { openApp, waitForFirstFrame, saveArtifact } = require('./lib');
const { waitForState, findItem, waitForItem, clickItem, typeInto, signInDemo } = require('./ui');

const ex = (s) => s.explorer || {};

async function openOperation(page, filter, id) {
  await clickItem(page, 'nav:Explorer');
  await waitForState(page, (s) => ex(s).index === 'ready', 'the operation index');
  await clickItem(page, 'input:Filter operations');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(filter, { delay: 5 });
  await waitForItem(page, `op:${id}`);
  await clickItem(page, `op:${id}`);
  return waitForState(page, (s) => ex(s).selected === id && ex(s).detail === 'ready', `operation ${id}`);
}

async function send(page) {
  await clickItem(page, 'button:Send request');
  return waitForState(page, (s) => ex(s).status !== undefined && ex(s).conforms !== undefined, 'the answer and its check');
}

test('Explorer: an ads operation answers 2xx that conforms; copy as curl; history survives a reload; deep link',
     async (t) => {
  const { server: srv, page, con } = await openApp(t, { clipboard: true });
  await signInDemo(page, ['ads:read']);

  // Open the Explorer; filter with the keyboard and open with Enter.
  await clickItem(page, 'nav:Explorer');
  const idx = await waitForState(page, (s) => ex(s).index === 'ready', 'the operation index');
  assert.equal(ex(idx).ops, 231);
  await clickItem(page, 'input:Filter operations');
  await page.keyboard.type('ad_accounts/list', { delay: 5 });
  await waitForState(page, (s) => ex(s).visible === 1, 'the filter leaving one operation');
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => ex(s).selected === 'ad_accounts/list' && ex(s).detail === 'ready', 'ad_accounts/list');
  // Fill the form: page_size.
  await typeInto(page, 'param:page_size', '5');
  const answered = await send(page);
  assert.equal(ex(answered).status, 200);
  assert.equal(ex(answered).conforms, true, JSON.stringify(ex(answered)));
  assert.match(answered.hash, /^#\/explorer\/ad_accounts\/list\?page_size=5/);
  saveArtifact('explorer-1280.png', await page.screenshot());

  // Copy as curl: the public API's address, the token redacted.
  await clickItem(page, 'button:Copy as curl');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()).startsWith('curl'), null, { timeout: 5000 });
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(curl, /https:\/\/api\.pinterest\.com\/v5\/ad_accounts\?page_size=5/);
  assert.match(curl, /Bearer \[REDACTED\]/);

  // Reload: the request is in the history, and opens with its parameters.
  await page.reload();
  await waitForFirstFrame(page);
  await clickItem(page, 'nav:Explorer');
  await waitForState(page, (s) => ex(s).history >= 1, 'the history after a reload');
  await clickItem(page, 'tab:History');
  await clickItem(page, 'history:0');
  const again = await waitForState(page, (s) => ex(s).selected === 'ad_accounts/list' && ex(s).detail === 'ready' &&
                                                ex(s).query === 'page_size=5', 'the request from the history');
  assert.equal(ex(again).query, 'page_size=5');

  // A deep link opens the operation with its parameters (typed into the address bar: a new load).
  await page.goto(srv.url + '#/explorer/boards/list?page_size=7&privacy=PUBLIC');
  await waitForFirstFrame(page);
  const deep = await waitForState(page, (s) => ex(s).selected === 'boards/list' && ex(s).detail === 'ready',
                                  'the deep-linked operation');
  assert.equal(deep.view, 'explorer');
  assert.match(ex(deep).query, /page_size=7/);
  assert.match(ex(deep).query, /privacy=PUBLIC/);

  // Phone: list and operation are separate screens.
  await page.setViewportSize({ width: 390, height: 844 });
  await waitForItem(page, 'button:Back to operations');
  saveArtifact('explorer-390-operation.png', await page.screenshot());
  await clickItem(page, 'button:Back to operations');
  await clickItem(page, 'tab:Operations');  // the list remembers its tab (History, from above)
  await waitForItem(page, 'input:Filter operations');
  saveArtifact('explorer-390-list.png', await page.screenshot());
  assert.deepEqual(con.errors, [], con.failed.join('\n'));
});

test('Explorer: a token without the scope gets the 403 and the hint', async (t) => {
  const { page } = await openApp(t);
  await signInDemo(page);  // the default scopes: no ads:read
  await openOperation(page, 'ad_accounts/list', 'ad_accounts/list');
  const s = await send(page);
  // Pinterest answers a missing scope with 401 code 3 (the modelled resources do); 403 from the generic layer.
  assert.ok(ex(s).status === 401 || ex(s).status === 403, `status ${ex(s).status}`);
  assert.match(ex(s).hint || '', /ads:read/);
});

test('Explorer: an object created on a generic resource is in its list', async (t) => {
  const { page } = await openApp(t);
  await signInDemo(page, ['ads:read', 'ads:write']);
  // An ad account id to create under.
  await openOperation(page, 'ad_accounts/list', 'ad_accounts/list');
  await send(page);
  const accounts = ex(await waitForState(page, (s) => ex(s).status === 200, 'the ad accounts')).response_body;
  const id = (JSON.parse(accounts || '{}').items || [{}])[0].id;
  assert.ok(id, 'an ad account');
  await openOperation(page, 'campaigns/create', 'campaigns/create');
  await typeInto(page, 'param:ad_account_id', id);
  await clickItem(page, 'input:Body');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(`[{"ad_account_id":"${id}","name":"Explorer campaign","status":"PAUSED",` +
                           `"objective_type":"AWARENESS"}]`, { delay: 2 });
  await waitForState(page, (s) => ex(s).body_valid === true, 'the body validated');
  const created = await send(page);
  assert.ok(ex(created).status >= 200 && ex(created).status < 300, `create answered ${ex(created).status}`);
  assert.equal(ex(created).source, 'generic');
  await openOperation(page, 'campaigns/list', 'campaigns/list');
  await typeInto(page, 'param:ad_account_id', id);
  const listed = await send(page);
  assert.equal(ex(listed).status, 200);
  assert.match(ex(listed).response_body, /Explorer campaign/);
});
