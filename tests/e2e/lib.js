// lib.js — shared helpers for Pinlab's browser tests: free ports, a plain static file server
// (what any static host does), pinlab-server as a child process, and headless Debian Chromium
// driven by playwright-core.
'use strict';
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const DIST = process.env.PINLAB_DIST || path.join(ROOT, 'dist');
const ARTIFACTS = path.join(__dirname, 'artifacts');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.css': 'text/css',
};

// A static host: serves files from `dir` and nothing else; `routes` (pathname -> (req, res)) answer beside them.
async function startStaticServer(dir = DIST, routes = {}) {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (routes[p]) { routes[p](req, res); return; }
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(dir, path.normalize(p).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dir)) { res.writeHead(400); res.end(); return; }
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found'); return; }
      res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream' });
      res.end(data);
    });
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${port}/`, port, close: () => new Promise((r) => server.close(r)) };
}

// pinlab-server on a free port; resolves once it accepts connections.
async function startPinlabServer(extraArgs = []) {
  const bin = process.env.PINLAB_SERVER || path.join(ROOT, 'build', 'native-debug', 'pinlab-server');
  if (!fs.existsSync(bin)) throw new Error(`pinlab-server not found at ${bin} (build it first)`);
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--web-root', DIST, '--quiet', ...extraArgs],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pinlab-server exited early:\n${output}`);
    try {
      await new Promise((resolve, reject) => {
        const req = http.get(url + 'config.json', (res) => { res.resume(); resolve(); });
        req.on('error', reject);
      });
      break;
    } catch (e) {
      if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`pinlab-server did not start:\n${output}`); }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url, port, output: () => output,
    close: () => new Promise((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

// phone: a 390×844 touch screen at 2× (a phone's viewport, as isMobile/hasTouch make Chromium report it).
async function launchBrowser({ phone = false } = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    ...(phone ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
              : { viewport: { width: 1280, height: 800 } }),
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu',
           '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--ignore-gpu-blocklist'],
  });
  const close = async () => {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

// The page from dist/ on a static host in a fresh browser, its first frame drawn; both closed when the test
// ends. phone: see launchBrowser; clipboard: the page may read and write the clipboard; before(page): runs
// before the page is opened (routes, init scripts, request listeners); hash: a deep link ('#/explorer').
async function openApp(t, { phone = false, clipboard = false, before = null, hash = '', routes = {} } = {}) {
  const server = await startStaticServer(DIST, routes);
  const { context, close } = await launchBrowser({ phone });
  t.after(async () => { await close(); await server.close(); });
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  const page = await context.newPage();
  const con = watchConsole(page);
  if (before) await before(page);
  await page.goto(server.url + hash);
  await waitForFirstFrame(page);
  return { server, context, page, con };
}

// Collects console errors and page errors; tests assert the list is empty.
function watchConsole(page) {
  const errors = [];
  const logs = [];
  page.on('console', (msg) => {
    logs.push(`${msg.type()}: ${msg.text()}`);
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  // Chromium logs failed loads without their URL; keep the URLs for the failure message.
  const failed = [];
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
  return { errors, logs, failed };
}

async function waitForFirstFrame(page, timeout = 30000) {
  await page.waitForFunction(() => typeof window.pinlabFirstFrameMs === 'number', null, { timeout });
}

// The UI's published state (labels and their CSS-pixel rectangles, current view, status…).
async function uiState(page) {
  return page.evaluate(() => (window.pinlab ? window.pinlab.state() : {}));
}

function saveArtifact(name, data) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, name), data);
}

// The Pinterest API a pasted token is used against, answered on the static host's own origin: config.json's
// "token" backend points there (api_base "v5"), GET /v5/user_account answers for any token and records it,
// the lists are empty. What the page does with a token Pinterest accepts, without the network.
function tokenApiRoutes(seen = []) {
  const config = JSON.parse(fs.readFileSync(path.join(DIST, 'config.json'), 'utf8'));
  for (const b of config.backends) if (b.kind === 'token') b.api_base = 'v5';
  const reply = (res, status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return {
    '/config.json': (req, res) => reply(res, 200, config),
    '/v5/user_account': (req, res) => {
      seen.push(req.headers.authorization || '');
      reply(res, 200, { username: 'tok_user', account_type: 'BUSINESS' });
    },
    '/v5/boards': (req, res) => reply(res, 200, { items: [], bookmark: null }),
  };
}

module.exports = { ROOT, DIST, freePort, startStaticServer, tokenApiRoutes, startPinlabServer, launchBrowser, openApp, watchConsole,
                   waitForFirstFrame, uiState, saveArtifact };
