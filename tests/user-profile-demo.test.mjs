// UserProfile and second factors end to end in both demo apps (issue #5), driven in headless Chromium through
// the components' DOM contract (docs/ui-contract.md) against the tessera-server the demos talk to:
//
//   sign up in the demo's SignUp; UserButton › Manage account opens /user-profile (UserProfile); Security › add an
//   authenticator app: the secret is read from the page and the codes computed here with otplib (an RFC 6238
//   implementation independent of the server's); the backup codes are shown and read. Sign-in now asks for the
//   authenticator code; the same code again is refused (one use per time step), a backup code works once. A second
//   email address is verified with the code from /__dev/outbox and made primary (the home page and the UserButton
//   show it). Changing the password with "sign out of other devices" signs out a second browser context of the same
//   user, and the new password works. An SMS second factor on a test number (+1 XXX 555 01xx, code 424242). Ten
//   wrong second-factor codes lock the user: the SignIn shows the localized `user_locked` message.
//
// Along the way: axe (no serious or critical violation) and screenshots (target/screenshots/<app>-user-profile-*.png,
// <app>-sign-in-mfa-*.png); in a second test the pseudo-locale scan of UserProfile (Account, Security, authenticator
// enrolment with its QR code, backup codes) and of the SignIn second-factor screens, and their French.
//
// Environment as demo-apps.test.mjs: TESSERA_YEW_DEMO_URL, TESSERA_JS_DEMO_URL, TESSERA_FAPI_URL,
// TESSERA_DEMO_API_URL. An app whose URL is not set is skipped.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, newPage } from './support/browser.mjs';
import { outboxIds, waitForMessage } from './support/outbox.mjs';
import { uniqueEmail } from './support/flows.mjs';
import { REPO_ROOT } from './support/paths.mjs';
import { freshCode, stepAt, wrongCode } from './support/totp.mjs';
import {
  T, sel, demoTargets, assertReachable, createUser, namedShot, goto, waitStep, input, submit, enterCode,
  waitSignedIn, openUserMenu, signOutViaMenu, fieldError, pseudoLocaleProblems, userDataOf, axeViolations,
} from './support/demo.mjs';

const PASSWORD = 'Tessera-Corr3ct-Horse!';
const NEW_PASSWORD = 'Tessera-N3w-Staple-Battery!';
/** Test phone numbers (+1 XXX 555 0100..0199) take this code and are sent nothing. */
const TEST_PHONE_CODE = '424242';
/** A test phone number; the area code varies too, so runs against one server rarely pick a taken number. */
function testPhone() {
  const area = 201 + Math.floor(Math.random() * 780);
  return `+1${area}5550${100 + Math.floor(Math.random() * 100)}`;
}

/** A shipped locale file as a key → text lookup (`signIn.totpMfa.title`). */
function locale(tag) {
  const json = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'components', 'locales', `${tag}.json`), 'utf8'));
  return (key) => {
    // Keys are nested objects, except where a segment itself holds a dot; try the longest segments first.
    const find = (node, rest) => {
      if (rest === '') return typeof node === 'string' ? node : undefined;
      if (!node || typeof node !== 'object') return undefined;
      const parts = rest.split('.');
      for (let i = parts.length; i >= 1; i--) {
        const head = parts.slice(0, i).join('.');
        if (head in node) {
          const hit = find(node[head], parts.slice(i).join('.'));
          if (hit !== undefined) return hit;
        }
      }
      return undefined;
    };
    const text = find(json, key);
    if (text === undefined) throw new Error(`${tag}: no string for ${key}`);
    return text;
  };
}
const EN = locale('en-US');
const FR = locale('fr-FR');

const PROFILE = sel.component('user-profile');
const SIGN_IN = sel.component('sign-in');

