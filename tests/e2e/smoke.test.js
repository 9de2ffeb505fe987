// smoke.test.js — the page, hosted as plain static files, loads with no console errors, gets a
// WebGL2 context, draws its first ImGui frame (a screenshot that is not blank), and its canvas
// follows a window resize at the screen's device pixel ratio.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startStaticServer, launchBrowser, watchConsole, waitForFirstFrame, saveArtifact } = require('./lib');
const { decodePng, regionStats } = require('./png');

test('page loads, renders with WebGL2 and follows resizes', async (t) => {
  const server = await startStaticServer();
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.context.newPage();
  const consoleWatch = watchConsole(page);

  await page.goto(server.url);
  await waitForFirstFrame(page);

  const gl = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    const ctx = c.getContext('webgl2');  // the canvas's own context when it already has a WebGL2 one
    return { webgl2: !!ctx && typeof WebGL2RenderingContext !== 'undefined' && ctx instanceof WebGL2RenderingContext,
             width: c.width, height: c.height, dpr: window.devicePixelRatio,
             overlayHidden: document.getElementById('overlay').classList.contains('hidden') };
  });
  assert.ok(gl.webgl2, 'the canvas has a WebGL2 context');
  assert.ok(gl.overlayHidden, 'the loading overlay is gone after the first frame');
  assert.equal(gl.width, Math.round(1280 * gl.dpr));
  assert.equal(gl.height, Math.round(800 * gl.dpr));

  const shot = await page.screenshot();
  saveArtifact('smoke-first-frame.png', shot);
  const stats = regionStats(decodePng(shot));
  assert.ok(stats.distinctColors > 8, `the first frame is not blank (${stats.distinctColors} colours)`);

  // Resize: the backbuffer follows CSS size × DPR on the next frames.
  await page.setViewportSize({ width: 900, height: 600 });
  await page.waitForFunction(() => {
    const c = document.getElementById('canvas');
    return c.width === Math.round(900 * devicePixelRatio) && c.height === Math.round(600 * devicePixelRatio);
  }, null, { timeout: 10000 });

  assert.deepEqual(consoleWatch.errors, [], 'no console errors');
});

test('HiDPI: a 2x screen gets a 2x backbuffer', async (t) => {
  const server = await startStaticServer();
  const browser = await launchBrowser();
  t.after(async () => { await browser.close(); await server.close(); });
  const page = await browser.context.newPage();
  await page.emulateMedia({});
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 800, height: 600, deviceScaleFactor: 2, mobile: false });
  await page.goto(server.url);
  await waitForFirstFrame(page);
  await page.waitForFunction(() => document.getElementById('canvas').width === 1600, null, { timeout: 10000 });
  const size = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
  assert.deepEqual(size, [1600, 1200]);
});
