// ui.js — drive Pinlab's canvas UI by label through the page's test bridge (window.pinlab):
// every clickable or typeable item publishes its rectangle in CSS pixels under a stable label.
'use strict';
const { uiState } = require('./lib');

async function waitForState(page, predicate, what, timeout = 20000) {
  const deadline = Date.now() + timeout;
  let last = {};
  while (Date.now() < deadline) {
    last = await uiState(page);
    if (predicate(last)) return last;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}; last UI state: ${JSON.stringify(
    { ...last, items: (last.items || []).map((i) => i.label) })}`);
}

function findItem(state, label) {
  const items = state.items || [];
  if (label instanceof RegExp) return items.find((i) => label.test(i.label));
  return items.find((i) => i.label === label);
}

// The item once it stands still: a dialog that auto-sizes is placed again in the frame after it appears,
// and a person does not click in that first frame either.
async function waitForItem(page, label, timeout = 20000) {
  const s = await waitForState(page, (st) => !!findItem(st, label), `item ${label}`, timeout);
  let item = findItem(s, label);
  for (let i = 0; i < 40; i++) {
    await page.waitForTimeout(40);
    const again = findItem(await uiState(page), label);
    if (!again) break;
    if (again.x === item.x && again.y === item.y && again.w === item.w && again.h === item.h) return again;
    item = again;
  }
  return item;
}

async function clickItem(page, label, timeout = 20000) {
  const item = await waitForItem(page, label, timeout);
  await page.mouse.move(item.x + item.w / 2, item.y + item.h / 2);
  await page.waitForTimeout(30);  // let ImGui see the hover before the press
  await page.mouse.down();
  await page.waitForTimeout(30);
  await page.mouse.up();
  await page.waitForTimeout(30);
  return item;
}

async function typeInto(page, label, text) {
  await clickItem(page, label);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 5 });
  await page.keyboard.press('Tab');
}

// Signs in to Demo as a person does: the backend, any `scopes` ticked besides the defaults, Sign in, then
// Allow on the consent step; resolves with the state once signed in and idle.
async function signInDemo(page, scopes = []) {
  await clickItem(page, 'backend:demo');
  for (const sc of scopes) await clickItem(page, `scope:${sc}`);
  await clickItem(page, 'button:Sign in');
  await clickItem(page, 'button:Allow');
  return waitForState(page, (s) => s.signed_in && s.user === 'pinlab_demo' && !s.busy, 'signed in to Demo');
}

module.exports = { waitForState, findItem, waitForItem, clickItem, typeInto, signInDemo };
