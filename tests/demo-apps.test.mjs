// End-to-end tests of the two demo apps in www/ (the Yew demo and the plain JavaScript demo that uses
// @tessera/js/ui), driven in headless Chromium through the components' DOM contract (docs/ui-contract.md)
// against the tessera-server they talk to. The same scenarios run against each app:
//
//   - sign up with an email code read from /__dev/outbox → the signed-in page (email + session claims, and
//     what the demo backend verified: its userId is the claims' sub);
//     the open UserButton; sign out through its menu (keyboard in the Yew run: focus the trigger, Enter,
//     ArrowDown, Enter; mouse in the JS run — the forgot-password test uses the other way round);
//   - sign in with a password, after a wrong one shows the en-US error inline (role=alert, aria-describedby,
//     focus on the field);
//   - forgot password: reset code from the outbox → new password → signed in → the new password works;
//   - ?locale=fr-FR: the sign-in flow works and shows French strings;
//   - ?locale=en-XA (pseudo-locale): every component state is scanned; any visible text that is not inside a
//     data-localization-key element, or is not pseudo-localized, fails;
//   - @axe-core/playwright: no serious or critical violation on SignIn, SignUp (both steps) and the open UserButton;
//   - the pages never reach another origin than the app, the server and the demo backend (offline kit);
//   - screenshots: <repo>/target/screenshots/<app>-{sign-in,sign-up,sign-up-verify,user-button-open,…}.png
//
// The demos are not started here: run them (cargo xtask demo) and pass their URLs —
//   TESSERA_YEW_DEMO_URL, TESSERA_JS_DEMO_URL, TESSERA_FAPI_URL (default http://127.0.0.1:4000),
//   TESSERA_DEMO_API_URL (default http://127.0.0.1:4100).
// An app whose URL is not set is skipped with that message; a URL that is set but does not answer fails.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launchBrowser, newPage } from './support/browser.mjs';
import { outboxIds, waitForMessage } from './support/outbox.mjs';
import { uniqueEmail } from './support/flows.mjs';
import {
  T, sel, demoTargets, assertReachable, applicationName, createUser, namedShot, screenshotPath,
  goto, waitStep, input, submit, enterCode, waitSignedIn, waitSignedOut, openUserMenu, signOutViaMenu, backendAuth,
  fieldProblems, fieldError, pseudoLocaleProblems, userDataOf, axeViolations,
} from './support/demo.mjs';

const PASSWORD = 'Tessera-Corr3ct-Horse!';
const NEW_PASSWORD = 'Tessera-N3w-Battery-Staple!';
const WRONG_PASSWORD = 'not-the-password-at-all';
/** en-US text of unstable__errors.form_password_incorrect (= the server's message, as in Clerk). */
const EN_PASSWORD_INCORRECT = 'Password is incorrect. Try again, or use another method.';

/** Known keys and what their fr-FR text must look like (Clerk's fr-FR in brackets). */
const FR_SIGN_IN_START = [
  ['signIn.start.title', /connect|connexion|identifi/i, 'Se connecter'],
  ['formFieldLabel__emailAddress', /adresse|e-mail|courriel/i, 'Adresse e-mail'],
  ['formButtonPrimary', /continuer/i, 'Continuer'],
];
const FR_SIGN_IN_PASSWORD = [
  ['formFieldLabel__password', /mot de passe/i, 'Mot de passe'],
];
const EN_TEXT = {
  'signIn.start.title': /^sign in/i,
  formFieldLabel__emailAddress: /^email address$/i,
  formButtonPrimary: /^continue$/i,
  formFieldLabel__password: /^password$/i,
  'userButton.action__signOut': /^sign out$/i,
};

