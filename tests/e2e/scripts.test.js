// scripts.test.js — every script and emoji drawn: in Demo, a board and a pin are made by typing names that mix
// Latin, Cyrillic, Greek, CJK, Hangul, Arabic, Thai and emoji; the browser draws the glyphs the UI font lacks
// and they join the atlas (src/app/ui/glyphs.h). Checked at 1280×800 and 390×844: ImGui looked up no fallback
// glyph in the settled frame (it counts each lookup of a glyph its atlas lacks), the emoji's colours are in the
// pixels of the board card, and screenshots land in tests/e2e/artifacts to be looked at.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { openApp, saveArtifact, uiState } = require('./lib');
const { decodePng } = require('./png');
const { waitForState, waitForItem, clickItem, typeInto, signInDemo } = require('./ui');

const BOARD = 'Café Crème 東京 ☕🍣 Привет Ελληνικά';
const PIN = 'Tiramisù 東京 🍰 안녕하세요 مرحبا สวัสดี';

// Waits until no glyph is pending and the last frame drew no fallback; returns that state.
async function glyphsSettled(page, what) {
  return waitForState(page, (s) => s.glyphs && s.glyphs.pending === 0 && s.glyphs.fallback_draws === 0 && !s.busy,
                      `${what}: every glyph drawn`, 30000);
}

// Pixels of `item` in a PNG screenshot that are clearly coloured (not grey): the emoji.
function colouredPixels(png, item, dpr = 1) {
  let n = 0;
  const x0 = Math.max(0, Math.floor(item.x * dpr)), y0 = Math.max(0, Math.floor(item.y * dpr));
  const x1 = Math.min(png.width, Math.ceil((item.x + item.w) * dpr));
  const y1 = Math.min(png.height, Math.ceil((item.y + item.h) * dpr));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * png.width + x) * 4;
      const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) n++;
    }
  }
  return n;
}

async function journey(t, phone) {
  const tag = phone ? 'phone' : 'desktop';
  const { page, con } = await openApp(t, { phone });
  try {
    await signInDemo(page);
    if (phone) {
      await clickItem(page, 'button:Menu');
      await clickItem(page, 'menu:Boards');
    } else {
      await clickItem(page, 'nav:Boards');
    }
    await waitForState(page, (s) => s.view === 'boards' && !s.busy, 'boards');
    await clickItem(page, 'button:New board');
    await typeInto(page, 'input:Board name', BOARD);
    await clickItem(page, 'button:Save board');
    const card = await waitForItem(page, 'board:' + BOARD);
    const settled = await glyphsSettled(page, 'the board grid');
    assert.ok(settled.glyphs.drawn >= 15, `glyphs drawn by the browser: ${settled.glyphs.drawn}`);
    const shot = await page.screenshot();
    saveArtifact(`scripts-${tag}-boards.png`, shot);
    const cardNow = (await uiState(page)).items.find((i) => i.label === 'board:' + BOARD) || card;
    const png = decodePng(shot);
    const dpr = png.width / page.viewportSize().width;  // the phone's screenshot is at its device pixel ratio
    assert.ok(colouredPixels(png, cardNow, dpr) > 20, 'the emoji in the board card are drawn in colour');

    // A pin in that board, titled in six scripts, seen on its own page and in the board.
    await clickItem(page, 'board:' + BOARD);
    await waitForState(page, (s) => s.view === 'board' && !s.busy, 'the new board');
    await glyphsSettled(page, 'the board view');
    saveArtifact(`scripts-${tag}-board.png`, await page.screenshot());
    if (phone) {  // the board's toolbar runs off a phone's screen (New pin here among it): the Create view instead
      await clickItem(page, 'button:Menu');
      await clickItem(page, 'menu:Create');
    } else {
      await clickItem(page, 'button:New pin here');
    }
    await typeInto(page, 'input:Image URL', 'https://example.com/scripts.jpg');
    await typeInto(page, 'input:Title', PIN);
    await clickItem(page, 'button:Create pin');
    await waitForState(page, (s) => s.view === 'pin' && /^#\/pins\/\d+/.test(s.hash || ''), 'the new pin');
    const pinState = await glyphsSettled(page, 'the pin view');
    saveArtifact(`scripts-${tag}-pin.png`, await page.screenshot());
    assert.equal(pinState.glyphs.undrawable, 0, 'code points the browser could not draw');
    assert.equal(pinState.glyphs.no_font, 0, 'code points drawn as the browser\'s missing-glyph box (a font is missing)');
    console.log(`# ${tag}: ${pinState.glyphs.drawn} glyphs drawn by the browser in ${pinState.glyphs.rebuilds} ` +
                `batches (${pinState.glyphs.full_rebuilds} rebuilt the whole atlas); the last took ` +
                `${pinState.glyphs.last_rebuild_ms.toFixed(1)} ms`);
    assert.deepEqual(con.errors, [], `console errors; failed loads: ${con.failed.join(', ')}`);
  } catch (e) {
    saveArtifact(`scripts-${tag}-failure.png`, await page.screenshot());
    throw e;
  }
}

test('every script and emoji drawn, 1280×800', (t) => journey(t, false));
test('every script and emoji drawn, 390×844', (t) => journey(t, true));
