// Helpers for the demo-app tests (`demo-apps.test.mjs`): where the demos are, how to drive the components
// through their DOM contract (docs/ui-contract.md), the pseudo-locale scan, axe, and named screenshots.
//
// Nothing here knows how a demo is built: the tests are given running URLs (see `demoTargets()`).
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { SCREENSHOT_DIR } from './paths.mjs';
import { Fapi } from './fapi.mjs';
import { signUpWithEmailCode, uniqueEmail } from './flows.mjs';

/** Every wait in these tests is bounded by one of these (ms). */
export const T = {
  load: 30_000, // first render of a component (wasm download + compile + environment/client fetch)
  step: 20_000, // a step change after a FAPI round trip
  short: 5_000, // something that should already be there
  outbox: 15_000,
};

const APPS = [
  { id: 'yew', title: 'Yew demo (www/)', env: 'TESSERA_YEW_DEMO_URL' },
  { id: 'js', title: 'plain JS demo (www/, @tessera/js/ui from pkg/)', env: 'TESSERA_JS_DEMO_URL' },
];

/**
 * The demo apps to test and why one is skipped.
 *   TESSERA_YEW_DEMO_URL  e.g. http://127.0.0.1:5173  (the running Yew demo)
 *   TESSERA_JS_DEMO_URL   e.g. http://127.0.0.1:5174  (the running plain JS demo)
 *   TESSERA_FAPI_URL      the tessera-server those demos talk to (default http://127.0.0.1:4000); its
 *                         /__dev/outbox is read for email codes, so it must be a development instance.
 *   TESSERA_DEMO_API_URL  the demo backend their signed-in page calls (default http://127.0.0.1:4100)
 * @returns {Array<{id, title, env, url: string|undefined, fapiUrl: string, demoApiUrl: string, skip: string|false}>}
 */
export function demoTargets() {
  const fapiUrl = (process.env.TESSERA_FAPI_URL || 'http://127.0.0.1:4000').replace(/\/+$/, '');
  const demoApiUrl = (process.env.TESSERA_DEMO_API_URL || 'http://127.0.0.1:4100').replace(/\/+$/, '');
  return APPS.map((a) => {
    const raw = process.env[a.env]?.trim();
    const url = raw ? raw.replace(/\/+$/, '') : undefined;
    const skip = url ? false
      : `${a.env} is not set: start the demos (cargo xtask demo) and run with ${a.env}=<demo URL> ` +
        'TESSERA_FAPI_URL=<server URL> to test this app';
    return { ...a, url, fapiUrl, demoApiUrl, skip };
  });
}

/** Fail fast (not skip) when a URL was given but nothing answers there. */
export async function assertReachable(url, what) {
  let res;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'follow' });
  } catch (e) {
    throw new Error(`${what} at ${url} is not reachable (${e.cause?.code ?? e.message}); is it running?`);
  }
  if (res.status >= 400) throw new Error(`${what} at ${url} answered HTTP ${res.status}`);
  return res;
}

/** The application name the server's environment reports (interpolated as {{applicationName}}). */
export async function applicationName(fapiUrl, origin) {
  const res = await fetch(`${fapiUrl}/v1/environment`, { headers: { Origin: origin }, signal: AbortSignal.timeout(10_000) });
  if (res.status !== 200) return undefined;
  const env = await res.json();
  return env?.display_config?.application_name;
}

/** A user created over the Frontend API (not through a demo), for tests that only need one to exist. */
export async function createUser(fapiUrl, origin, { prefix, password, firstName, lastName }) {
  const fapi = new Fapi(fapiUrl, { origin });
  await fapi.createDevBrowser();
  const email = uniqueEmail(prefix);
  const fields = {};
  if (firstName) fields.first_name = firstName;
  if (lastName) fields.last_name = lastName;
  const r = await signUpWithEmailCode(fapi, { email, password, fields });
  return { email, password, firstName, lastName, userId: r.userId };
}

// ---------------------------------------------------------------------------------------------------
// Screenshots with fixed names: <repo>/target/screenshots/<app>-<name>.png

export function screenshotPath(appId, name) {
  return path.join(SCREENSHOT_DIR, `${appId}-${name}.png`);
}

export async function namedShot(page, appId, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = screenshotPath(appId, name);
  await page.mouse.move(0, 0).catch(() => {});
  await page.waitForTimeout(350); // let a transition settle
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', timeout: 15_000 });
  return file;
}