for (const app of demoTargets()) {
  describe(`demo app: ${app.title}`, { skip: app.skip }, () => {
    let browser;
    let origin;
    let appName;
    /** axe results per state, filled by the flow tests, asserted by the axe test */
    const axe = new Map();
    /** off-origin requests per test */
    const offsite = [];
    /** screenshots written, by name */
    const shots = new Map();
    /** after the sign-up test: the session claims and what the demo backend answered (or the Error) */
    let signedUp;
    const keyboardSignOut = app.id === 'yew';
    /** A previous run's screenshots must not pass for this run's (files are not deleted: runs may overlap). */
    let startedAt = Date.now();

    before(async () => {
      await assertReachable(app.url, app.title);
      await assertReachable(`${app.fapiUrl}/__dev/outbox`, 'the dev outbox of tessera-server (TESSERA_FAPI_URL)');
      origin = new URL(app.url).origin;
      appName = await applicationName(app.fapiUrl, origin).catch(() => undefined);
      browser = await launchBrowser();
      startedAt = Date.now() - 1_000;
    });

    after(async () => {
      await browser?.close().catch(() => {});
    });

    /** A fresh browser context (no session) for one test; on failure: a screenshot, the DOM and the console. */
    async function withPage(name, fn) {
      const pg = await newPage(browser, {
        allowedOrigins: [origin, new URL(app.fapiUrl).origin, new URL(app.demoApiUrl).origin], prefix: `demo-${app.id}-${name}`,
      });
      try {
        await fn(pg.page);
      } catch (e) {
        await pg.shot('FAILED');
        const dom = await pg.page.evaluate(() => [...document.querySelectorAll('[data-tessera-component], [role="menu"]')]
          .map((el) => el.outerHTML.slice(0, 3000)).join('\n') || document.body.innerHTML.slice(0, 3000)).catch(() => '?');
        e.message += `\n--- ${app.title}, ${name} ---\n${pg.diagnostics()}\ncomponents' DOM:\n${dom}`;
        throw e;
      } finally {
        offsite.push(...pg.blocked.map((b) => `${name}: ${b}`));
        await pg.context.close().catch(() => {});
      }
    }

    async function shot(page, name) {
      shots.set(name, await namedShot(page, app.id, name));
    }

    async function recordAxe(page, state) {
      axe.set(state, await axeViolations(page));
    }

    async function open(page, path) {
      await goto(page, `${app.url}${path}`);
    }

    /** /sign-in → identifier → the password step. */
    async function toPasswordStep(page, email, query = '') {
      await open(page, `/sign-in${query}`);
      const start = await waitStep(page, 'sign-in', 'start', T.load);
      await (await input(start, 'identifier')).fill(email);
      await submit(start);
      return waitStep(page, 'sign-in', 'password');
    }

    /** The visible text of the first visible element with a key inside a component. */
    async function keyText(page, component, key) {
      const loc = page.locator(`${sel.component(component)} [data-localization-key="${key}"]`).filter({ visible: true }).first();
      await loc.waitFor({ state: 'visible', timeout: T.short }).catch(() => {
        throw new Error(`no visible [data-localization-key="${key}"] in ${component}`);
      });
      return (await loc.innerText()).replace(/\s+/g, ' ').trim();
    }

    it('signs up with an email code from the outbox, shows the user and claims, signs out via the UserButton', async () => {
      await withPage('sign-up', async (page) => {
        await open(page, '/sign-up');
        const start = await waitStep(page, 'sign-up', 'start', T.load);
        const rootClass = await page.locator(sel.component('sign-up')).first().getAttribute('class');
        assert.match(rootClass ?? '', /(^|\s)tessera-/, 'the SignUp root carries a class="tessera-…"');
        assert.deepEqual(await fieldProblems(start), [], 'SignUp start: every input has a <label for>');
        await shot(page, 'sign-up');
        await recordAxe(page, 'SignUp start');

        const user = { email: uniqueEmail(`demo-${app.id}`), firstName: 'Ada', lastName: 'Lovelace' };
        await (await input(start, 'emailAddress')).fill(user.email);
        await (await input(start, 'password')).fill(PASSWORD);
        for (const [name, value] of [['firstName', user.firstName], ['lastName', user.lastName]]) {
          const f = start.locator(`input[name="${name}"]`).filter({ visible: true });
          if (await f.count()) await f.first().fill(value);
        }
        const seen = await outboxIds(app.fapiUrl);
        await submit(start);

        const verify = await waitStep(page, 'sign-up', 'verify-email');
        await verify.locator('input[name="code"]').first().waitFor({ state: 'visible', timeout: T.short });
        await shot(page, 'sign-up-verify');
        await recordAxe(page, 'SignUp verify-email');
        const msg = await waitForMessage(app.fapiUrl, user.email, { seenIds: seen, channel: 'email', timeoutMs: T.outbox });
        assert.match(msg.code ?? '', /^\d{6}$/, `the outbox message has a 6-digit code: ${JSON.stringify(msg)}`);
        // A wrong code first: an inline error, and the step stays.
        const wrongCode = msg.code === '000000' ? '111111' : '000000';
        await enterCode(page, verify, wrongCode, { stepSelector: sel.step('sign-up', 'verify-email') });
        const codeErr = await fieldError(page, verify, 'form_code_incorrect');
        assert.ok(codeErr.text.length > 0, 'the wrong-code error has text');
        assert.deepEqual(codeErr.problems, [], 'the wrong-code error follows the contract');
        await enterCode(page, verify, msg.code, { stepSelector: sel.step('sign-up', 'verify-email') });

        const claims = await waitSignedIn(page, { email: user.email });
        assert.match(claims.sub, /^user_/, 'session claims: sub is a user id');
        assert.match(claims.sid ?? '', /^sess_/, 'session claims: sid is a session id');
        signedUp = { claims, backend: await backendAuth(page).catch((e) => e) };

        // The open UserButton: menu with the user's email, "Manage account" and "Sign out".
        const { menu, expanded } = await openUserMenu(page, { keyboard: false });
        assert.equal(expanded, 'true', 'the trigger has aria-expanded="true" while the menu is open');
        const menuText = await page.evaluate((s) => document.querySelector(s)?.closest('[data-tessera-component="user-button"]')?.innerText
          ?? document.querySelector('[role="menu"]')?.innerText ?? '', sel.menu);
        assert.ok(menuText.toLowerCase().includes(user.email.toLowerCase()), `the open menu shows the email ${user.email}: ${JSON.stringify(menuText)}`);
        for (const key of ['userButton.action__manageAccount', 'userButton.action__signOut']) {
          assert.equal(await menu.locator(sel.menuItem(key)).count() > 0 || await page.locator(sel.menuItem(key)).count() > 0, true,
            `a [role="menuitem"] with data-localization-key="${key}"`);
        }
        await shot(page, 'user-button-open');
        await recordAxe(page, 'UserButton open');
        // Escape closes it and gives focus back to the trigger.
        await page.keyboard.press('Escape');
        await menu.waitFor({ state: 'hidden', timeout: T.short }).catch(() => {
          throw new Error('Escape does not close the UserButton menu');
        });
        const backOnTrigger = await page.evaluate((s) => document.activeElement === document.querySelector(s), sel.trigger);
        assert.ok(backOnTrigger, 'after Escape, focus is back on the UserButton trigger');

        await signOutViaMenu(page, { keyboard: keyboardSignOut });
        await waitSignedOut(page, app.url);
      });
    });

    it('signs in with a password; a wrong password shows the en-US error inline first', async () => {
      const user = await createUser(app.fapiUrl, origin, { prefix: `demo-${app.id}-pw`, password: PASSWORD });
      await withPage('sign-in', async (page) => {
        await open(page, '/sign-in');
        const start = await waitStep(page, 'sign-in', 'start', T.load);
        const rootClass = await page.locator(sel.component('sign-in')).first().getAttribute('class');
        assert.match(rootClass ?? '', /(^|\s)tessera-/, 'the SignIn root carries a class="tessera-…"');
        assert.deepEqual(await fieldProblems(start), [], 'SignIn start: every input has a <label for>');
        await shot(page, 'sign-in');
        await recordAxe(page, 'SignIn start');
        await (await input(start, 'identifier')).fill(user.email);
        await submit(start);

        const pw = await waitStep(page, 'sign-in', 'password');
        await shot(page, 'sign-in-password');
        await recordAxe(page, 'SignIn password');
        await (await input(pw, 'password')).fill(WRONG_PASSWORD);
        await submit(pw);
        const err = await fieldError(page, pw, 'form_password_incorrect');
        await shot(page, 'sign-in-error');
        assert.equal(err.text, EN_PASSWORD_INCORRECT, 'the en-US text of unstable__errors.form_password_incorrect');
        assert.deepEqual(err.problems, [], 'the field error follows the contract');
        await recordAxe(page, 'SignIn password error');

        await (await input(pw, 'password')).fill(user.password);
        await submit(pw);
        const claims = await waitSignedIn(page, { email: user.email });
        assert.equal(claims.sub, user.userId, 'the session is the user who signed in');

        await signOutViaMenu(page, { keyboard: false });
        await waitSignedOut(page, app.url);
      });
    });

    it('forgot password: reset code from the outbox, new password, signed in; the new password works', async () => {
      const user = await createUser(app.fapiUrl, origin, { prefix: `demo-${app.id}-reset`, password: PASSWORD });
      await withPage('forgot-password', async (page) => {
        const pw = await toPasswordStep(page, user.email);
        const seen = await outboxIds(app.fapiUrl);
        await pw.locator(sel.actionByKey('forgot')).first().click({ timeout: T.short }).catch(() => {
          throw new Error('no "Forgot password?" link/button (a key containing "forgot") in the password step');
        });
        const fp = await waitStep(page, 'sign-in', 'forgot-password');
        await reachResetCode(page, fp);
        await shot(page, 'forgot-password');
        const msg = await waitForMessage(app.fapiUrl, user.email, { seenIds: seen, channel: 'email', timeoutMs: T.outbox });
        assert.match(msg.code ?? '', /^\d{6}$/, `the reset message has a 6-digit code: ${JSON.stringify(msg)}`);
        await enterCode(page, fp, msg.code, { stepSelector: sel.step('sign-in', 'forgot-password') });

        const rp = await waitStep(page, 'sign-in', 'reset-password');
        await shot(page, 'reset-password');
        const fields = rp.locator('input[type="password"]').filter({ visible: true });
        assert.ok(await fields.count() >= 1, 'the reset-password step has a password field');
        for (let i = 0; i < await fields.count(); i++) await fields.nth(i).fill(NEW_PASSWORD);
        await submit(rp);
        const claims = await waitSignedIn(page, { email: user.email });
        assert.equal(claims.sub, user.userId);

        // The other input method than the sign-up test's, so each app is signed out both ways.
        await signOutViaMenu(page, { keyboard: !keyboardSignOut });
        await waitSignedOut(page, app.url);
        const pw2 = await toPasswordStep(page, user.email);
        await (await input(pw2, 'password')).fill(NEW_PASSWORD);
        await submit(pw2);
        await waitSignedIn(page, { email: user.email });
      });
    });

    it('fr-FR: the sign-in flow works and shows French strings', async () => {
      const user = await createUser(app.fapiUrl, origin, { prefix: `demo-${app.id}-fr`, password: PASSWORD });
      await withPage('fr-FR', async (page) => {
        await open(page, '/sign-in?locale=fr-FR');
        const start = await waitStep(page, 'sign-in', 'start', T.load);
        const wrong = [];
        const check = async (component, [key, re, clerk]) => {
          const text = await keyText(page, component, key);
          if (!re.test(text) || EN_TEXT[key]?.test(text)) wrong.push(`${key}: "${text}" (expected French like "${clerk}")`);
        };
        for (const k of FR_SIGN_IN_START) await check('sign-in', k);
        await shot(page, 'fr-sign-in');
        await (await input(start, 'identifier')).fill(user.email);
        await submit(start);
        const pw = await waitStep(page, 'sign-in', 'password');
        for (const k of FR_SIGN_IN_PASSWORD) await check('sign-in', k);
        await (await input(pw, 'password')).fill(WRONG_PASSWORD);
        await submit(pw);
        const err = await fieldError(page, pw, 'form_password_incorrect');
        if (err.text === EN_PASSWORD_INCORRECT || !/mot de passe/i.test(err.text)) {
          wrong.push(`unstable__errors.form_password_incorrect: "${err.text}" (expected French like "Mot de passe incorrect")`);
        }
        await (await input(pw, 'password')).fill(user.password);
        await submit(pw);
        await waitSignedIn(page, { email: user.email });
        await open(page, '/?locale=fr-FR');
        await waitSignedIn(page, { email: user.email });
        await openUserMenu(page, { keyboard: false });
        const signOut = (await page.locator(sel.menuItem('userButton.action__signOut')).first().innerText()).trim();
        if (!/déconnect|déconnex/i.test(signOut)) wrong.push(`userButton.action__signOut: "${signOut}" (expected French like "Déconnexion")`);
        assert.deepEqual(wrong, [], 'fr-FR strings');
      });
    });

    it('each JS page downloads one wasm entry: per-page for sign-in/sign-up, the full UI at /; French only when chosen',
      { skip: app.id !== 'js' && 'the Yew demo is one wasm app' }, async () => {
        await withPage('entries', async (page) => {
          // Every visit downloads afresh, so what a page needs is what it requests.
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
          const fetched = [];
          page.on('requestfinished', (r) => fetched.push(new URL(r.url()).pathname));
          const visit = async (path, component) => {
            fetched.length = 0;
            await open(page, path);
            if (component) await waitStep(page, component, 'start', T.load);
            else await page.waitForSelector('[data-testid="signed-out"]', { timeout: T.load });
            return fetched.filter((p) => p.endsWith('.wasm') || p.includes('/locales/'));
          };
          assert.deepEqual(await visit('/sign-in', 'sign-in'), ['/node_modules/@tessera/js/ui-sign-in/tessera_components_bg.wasm']);
          assert.deepEqual(await visit('/sign-up', 'sign-up'), ['/node_modules/@tessera/js/ui-sign-up/tessera_components_bg.wasm']);
          assert.deepEqual((await visit('/sign-in?locale=fr-FR', 'sign-in')).sort(), [
            '/node_modules/@tessera/js/locales/fr-FR.js',
            '/node_modules/@tessera/js/ui-sign-in/tessera_components_bg.wasm',
          ]);
          assert.deepEqual(await visit('/', null), ['/node_modules/@tessera/js/ui/tessera_components_bg.wasm']);
        });
      });

    it('sign-up with an email that is taken shows form_identifier_exists inline', async () => {
      const user = await createUser(app.fapiUrl, origin, { prefix: `demo-${app.id}-taken`, password: PASSWORD });
      await withPage('sign-up-taken', async (page) => {
        await open(page, '/sign-up');
        const start = await waitStep(page, 'sign-up', 'start', T.load);
        await (await input(start, 'emailAddress')).fill(user.email);
        await (await input(start, 'password')).fill(PASSWORD);
        await submit(start);
        const err = await fieldError(page, start, 'form_identifier_exists');
        assert.ok(err.text.length > 0, 'the error has text');
        assert.deepEqual(err.problems, [], 'the field error follows the contract');
      });
    });

    it('keyboard only: Tab to the email field, Enter, the password, Enter → signed in', async (t) => {
      const user = await createUser(app.fapiUrl, origin, { prefix: `demo-${app.id}-kbd`, password: PASSWORD });
      await withPage('keyboard-sign-in', async (page) => {
        await open(page, '/sign-in');
        await waitStep(page, 'sign-in', 'start', T.load);
        const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName);
        const tabTo = async (name, max) => {
          for (let i = 0; i <= max; i++) {
            if (await focusedName() === name) return i;
            await page.keyboard.press('Tab');
          }
          throw new Error(`Tab ×${max} never reached <input name="${name}"> (focus on ${await focusedName()})`);
        };
        const tabs = await tabTo('identifier', 15);
        t.diagnostic(`identifier reached after ${tabs} Tab(s)`);
        await page.keyboard.type(user.email);
        await page.keyboard.press('Enter');
        await waitStep(page, 'sign-in', 'password');
        await page.waitForTimeout(300);
        // The step replaced the field that had focus: focus must land in the new step (the password field, as
        // Clerk does), not fall back to <body>, where a keyboard user loses their place.
        const afterStep = await page.evaluate((s) => {
          const a = document.activeElement;
          return { name: a?.getAttribute('name'), tag: a?.tagName, inStep: Boolean(a && document.querySelector(s)?.contains(a)) };
        }, sel.step('sign-in', 'password'));
        t.diagnostic(`password step: focus on ${JSON.stringify(afterStep)}`);
        assert.ok(afterStep.inStep, `after Enter on the identifier, focus should move into the password step; it is on ${JSON.stringify(afterStep)}`);
        await tabTo('password', 10);
        await page.keyboard.type(user.password);
        await page.keyboard.press('Enter');
        const claims = await waitSignedIn(page, { email: user.email });
        assert.equal(claims.sub, user.userId);
      });
    });

    it('a network failure during sign-in shows an error and the form recovers', async () => {
      const user = await createUser(app.fapiUrl, origin, { prefix: `demo-${app.id}-net`, password: PASSWORD });
      await withPage('network-error', async (page) => {
        await open(page, '/sign-in');
        const start = await waitStep(page, 'sign-in', 'start', T.load);
        const fapiOrigin = new URL(app.fapiUrl).origin;
        const failSignIns = (url) => url.origin === fapiOrigin && url.pathname === '/v1/client/sign_ins';
        await page.route(failSignIns, (route) => route.abort('internetdisconnected'));
        await (await input(start, 'identifier')).fill(user.email);
        await submit(start);
        await page.locator(`${sel.component('sign-in')} [role="alert"]`).filter({ visible: true }).first()
          .waitFor({ state: 'visible', timeout: T.step }).catch(() => {
            throw new Error(`no visible [role="alert"] in SignIn within ${T.step} ms after the sign-in request failed`);
          });
        await shot(page, 'sign-in-network-error');
        const button = start.locator('button[type="submit"]').filter({ visible: true }).first();
        await assert.doesNotReject(button.waitFor({ state: 'visible', timeout: T.short }), 'the submit button is still there');
        assert.ok(await button.isEnabled(), 'the submit button is enabled again after the failure');
        await page.unroute(failSignIns);
        await submit(start);
        await waitStep(page, 'sign-in', 'password');
      });
    });

    it('while a sign-in request is pending the button shows a loading state and a second click sends nothing', async () => {
      const user = await createUser(app.fapiUrl, origin, { prefix: `demo-${app.id}-busy`, password: PASSWORD });
      await withPage('loading-state', async (page) => {
        await open(page, '/sign-in');
        const start = await waitStep(page, 'sign-in', 'start', T.load);
        const fapiOrigin = new URL(app.fapiUrl).origin;
        const isSignIns = (url) => url.origin === fapiOrigin && url.pathname === '/v1/client/sign_ins';
        let sent = 0;
        await page.route(isSignIns, async (route) => {
          sent += 1;
          await new Promise((r) => setTimeout(r, 2_000));
          await route.continue().catch(() => {});
        });
        await (await input(start, 'identifier')).fill(user.email);
        const button = start.locator('button[type="submit"]').filter({ visible: true }).first();
        await button.click();
        await page.waitForTimeout(300);
        const busy = await button.evaluate((b) => ({
          disabled: b.disabled, ariaBusy: b.getAttribute('aria-busy') ?? b.closest('[aria-busy]')?.getAttribute('aria-busy'),
          ariaDisabled: b.getAttribute('aria-disabled'), text: b.innerText.trim(),
        }));
        await shot(page, 'sign-in-loading');
        assert.ok(busy.disabled || busy.ariaBusy === 'true' || busy.ariaDisabled === 'true',
          `the submit button shows no pending state while the request runs: ${JSON.stringify(busy)}`);
        await button.evaluate((b) => b.click()); // a second click, even on a disabled-looking button
        await waitStep(page, 'sign-in', 'password');
        assert.equal(sent, 1, 'POST /v1/client/sign_ins requests sent for one sign-in');
      });
    });

    it('on a phone-sized screen (375 px) SignIn fits without horizontal scrolling', async () => {
      await withPage('mobile', async (page) => {
        await page.setViewportSize({ width: 375, height: 740 });
        await open(page, '/sign-in');
        await waitStep(page, 'sign-in', 'start', T.load);
        await shot(page, 'sign-in-mobile');
        const m = await page.evaluate((s) => {
          const r = document.querySelector(s).getBoundingClientRect();
          return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, left: r.left, right: r.right };
        }, sel.component('sign-in'));
        assert.ok(m.scrollWidth <= m.innerWidth, `the page scrolls horizontally: ${JSON.stringify(m)}`);
        assert.ok(m.left >= 0 && m.right <= m.innerWidth, `SignIn sticks out of the viewport: ${JSON.stringify(m)}`);
      });
    });

    // ---- pseudo-locale: every state, every visible string localized ----

    it('en-XA: SignUp start, verify-email and the open UserButton show only pseudo-localized, keyed text', async () => {
      const problems = [];
      await withPage('en-XA-sign-up', async (page) => {
        const user = { email: uniqueEmail(`demo-${app.id}-xa`), firstName: 'Grace', lastName: 'Hopper' };
        const exempt = [...userDataOf(user), appName];
        const scan = async (state) => {
          for (const p of await pseudoLocaleProblems(page, exempt)) problems.push(`${state}: ${p}`);
        };
        await open(page, '/sign-up?locale=en-XA');
        const start = await waitStep(page, 'sign-up', 'start', T.load);
        await scan('SignUp start');
        await shot(page, 'en-XA-sign-up');
        await (await input(start, 'emailAddress')).fill(user.email);
        await (await input(start, 'password')).fill(PASSWORD);
        for (const [name, value] of [['firstName', user.firstName], ['lastName', user.lastName]]) {
          const f = start.locator(`input[name="${name}"]`).filter({ visible: true });
          if (await f.count()) await f.first().fill(value);
        }
        const seen = await outboxIds(app.fapiUrl);
        await submit(start);
        const verify = await waitStep(page, 'sign-up', 'verify-email');
        await verify.locator('input[name="code"]').first().waitFor({ state: 'visible', timeout: T.short });
        await scan('SignUp verify-email');
        const msg = await waitForMessage(app.fapiUrl, user.email, { seenIds: seen, channel: 'email', timeoutMs: T.outbox });
        await enterCode(page, verify, msg.code, { stepSelector: sel.step('sign-up', 'verify-email') });
        await waitSignedIn(page, { email: user.email });
        await open(page, '/?locale=en-XA');
        await waitSignedIn(page, { email: user.email });
        await scan('UserButton closed');
        await openUserMenu(page, { keyboard: false });
        await scan('UserButton open');
        await shot(page, 'en-XA-user-button-open');
      });
      assert.deepEqual(problems, [], 'unlocalized or not pseudo-localized text');
    });

    it('en-XA: SignIn start, password, error, forgot-password and reset-password show only pseudo-localized, keyed text', async () => {
      const user = await createUser(app.fapiUrl, origin, { prefix: `demo-${app.id}-xa-in`, password: PASSWORD, firstName: 'Alan', lastName: 'Turing' });
      const exempt = [...userDataOf(user), appName];
      const problems = [];
      await withPage('en-XA-sign-in', async (page) => {
        const scan = async (state) => {
          for (const p of await pseudoLocaleProblems(page, exempt)) problems.push(`${state}: ${p}`);
        };
        await open(page, '/sign-in?locale=en-XA');
        const start = await waitStep(page, 'sign-in', 'start', T.load);
        await scan('SignIn start');
        await shot(page, 'en-XA-sign-in');
        await (await input(start, 'identifier')).fill(user.email);
        await submit(start);
        const pw = await waitStep(page, 'sign-in', 'password');
        await scan('SignIn password');
        await (await input(pw, 'password')).fill(WRONG_PASSWORD);
        await submit(pw);
        await fieldError(page, pw, 'form_password_incorrect');
        await scan('SignIn password, wrong-password error');
        const seen = await outboxIds(app.fapiUrl);
        await pw.locator(sel.actionByKey('forgot')).first().click({ timeout: T.short }).catch(() => {
          throw new Error('no "Forgot password?" link/button (a key containing "forgot") in the password step');
        });
        const fp = await waitStep(page, 'sign-in', 'forgot-password');
        await scan('SignIn forgot-password (first view)');
        await reachResetCode(page, fp);
        await scan('SignIn forgot-password (code)');
        const msg = await waitForMessage(app.fapiUrl, user.email, { seenIds: seen, channel: 'email', timeoutMs: T.outbox });
        await enterCode(page, fp, msg.code, { stepSelector: sel.step('sign-in', 'forgot-password') });
        const rp = await waitStep(page, 'sign-in', 'reset-password');
        await scan('SignIn reset-password');
        const fields = rp.locator('input[type="password"]').filter({ visible: true });
        for (let i = 0; i < await fields.count(); i++) await fields.nth(i).fill(NEW_PASSWORD);
        await submit(rp);
        await waitSignedIn(page, { email: user.email });
      });
      assert.deepEqual(problems, [], 'unlocalized or not pseudo-localized text');
    });

    it('en-XA: SignIn with an email code (another method) shows only pseudo-localized, keyed text, and signs in', async () => {
      const user = await createUser(app.fapiUrl, origin, { prefix: `demo-${app.id}-xa-code`, password: PASSWORD });
      const exempt = [...userDataOf(user), appName];
      const problems = [];
      await withPage('en-XA-email-code', async (page) => {
        const scan = async (state) => {
          for (const p of await pseudoLocaleProblems(page, exempt)) problems.push(`${state}: ${p}`);
        };
        const pw = await toPasswordStep(page, user.email, '?locale=en-XA');
        const seen = await outboxIds(app.fapiUrl);
        await pw.locator(`${sel.actionByKey('useAnotherMethod')}, ${sel.actionByKey('signIn.password.actionLink')}`).first()
          .click({ timeout: T.short }).catch(() => {
            throw new Error('no "Use another method" link/button (key footerActionLink__useAnotherMethod or signIn.password.actionLink) in the password step');
          });
        const ecSel = sel.step('sign-in', 'email-code');
        const direct = await page.locator(ecSel).first().waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
        if (!direct) {
          await scan('SignIn alternative methods');
          await page.locator(`${sel.component('sign-in')} :is(${sel.actionByKey('emailCode')}, ${sel.actionByKey('email_code')})`).first()
            .click({ timeout: T.short }).catch(() => {
              throw new Error('after "Use another method", neither the email-code step nor a choice with a key containing "emailCode"');
            });
        }
        const ec = await waitStep(page, 'sign-in', 'email-code');
        await ec.locator('input[name="code"]').first().waitFor({ state: 'visible', timeout: T.step });
        await scan('SignIn email-code');
        await shot(page, 'en-XA-sign-in-email-code');
        const msg = await waitForMessage(app.fapiUrl, user.email, { seenIds: seen, channel: 'email', timeoutMs: T.outbox });
        await enterCode(page, ec, msg.code, { stepSelector: ecSel });
        const claims = await waitSignedIn(page, { email: user.email });
        assert.equal(claims.sub, user.userId);
      });
      assert.deepEqual(problems, [], 'unlocalized or not pseudo-localized text');
    });

    // ---- checks on what the flows recorded ----

    it('the signed-in page shows what the demo backend verified: its userId is the claims\' sub', () => {
      assert.ok(signedUp, 'the sign-up test did not reach the signed-in page (see its failure)');
      const { claims, backend } = signedUp;
      if (backend instanceof Error) throw backend;
      assert.equal(backend.userId, claims.sub, `GET ${app.demoApiUrl}/api/me answered ${JSON.stringify(backend)}`);
      assert.equal(backend.sessionId, claims.sid, 'the backend sees the same session');
      assert.equal(backend.orgId, null, 'a new user has no active organization');
    });

    it('axe: no serious or critical violations on SignIn, SignUp (both steps) and the open UserButton', (t) => {
      const needed = ['SignIn start', 'SignUp start', 'SignUp verify-email', 'UserButton open'];
      const missing = needed.filter((s) => !axe.has(s));
      assert.deepEqual(missing, [], 'states not reached by the flow tests above (see their failures)');
      for (const [state, v] of axe) for (const line of v.other) t.diagnostic(`axe (below the bar) ${state}: ${line}`);
      const found = [...axe].flatMap(([state, v]) => v.serious.map((line) => `${state}: ${line}`));
      assert.deepEqual(found, [], 'serious/critical axe violations');
    });

    it(`screenshots are written to target/screenshots/${app.id}-*.png`, () => {
      const missing = ['sign-in', 'sign-up', 'sign-up-verify', 'user-button-open'].filter((n) => {
        const f = screenshotPath(app.id, n);
        return !shots.has(n) || !fs.existsSync(f) || fs.statSync(f).size < 1000 || fs.statSync(f).mtimeMs < startedAt;
      });
      assert.deepEqual(missing, [], `screenshots not written by this run (in ${screenshotPath(app.id, '*')})`);
    });

    it('the pages never try to reach another origin (offline)', () => {
      assert.deepEqual(offsite, [], `requests to origins other than ${origin}, ${app.fapiUrl} and ${app.demoApiUrl}`);
    });

    /**
     * In the forgot-password step, get to the code field: it may be there at once (code already sent) or
     * behind a first choice ("Reset your password", Clerk's forgotPasswordAlternativeMethods).
     */
    async function reachResetCode(page, fp) {
      const code = fp.locator('input[name="code"]').first();
      if (await code.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) return;
      const go = fp.locator(`${sel.actionByKey('resetPassword')}, button[type="submit"]`).filter({ visible: true }).first();
      await go.click({ timeout: T.short }).catch(() => {
        throw new Error('forgot-password step: no code field and no "reset password" button to get one');
      });
      await page.locator(`${sel.step('sign-in', 'forgot-password')} input[name="code"]`).first()
        .waitFor({ state: 'visible', timeout: T.step }).catch(() => {
          throw new Error('forgot-password step: no <input name="code"> after asking for a reset code');
        });
    }
  });
}
