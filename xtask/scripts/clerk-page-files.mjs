// Which files of @clerk/clerk-js and @clerk/ui a page with Clerk's SignIn downloads: the page of the
// clerk-js e2e test (tests/support/clerk-app.mjs) in headless Chromium, against a tessera-server.
// Prints one line: {"files": ["clerk-js/clerk.browser.js", "clerk-ui/ui.browser.js", "clerk-ui/…", …]}
// (paths under node_modules/@clerk/{clerk-js,ui}/dist, prefixed clerk-js/ or clerk-ui/).
//
// Run by `cargo xtask bench` with TESSERA_ROOT set; the support modules (and playwright-core) come
// from tests/.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.env.TESSERA_ROOT;
if (!root) throw new Error('TESSERA_ROOT is not set');
const support = (name) => import(pathToFileURL(path.join(root, 'tests', 'support', name)).href);
const { startServer, makePublishableKey } = await support('server.mjs');
const { startClerkApp } = await support('clerk-app.mjs');
const { launchBrowser } = await support('browser.mjs');

let server;
const app = await startClerkApp({
  fapiUrl: () => server.fapiUrl,
  publishableKey: () => makePublishableKey('test', 'tessera-bench.clerk.accounts.dev'),
});
server = await startServer({ config: { allowed_origins: [app.origin], application_name: 'Tessera Bench' } });
const browser = await launchBrowser();
const files = new Set();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== app.origin || response.status() >= 400) return;
    for (const prefix of ['/clerk-js/', '/clerk-ui/']) {
      if (url.pathname.startsWith(prefix)) files.add(decodeURIComponent(url.pathname.slice(1)));
    }
  });
  await page.goto(`${app.origin}/sign-in`);
  // The SignIn form is rendered: its identifier field is there.
  await page.locator('input[name="identifier"]').first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
  await page.waitForTimeout(1_000);
} finally {
  await browser.close().catch(() => {});
  await server.stop().catch(() => {});
  await app.close().catch(() => {});
}
console.log(JSON.stringify({ files: [...files].sort() }));
