// broker.test.js — the production recipe end to end: Debian's nginx on loopback in front of
// pinlab-server's token broker (the limits of deploy/nginx.conf, without TLS), a second
// pinlab-server in the strict flavour standing in for Pinterest (secret required, no CORS). The
// page signs in through the broker, lists boards and creates a pin through the proxy.
// Skipped when nginx is not installed (apt-get install nginx).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const http = require('http');
const { startPinlabServer, launchBrowser, waitForFirstFrame, freePort } = require('./lib');
const { waitForState, waitForItem, clickItem, typeInto } = require('./ui');

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));

function nginxConf(dir, port, brokerPort) {
  // Mirrors deploy/nginx.conf (its limits), on plain HTTP and a private prefix.
  return `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  types { text/html html; application/javascript js; application/wasm wasm; application/json json; }
  limit_req_zone  $binary_remote_addr zone=pinlab_api:10m  rate=20r/s;
  limit_req_zone  $binary_remote_addr zone=pinlab_auth:10m rate=2r/s;
  limit_conn_zone $binary_remote_addr zone=pinlab_conn:10m;
  upstream pinlab_broker { server 127.0.0.1:${brokerPort}; keepalive 16; }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 16m; client_body_buffer_size 64k;
    client_header_buffer_size 4k; large_client_header_buffers 4 8k;
    client_header_timeout 10s; client_body_timeout 30s; send_timeout 15s;
    keepalive_timeout 5s; max_ranges 1; server_tokens off;
    limit_conn pinlab_conn 32; limit_conn_status 429; limit_req_status 429;
    proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $host;
    proxy_request_buffering on; proxy_buffering on;
    proxy_connect_timeout 2s; proxy_read_timeout 30s; proxy_send_timeout 30s;
    location ~ ^/(broker/(authorize|callback|token|revoke)|oauth/) {
      limit_req zone=pinlab_auth burst=10 nodelay; proxy_pass http://pinlab_broker;
    }
    location /proxy/ { limit_req zone=pinlab_api burst=40 nodelay; proxy_pass http://pinlab_broker; }
    location / { limit_req zone=pinlab_api burst=80 nodelay; proxy_pass http://pinlab_broker; }
  }
}
`;
}

async function startNginx(port, brokerPort) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-nginx-'));
  fs.chmodSync(dir, 0o777);
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConf(dir, port, brokerPort));
  const child = spawn(NGINX, ['-c', conf, '-p', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d) => { output += d; });
  const deadline = Date.now() + 10000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited:\n${output}`);
    const ok = await new Promise((resolve) => {
      const req = http.get(`http://127.0.0.1:${port}/config.json`, (res) => { res.resume(); resolve(true); });
      req.on('error', () => resolve(false));
    });
    if (ok) break;
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`nginx did not start:\n${output}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      child.on('exit', () => { fs.rmSync(dir, { recursive: true, force: true }); resolve(); });
      child.kill('SIGQUIT');
    }),
  };
}

test('Pinterest through nginx and the broker: sign in, list boards, create a pin', { skip: !NGINX && 'nginx is not installed' }, async (t) => {
  const nginxPort = await freePort();
  const origin = `http://127.0.0.1:${nginxPort}`;
  const secrets = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-secrets-'));
  fs.writeFileSync(path.join(secrets, 'secret'), 'top-secret\n');
  // A key as the README says to make one (openssl rand -hex 32): the server refuses keys that are not random.
  fs.writeFileSync(path.join(secrets, 'key'), require('crypto').randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  const pinterest = await startPinlabServer(['--flavor', 'strict', '--no-demo-client', '--pins', '60',
                                             '--client', `id=1234567,redirect=${origin}/broker/callback,secret=top-secret`]);
  t.after(() => pinterest.close());  // each as soon as it runs: a later start that fails must not leave it behind
  const upstream = pinterest.url.replace(/\/$/, '');
  const broker = await startPinlabServer(['--pinterest-app-id', '1234567',
                                          '--pinterest-secret-file', path.join(secrets, 'secret'),
                                          '--broker-key-file', path.join(secrets, 'key'),
                                          '--pinterest-upstream', upstream, '--public-url', origin,
                                          '--csp-connect', upstream, '--max-connections-per-peer', '0']);
  t.after(() => broker.close());
  const nginx = await startNginx(nginxPort, broker.port);
  t.after(() => nginx.close());
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    fs.rmSync(secrets, { recursive: true, force: true });
  });
  const page = await browser.context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) cspErrors.push(m.text()); });
  await page.goto(nginx.url);
  await waitForFirstFrame(page);

  // Sign in: broker/authorize -> "Pinterest"'s consent page -> broker/callback -> the page.
  await clickItem(page, 'backend:pinterest');
  await clickItem(page, 'button:Sign in');
  await page.waitForURL(/\/oauth\//, { timeout: 15000 });
  assert.ok(page.url().startsWith(upstream), `consent on the upstream (${page.url()})`);
  assert.doesNotMatch(page.url(), /code_challenge/, 'PKCE stays with the broker');
  await page.click('button[value="allow"]');
  await page.waitForURL((u) => u.toString().startsWith(origin), { timeout: 15000 });
  await waitForFirstFrame(page);
  const st = await waitForState(page, (s) => s.signed_in && s.user, 'signed in through the broker', 30000);
  assert.equal(st.user, 'pinlab_demo');

  // Boards through the proxy.
  await clickItem(page, 'nav:Boards');
  const board = await waitForItem(page, /^board:/);
  assert.ok(board.label.length > 6, 'a board is listed');
  await clickItem(page, board.label);  // the board a new pin goes to
  await waitForState(page, (s) => s.view === 'board' && s.pins_loaded > 0 && !s.busy, 'board pins through the proxy', 30000);

  // A pin through the proxy.
  await clickItem(page, 'nav:Create');
  await typeInto(page, 'input:Image URL', 'https://example.com/broker-picture.jpg');
  await typeInto(page, 'input:Title', 'Through nginx and the broker');
  await clickItem(page, 'button:Create pin');
  const created = await waitForState(page, (s) => s.view === 'pin' && /^#\/pins\/\d+/.test(s.hash || ''), 'new pin view', 30000);
  assert.ok(created.hash, 'the created pin is shown');
  assert.deepEqual(cspErrors, [], 'no Content-Security-Policy violations');
});