// ---------------------------------------------------------------------------------------------------
// DOM contract

export const sel = {
  component: (name) => `[data-tessera-component="${name}"]`,
  step: (name, step) =>
    `[data-tessera-component="${name}"][data-step="${step}"], [data-tessera-component="${name}"] [data-step="${step}"]`,
  claims: 'pre[data-testid="session-claims"]',
  backendAuth: 'pre[data-testid="backend-auth"]',
  backendAuthError: '[data-testid="backend-auth-error"]',
  trigger: '[data-tessera-component="user-button"] button[aria-haspopup="menu"]',
  menu: '[role="menu"]',
  menuItem: (key) => `[role="menuitem"][data-localization-key="${key}"], [role="menuitem"]:has([data-localization-key="${key}"])`,
  /** an <a>/<button> that is, or contains, an element whose key matches (CSS substring, case-insensitive) */
  actionByKey: (fragment) =>
    `:is(a,button)[data-localization-key*="${fragment}" i], :is(a,button):has([data-localization-key*="${fragment}" i])`,
};

/** Wait for a step of a component to be visible; on timeout say which steps were there instead. */
export async function waitStep(page, component, step, timeout = T.step) {
  const loc = page.locator(sel.step(component, step)).first();
  try {
    await loc.waitFor({ state: 'visible', timeout });
  } catch (e) {
    const seen = await page.evaluate((c) => {
      const root = document.querySelector(`[data-tessera-component="${c}"]`);
      if (!root) return 'component not rendered';
      const steps = [root, ...root.querySelectorAll('[data-step]')].map((el) => el.getAttribute('data-step')).filter(Boolean);
      const errs = [...root.querySelectorAll('[role="alert"]')].map((el) => `${el.getAttribute('data-error-code')}: ${el.textContent.trim()}`);
      return `data-step present: ${JSON.stringify(steps)}; alerts: ${JSON.stringify(errs)}`;
    }, component).catch(() => '?');
    throw new Error(`${component} step "${step}" not visible within ${timeout} ms (${seen})`);
  }
  return loc;
}

/** The single input named `name` inside `scope`, visible. */
export async function input(scope, name) {
  const loc = scope.locator(`input[name="${name}"]`);
  await loc.first().waitFor({ state: 'visible', timeout: T.short }).catch(() => {
    throw new Error(`no visible <input name="${name}"> in this step`);
  });
  return loc.first();
}

export async function submit(scope) {
  const btn = scope.locator('button[type="submit"]').filter({ visible: true }).first();
  await btn.waitFor({ state: 'visible', timeout: T.short }).catch(() => {
    throw new Error('no visible <button type="submit"> in this step');
  });
  await btn.click({ timeout: T.short });
}

/**
 * Type a one-time code: one `input[name=code]`, or one box per digit. If the component does not submit
 * by itself once the code is complete, press its submit button.
 */
export async function enterCode(page, scope, code, { stepSelector }) {
  const boxes = scope.locator('input[name="code"]');
  await boxes.first().waitFor({ state: 'visible', timeout: T.short }).catch(() => {
    throw new Error('no visible <input name="code"> in this step');
  });
  const n = await boxes.count();
  if (n <= 1) await boxes.first().fill(code);
  else for (let i = 0; i < Math.min(n, code.length); i++) await boxes.nth(i).fill(code[i]);
  // Auto-submit (as Clerk does) or not: give it a moment, then press the button if the step is still there.
  const gone = await page.locator(stepSelector).first().waitFor({ state: 'detached', timeout: 1_500 }).then(() => true, () => false);
  if (!gone) {
    const btn = scope.locator('button[type="submit"]').filter({ visible: true }).first();
    if (await btn.count()) await btn.click({ timeout: T.short }).catch(() => {});
  }
}