for (const app of demoTargets()) {
  describe(`UserProfile and second factors in the ${app.title}`, { skip: app.skip }, () => {
    let browser;
    let origin;
    const pages = [];
    const axe = new Map();

    before(async () => {
      await assertReachable(app.url, app.title);
      await assertReachable(`${app.fapiUrl}/__dev/outbox`, 'the dev outbox of tessera-server (TESSERA_FAPI_URL)');
      origin = new URL(app.url).origin;
      browser = await launchBrowser();
    });

    after(async () => {
      for (const p of pages) await p.context.close().catch(() => {});
      await browser?.close().catch(() => {});
    });

    async function fresh(name) {
      const pg = await newPage(browser, {
        allowedOrigins: [origin, new URL(app.fapiUrl).origin, new URL(app.demoApiUrl).origin],
        prefix: `up-${app.id}-${name}`,
      });
      pages.push(pg);
      return pg;
    }

    /** Runs `fn`; on failure adds what the pages saw. */
    async function withDiagnostics(pgs, fn) {
      try {
        await fn();
      } catch (e) {
        for (const pg of pgs) {
          await pg.shot('FAILED');
          const dom = await pg.page.evaluate(() => [...document.querySelectorAll('[data-tessera-component]')]
            .map((el) => el.outerHTML.slice(0, 3000)).join('\n')).catch(() => '?');
          e.message += `\n--- ${app.title} (${pg.page.url()}) ---\n${pg.diagnostics()}\ncomponents' DOM:\n${dom}`;
        }
        throw e;
      }
    }

    const shot = (page, name) => namedShot(page, app.id, name);
    const checkAxe = async (page, state) => axe.set(`${state}`, await axeViolations(page));

    /** SignIn: identifier and password; returns the step that follows (a second factor, or signed in). */
    async function passwordStep(page, email, password, query = '') {
      await goto(page, `${app.url}/sign-in${query}`);
      const start = await waitStep(page, 'sign-in', 'start', T.load);
      await (await input(start, 'identifier')).fill(email);
      await submit(start);
      const pw = await waitStep(page, 'sign-in', 'password');
      await (await input(pw, 'password')).fill(password);
      await submit(pw);
      return pw;
    }

    /** Submit a second-factor step with `code` in its field; resolves to the FAPI answer. */
    async function attempt(page, step, field, code) {
      await (await input(step, field)).fill(code);
      const answer = page.waitForResponse((r) => r.url().includes('/attempt_second_factor'), { timeout: T.step });
      await submit(step);
      const res = await answer;
      const body = await res.json().catch(() => ({}));
      return { status: res.status(), code: body?.errors?.[0]?.code };
    }

    /** From a second-factor step, "Use another method" and pick `strategy`'s button. */
    async function switchTo(page, from, labelKey, stepName) {
      await page.locator(`${SIGN_IN} ${sel.actionByKey('footerActionLink__useAnotherMethod')}`).first().click();
      const alternatives = await waitStep(page, 'sign-in', 'alternative-methods');
      await alternatives.locator(sel.actionByKey(labelKey)).first().click();
      return waitStep(page, 'sign-in', stepName);
    }

    async function openProfile(page, query = '') {
      await goto(page, `${app.url}/user-profile${query}`);
      await page.locator(`${PROFILE}[data-page="account"]`).first().waitFor({ state: 'visible', timeout: T.load });
      return page.locator(PROFILE).first();
    }

    async function securityPage(page) {
      await page.locator(`${PROFILE} nav ${sel.actionByKey('userProfile.navbar.security')}`).first().click();
      await page.locator(`${PROFILE}[data-page="security"]`).first().waitFor({ state: 'visible', timeout: T.step });
      return page.locator(PROFILE).first();
    }

    async function signOut(page) {
      await signOutViaMenu(page, { keyboard: false });
      await page.locator('[data-testid="signed-out"]').first().waitFor({ state: 'visible', timeout: T.step });
    }

    /** Security › add an authenticator app: secret from the page, code from otplib; returns secret, step, codes. */
    async function enrolTotp(page, { shots = true } = {}) {
      const profile = await securityPage(page);
      if (shots) {
        await shot(page, 'user-profile-security');
        await checkAxe(page, 'UserProfile security');
      }
      await profile.locator('[data-action="add-totp"]').first().click();
      const secret = (await profile.locator('[data-testid="totp-secret"]').first().textContent({ timeout: T.step })).trim();
      assert.match(secret, /^[A-Z2-7 ]{16,}$/, `a base32 secret is shown: ${secret}`);
      await profile.locator('svg[data-testid="totp-qr"] path').first().waitFor({ state: 'attached', timeout: T.short });
      if (shots) {
        await shot(page, 'user-profile-totp');
        await checkAxe(page, 'UserProfile authenticator enrolment');
      }
      const form = profile.locator('form[data-form="verify-totp"]').first();
      const { code, step } = await freshCode(secret);
      await (await input(form, 'code')).fill(code);
      await submit(form);
      const list = profile.locator('[data-testid="backup-codes"] li');
      await page.waitForFunction((s) => document.querySelectorAll(s).length === 10,
        `${PROFILE} [data-testid="backup-codes"] li`, { timeout: T.step });
      const codes = (await list.allTextContents()).map((c) => c.trim());
      assert.equal(new Set(codes).size, 10, `ten different backup codes: ${codes}`);
      if (shots) {
        await shot(page, 'user-profile-backup-codes');
        await checkAxe(page, 'UserProfile backup codes');
      }
      await profile.locator('[data-action="finish"]').first().click();
      await profile.locator('[data-factor="totp"] [data-action="remove-totp"]').first()
        .waitFor({ state: 'visible', timeout: T.step });
      return { secret, usedStep: step, backupCodes: codes };
    }

    /** Sign up through the demo's SignUp (the code from the outbox); returns the user. */
    async function signUp(page, prefix) {
      const user = { email: uniqueEmail(prefix), password: PASSWORD, firstName: 'Mia', lastName: 'Factor' };
      await goto(page, `${app.url}/sign-up`);
      const start = await waitStep(page, 'sign-up', 'start', T.load);
      await (await input(start, 'emailAddress')).fill(user.email);
      await (await input(start, 'password')).fill(user.password);
      for (const [name, value] of [['firstName', user.firstName], ['lastName', user.lastName]]) {
        const f = start.locator(`input[name="${name}"]`).filter({ visible: true });
        if (await f.count()) await f.first().fill(value);
      }
      const seen = await outboxIds(app.fapiUrl);
      await submit(start);
      const verify = await waitStep(page, 'sign-up', 'verify-email');
      const msg = await waitForMessage(app.fapiUrl, user.email, { seenIds: seen, channel: 'email', timeoutMs: T.outbox });
      await enterCode(page, verify, msg.code, { stepSelector: sel.step('sign-up', 'verify-email') });
      await waitSignedIn(page, { email: user.email });
      return user;
    }

    // State the tests of one app share, in order.
    const u = {};

    it('Manage account opens UserProfile; an authenticator app from the shown secret; sign-in asks for its code, a reused code is refused, a backup code works once', async () => {
      const A = await fresh('a');
      const page = A.page;
      await withDiagnostics([A], async () => {
        Object.assign(u, await signUp(page, `up-${app.id}`));

        // UserButton › Manage account → /user-profile with UserProfile.
        const { menu } = await openUserMenu(page, { keyboard: false });
        await menu.locator(sel.menuItem('userButton.action__manageAccount')).first().click();
        await page.waitForURL((url) => url.pathname === '/user-profile', { timeout: T.step });
        const profile = page.locator(PROFILE).first();
        await page.locator(`${PROFILE}[data-page="account"]`).first().waitFor({ state: 'visible', timeout: T.load });
        assert.ok((await profile.textContent()).includes(u.email), 'the Account page lists the email address');
        await shot(page, 'user-profile-account');
        await checkAxe(page, 'UserProfile account');

        Object.assign(u, await enrolTotp(page));

        // Sign out; the password alone no longer signs in: the authenticator code is asked for.
        await signOut(page);
        await passwordStep(page, u.email, u.password);
        let totp = await waitStep(page, 'sign-in', 'totp-mfa');
        await shot(page, 'sign-in-mfa-totp');
        await checkAxe(page, 'SignIn totp-mfa');
        // A step is accepted once: the enrolment used one, so the next one is awaited.
        // (With 22 s of the step left, the reuse below still falls in the same step.)
        const first = await freshCode(u.secret, { usedStep: u.usedStep, marginS: 22 });
        let r = await attempt(page, totp, 'code', first.code);
        assert.equal(r.status, 200, `the authenticator code signs in (${JSON.stringify(r)})`);
        await waitSignedIn(page, { email: u.email });
        u.usedStep = first.step;

        // The same code again, still within its step: refused, the localized error next to the field.
        await signOut(page);
        await passwordStep(page, u.email, u.password);
        totp = await waitStep(page, 'sign-in', 'totp-mfa');
        assert.equal(stepAt(), first.step, 'still the same time step (the code was fresh)');
        r = await attempt(page, totp, 'code', first.code);
        assert.equal(r.code, 'form_code_incorrect', `a reused code is refused: ${JSON.stringify(r)}`);
        const reused = await fieldError(page, totp, 'form_code_incorrect');
        assert.equal(reused.text, EN('unstable__errors.form_code_incorrect'));
        assert.deepEqual(reused.problems, [], 'the error follows the contract');
        await shot(page, 'sign-in-mfa-totp-error');

        // Another method: a backup code signs in.
        await page.locator(`${SIGN_IN} ${sel.actionByKey('footerActionLink__useAnotherMethod')}`).first().click();
        const alternatives = await waitStep(page, 'sign-in', 'alternative-methods');
        await shot(page, 'sign-in-mfa-alternatives');
        await checkAxe(page, 'SignIn alternative-methods');
        await alternatives.locator(sel.actionByKey('signIn.alternativeMethods.blockButton__backupCode')).first().click();
        let backup = await waitStep(page, 'sign-in', 'backup-code-mfa');
        await shot(page, 'sign-in-mfa-backup-code');
        await checkAxe(page, 'SignIn backup-code-mfa');
        r = await attempt(page, backup, 'backupCode', u.backupCodes[0]);
        assert.equal(r.status, 200, `a backup code signs in (${JSON.stringify(r)})`);
        await waitSignedIn(page, { email: u.email });

        // The same backup code a second time: refused.
        await signOut(page);
        await passwordStep(page, u.email, u.password);
        totp = await waitStep(page, 'sign-in', 'totp-mfa');
        backup = await switchTo(page, totp, 'signIn.alternativeMethods.blockButton__backupCode', 'backup-code-mfa');
        r = await attempt(page, backup, 'backupCode', u.backupCodes[0]);
        assert.equal(r.code, 'form_code_incorrect', `a used backup code is refused: ${JSON.stringify(r)}`);
        const used = await fieldError(page, backup, 'form_code_incorrect');
        assert.equal(used.text, EN('unstable__errors.form_code_incorrect'));
        await shot(page, 'sign-in-mfa-backup-code-error');
        r = await attempt(page, backup, 'backupCode', u.backupCodes[1]);
        assert.equal(r.status, 200, `another backup code signs in (${JSON.stringify(r)})`);
        await waitSignedIn(page, { email: u.email });
        u.page = A;
      });
    });

    it('a second email verified with the emailed code and made primary; a password change signs out the other device', async () => {
      assert.ok(u.page, 'needs the previous test (a user with an authenticator app)');
      const A = u.page;
      const page = A.page;
      const B = await fresh('b');
      await withDiagnostics([A, B], async () => {
        // Account › add an email address, the code from the outbox, made primary.
        const second = uniqueEmail(`up-${app.id}-work`);
        let profile = await openProfile(page);
        await profile.locator('[data-action="add-email-address"]').first().click();
        const add = profile.locator('form[data-form="add-email-address"]').first();
        await (await input(add, 'emailAddress')).fill(second);
        const seen = await outboxIds(app.fapiUrl);
        await submit(add);
        const verify = profile.locator('form[data-form="verify-email-address"]').first();
        await verify.waitFor({ state: 'visible', timeout: T.step });
        await shot(page, 'user-profile-email-verify');
        await checkAxe(page, 'UserProfile verify email');
        const msg = await waitForMessage(app.fapiUrl, second, { seenIds: seen, channel: 'email', timeoutMs: T.outbox });
        await (await input(verify, 'code')).fill(msg.code);
        await submit(verify);
        const row = profile.locator('li[data-email-address-id]', { hasText: second }).first();
        await row.locator('[data-action="make-primary"]').waitFor({ state: 'visible', timeout: T.step });
        await row.locator('[data-action="make-primary"]').click();
        await row.locator('[data-badge="primary"]').waitFor({ state: 'visible', timeout: T.step });
        await shot(page, 'user-profile-emails');
        await goto(page, `${app.url}/`);
        await waitSignedIn(page);
        await page.locator('[data-testid="user-email"]', { hasText: second }).first()
          .waitFor({ state: 'visible', timeout: T.step })
          .catch(async () => {
            throw new Error(`the home page shows ${await page.locator('[data-testid="user-email"]').first().textContent()} instead of the new primary ${second}`);
          });
        u.primary = second;
        await openUserMenu(page, { keyboard: false });
        const button = page.locator(sel.component('user-button')).first();
        assert.ok((await button.textContent()).includes(second), 'the open UserButton shows the new primary address');
        await page.keyboard.press('Escape');

        // A second browser (context) signed in as the same user (a backup code for its second factor).
        await passwordStep(B.page, second, u.password);
        const totpB = await waitStep(B.page, 'sign-in', 'totp-mfa');
        const backupB = await switchTo(B.page, totpB, 'signIn.alternativeMethods.blockButton__backupCode', 'backup-code-mfa');
        const rb = await attempt(B.page, backupB, 'backupCode', u.backupCodes[2]);
        assert.equal(rb.status, 200, JSON.stringify(rb));
        await waitSignedIn(B.page, { email: second });

        // Security › change the password, "sign out of other devices" (the default) kept.
        profile = await openProfile(page);
        await securityPage(page);
        await profile.locator('[data-action="update-password"]').first().click();
        const form = profile.locator('form[data-form="password"]').first();
        await form.waitFor({ state: 'visible', timeout: T.step });
        assert.equal(await form.locator('input[name="signOutOfOtherSessions"]').isChecked(), true,
          'signing out of other devices is offered and on');
        await (await input(form, 'currentPassword')).fill(u.password);
        await (await input(form, 'newPassword')).fill(NEW_PASSWORD);
        await (await input(form, 'confirmPassword')).fill(NEW_PASSWORD);
        await shot(page, 'user-profile-password');
        await checkAxe(page, 'UserProfile password form');
        await submit(form);
        await profile.locator('[data-localization-key="userProfile.passwordPage.successMessage__update"]').first()
          .waitFor({ state: 'visible', timeout: T.step });
        u.password = NEW_PASSWORD;

        // The other device is signed out on its next load.
        await goto(B.page, `${app.url}/`);
        await B.page.locator('[data-testid="signed-out"]').first().waitFor({ state: 'visible', timeout: T.load })
          .catch(() => { throw new Error('the other browser is still signed in after the password change'); });

        // The old password is refused, the new one works (with the second factor).
        await signOut(page);
        const pw = await passwordStep(page, second, PASSWORD);
        const wrong = await fieldError(page, pw, 'form_password_incorrect');
        assert.equal(wrong.text, EN('unstable__errors.form_password_incorrect'));
        await (await input(pw, 'password')).fill(NEW_PASSWORD);
        await submit(pw);
        const totp = await waitStep(page, 'sign-in', 'totp-mfa');
        const code = await freshCode(u.secret, { usedStep: u.usedStep });
        const r = await attempt(page, totp, 'code', code.code);
        assert.equal(r.status, 200, JSON.stringify(r));
        u.usedStep = code.step;
        await waitSignedIn(page, { email: second });
      });
    });

    it('an SMS code as second factor on a test number', async () => {
      assert.ok(u.page, 'needs the previous tests');
      const A = u.page;
      const page = A.page;
      await withDiagnostics([A], async () => {
        const phone = testPhone();
        const profile = await openProfile(page);
        await profile.locator('[data-action="add-phone-number"]').first().click();
        const add = profile.locator('form[data-form="add-phone-number"]').first();
        await (await input(add, 'phoneNumber')).fill(phone);
        await submit(add);
        const verify = profile.locator('form[data-form="verify-phone-number"]').first();
        await verify.waitFor({ state: 'visible', timeout: T.step });
        await (await input(verify, 'code')).fill(TEST_PHONE_CODE);
        await submit(verify);
        await profile.locator('li[data-phone-number-id]', { hasText: phone }).first().waitFor({ state: 'visible', timeout: T.step });
        await page.waitForFunction((s) => !document.querySelector(s), `${PROFILE} form[data-form="verify-phone-number"]`, { timeout: T.step });
        const phoneId = await profile.locator('li[data-phone-number-id]', { hasText: phone }).first().getAttribute('data-phone-number-id');

        // Security › two-step verification › SMS code: the verified number, chosen.
        await securityPage(page);
        await profile.locator('[data-action="add-phone-code"]').first().click();
        const choose = profile.locator('form[data-form="add-phone-code"]').first();
        await choose.waitFor({ state: 'visible', timeout: T.step });
        const radio = choose.locator(`input[name="phoneNumberId"][value="${phoneId}"]`);
        if (await radio.count()) await radio.check();
        await shot(page, 'user-profile-sms');
        await checkAxe(page, 'UserProfile add SMS code');
        await submit(choose);
        // Enabled: a notice (naming the number) with "Finish" — the backup codes came with the authenticator app.
        const notice = profile.locator('[data-localization-key="userProfile.mfaPhoneCodePage.successMessage"]').first();
        await notice.waitFor({ state: 'visible', timeout: T.step });
        assert.ok((await notice.textContent()).includes(phone), 'the notice names the number');
        await shot(page, 'user-profile-sms-enabled');
        await profile.locator('[data-action="finish"]').first().click();
        const row = profile.locator(`[data-factor="phone-code"][data-phone-number-id="${phoneId}"]`).first();
        await row.waitFor({ state: 'visible', timeout: T.step });
        await shot(page, 'user-profile-security-factors');

        await signOut(page);
        await passwordStep(page, u.primary, u.password);
        const totp = await waitStep(page, 'sign-in', 'totp-mfa');
        const sms = await switchTo(page, totp, 'signIn.alternativeMethods.blockButton__phoneCode', 'phone-code-mfa');
        await shot(page, 'sign-in-mfa-sms');
        await checkAxe(page, 'SignIn phone-code-mfa');
        const r = await attempt(page, sms, 'code', TEST_PHONE_CODE);
        assert.equal(r.status, 200, `the SMS code signs in (${JSON.stringify(r)})`);
        await waitSignedIn(page, { email: u.primary });
      });
    });

    it('ten wrong second-factor codes lock the user: the SignIn shows the localized user_locked message', async () => {
      assert.ok(u.page, 'needs the previous tests');
      const A = u.page;
      const page = A.page;
      await withDiagnostics([A], async () => {
        await signOut(page);
        await passwordStep(page, u.primary, u.password);
        const totp = await waitStep(page, 'sign-in', 'totp-mfa');
        // The counter started again at the last sign-in: nine wrong codes are refused as such, the tenth locks.
        for (let i = 1; i <= 10; i++) {
          const r = await attempt(page, totp, 'code', await wrongCode(u.secret));
          const expected = i < 10 ? 'form_code_incorrect' : 'user_locked';
          assert.equal(r.code, expected, `wrong code #${i}: ${JSON.stringify(r)}`);
        }
        const locked = page.locator(`${SIGN_IN} [data-error-code="user_locked"]`).first();
        await locked.waitFor({ state: 'visible', timeout: T.step });
        assert.equal((await locked.textContent()).replace(/\s+/g, ' ').trim(), EN('unstable__errors.user_locked'));
        await shot(page, 'sign-in-mfa-locked');
        await checkAxe(page, 'SignIn locked');
        // Even the right code is refused now.
        const right = await freshCode(u.secret, { usedStep: u.usedStep });
        const r = await attempt(page, totp, 'code', right.code);
        assert.equal(r.code, 'user_locked', JSON.stringify(r));
      });
      const bad = [...axe].flatMap(([state, v]) => v.serious.map((line) => `${state}: ${line}`));
      assert.deepEqual(bad, [], 'axe: serious or critical violations');
    });

    it('pseudo-locale: UserProfile and the SignIn second-factor screens are localized; French shows French', async () => {
      const x = await createUser(app.fapiUrl, origin, { prefix: `up-${app.id}-xa`, password: PASSWORD, firstName: 'Pia', lastName: 'Pseudo' });
      const P = await fresh('xa');
      const page = P.page;
      await withDiagnostics([P], async () => {
        const exempt = [...userDataOf(x), 'PP'];
        const problems = [];
        const scan = async (state) => {
          for (const p of await pseudoLocaleProblems(page, exempt)) problems.push(`${state}: ${p}`);
        };
        await passwordStep(page, x.email, x.password, '?locale=en-XA');
        await waitSignedIn(page, { email: x.email });
        await openProfile(page, '?locale=en-XA');
        await scan('UserProfile account');
        await shot(page, 'user-profile-account-en-XA');
        const profile = await securityPage(page);
        await scan('UserProfile security');
        await profile.locator('[data-action="add-totp"]').first().click();
        const secret = (await profile.locator('[data-testid="totp-secret"]').first().textContent({ timeout: T.step })).trim();
        await profile.locator('svg[data-testid="totp-qr"]').first().waitFor({ state: 'visible', timeout: T.short });
        exempt.push(secret);
        await scan('UserProfile authenticator enrolment');
        await shot(page, 'user-profile-totp-en-XA');
        const form = profile.locator('form[data-form="verify-totp"]').first();
        const enrolled = await freshCode(secret);
        await (await input(form, 'code')).fill(enrolled.code);
        await submit(form);
        await page.waitForFunction((s) => document.querySelectorAll(s).length === 10,
          `${PROFILE} [data-testid="backup-codes"] li`, { timeout: T.step });
        const codes = (await profile.locator('[data-testid="backup-codes"] li').allTextContents()).map((c) => c.trim());
        exempt.push(...codes);
        await scan('UserProfile backup codes');
        await shot(page, 'user-profile-backup-codes-en-XA');
        await profile.locator('[data-action="finish"]').first().click();
        await profile.locator('[data-factor="totp"] [data-action="remove-totp"]').first().waitFor({ state: 'visible', timeout: T.step });
        await scan('UserProfile security with an authenticator app');

        // A phone number (Account) and SMS codes (Security) in the pseudo-locale too.
        await page.locator(`${PROFILE} nav ${sel.actionByKey('userProfile.navbar.account')}`).first().click();
        await page.locator(`${PROFILE}[data-page="account"]`).first().waitFor({ state: 'visible', timeout: T.step });
        await profile.locator('[data-action="add-phone-number"]').first().click();
        const addPhone = profile.locator('form[data-form="add-phone-number"]').first();
        await scan('UserProfile add phone number');
        await (await input(addPhone, 'phoneNumber')).fill(testPhone());
        await submit(addPhone);
        const verifyPhone = profile.locator('form[data-form="verify-phone-number"]').first();
        await verifyPhone.waitFor({ state: 'visible', timeout: T.step });
        await scan('UserProfile verify phone number');
        await (await input(verifyPhone, 'code')).fill(TEST_PHONE_CODE);
        await submit(verifyPhone);
        await page.waitForFunction((q) => !document.querySelector(q), `${PROFILE} form[data-form="verify-phone-number"]`, { timeout: T.step });
        await scan('UserProfile account with a phone number');
        await securityPage(page);
        await profile.locator('[data-action="add-phone-code"]').first().click();
        const addCode = profile.locator('form[data-form="add-phone-code"]').first();
        await addCode.waitFor({ state: 'visible', timeout: T.step });
        await scan('UserProfile add SMS code');
        await submit(addCode);
        const finish = profile.locator('[data-action="finish"]').first();
        await finish.waitFor({ state: 'visible', timeout: T.step });
        await scan('UserProfile SMS code enabled');
        await finish.click();
        await profile.locator('[data-factor="phone-code"]').first().waitFor({ state: 'visible', timeout: T.step });
        await scan('UserProfile security with three second factors');
        await shot(page, 'user-profile-security-en-XA');

        // The SignIn second-factor screens.
        await signOut(page);
        await passwordStep(page, x.email, x.password, '?locale=en-XA');
        const totp = await waitStep(page, 'sign-in', 'totp-mfa');
        await scan('SignIn totp-mfa');
        const r = await attempt(page, totp, 'code', await wrongCode(secret));
        assert.equal(r.code, 'form_code_incorrect');
        await totp.locator('[data-error-code="form_code_incorrect"]').first().waitFor({ state: 'visible', timeout: T.step });
        await scan('SignIn totp-mfa with an error');
        await shot(page, 'sign-in-mfa-totp-en-XA');
        await page.locator(`${SIGN_IN} ${sel.actionByKey('footerActionLink__useAnotherMethod')}`).first().click();
        await waitStep(page, 'sign-in', 'alternative-methods');
        await scan('SignIn alternative-methods');
        await page.locator(`${SIGN_IN} ${sel.actionByKey('signIn.alternativeMethods.blockButton__backupCode')}`).first().click();
        await waitStep(page, 'sign-in', 'backup-code-mfa');
        await scan('SignIn backup-code-mfa');
        await page.locator(`${SIGN_IN} ${sel.actionByKey('footerActionLink__useAnotherMethod')}`).first().click();
        await waitStep(page, 'sign-in', 'alternative-methods');
        await page.locator(`${SIGN_IN} ${sel.actionByKey('signIn.alternativeMethods.blockButton__phoneCode')}`).first().click();
        await waitStep(page, 'sign-in', 'phone-code-mfa');
        await scan('SignIn phone-code-mfa');
        await shot(page, 'sign-in-mfa-sms-en-XA');
        assert.deepEqual(problems, [], 'visible text that is not localized');

        // French: the same screens.
        const wrong = [];
        const french = async (key) => {
          const el = page.locator(`[data-localization-key="${key}"]`).first();
          const text = (await el.textContent({ timeout: T.step }).catch(() => '')).replace(/\s+/g, ' ').trim();
          if (text !== FR(key)) wrong.push(`${key}: "${text}" instead of "${FR(key)}"`);
        };
        await passwordStep(page, x.email, x.password, '?locale=fr-FR');
        const totpFr = await waitStep(page, 'sign-in', 'totp-mfa');
        await french('signIn.totpMfa.title');
        await french('signIn.totpMfa.formTitle');
        await shot(page, 'sign-in-mfa-totp-fr-FR');
        const rf = await attempt(page, totpFr, 'code', await wrongCode(secret));
        assert.equal(rf.code, 'form_code_incorrect');
        await french('unstable__errors.form_code_incorrect');
        await page.locator(`${SIGN_IN} ${sel.actionByKey('footerActionLink__useAnotherMethod')}`).first().click();
        await waitStep(page, 'sign-in', 'alternative-methods');
        await french('signIn.alternativeMethods.title');
        await french('signIn.alternativeMethods.blockButton__backupCode');
        await page.locator(`${SIGN_IN} ${sel.actionByKey('signIn.alternativeMethods.blockButton__backupCode')}`).first().click();
        const backup = await waitStep(page, 'sign-in', 'backup-code-mfa');
        await french('signIn.backupCodeMfa.title');
        const rb = await attempt(page, backup, 'backupCode', codes[0]);
        assert.equal(rb.status, 200, JSON.stringify(rb));
        await waitSignedIn(page, { email: x.email });
        await openProfile(page, '?locale=fr-FR');
        await french('userProfile.navbar.account');
        await french('userProfile.navbar.security');
        await securityPage(page);
        await french('userProfile.start.mfaSection.title');
        await french('userProfile.start.mfaSection.totp.headerTitle');
        await french('userProfile.start.mfaSection.backupCodes.headerTitle');
        await shot(page, 'user-profile-security-fr-FR');
        assert.deepEqual(wrong, [], 'fr-FR strings');
      });
    });
  });
}
