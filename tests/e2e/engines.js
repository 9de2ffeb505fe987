// engines.js — one small page interface over three browser engines, so the cross-engine tests run the same
// steps and the same assertions in each: Chromium (playwright-core, headless), Firefox (puppeteer-core over
// WebDriver BiDi) and WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver, selenium-webdriver).
//
// The interface is the part of playwright's Page that ui.js uses (evaluate, waitForTimeout, mouse.move/down/up,
// keyboard.press/type/down/up with "Control+A" chords) plus wheel, tap, screenshot (PNG bytes), setSize and
// goto; systemClipboard() reads the display's clipboard where the engine has one (Firefox and WebKit under
// Xvfb; null for headless Chromium); every input is real input sent through the engine's automation protocol, never a synthetic DOM event.
//
// Firefox and WebKit get WebGL2 only with a display (Mesa's llvmpipe under Xvfb): withDisplay() starts one
// Xvfb for the run when DISPLAY is unset. Each engine says what it cannot do here in `limits` (a test prints
// it and takes the nearest real input instead; nothing is skipped silently).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { freePort } = require('./lib');

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// [SECTION] a display for the engines that need one --------------------------------------------
let xvfb = null;
async function withDisplay() {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  if (!xvfb) {
    // -displayfd: Xvfb picks a free display number and writes it once it accepts clients.
    const child = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1600x1000x24', '-nolisten', 'tcp'],
                        { stdio: ['ignore', 'pipe', 'ignore'], detached: false });
    const display = await new Promise((resolve, reject) => {
      let out = '';
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`Xvfb exited (${code}); install it with ./scripts/setup`)));
      child.stdout.on('data', (d) => { out += d; if (out.includes('\n')) resolve(':' + out.trim()); });
    });
    child.unref();
    process.on('exit', () => { try { child.kill(); } catch (e) { /* already gone */ } });
    xvfb = { child, display };
  }
  return xvfb.display;
}
// The X display's CLIPBOARD selection, read with xclip (scripts/setup installs it): what another program
// would paste. null without xclip; '' when the clipboard is empty.
function xClipboard(display) {
  const { execFileSync } = require('child_process');
  try {
    return execFileSync('xclip', ['-o', '-selection', 'clipboard'], { env: { ...process.env, DISPLAY: display },
                                                                       timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  } catch (e) {
    return e.code === 'ENOENT' ? null : '';
  }
}
function softwareGlEnv(display) {
  const env = { ...process.env, DISPLAY: display, LIBGL_ALWAYS_SOFTWARE: '1', GDK_BACKEND: 'x11' };
  delete env.MOZ_HEADLESS;  // a headless Firefox has no WebGL here
  return env;
}

// [SECTION] keys: playwright's names and chords, translated per engine ---------------------------
function chord(spec) {
  // "Control+A" → ['Control', 'A']; a lone "+" is the plus key.
  return spec === '+' ? ['+'] : spec.split('+');
}

// A finger down at (x, y0), moved dy px in 10 steps a frame apart, held still, lifted (no fling).
async function swipe(touchAt, x, y0, dy) {
  await touchAt('touchStart', x, y0);
  for (let i = 1; i <= 10; i++) { await sleep(16); await touchAt('touchMove', x, y0 + (dy * i) / 10); }
  await sleep(300);
  await touchAt('touchEnd');
}

// [SECTION] Chromium (playwright-core), the engine the other browser tests use -----------------------
async function chromiumEngine({ width, height, dpr = 1, touch = false }) {
  const { launchBrowser } = require('./lib');
  const { context, close } = await launchBrowser({ phone: touch });
  // As a person's Chromium does for the tab they type in: the page may write the clipboard (its copy lands there
  // after the key event, through navigator.clipboard.writeText).
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  if (!touch) await page.setViewportSize({ width, height });
  const errors = [], warnings = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); if (m.type() === 'warning') warnings.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const cdp = touch ? await context.newCDPSession(page) : null;
  const touchAt = (type, x, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
  return {
    name: 'chromium', limits: [], errors, warnings,
    goto: (url) => page.goto(url),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    waitForTimeout: (ms) => page.waitForTimeout(ms),
    mouse: page.mouse, keyboard: page.keyboard,
    wheel: async (x, y, dy, notches = 1) => {
      await page.mouse.move(x, y);
      for (let i = 0; i < notches; i++) await page.mouse.wheel(0, dy);
    },
    tap: async (x, y) => { await touchAt('touchStart', x, y); await sleep(40); await touchAt('touchEnd'); },
    swipe: touch ? (x, y0, dy) => swipe(touchAt, x, y0, dy) : null,
    screenshot: () => page.screenshot(),
    setSize: (w, h) => page.setViewportSize({ width: w, height: h }),
    close,
  };
}

// [SECTION] Firefox (puppeteer-core, WebDriver BiDi) -------------------------------------------------
const PUPPETEER_KEYS = { Control: 'Control', Shift: 'Shift', Alt: 'Alt', Meta: 'Meta', Tab: 'Tab', Enter: 'Enter',
                         Backspace: 'Backspace', Escape: 'Escape', Space: 'Space', Delete: 'Delete' };
async function firefoxEngine({ width, height, dpr = 1, touch = false }) {
  const puppeteer = require('puppeteer-core');
  const display = await withDisplay();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: false, userDataDir: profile,
    env: softwareGlEnv(display), args: [`--width=${width + 40}`, `--height=${height + 200}`],
    // No clipboard prefs: the page's copy and paste work as in a person's Firefox (clipboard events, no
    // navigator.clipboard without a gesture).
    extraPrefsFirefox: { 'webgl.force-enabled': true, 'gfx.webrender.software': true,
                         'browser.shell.checkDefaultBrowser': false, 'datareporting.policy.dataSubmissionEnabled': false },
  });
  const page = (await browser.pages())[0] || await browser.newPage();
  await page.setViewport({ width, height, deviceScaleFactor: dpr, hasTouch: touch, isMobile: touch });
  const errors = [], warnings = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); if (m.type() === 'warn') warnings.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const touchAt = (type, x, y) => (type === 'touchStart' ? page.touchscreen.touchStart(x, y)
    : type === 'touchMove' ? page.touchscreen.touchMove(x, y) : page.touchscreen.touchEnd());
  const key = (k) => PUPPETEER_KEYS[k] || (k.length === 1 ? k.toLowerCase() : k);
  const keyboard = {
    down: (k) => page.keyboard.down(key(k)),
    up: (k) => page.keyboard.up(key(k)),
    type: (text, opts = {}) => page.keyboard.type(text, { delay: opts.delay || 0 }),
    press: async (spec) => {
      const keys = chord(spec).map(key);
      for (const k of keys) await page.keyboard.down(k);
      for (const k of keys.reverse()) await page.keyboard.up(k);
    },
  };
  return {
    name: 'firefox', limits: [], errors, warnings,
    systemClipboard: async () => xClipboard(display),
    goto: (url) => page.goto(url),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    waitForTimeout: sleep,
    mouse: { move: (x, y) => page.mouse.move(x, y), down: () => page.mouse.down(), up: () => page.mouse.up() },
    keyboard,
    wheel: async (x, y, dy, notches = 1) => {
      await page.mouse.move(x, y);
      for (let i = 0; i < notches; i++) await page.mouse.wheel({ deltaX: 0, deltaY: dy });
    },
    tap: async (x, y) => { await touchAt('touchStart', x, y); await sleep(40); await touchAt('touchEnd'); },
    swipe: touch ? (x, y0, dy) => swipe(touchAt, x, y0, dy) : null,
    screenshot: async () => Buffer.from(await page.screenshot()),
    setSize: (w, h) => page.setViewport({ width: w, height: h, deviceScaleFactor: dpr, hasTouch: touch, isMobile: touch }),
    close: async () => { await browser.close(); fs.rmSync(profile, { recursive: true, force: true }); },
  };
}

