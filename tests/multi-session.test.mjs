// Multi-session end to end in both demo apps (issue #6): the demos are served against a tessera-server of this
// file's own with `single_session_mode = false` (support/own-demos.mjs: `xtask serve-demos --no-build` and a demo
// backend), and driven in headless Chromium through the UserButton's DOM contract (docs/ui-contract.md):
//
//   A signs up; "Add account" → the sign-in page, where B signs in while A stays signed in; the home page shows B
//   and the UserButton lists A; choosing A makes A active (home shows A); "Sign out" ends A only and B becomes
//   active (still so after a reload); "Add account" brings A back; "Sign out of all accounts" signs both out.
//
// Along the way: axe on the open multi-session menu (no serious or critical violation) and a screenshot of it,
// target/screenshots/<app>-user-button-multi.png.
//
// An app is tested when its URL is set (TESSERA_YEW_DEMO_URL, TESSERA_JS_DEMO_URL, as `cargo xtask test` does
// when the demo built): that says the demo is built; this file serves its own copy against its own server.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage } from './support/browser.mjs';
import { startServer } from './support/server.mjs';
import { uniqueEmail, TEST_MODE_CODE } from './support/flows.mjs';
import { serveOwnDemos, ownDemosUnavailable } from './support/own-demos.mjs';
import {
  T, sel, demoTargets, createUser, namedShot, goto, waitStep, input, submit, enterCode, waitSignedIn,
  waitSignedOut, openUserMenu, axeViolations,
} from './support/demo.mjs';

const PASSWORD = 'Tessera-Corr3ct-Horse!';
const BUTTON = sel.component('user-button');
const TRIGGER = sel.trigger;
const OTHER_ACCOUNT = `${BUTTON} [role="menuitem"][data-session-id]`;
const action = (name) => `${BUTTON} [role="menuitem"][data-action="${name}"]`;

const unavailable = ownDemosUnavailable();
const targets = demoTargets();

