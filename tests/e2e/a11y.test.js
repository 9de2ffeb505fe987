// a11y.test.js — the DOM layer over the canvas, used as a screen reader, a keyboard user or a person
// copying text would: the Demo journey with only Playwright's getByRole / getByLabel / getByText (no
// coordinates, no test bridge) on a desktop and on a phone with touch; axe-core on the main views (no serious
// or critical violation); copying a response value with a real mouse drag and Ctrl+C, and a console value and
// its JSON path from the menu a click opens, the clipboard holding exactly that; the page's find reaching a pin
// title.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { openApp, saveArtifact } = require('./lib');

const AXE = require.resolve('axe-core/axe.min.js');

// Serious and critical violations on the page as it is now (named for the message).
async function axeCheck(page, view) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length,
                                      first: v.nodes[0] && v.nodes[0].html.slice(0, 160) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad, [], `${view}: ${JSON.stringify(bad)}`);
  return violations;
}

// The way to another view: a link of the top bar on a desktop, an entry of the Menu on a phone.
async function openView(page, phone, name) {
  if (phone) {
    await page.getByRole('button', { name: 'Menu', exact: true }).tap();
    await page.getByRole('button', { name, exact: true }).tap();
  } else {
    await page.getByRole('link', { name, exact: true }).click();
  }
}

async function journey(t, phone) {
  const { page, con } = await openApp(t, { phone });
  page.setDefaultTimeout(30000);
  const press = (locator) => (phone ? locator.tap() : locator.click());
  const axe = !phone;

  // Signed out: choose Demo, sign in, allow in the consent dialog.
  await page.getByRole('heading', { name: 'Connect to the Pinterest API' }).waitFor();
  if (axe) await axeCheck(page, 'connect');
  await press(page.getByRole('radio', { name: /^Demo/ }));
  await page.waitForFunction(() => {
    const r = [...document.querySelectorAll('#pinlab-a11y input[type=radio]')].find((e) => /^Demo/.test(e.getAttribute('aria-label')));
    return r && r.checked;
  });
  await press(page.getByRole('button', { name: 'Sign in', exact: true }));
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Allow', exact: true }).waitFor();
  if (axe) await axeCheck(page, 'consent dialog');
  await press(dialog.getByRole('button', { name: 'Allow', exact: true }));

  // The profile: the username as its heading, the counts as text.
  await openView(page, phone, 'Profile');
  await page.getByRole('heading', { name: '@pinlab_demo' }).waitFor();
  await page.getByText('Followers', { exact: true }).waitFor();
  if (axe) await axeCheck(page, 'profile');

  // Boards: a list of links named by the board's name and what its card says; one opened by its name.
  await openView(page, phone, 'Boards');
  const boards = page.getByRole('list', { name: 'Boards' }).getByRole('link');
  await boards.first().waitFor();
  const boardName = await boards.first().getAttribute('aria-label');
  assert.ok(boardName && boardName.length > 2, `a board is named (${boardName})`);
  if (axe) await axeCheck(page, 'boards');
  await press(page.getByRole('link', { name: boardName, exact: true }));

  // Its pins, each named by its title.
  const pins = page.getByRole('list', { name: 'Pins' }).getByRole('link');
  await pins.first().waitFor();
  const titles = await pins.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const named = titles.filter((x) => /[a-z]{3}/i.test(x || ''));
  assert.ok(named.length >= (phone ? 1 : 2), `pins are named by their titles: ${JSON.stringify(titles)}`);
  assert.ok(titles.length <= 80, `only the pins on screen are in the page (${titles.length})`);
  const boardNodes = await page.evaluate(() => document.querySelectorAll('#pinlab-a11y *').length);
  console.log(`DOM layer (${phone ? '390x844' : '1280x800'}): ${boardNodes} nodes on a board (${titles.length} pin tiles on screen)`);
  if (axe) await axeCheck(page, 'board');
  saveArtifact(phone ? 'a11y-board-phone.png' : 'a11y-board.png', await page.screenshot());

  // A pin, opened by its title: its title is the view's heading.
  const title = named[0];
  await press(page.getByRole('link', { name: title, exact: true }));
  await page.getByRole('heading', { name: title.split(' ')[0] }).first().waitFor();
  if (axe) await axeCheck(page, 'pin');

  // The Explorer: filter, pick the GET of user_account, send it, read that the answer conforms.
  await openView(page, phone, 'Explorer');
  const filter = page.getByLabel('Filter operations');
  await press(filter);
  await page.keyboard.type('user_account', { delay: 5 });
  await press(page.getByRole('option', { name: /^GET \/user_account,/ }));
  await press(page.getByRole('button', { name: 'Send request', exact: true }));
  await page.getByText(/Conforms to the spec/).first().waitFor();
  if (axe) await axeCheck(page, 'explorer');
  saveArtifact(phone ? 'a11y-explorer-phone.png' : 'a11y-explorer.png', await page.screenshot());

  const nodes = await page.evaluate(() => document.querySelectorAll('#pinlab-a11y *').length);
  assert.ok(nodes > 20 && nodes < 1500, `the layer holds what is on screen (${nodes} nodes)`);
  // The layer's cost per drawn frame over the whole journey (recorder + page), for the report.
  const cost = await page.evaluate(() => {
    const s = window.Module.pinlabSemStats, v = s.samples.slice().sort((a, b) => a - b);
    return { frames: s.frames, withChanges: s.applies, p50: v[Math.floor(v.length * 0.5)], p95: v[Math.floor(v.length * 0.95)],
             max: s.maxMs, writes: s.writes };
  });
  console.log(`DOM layer (${phone ? '390x844' : '1280x800'}): ${nodes} nodes on the Explorer; per frame p50 ` +
              `${cost.p50.toFixed(3)} ms, p95 ${cost.p95.toFixed(3)} ms, max ${cost.max.toFixed(2)} ms over ${cost.frames} ` +
              `frames (${cost.withChanges} with changes, ${cost.writes} element writes)`);
  assert.deepEqual(con.errors, []);
}