// [SECTION] WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver, selenium-webdriver) ------------
async function webkitEngine({ width, height, dpr = 1, touch = false }) {
  const { Builder, Key, Origin } = require('selenium-webdriver');
  const display = await withDisplay();
  // A session that has not started in 30 s (MiniBrowser gone before it answered) is abandoned with its driver,
  // and a fresh driver tried once more: a stuck start fails the test instead of stalling the run.
  const startSession = async () => {
    const port = await freePort();
    const proc = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env: softwareGlEnv(display), stdio: 'ignore' });
    const stop = () => { try { proc.kill(); } catch (e) { /* gone */ } };
    const deadline = Date.now() + 30000;
    for (;;) {
      let timer;
      try {
        const build = new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
          browserName: 'MiniBrowser',
          // Windows a script opens: the popup that gives a viewport narrower than MiniBrowser's toolbar (setSize).
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', '--javascript-can-open-windows-automatically=true'] },
        }).build();
        const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('no WebKit session in 30 s')), Math.max(1000, deadline - Date.now())); });
        const d = await Promise.race([build, late]);
        clearTimeout(timer);
        return { driver: d, stop };
      } catch (e) {
        clearTimeout(timer);
        if (Date.now() >= deadline) { stop(); throw e; }
        await sleep(100);
      }
    }
  };
  let session;
  try { session = await startSession(); } catch (e) { session = await startSession(); }
  const { driver, stop: stopDriver } = session;
  const KEYS = { Control: Key.CONTROL, Shift: Key.SHIFT, Alt: Key.ALT, Meta: Key.META, Tab: Key.TAB, Enter: Key.ENTER,
                 Backspace: Key.BACK_SPACE, Escape: Key.ESCAPE, Space: Key.SPACE, Delete: Key.DELETE };
  const key = (k) => KEYS[k] || (k.length === 1 ? k.toLowerCase() : k);
  const actions = () => driver.actions({ async: true });
  let pos = { x: 0, y: 0 };
  // The window is sized so that the page's viewport (innerWidth × innerHeight) is what was asked for. MiniBrowser's
  // toolbar keeps its window at least ~450 px wide: a narrower viewport is a toolbar-less popup window of that size,
  // opened by the page (window.open with its size) and driven from then on.
  let popup = false;
  const inner = () => driver.executeScript('return [window.innerWidth, window.innerHeight]');
  const setSize = async (w, h) => {
    for (let i = 0; i < 4; i++) {
      const got = await inner();
      if (got[0] === w && got[1] === h) return;
      const rect = await driver.manage().window().getRect();
      await driver.manage().window().setRect({ width: rect.width + (w - got[0]), height: rect.height + (h - got[1]) });
      await sleep(150);
    }
    if (popup) return;
    const before = await driver.getAllWindowHandles();
    await driver.executeScript('window.open("about:blank", "pinlab_viewport", "popup=yes,toolbar=no,location=no,menubar=no,' +
                               'width=" + arguments[0] + ",height=" + arguments[1])', w, h);
    for (let i = 0; i < 50 && !popup; i++) {
      const nw = (await driver.getAllWindowHandles()).find((x) => !before.includes(x));
      if (nw) { await driver.switchTo().window(nw); popup = true; } else await sleep(100);
    }
  };
  const evaluate = (fn, arg) => driver.executeAsyncScript(
    'const done = arguments[arguments.length - 1];' +
    `Promise.resolve((${fn.toString()})(arguments[0])).then((v) => done(v === undefined ? null : v), (e) => done({ __error: String(e) }));`,
    arg === undefined ? null : arg).then((v) => {
    if (v && typeof v === 'object' && v.__error) throw new Error(v.__error);
    return v;
  });
  const errors = [];
  const limits = ['no DevTools console: errors are collected by a window.onerror hook in the page',
                  'a wheel scroll is one wheel event of the whole distance (WebKitWebDriver undoes or drops a second scroll action)'];
  if (touch) limits.push('WebKitWebDriver has no touch input: taps are mouse clicks at the same point, a swipe is three wheel notches');
  await driver.manage().setTimeouts({ script: 30000 });
  return {
    name: 'webkit', limits, errors,
    systemClipboard: async () => xClipboard(display),
    goto: async (url) => {
      await driver.get(url);
      await setSize(width, height);
      if (popup) await driver.get(url);  // the page again, in the window of the asked size
      await driver.executeScript(
        'window.__pinlabErrors = []; window.addEventListener("error", (e) => window.__pinlabErrors.push(String(e.message)));' +
        'window.addEventListener("unhandledrejection", (e) => window.__pinlabErrors.push(String(e.reason)));' +
        'window.__pinlabWarnings = []; const w = console.warn; console.warn = function(...a) { window.__pinlabWarnings.push(a.join(" ")); return w.apply(console, a); };');
    },
    evaluate,
    waitForTimeout: sleep,
    mouse: {
      move: async (x, y) => { pos = { x: Math.round(x), y: Math.round(y) }; await actions().move({ x: pos.x, y: pos.y, origin: Origin.VIEWPORT }).perform(); },
      down: () => actions().press().perform(),
      up: () => actions().release().perform(),
    },
    keyboard: {
      down: (k) => actions().keyDown(key(k)).perform(),
      up: (k) => actions().keyUp(key(k)).perform(),
      type: async (text, opts = {}) => {
        for (const ch of text) { await actions().sendKeys(ch).perform(); if (opts.delay) await sleep(opts.delay); }
      },
      press: async (spec) => {
        const keys = chord(spec).map(key);
        let a = actions();
        for (const k of keys) a = a.keyDown(k);
        for (const k of [...keys].reverse()) a = a.keyUp(k);
        await a.perform();
      },
    },
    // One scroll action of the whole distance: WebKitWebDriver (WebKitGTK 2.50) sends a second scroll action's
    // delta after the opposite of the first, or not at all, so only a session's first scroll is what was asked.
    wheel: async (x, y, dy, notches = 1) => {
      await actions().scroll(Math.round(x), Math.round(y), 0, dy * notches, Origin.VIEWPORT).perform();
    },
    // Wheel notches from the X server (xdotool clicks of buttons 4 and 5 over the page), as a mouse sends them:
    // WebKitGTK scrolls its own distance a notch (about 86 px here). A run of notches, which WebKitWebDriver's
    // scroll actions cannot send; the bench scrolls WebKit with it.
    xWheel: async (x, y, down, notches = 1) => {
      const xdo = (...a) => require('child_process').execFileSync('xdotool', a, { env: { ...process.env, DISPLAY: display } }).toString();
      const ids = xdo('search', '--onlyvisible', '--class', 'MiniBrowser').trim().split('\n');
      const [ow, oh, iw, ih] = await driver.executeScript('return [window.outerWidth, window.outerHeight, window.innerWidth, window.innerHeight]');
      xdo('mousemove', '--window', ids[ids.length - 1], String(Math.round(x + (ow - iw))), String(Math.round(y + (oh - ih))));
      for (let i = 0; i < notches; i++) xdo('click', down ? '5' : '4');
    },
    swipe: null,
    tap: async (x, y) => {
      await actions().move({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT }).press().pause(40).release().perform();
    },
    screenshot: async () => Buffer.from(await driver.takeScreenshot(), 'base64'),
    setSize,
    pageErrors: () => evaluate(() => window.__pinlabErrors || []),
    pageWarnings: () => evaluate(() => window.__pinlabWarnings || []),
    close: async () => { try { await driver.quit(); } finally { stopDriver(); } },
  };
}

const ENGINES = { chromium: chromiumEngine, firefox: firefoxEngine, webkit: webkitEngine };
// PINLAB_ENGINES=chromium,firefox,webkit picks the engines (default: Firefox and WebKit).
function enginesToRun() {
  const want = (process.env.PINLAB_ENGINES || 'firefox,webkit').split(',').map((s) => s.trim()).filter(Boolean);
  for (const w of want) if (!ENGINES[w]) throw new Error(`unknown engine ${w} (chromium, firefox, webkit)`);
  return want;
}
// A page in `engine` at width × height CSS px; touch: a touch screen where the engine has one.
function launchEngine(engine, opts) { return ENGINES[engine](opts); }

module.exports = { enginesToRun, launchEngine, withDisplay };