/** Wait for the signed-in page: the session claims (JSON with `sub`) and, when given, the user's email. */
export async function waitSignedIn(page, { email, timeout = T.step } = {}) {
  const claimsText = await page.waitForFunction((s) => {
    const pre = document.querySelector(s);
    if (!pre) return false;
    try { return JSON.parse(pre.textContent).sub ? pre.textContent : false; } catch { return false; }
  }, sel.claims, { timeout }).then((h) => h.jsonValue(), () => null);
  if (!claimsText) {
    const what = await page.evaluate((s) => {
      const pre = document.querySelector(s);
      return pre ? `<pre data-testid="session-claims"> holds: ${pre.textContent.slice(0, 300)}` : `no ${s} on ${location.href}`;
    }, sel.claims).catch(() => '?');
    throw new Error(`not signed in within ${timeout} ms: ${what}`);
  }
  const claims = JSON.parse(claimsText);
  if (email) {
    await page.waitForFunction((e) => document.body.innerText.toLowerCase().includes(e.toLowerCase()), email, { timeout: T.short })
      .catch(() => { throw new Error(`the signed-in page does not show the user's email ${email}`); });
  }
  return claims;
}

/**
 * What the demo backend answered on the signed-in page: the parsed JSON of `<pre data-testid="backend-auth">`,
 * or an Error saying what is shown instead (its error state, or nothing).
 */
export async function backendAuth(page, { timeout = T.step } = {}) {
  const shown = await page.waitForFunction(([ok, failed]) => {
    const pre = document.querySelector(ok);
    if (pre) return { json: pre.textContent };
    const err = document.querySelector(failed);
    return err ? { error: err.textContent.trim() } : false;
  }, [sel.backendAuth, sel.backendAuthError], { timeout }).then((h) => h.jsonValue(),
    () => ({ error: `neither ${sel.backendAuth} nor ${sel.backendAuthError} within ${timeout} ms` }));
  if (shown.error) throw new Error(`the backend-auth panel: ${shown.error}`);
  return JSON.parse(shown.json);
}

/** page.goto that lets a navigation the app started itself (after sign-in/out) finish, and retries if interrupted. */
export async function goto(page, url) {
  await page.waitForLoadState('load', { timeout: T.step }).catch(() => {});
  for (let i = 0; ; i++) {
    try {
      return await page.goto(url);
    } catch (e) {
      if (i >= 2 || !/interrupted by another navigation/.test(e.message)) throw e;
      await page.waitForTimeout(500);
    }
  }
}

/** Wait until no session is shown; then reload `/` and make sure it stays signed out (the server ended it). */
export async function waitSignedOut(page, baseUrl, { query = '' } = {}) {
  await page.waitForFunction((s) => !document.querySelector(s) && !document.querySelector('[data-tessera-component="user-button"]'),
    sel.claims, { timeout: T.step }).catch(() => { throw new Error(`still signed in ${T.step} ms after signing out (${page.url()})`); });
  await goto(page, `${baseUrl}/${query}`);
  // The signed-out home links to sign-in and sign-up; the claims and the UserButton must not come back.
  await page.locator('a[href*="sign-in"]').first().waitFor({ state: 'visible', timeout: T.load })
    .catch(() => { throw new Error('the signed-out home page shows no link to /sign-in'); });
  await page.waitForTimeout(1_000);
  if (await page.locator(sel.claims).count()) throw new Error('after reloading /, the session claims are shown again: the sign-out did not end the session');
}

/** Open the UserButton menu with the mouse or the keyboard; returns the menu locator. */
export async function openUserMenu(page, { keyboard }) {
  const trigger = page.locator(sel.trigger).first();
  await trigger.waitFor({ state: 'visible', timeout: T.load }).catch(() => {
    throw new Error('no visible UserButton trigger [data-tessera-component="user-button"] button[aria-haspopup="menu"]');
  });
  if (keyboard) {
    await trigger.focus();
    await page.keyboard.press('Enter');
  } else {
    await trigger.click();
  }
  const menu = page.locator(sel.menu).first();
  await menu.waitFor({ state: 'visible', timeout: T.short }).catch(() => {
    throw new Error(`the UserButton menu [role="menu"] did not open (${keyboard ? 'Enter on the focused trigger' : 'click'})`);
  });
  const expanded = await trigger.getAttribute('aria-expanded');
  return { trigger, menu, expanded };
}

