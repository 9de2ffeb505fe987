#!/usr/bin/env node
// web_bench.js — measures the page in headless Chromium and prints figures (it asserts nothing):
//   - page weight without images: every file the page loads, raw and gzip -9; the Demo worker apart;
//   - first useful frame: the page's own "first-frame <ms since navigation>" over N loads (median);
//   - scrolling a grid of 1,000 pins in Demo mode with the mouse wheel (DevTools mouseWheel events, as a
//     person's wheel sends them, 100 px a notch): frame CPU time p50/p95/max, the distance the wheel moved
//     the grid, and the WASM heap.
// Usage: node tests/bench/web_bench.js [--loads N]   (after ./scripts/build web-release)
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const e2e = path.join(__dirname, '..', 'e2e');
const { DIST, startStaticServer, launchBrowser, waitForFirstFrame } = require(path.join(e2e, 'lib'));
const { waitForState, clickItem } = require(path.join(e2e, 'ui'));

const loads = Number((process.argv.find((a) => a.startsWith('--loads=')) || '--loads=9').split('=')[1]);
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

(async () => {
  // [SECTION] page weight
  // The page is what every visitor downloads before the first frame; the Demo emulator's worker is
  // downloaded only when Demo mode is used, so it is reported on its own.
  const weigh = (title, files) => {
    let raw = 0, gz = 0;
    console.log(title);
    for (const f of files) {
      const b = fs.readFileSync(path.join(DIST, f));
      const g = zlib.gzipSync(b, { level: 9 }).length;
      raw += b.length; gz += g;
      console.log(`  ${f.padEnd(17)} ${String(b.length).padStart(9)} B raw ${String(g).padStart(8)} B gzip-9`);
    }
    console.log(`  ${'total'.padEnd(17)} ${String(raw).padStart(9)} B raw ${String(gz).padStart(8)} B gzip-9 ` +
                `(${(gz / 1000).toFixed(1)} kB, ${(gz / 1024).toFixed(1)} KiB)`);
    return gz;
  };
  const pageGz = weigh('page weight (without images):', ['index.html', 'pinlab.js', 'pinlab.wasm', 'config.json', 'favicon.svg']);
  const demoGz = weigh('Demo emulator worker (loaded on first use of Demo mode):', ['pinlab-demo.js', 'pinlab-demo.wasm']);
  console.log(`page + Demo worker: ${pageGz + demoGz} B gzip-9 (${((pageGz + demoGz) / 1000).toFixed(1)} kB)`);

  const server = await startStaticServer();
  const browser = await launchBrowser();
  try {
    // [SECTION] first useful frame
    const times = [];
    for (let i = 0; i < loads; i++) {
      const page = await browser.context.newPage();
      await page.goto(server.url);
      await waitForFirstFrame(page);
      times.push(await page.evaluate(() => window.pinlabFirstFrameMs));
      await page.close();
    }
    console.log(`first useful frame over ${loads} loads: median ${pct(times, 0.5).toFixed(1)} ms, ` +
                `min ${Math.min(...times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`);

    // [SECTION] scrolling 1,000 pins (Demo mode)
    const page = await browser.context.newPage();
    await page.goto(server.url + '#/pins');
    await waitForFirstFrame(page);
    await clickItem(page, 'backend:demo');
    await clickItem(page, 'button:Sign in');
    await clickItem(page, 'button:Allow');
    await waitForState(page, (s) => s.signed_in, 'signed in');
    await clickItem(page, 'nav:Pins');
    await waitForState(page, (s) => s.view === 'pins' && s.pins_loaded > 0, 'pins grid');
    await page.mouse.move(640, 400);
    const cdp = await browser.context.newCDPSession(page);
    const notch = (dy) => cdp.send('Input.dispatchMouseEvent', { type: 'mouseWheel', x: 640, y: 400, deltaX: 0, deltaY: dy });
    // Scroll down a notch per frame until all 1,000 pins are loaded and we are at the bottom, then back up
    // four notches a frame (a fast flick of the wheel).
    await page.evaluate(() => window.pinlab.resetFrameTimes());
    let notches = 0, scrolled = 0, last = (await page.evaluate(() => window.pinlab.state())).grid_scroll || 0;
    for (let i = 0; i < 3000; i++) {
      await notch(100);
      notches++;
      await page.waitForTimeout(16);
      if (i % 25 === 0) {
        const s = await page.evaluate(() => window.pinlab.state());
        scrolled += Math.max(0, s.grid_scroll - last);
        last = s.grid_scroll;
        if (s.pins_loaded >= 1000 && s.at_bottom) break;
      }
    }
    const down = await page.evaluate(() => window.pinlab.state());
    scrolled += Math.max(0, down.grid_scroll - last);
    console.log(`wheel: ${notches} notches of 100 px scrolled the grid ${scrolled.toFixed(0)} px ` +
                `(${(scrolled / notches).toFixed(1)} px a notch; loading more pins at the end holds a few back)`);
    for (let i = 0; i < 400; i++) {
      for (let k = 0; k < 4; k++) await notch(-100);
      await page.waitForTimeout(16);
      if (i % 25 === 0 && (await page.evaluate(() => window.pinlab.state())).grid_scroll <= 0) break;
    }
    const st = await page.evaluate(() => window.pinlab.state());
    const ft = await page.evaluate(() => window.pinlab.frameTimes());
    const heap = await page.evaluate(() => window.pinlab.heapBytes());
    console.log(`scrolling ${st.pins_loaded} pins: ${ft.length} drawn frames, CPU per frame p50 ${pct(ft, 0.5).toFixed(2)} ms, ` +
                `p95 ${pct(ft, 0.95).toFixed(2)} ms, max ${Math.max(...ft).toFixed(2)} ms; textures ${st.textures}`);
    const demoHeap = await page.evaluate(() => window.pinlab.demoHeapBytes());
    console.log(`WASM heap after scrolling: page ${(heap / 1048576).toFixed(1)} MiB, Demo worker ${(demoHeap / 1048576).toFixed(1)} MiB`);
  } finally {
    await browser.close();
    await server.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