test('Demo journey by role, label and text at 1280×800 (with axe-core on each view)', async (t) => {
  await journey(t, false);
});

test('Demo journey by role, label and text at 390×844 with touch', async (t) => {
  await journey(t, true);
});

// Demo signed in by role, then the Explorer's answer to GET /user_account: its "username" tree item.
async function usernameInTheAnswer(t) {
  const { page } = await openApp(t, { clipboard: true });
  page.setDefaultTimeout(30000);
  await page.getByRole('radio', { name: /^Demo/ }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Allow', exact: true }).click();
  await page.getByText('@pinlab_demo').first().waitFor();
  await page.getByRole('link', { name: 'Explorer', exact: true }).click();
  await page.getByLabel('Filter operations').click();
  await page.keyboard.type('user_account', { delay: 5 });
  await page.getByRole('option', { name: /^GET \/user_account,/ }).click();
  await page.getByRole('button', { name: 'Send request', exact: true }).click();
  const item = page.getByRole('treeitem', { name: /^username: / });
  await item.waitFor();
  return { page, item };
}

test('A response value is copied by a real mouse drag and Ctrl+C', async (t) => {
  const { page, item } = await usernameInTheAnswer(t);
  await page.evaluate(() => navigator.clipboard.writeText('(nothing yet)'));
  const span = item.getByText(/username: /);
  const box = await span.evaluate((el) => {
    const text = el.firstChild, s = text.data, at = s.indexOf('pinlab_demo');
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + 'pinlab_demo'.length);
    const r = range.getBoundingClientRect();
    return { x0: r.left, x1: r.right, y: r.top + r.height / 2 };
  });
  await page.mouse.move(box.x0 + 1, box.y);
  await page.mouse.down();
  await page.mouse.move((box.x0 + box.x1) / 2, box.y, { steps: 4 });
  await page.mouse.move(box.x1 - 1, box.y, { steps: 4 });
  await page.mouse.up();
  assert.equal(await page.evaluate(() => String(window.getSelection())), 'pinlab_demo');
  await page.keyboard.press('Control+C');
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'pinlab_demo');

});