/** Sign out through the UserButton menu: click, or keyboard (Enter opens, ArrowDown to "Sign out", Enter). */
export async function signOutViaMenu(page, { keyboard }) {
  const { menu } = await openUserMenu(page, { keyboard });
  if (keyboard) {
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      return { role: a?.getAttribute('role'), key: a?.getAttribute('data-localization-key') ?? a?.querySelector('[data-localization-key]')?.getAttribute('data-localization-key'), html: a?.outerHTML.slice(0, 200) };
    });
    if (focused.key !== 'userButton.action__signOut') {
      throw new Error('keyboard: after Enter on the trigger and ArrowDown, focus should be on the "Sign out" menuitem ' +
        `(userButton.action__signOut), but it is on ${JSON.stringify(focused)}`);
    }
    await page.keyboard.press('Enter');
  } else {
    await menu.locator(sel.menuItem('userButton.action__signOut')).first().click({ timeout: T.short }).catch(() => {
      throw new Error('no clickable [role="menuitem"] with data-localization-key="userButton.action__signOut" in the open menu');
    });
  }
}

/** Labels bound to inputs (`<label for>`), per the contract; returns problems. */
export async function fieldProblems(scope) {
  return scope.evaluate((root) => {
    const out = [];
    for (const el of root.querySelectorAll('input:not([type="hidden"])')) {
      if (!el.getClientRects().length) continue;
      const id = el.id;
      const label = id && document.querySelector(`label[for="${CSS.escape(id)}"]`);
      if (!label) out.push(`<input name="${el.name}"> has no <label for="${id || '(no id)'}">`);
    }
    return out;
  });
}

/** The field error with a code, checked against the contract (role=alert, aria-describedby, focus). */
export async function fieldError(page, scope, code) {
  const err = scope.locator(`[data-error-code="${code}"]`).first();
  await err.waitFor({ state: 'visible', timeout: T.step }).catch(async () => {
    const alerts = await scope.locator('[role="alert"], [data-error-code]').evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-error-code')}: ${e.textContent.trim()}`)).catch(() => []);
    throw new Error(`no visible [data-error-code="${code}"] within ${T.step} ms; alerts/errors present: ${JSON.stringify(alerts)}`);
  });
  const info = await err.evaluate((el) => {
    const id = el.id;
    const described = id ? [...document.querySelectorAll('[aria-describedby]')].filter((f) =>
      f.getAttribute('aria-describedby').split(/\s+/).includes(id)).map((f) => f.getAttribute('name') || f.tagName) : [];
    const a = document.activeElement;
    return {
      text: el.textContent.replace(/\s+/g, ' ').trim(),
      role: el.getAttribute('role') ?? el.closest('[role="alert"]')?.getAttribute('role'),
      key: el.getAttribute('data-localization-key') ?? el.querySelector('[data-localization-key]')?.getAttribute('data-localization-key'),
      id, described,
      focused: a ? { name: a.getAttribute('name'), tag: a.tagName, describedby: a.getAttribute('aria-describedby') } : null,
    };
  });
  const problems = [];
  if (info.role !== 'alert') problems.push(`[data-error-code="${code}"] is not role="alert"`);
  if (!info.id || info.described.length === 0) problems.push(`no field points at the error with aria-describedby (error id: ${info.id || 'none'})`);
  const focusOk = info.focused && (info.described.includes(info.focused.name) ||
    (info.focused.describedby ?? '').split(/\s+/).includes(info.id));
  if (!focusOk) problems.push(`focus is not on the field with the error (active element: ${JSON.stringify(info.focused)})`);
  return { ...info, problems };
}

// ---------------------------------------------------------------------------------------------------
// Pseudo-locale scan

/**
 * Every visible text node inside the components (and an open menu) must be inside an element with
 * `data-localization-key`, and that element's text must be pseudo-localized: wrapped in [ ] with accented
 * letters and no plain ASCII word left once user data is removed. Placeholders, aria-labels, titles and
 * alts must be pseudo-localized too. User data (emails, names, initials, the application name) is exempt, and so
 * is text inside an element the component marks `data-user-data` (organization names, dates formatted for the
 * locale).
 * @param {string[]} userData strings to exempt
 * @returns {Promise<string[]>} problems, one line each
 */
