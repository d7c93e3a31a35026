// A tiny "app" for the clerk-js test: one Node HTTP server on 127.0.0.1 that serves
//   /sign-up, /sign-in, /home    an HTML page that loads Clerk's own browser bundles and mounts a component,
//   /clerk-js/*                  node_modules/@clerk/clerk-js/dist (unmodified),
//   /clerk-ui/*                  node_modules/@clerk/ui/dist (unmodified; loads its chunks relative to itself),
//   /__clerk/*                   a reverse proxy to tessera-server (prefix stripped; method, headers, cookies
//                                and body forwarded; Set-Cookie passed back),
// so the page, the bundles and the Frontend API are all same-origin, as with Clerk's proxy set-up.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { TESTS_DIR } from './paths.mjs';

const DIST = {
  '/clerk-js/': path.join(TESTS_DIR, 'node_modules', '@clerk', 'clerk-js', 'dist'),
  '/clerk-ui/': path.join(TESTS_DIR, 'node_modules', '@clerk', 'ui', 'dist'),
};
const TYPES = { '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css', '.map': 'application/json', '.json': 'application/json', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2' };
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host', 'content-length', 'accept-encoding']);

function page({ publishableKey, proxyUrl }) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tessera × clerk-js</title>
<style>body{font-family:sans-serif;margin:24px} #bar{display:flex;gap:16px;align-items:center;margin-bottom:16px;min-height:40px}</style>
<script>
  window.__pageErrors = [];
  window.addEventListener('error', (e) => window.__pageErrors.push(String(e.message)));
  window.addEventListener('unhandledrejection', (e) => window.__pageErrors.push(String(e.reason && (e.reason.stack || e.reason))));
</script>
</head><body>
<div id="bar"><strong id="who">…</strong><div id="org-switcher"></div><div id="user-button"></div></div>
<div id="app"></div>
<script src="/clerk-js/clerk.browser.js" data-clerk-publishable-key="${publishableKey}" data-clerk-proxy-url="${proxyUrl}"></script>
<script src="/clerk-ui/ui.browser.js"></script>
<script type="module">
  const app = document.getElementById('app');
  try {
    await window.Clerk.load({
      ui: { ClerkUI: window.__internal_ClerkUICtor },
      signInUrl: '/sign-in', signUpUrl: '/sign-up',
      signInFallbackRedirectUrl: '/home', signUpFallbackRedirectUrl: '/home', afterSignOutUrl: '/sign-in',
    });
    window.__clerkLoad = 'ok';
  } catch (e) {
    window.__clerkLoad = 'error: ' + (e && (e.stack || e.message) || e);
  }
  const who = document.getElementById('who');
  const render = () => {
    const u = window.Clerk.user;
    who.textContent = u ? 'Signed in as ' + (u.primaryEmailAddress ? u.primaryEmailAddress.emailAddress : u.id) : 'Signed out';
    who.dataset.userId = u ? u.id : '';
  };
  if (window.__clerkLoad === 'ok') {
    window.Clerk.addListener(render);
    render();
    const p = location.pathname;
    if (p === '/sign-up') window.Clerk.mountSignUp(app, { routing: 'hash' });
    else if (p === '/sign-in') window.Clerk.mountSignIn(app, { routing: 'hash' });
    else if (p === '/home' && window.Clerk.user) {
      window.Clerk.mountUserButton(document.getElementById('user-button'));
      window.Clerk.mountOrganizationSwitcher(document.getElementById('org-switcher'), { hidePersonal: false, afterSelectOrganizationUrl: '/home', afterCreateOrganizationUrl: '/home' });
    } else if (p === '/create-organization' && window.Clerk.user) {
      window.Clerk.mountCreateOrganization(app, { routing: 'hash', afterCreateOrganizationUrl: '/home', skipInvitationScreen: true });
    }
  }
  window.__pageReady = true;
</script>
</body></html>`;
}

function serveFile(res, file) {
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': st.size, 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
}

/**
 * @param {{fapiUrl: () => string, publishableKey: () => string, host?: string}} opts getters, so the
 *   app can be started before the server (the server needs the app's origin as an allowed origin).
 * @returns {Promise<{origin: string, proxyLog: Array<{method, path, override, status, dbJwt, clientCookie, setCookies, line}>, close: () => Promise<void>}>}
 */
export async function startClerkApp({ fapiUrl, publishableKey, host = 'localhost' }) {
  const proxyLog = [];
  let origin;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname.startsWith('/__clerk/')) return proxy(req, res, url);
    for (const [prefix, dir] of Object.entries(DIST)) {
      if (url.pathname.startsWith(prefix)) {
        const rel = path.normalize(decodeURIComponent(url.pathname.slice(prefix.length)));
        if (rel.startsWith('..')) break;
        return serveFile(res, path.join(dir, rel));
      }
    }
    if (['/', '/sign-up', '/sign-in', '/home', '/create-organization'].includes(url.pathname)) {
      const html = page({ publishableKey: publishableKey(), proxyUrl: `${origin}/__clerk` });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(html);
    }
    if (url.pathname === '/favicon.ico') { res.writeHead(204); return res.end(); }
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end('not found');
  });

  function proxy(req, res, url) {
    const target = new URL(fapiUrl() + url.pathname.slice('/__clerk'.length) + url.search);
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k)) headers[k] = v;
    headers['x-forwarded-host'] = req.headers.host;
    headers['x-forwarded-proto'] = 'http';
    headers['clerk-proxy-url'] = `${origin}/__clerk`;
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (body.length || !['GET', 'HEAD'].includes(req.method)) headers['content-length'] = body.length;
      const up = http.request(target, { method: req.method, headers, timeout: 15_000 }, (ur) => {
        const out = {};
        for (const [k, v] of Object.entries(ur.headers)) if (!HOP.has(k) || k === 'content-length') out[k] = v;
        const setCookies = [].concat(ur.headers['set-cookie'] ?? []).map((c) => c.split(';')[0].split('=')[0]);
        const entry = {
          method: req.method, path: url.pathname.slice('/__clerk'.length), override: url.searchParams.get('_method'),
          status: ur.statusCode, dbJwt: url.searchParams.has('__clerk_db_jwt'),
          clientCookie: /(^|;\s*)__client=/.test(req.headers.cookie ?? ''), setCookies,
        };
        entry.line = `${entry.method} ${entry.path}${entry.override ? `?_method=${entry.override}` : ''} → ${entry.status}` +
          `${entry.dbJwt ? ' [__clerk_db_jwt]' : ''}${entry.clientCookie ? ' [__client cookie]' : ''}` +
          `${setCookies.length ? ` set-cookie: ${setCookies.join(',')}` : ''}`;
        proxyLog.push(entry);
        res.writeHead(ur.statusCode, out);
        ur.pipe(res);
      });
      up.on('timeout', () => up.destroy(new Error('upstream timeout')));
      up.on('error', (e) => {
        proxyLog.push({ method: req.method, path: url.pathname, status: 502, line: `${req.method} ${url.pathname} → proxy error ${e.message}` });
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'proxy_error', message: e.message, long_message: e.message }] }));
      });
      up.end(body);
    });
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://${host}:${server.address().port}`;
  return {
    origin,
    proxyLog,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
