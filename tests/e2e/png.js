// png.js — screenshot pixels for the browser tests: decodePng (npm pngjs, from the lock file) and
// regionStats, the numbers the tests check a rectangle of a screenshot against.
'use strict';
const { PNG } = require('pngjs');

// { width, height, data }: data is RGBA, 4 bytes a pixel, rows top to bottom (any PNG Chromium writes).
function decodePng(buf) {
  const { width, height, data } = PNG.sync.read(buf);
  return { width, height, data };
}

// Statistics of a rectangle: distinct colours (quantised), mean colour, and its spread.
function regionStats(img, x0 = 0, y0 = 0, w = img.width, h = img.height) {
  const colors = new Set();
  let r = 0, g = 0, b = 0, n = 0, sq = 0;
  for (let y = Math.max(0, y0); y < Math.min(img.height, y0 + h); y++) {
    for (let x = Math.max(0, x0); x < Math.min(img.width, x0 + w); x++) {
      const i = (y * img.width + x) * 4;
      const R = img.data[i], G = img.data[i + 1], B = img.data[i + 2];
      colors.add(((R >> 3) << 10) | ((G >> 3) << 5) | (B >> 3));
      r += R; g += G; b += B; sq += R * R + G * G + B * B; n++;
    }
  }
  const mean = [r / n, g / n, b / n];
  const variance = sq / n - (mean[0] ** 2 + mean[1] ** 2 + mean[2] ** 2);
  return { distinctColors: colors.size, mean, variance, pixels: n };
}

module.exports = { decodePng, regionStats };
