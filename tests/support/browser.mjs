// Headless Chromium (Debian's /usr/bin/chromium) through playwright-core, with screenshots under
// <repo>/target/screenshots/. Requests to any host other than the allowed origins are aborted and
// recorded, so a test can assert the page never tried to reach the internet.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { SCREENSHOT_DIR } from './paths.mjs';

export const CHROMIUM = process.env.TESSERA_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-dev-shm-usage',
];

export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium chromium-driver`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/**
 * A new context + page with console/network capture.
 * @param {import('playwright-core').Browser} browser
 * @param {{allowedOrigins: string[], prefix: string}} opts screenshots go to `<prefix>-NN-<name>.png`
 */
export async function newPage(browser, { allowedOrigins, prefix }) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const consoleLines = [];
  const blocked = [];
  const requests = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || allowedOrigins.some((o) => url.startsWith(o))) {
      return route.continue();
    }
    blocked.push(`${route.request().method()} ${url}`);
    return route.abort('blockedbyclient');
  });
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (u.pathname.includes('/__clerk/')) requests.push(`${r.request().method()} ${u.pathname}${u.search.includes('_method=') ? `?_method=${u.searchParams.get('_method')}` : ''} → ${r.status()}`);
  });

  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const f of fs.readdirSync(SCREENSHOT_DIR)) {
    if (f.startsWith(`${prefix}-`) && f.endsWith('.png')) fs.rmSync(path.join(SCREENSHOT_DIR, f)); // a previous run's
  }
  let n = 0;
  const shots = [];
  async function shot(name) {
    n += 1;
    const file = path.join(SCREENSHOT_DIR, `${prefix}-${String(n).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true, timeout: 15_000 }).catch(() => {});
    shots.push(file);
    return file;
  }
  function diagnostics() {
    return [
      `page: ${page.url()}`,
      `FAPI requests (through the proxy):\n  ${requests.slice(-40).join('\n  ') || '(none)'}`,
      `blocked off-origin requests:\n  ${blocked.join('\n  ') || '(none)'}`,
      `console:\n  ${consoleLines.slice(-40).join('\n  ') || '(none)'}`,
      `screenshots:\n  ${shots.join('\n  ')}`,
    ].join('\n');
  }
  return { context, page, shot, diagnostics, consoleLines, blocked, requests };
}
