// Many tabs and a flaky network, with the headless SDK (`@tessera/js`, pkg/headless) in pages of one
// headless-Chromium context (one cookie jar, like the tabs of one browser window):
// - three tabs, 50 concurrent getToken() calls each, fired around the moment the token needs
//   refreshing: the server sees exactly one token request for that refresh window (Web Locks +
//   BroadcastChannel + the __session cookie), and every tab ends up with the same token;
// - a sign-out in one tab reaches the other tabs within 1 s;
// - the server stopped for 10 s: nobody is signed out, getToken() rejects with kind "offline" once
//   the cached token has expired, and both tabs recover after the restart without a reload;
// - a session past its maximum lifetime signs out in every tab;
// - getToken({template}) gives template tokens that verify with jose, one request per template.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from './support/browser.mjs';
import { startServer } from './support/server.mjs';
import { uniqueEmail, PASSWORD, TEST_MODE_CODE } from './support/flows.mjs';
import { REPO_ROOT } from './support/paths.mjs';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const PKG_DIR = path.resolve(process.env.TESSERA_PKG_DIR || path.join(REPO_ROOT, 'pkg'));
const HEADLESS = path.join(PKG_DIR, 'headless');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The page every tab opens: the headless SDK against `?fapi=`, as `window.tessera`. */
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>tab</title></head><body>
<script type="module">
import init, { Tessera } from '/pkg/tessera_sdk.js';
await init();
const fapi = new URL(location.href).searchParams.get('fapi');
window.tessera = new Tessera(fapi, { devBrowser: true });
await window.tessera.load();
window.ready = true;
</script></body></html>`;

/** A static server for the page and pkg/headless. */
async function startSite() {
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(PAGE);
    }
    const file = path.join(HEADLESS, path.normalize(url.pathname.replace(/^\/pkg\//, '')));
    if (!url.pathname.startsWith('/pkg/') || !file.startsWith(HEADLESS) || !fs.existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${server.address().port}`;
}