// The console's answer to GET /user_account: a value in its body, clicked, offers Copy value; right-clicked,
// Copy JSON path; the system clipboard then holds exactly that.
test('A value in the console is copied, and its JSON path, from its menu', async (t) => {
  const { page, con } = await openApp(t, { clipboard: true });
  page.setDefaultTimeout(30000);
  await page.getByRole('radio', { name: /^Demo/ }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Allow', exact: true }).click();
  await page.getByText('@pinlab_demo').first().waitFor();
  await page.getByRole('link', { name: 'Console', exact: true }).click();
  await page.getByRole('listbox', { name: 'Requests' }).getByRole('option', { name: /\/user_account\b/ }).first().click();
  const item = page.getByRole('treeitem', { name: /^username: / });
  await item.waitFor();
  await page.evaluate(() => navigator.clipboard.writeText('(nothing yet)'));
  await item.click();
  await page.getByRole('button', { name: 'Copy value', exact: true }).click();
  await page.waitForFunction(async () => (await navigator.clipboard.readText()) !== '(nothing yet)', null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'pinlab_demo');
  await page.getByRole('button', { name: 'Copy value', exact: true }).waitFor({ state: 'detached' });
  await item.click({ button: 'right' });
  await page.getByRole('button', { name: 'Copy JSON path', exact: true }).click();
  await page.waitForFunction(async () => (await navigator.clipboard.readText()) !== 'pinlab_demo', null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), '$.username');
  assert.deepEqual(con.errors, []);
});

// The page's own find (what Ctrl+F uses) reaches text drawn in the canvas.
test('The page\'s find reaches a pin title drawn in the canvas', async (t) => {
  const { page } = await openApp(t);
  page.setDefaultTimeout(30000);
  await page.getByRole('radio', { name: /^Demo/ }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Allow', exact: true }).click();
  await page.getByRole('link', { name: 'Boards', exact: true }).click();
  await page.getByRole('list', { name: 'Boards' }).getByRole('link').first().click();
  const pin = page.getByRole('list', { name: 'Pins' }).getByRole('link').first();
  await pin.waitFor();
  const title = await pin.getAttribute('aria-label');
  assert.equal(await page.evaluate((w) => window.find(w), title), true, `find("${title}")`);
});

// What a screen reader's "activate" or voice control sends (a click event with no pointer), and the keyboard:
// ImGui's focus moves the page's focus to the element of the control it is on.
test('Controls activate without a pointer, and the page\'s focus follows the keyboard focus', async (t) => {
  const { page } = await openApp(t);
  page.setDefaultTimeout(30000);
  const demo = page.getByRole('radio', { name: /^Demo/ });
  await demo.evaluate((el) => el.click());
  await page.waitForFunction(() => {
    const r = [...document.querySelectorAll('#pinlab-a11y input[type=radio]')].find((e) => /^Demo/.test(e.getAttribute('aria-label')));
    return r && r.checked;
  });
  await page.getByRole('button', { name: 'Sign in', exact: true }).evaluate((el) => el.click());
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Allow', exact: true }).waitFor();
  let focused = '';
  for (let i = 0; i < 6 && !/^(Allow|Deny)$/.test(focused); i++) {
    await page.keyboard.press('Tab');
    await page.waitForTimeout(150);
    focused = await page.evaluate(() => {
      const a = document.activeElement;
      return a && a.closest('#pinlab-a11y') ? a.getAttribute('aria-label') || '' : '';
    });
  }
  assert.match(focused, /^(Allow|Deny)$/, 'the page focus is on a button of the dialog');
});