export async function pseudoLocaleProblems(page, userData) {
  return page.evaluate((exempt) => {
    const problems = new Set();
    const data = exempt.filter(Boolean).sort((a, b) => b.length - a.length);
    const strip = (t) => {
      let s = t;
      for (const u of data) s = s.split(u).join(' ');
      return s.replace(/\s+/g, ' ').trim();
    };
    const letters = (s) => /\p{L}/u.test(s);
    const pseudo = (t) => {
      const s = t.replace(/\s+/g, ' ').trim();
      if (!s.startsWith('[') || !s.endsWith(']')) return 'not wrapped in [ ]';
      const rest = strip(s);
      // A word left in plain ASCII (≥ 3 letters) is English that was not pseudo-localized; a word with some
      // accented letters is (not every letter needs an accented form).
      const word = (rest.match(/[\p{L}\p{M}]+/gu) ?? []).find((w) => w.length >= 3 && /^[A-Za-z]+$/.test(w));
      if (word) return `plain ASCII word "${word}"`;
      if (letters(rest.replace(/[[\]]/g, '')) && !/[^\x00-\x7F]/.test(rest)) return 'no accented letters';
      return null;
    };
    const visible = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse') return false;
      }
      return el.getClientRects().length > 0;
    };
    const describe = (el) => {
      const parts = [];
      for (let e = el; e && parts.length < 4; e = e.parentElement) {
        let p = e.tagName.toLowerCase();
        if (e.getAttribute('data-tessera-component')) p += `[data-tessera-component=${e.getAttribute('data-tessera-component')}]`;
        else if (e.getAttribute('data-step')) p += `[data-step=${e.getAttribute('data-step')}]`;
        else if (e.className && typeof e.className === 'string') p += `.${e.className.trim().split(/\s+/)[0]}`;
        parts.unshift(p);
        if (e.getAttribute('data-tessera-component')) break;
      }
      return parts.join(' > ');
    };
    // The text of a keyed element without the text of keyed elements nested in it (a link inside a sentence).
    const ownText = (keyed) => {
      let t = '';
      const w = document.createTreeWalker(keyed, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) if (n.parentElement?.closest('[data-localization-key]') === keyed) t += n.textContent;
      return t;
    };
    const all = [...document.querySelectorAll('[data-tessera-component], [role="menu"]')];
    const roots = all.filter((el) => !all.some((o) => o !== el && o.contains(el)));
    if (roots.length === 0) problems.add('no [data-tessera-component] on the page');
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TITLE'].includes(el.tagName)) continue;
        const raw = n.textContent;
        if (!letters(strip(raw))) continue; // whitespace, punctuation, digits, or user data only
        if (el.closest('[data-user-data]')) continue; // data the component marks as such (names, dates)
        if (!visible(el)) continue;
        const keyed = el.closest('[data-localization-key]');
        if (!keyed || !root.contains(keyed) && keyed !== root) {
          problems.add(`text "${raw.trim().slice(0, 80)}" has no data-localization-key (at ${describe(el)})`);
          continue;
        }
        const own = ownText(keyed);
        const why = pseudo(own);
        if (why) problems.add(`key ${keyed.getAttribute('data-localization-key')}: "${own.replace(/\s+/g, ' ').trim().slice(0, 80)}" is not pseudo-localized (${why})`);
      }
      for (const el of root.querySelectorAll('[placeholder], [aria-label], [title], img[alt]')) {
        if (!visible(el)) continue;
        for (const attr of ['placeholder', 'aria-label', 'title', 'alt']) {
          const v = el.getAttribute(attr);
          if (!v || !letters(strip(v))) continue;
          const why = pseudo(v);
          if (why) problems.add(`${attr}="${v.slice(0, 80)}" is not pseudo-localized (${why}) (at ${describe(el)})`);
        }
      }
    }
    return [...problems];
  }, userData);
}

/** Exempt strings for a user: email, names, initials. */
export function userDataOf(u) {
  const out = [u.email];
  if (u.firstName) out.push(u.firstName);
  if (u.lastName) out.push(u.lastName);
  if (u.firstName && u.lastName) {
    out.push(`${u.firstName} ${u.lastName}`, `${u.firstName[0]}${u.lastName[0]}`, `${u.firstName[0]}${u.lastName[0]}`.toLowerCase());
  }
  out.push(u.email[0].toUpperCase(), u.email.split('@')[0]);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// axe

/**
 * axe violations on the page, formatted one per line: `serious` (serious and critical — the bar) and `other`
 * (moderate and minor, reported as diagnostics).
 */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  const fmt = (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5).map((n) =>
    `${n.target.join(' ')} (${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 320)})`).join('; ')}`;
  const isBad = (v) => v.impact === 'serious' || v.impact === 'critical';
  return { serious: results.violations.filter(isBad).map(fmt), other: results.violations.filter((v) => !isBad(v)).map(fmt) };
}