describe('multi-session demos', { skip: unavailable || (targets.every((a) => a.skip) && 'no demo app is built (see demo-apps.test.mjs)') }, () => {
  let server;
  let demos;
  let browser;

  before(async () => {
    server = await startServer({ config: { single_session_mode: false, application_name: 'Tessera Multi' } });
    demos = await serveOwnDemos(server.fapiUrl);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close().catch(() => {});
    await demos?.stop();
    await server?.stop();
  });

  for (const app of targets) {
    it(`${app.title}: two accounts, switch, sign out of one, sign out of all`, { skip: app.skip }, async () => {
      const url = demos[app.id];
      assert.ok(url, `${app.title} is not built: xtask serve-demos --no-build did not serve it`);
      const origin = new URL(url).origin;
      const pg = await newPage(browser, {
        allowedOrigins: [origin, new URL(server.fapiUrl).origin, new URL(demos.demoApiUrl).origin],
        prefix: `multi-${app.id}`,
      });
      const { page } = pg;
      const b = await createUser(server.fapiUrl, origin, { prefix: `multi-${app.id}-b`, password: PASSWORD, firstName: 'Bea', lastName: 'Beta' });
      const a = { email: uniqueEmail(`multi-${app.id}-a`, { testMode: true }), firstName: 'Ada', lastName: 'Alpha' };

      /** The signed-in card shows `user` (and not `other`). */
      async function homeShows(user, other) {
        await waitSignedIn(page, { email: user.email });
        await page.waitForFunction(([e, o]) => {
          const text = document.querySelector('[data-testid="user-email"]')?.textContent ?? '';
          return text === e && (!o || text !== o);
        }, [user.email, other?.email], { timeout: T.step }).catch(async () => {
          const shown = await page.locator('[data-testid="user-email"]').first().textContent().catch(() => '?');
          throw new Error(`the home page should show ${user.email}, it shows ${shown}`);
        });
      }

      /** The other accounts the open menu lists, as their text. */
      async function otherAccounts() {
        return page.locator(OTHER_ACCOUNT).allTextContents();
      }

      async function signInFromAddAccount(user) {
        await openUserMenu(page, { keyboard: false });
        await page.locator(action('add-account')).click();
        await page.waitForURL((u) => u.pathname === '/sign-in', { timeout: T.step });
        // Signed in already, and SignIn still lets another account in (Clerk does).
        const start = await waitStep(page, 'sign-in', 'start', T.load);
        await (await input(start, 'identifier')).fill(user.email);
        await submit(start);
        const pw = await waitStep(page, 'sign-in', 'password');
        await (await input(pw, 'password')).fill(PASSWORD);
        await submit(pw);
        await page.waitForURL((u) => u.pathname === '/', { timeout: T.step });
      }

      try {
        // A signs up.
        await goto(page, `${url}/sign-up`);
        const start = await waitStep(page, 'sign-up', 'start', T.load);
        for (const [name, value] of [['firstName', a.firstName], ['lastName', a.lastName], ['emailAddress', a.email], ['password', PASSWORD]]) {
          await (await input(start, name)).fill(value);
        }
        await submit(start);
        const verify = await waitStep(page, 'sign-up', 'verify-email');
        await enterCode(page, verify, TEST_MODE_CODE, { stepSelector: sel.step('sign-up', 'verify-email') });
        await page.waitForURL((u) => u.pathname === '/', { timeout: T.step });
        await homeShows(a);
        const aSession = await page.locator(TRIGGER).getAttribute('data-session-id');
        assert.match(aSession ?? '', /^sess_/, 'the trigger names the active session');

        // Alone, the menu offers "Add account" but no other account and no "Sign out of all accounts".
        await openUserMenu(page, { keyboard: false });
        assert.deepEqual(await otherAccounts(), []);
        assert.equal(await page.locator(action('sign-out-all')).count(), 0);
        await page.keyboard.press('Escape');

        // "Add account": B signs in; A stays signed in and is listed.
        await signInFromAddAccount({ email: b.email });
        await homeShows(b, a);
        const bSession = await page.locator(TRIGGER).getAttribute('data-session-id');
        assert.notEqual(bSession, aSession);
        const { menu } = await openUserMenu(page, { keyboard: true });
        await page.locator(OTHER_ACCOUNT).first().waitFor({ state: 'visible', timeout: T.short });
        const listed = await otherAccounts();
        assert.equal(listed.length, 1, `one other account: ${JSON.stringify(listed)}`);
        assert.ok(listed[0].includes('Ada Alpha') && listed[0].includes(a.email), `A is listed with name and email: ${listed[0]}`);
        assert.equal(await page.locator(`${OTHER_ACCOUNT}[data-session-id="${aSession}"]`).count(), 1);
        // Keyboard: the items in order, ArrowUp from the first wraps to "Sign out of all accounts".
        const order = await menu.locator('[role="menuitem"]').evaluateAll((items) =>
          items.map((i) => i.getAttribute('data-action') ?? (i.hasAttribute('data-session-id') ? 'account' : i.getAttribute('data-localization-key'))));
        assert.deepEqual(order, ['userButton.action__manageAccount', 'sign-out', 'account', 'add-account', 'sign-out-all']);
        await page.keyboard.press('ArrowUp');
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-action')), 'sign-out-all');
        await page.keyboard.press('ArrowUp');
        await page.keyboard.press('ArrowUp');
        assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-session-id')), aSession);
        const shot = await namedShot(page, app.id, 'user-button-multi');
        const axe = await axeViolations(page);
        assert.deepEqual(axe.serious, [], `axe on the open multi-session menu (${shot})`);

        // Choosing A (Enter on the focused account) makes A active.
        await page.keyboard.press('Enter');
        await homeShows(a, b);
        await page.waitForFunction(([s, id]) => document.querySelector(s)?.getAttribute('data-session-id') === id,
          [TRIGGER, aSession], { timeout: T.step });
        // The new session's token comes in the background: wait for the claims to show it.
        await page.waitForFunction(([s, id]) => {
          try { return JSON.parse(document.querySelector(s)?.textContent ?? 'null')?.sid === id; } catch { return false; }
        }, [sel.claims, aSession], { timeout: T.step });
        const claims = JSON.parse(await page.locator(sel.claims).textContent());
        assert.equal(claims.sid, aSession, 'the session token is A\'s');
        await openUserMenu(page, { keyboard: false });
        assert.ok((await otherAccounts()).join().includes(b.email), 'B is the other account now');

        // "Sign out" ends A only: B becomes active, nobody else is listed; a reload keeps B.
        await page.locator(action('sign-out')).click();
        await homeShows(b, a);
        await goto(page, `${url}/`);
        await homeShows(b, a);
        await openUserMenu(page, { keyboard: false });
        assert.deepEqual(await otherAccounts(), [], 'A\'s session is gone');
        assert.equal(await page.locator(action('sign-out-all')).count(), 0);
        await page.keyboard.press('Escape');

        // A comes back through "Add account"; then "Sign out of all accounts".
        await signInFromAddAccount(a);
        await homeShows(a, b);
        await openUserMenu(page, { keyboard: false });
        assert.ok((await otherAccounts()).join().includes(b.email), 'B is listed again');
        await page.locator(action('sign-out-all')).click();
        await waitSignedOut(page, url);
      } catch (e) {
        await pg.shot('FAILED');
        const dom = await page.evaluate(() => [...document.querySelectorAll('[data-tessera-component]')]
          .map((el) => el.outerHTML.slice(0, 2500)).join('\n')).catch(() => '?');
        e.message += `\n--- ${app.title} ---\n${pg.diagnostics()}\ncomponents' DOM:\n${dom}`;
        throw e;
      } finally {
        await pg.context.close().catch(() => {});
      }
    });
  }
});