/** A pass-through proxy in front of the Frontend API that counts the token requests it forwards. */
async function startCountingProxy(target) {
  const upstream = new URL(target);
  const tokenRequests = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && /\/v1\/client\/sessions\/[^/]+\/tokens/.test(req.url)) {
      tokenRequests.push(Date.now());
    }
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${server.address().port}`, tokenRequests };
}

async function openTabs(count, site, fapi) {
  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const context = await browser.newContext();
  const pages = [];
  for (let i = 0; i < count; i += 1) {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.log(`[tab ${i}] pageerror: ${e.message}`));
    await page.goto(`${site}/?fapi=${encodeURIComponent(fapi)}`);
    await page.waitForFunction(() => window.ready === true, null, { timeout: 15_000 });
    pages.push(page);
  }
  return pages;
}

/** Sign up a test-mode address through the SDK in `page`. */
async function signUp(page) {
  const email = uniqueEmail('tabs', { testMode: true });
  await page.evaluate(
    async ({ email, password, code }) => {
      const signUp = await window.tessera.createSignUp({ emailAddress: email, password });
      await window.tessera.prepareSignUpVerification(signUp.id, 'email_code');
      await window.tessera.attemptSignUpVerification(signUp.id, 'email_code', code);
    },
    { email, password: PASSWORD, code: TEST_MODE_CODE },
  );
  return email;
}

const signedIn = (page) => page.evaluate(() => window.tessera.auth.isSignedIn);

test('three tabs, 50 getToken() calls each around the refresh: one token request; a sign-out reaches every tab within 1 s', async () => {
  // A 20 s token is handed out until 10 s before it expires (min(15 s, half its lifetime)).
  const server = await startServer({ config: { test_mode: true, session_token_lifetime_seconds: 20 } });
  cleanups.push(() => server.stop());
  const proxy = await startCountingProxy(server.fapiUrl);
  const site = await startSite();
  const tabs = await openTabs(3, site, proxy.url);

  await signUp(tabs[0]);
  for (const tab of tabs) {
    await tab.waitForFunction(() => window.tessera.auth.isSignedIn, null, { timeout: 5_000 });
  }
  await sleep(1_000);
  assert.equal(proxy.tokenRequests.length, 1, 'the two other tabs took the first token from the first one');

  const claims = await tabs[0].evaluate(() => window.tessera.auth.sessionClaims);
  const refreshAt = claims.iat * 1000 + 10_000;
  const before = proxy.tokenRequests.length;
  const burst = () =>
    Promise.all(
      tabs.map((tab) =>
        tab.evaluate(() => Promise.all(Array.from({ length: 50 }, () => window.tessera.getToken()))),
      ),
    );
  const seen = new Set();
  for (const offset of [-500, -20, 0, 20, 250, 1_000]) {
    await sleep(Math.max(0, refreshAt + offset - Date.now()));
    for (const tokens of await burst()) {
      for (const token of tokens) seen.add(token);
    }
  }
  await sleep(1_500);
  const inWindow = proxy.tokenRequests.slice(before);
  assert.equal(inWindow.length, 1, `one token request in the refresh window, got ${inWindow.length}`);
  assert.ok(seen.size <= 2, `calls got the old or the new token only (${seen.size} distinct)`);
  const now = await Promise.all(tabs.map((tab) => tab.evaluate(() => window.tessera.getToken())));
  assert.equal(new Set(now).size, 1, 'every tab holds the same token');
  assert.equal(proxy.tokenRequests.length, before + 1);

  // Sign out in the middle tab: the others follow within a second.
  const start = Date.now();
  await tabs[1].evaluate(() => window.tessera.signOut());
  const elapsed = await Promise.all(
    [tabs[0], tabs[2]].map(async (tab) => {
      await tab.waitForFunction(() => !window.tessera.auth.isSignedIn, null, { timeout: 1_000, polling: 10 });
      return Date.now() - start;
    }),
  );
  for (const ms of elapsed) assert.ok(ms < 1_000, `signed out in ${ms} ms`);
  assert.equal(await tabs[2].evaluate(() => window.tessera.getToken()), null);
});

test('the server stopped for 10 s: nobody is signed out, getToken() reports offline once the token is too old, both tabs recover', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-tabs-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const db = path.join(dir, 'tabs.sqlite');
  const config = { test_mode: true, session_token_lifetime_seconds: 10 };
  const server = await startServer({ db, config });
  cleanups.push(() => server.stop());
  const site = await startSite();
  const tabs = await openTabs(2, site, server.fapiUrl);
  await signUp(tabs[0]);
  for (const tab of tabs) {
    await tab.waitForFunction(() => window.tessera.auth.isSignedIn, null, { timeout: 5_000 });
  }
  const sessionId = await tabs[0].evaluate(() => window.tessera.auth.sessionId);
  await tabs[0].evaluate(() => window.tessera.getToken({ skipCache: true }));

  const port = new URL(server.fapiUrl).port;
  await server.stop();
  const down = Date.now();
  // Within the token's lifetime the cached token still serves.
  assert.match(await tabs[1].evaluate(() => window.tessera.getToken()), /^ey/);
  await sleep(10_000 - (Date.now() - down) + 500);
  for (const tab of tabs) {
    assert.equal(await signedIn(tab), true, 'nobody is signed out while the server is away');
    const outcome = await tab.evaluate(() =>
      window.tessera.getToken().then(
        (token) => ({ token }),
        (error) => ({ kind: error.kind }),
      ),
    );
    assert.deepEqual(outcome, { kind: 'offline' }, 'the typed offline error once the token has expired');
  }

  const restarted = await startServer({ db, config, addr: `127.0.0.1:${port}` });
  cleanups.push(() => restarted.stop());
  // Tab 0 is focused again: it refreshes its stale token right away.
  await tabs[0].evaluate(() => window.dispatchEvent(new Event('focus')));
  await tabs[0].waitForFunction(
    () => {
      const claims = window.tessera.auth.sessionClaims;
      return claims !== null && claims.exp * 1000 > Date.now();
    },
    null,
    { timeout: 3_000, polling: 50 },
  );
  // Tab 1 recovers by itself (its background retries), and tab 0 hands out a token again.
  await tabs[1].waitForFunction(
    () => {
      const claims = window.tessera.auth.sessionClaims;
      return claims !== null && claims.exp * 1000 > Date.now();
    },
    null,
    { timeout: 40_000, polling: 250 },
  );
  const token = await tabs[0].evaluate(() => window.tessera.getToken());
  assert.match(token, /^ey/);
  for (const tab of tabs) {
    assert.equal(await signedIn(tab), true);
    assert.equal(await tab.evaluate(() => window.tessera.auth.sessionId), sessionId, 'the same session, no reload');
  }
});

test('a session past its maximum lifetime signs out cleanly in every tab', async () => {
  // Sessions last 8 s; tokens 10 s, refreshed every 5 s: the first refresh after the end gets a
  // 401, that tab reads the client (no session left) and tells the others.
  const server = await startServer({
    config: { test_mode: true, session_token_lifetime_seconds: 10, session_lifetime_seconds: 8 },
  });
  cleanups.push(() => server.stop());
  const site = await startSite();
  const tabs = await openTabs(2, site, server.fapiUrl);
  await signUp(tabs[0]);
  for (const tab of tabs) {
    await tab.waitForFunction(() => window.tessera.auth.isSignedIn, null, { timeout: 5_000 });
  }
  for (const tab of tabs) {
    await tab.waitForFunction(() => !window.tessera.auth.isSignedIn, null, { timeout: 25_000, polling: 100 });
    assert.equal(await tab.evaluate(() => window.tessera.getToken()), null);
    assert.equal(await tab.evaluate(() => document.cookie.includes('__session=')), false, 'the cookie is gone');
  }
});

test('getToken({template}) in the JS SDK: a Convex token that verifies with jose, cached per template', async () => {
  const server = await startServer({
    config: {
      test_mode: true,
      jwt_templates: [{ name: 'convex', preset: 'convex' }, { name: 'custom', claims: { hello: '{{user.first_name || \'there\'}}' } }],
    },
  });
  cleanups.push(() => server.stop());
  const proxy = await startCountingProxy(server.fapiUrl);
  const site = await startSite();
  const [tab] = await openTabs(1, site, proxy.url);
  await signUp(tab);
  // The session token of the sign-in is fetched in the background: wait for it, so only template requests count.
  await tab.waitForFunction(() => window.tessera.auth.sessionClaims !== null);
  await sleep(300);
  const templateRequests = () => proxy.tokenRequests.length;
  const before = templateRequests();
  const [convex, again, custom, session] = await tab.evaluate(async () => [
    await window.tessera.getToken({ template: 'convex' }),
    await window.tessera.getToken({ template: 'convex' }),
    await window.tessera.getToken({ template: 'custom' }),
    await window.tessera.getToken(),
  ]);
  assert.equal(convex, again, 'the second call is served from the cache');
  assert.equal(templateRequests() - before, 2, 'one request per template');
  assert.notEqual(convex, session);
  const jwks = createRemoteJWKSet(new URL(`${server.fapiUrl}/.well-known/jwks.json`));
  const { payload } = await jwtVerify(convex, jwks, { issuer: server.fapiUrl, audience: 'convex', algorithms: ['RS256'] });
  const userId = await tab.evaluate(() => window.tessera.auth.userId);
  assert.equal(payload.sub, userId);
  const verified = await jwtVerify(custom, jwks, { issuer: server.fapiUrl, algorithms: ['RS256'] });
  assert.equal(verified.payload.hello, 'there', 'the fallback literal when the user has no first name');
});
