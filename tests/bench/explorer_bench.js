#!/usr/bin/env node
// explorer_bench.js — the Explorer's figures in headless Chromium (it asserts nothing):
//   - the page's weight before its first frame (index.html + pinlab.js + pinlab.wasm, gzip -9), which the
//     Explorer must not push over 300 KB, and the catalogue's size (raw and gzip -9), loaded by the worker;
//   - time from the click on Explorer to the first operation drawn, over N fresh page loads (median): the
//     Demo worker starts, fetches and parses catalogue.json, and answers the index.
// Usage: node tests/bench/explorer_bench.js [--runs=N]   (after a web-release build)
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const e2e = path.join(__dirname, '..', 'e2e');
const { DIST, startStaticServer, launchBrowser, waitForFirstFrame } = require(path.join(e2e, 'lib'));
const { waitForItem } = require(path.join(e2e, 'ui'));

const runs = Number((process.argv.find((a) => a.startsWith('--runs=')) || '--runs=7').split('=')[1]);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const size = (files) => files.reduce((acc, f) => {
  const b = fs.readFileSync(path.join(DIST, f));
  return { raw: acc.raw + b.length, gz: acc.gz + zlib.gzipSync(b, { level: 9 }).length };
}, { raw: 0, gz: 0 });

(async () => {
  const page0 = size(['index.html', 'pinlab.js', 'pinlab.wasm']);
  console.log(`page before its first frame (index.html + pinlab.js + pinlab.wasm): ${page0.raw} B raw, ` +
              `${page0.gz} B gzip-9 (${(page0.gz / 1024).toFixed(1)} KiB)`);
  const cat = size(['catalogue.json']);
  console.log(`catalogue.json: ${cat.raw} B raw, ${cat.gz} B gzip-9`);
  const server = await startStaticServer();
  const browser = await launchBrowser();
  try {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const page = await browser.context.newPage();
      await page.goto(server.url);
      await waitForFirstFrame(page);
      const nav = await waitForItem(page, 'nav:Explorer');
      await page.mouse.move(nav.x + nav.w / 2, nav.y + nav.h / 2);
      await page.waitForTimeout(50);
      const t0 = await page.evaluate(() => performance.now());
      await page.mouse.down();
      await page.mouse.up();
      await page.waitForFunction(() => (window.pinlab.state().items || []).some((it) => it.label.startsWith('op:')),
                                 null, { polling: 'raf', timeout: 30000 });
      times.push((await page.evaluate(() => performance.now())) - t0);
      await page.close();
    }
    console.log(`click on Explorer to the first operation drawn over ${runs} page loads: median ` +
                `${median(times).toFixed(0)} ms (first ${times[0].toFixed(0)} ms, min ${Math.min(...times).toFixed(0)}, ` +
                `max ${Math.max(...times).toFixed(0)})`);
  } finally {
    await browser.close();
    await server.close();
  }
})().catch((e) => { console.error(e); process.exit(1); });
