// THE acceptance test: Clerk's own JavaScript SDK from npm (@clerk/clerk-js 6.40.0 + @clerk/ui 1.36.0,
// unmodified browser bundles) runs against tessera-server in headless Chromium. A person signs up through
// Clerk's prebuilt SignUp (email + password + emailed code), is signed in, signs out through the
// UserButton, and signs in again through the prebuilt SignIn.
//
// The page, the bundles and the Frontend API are same-origin: a small Node server serves them and
// reverse-proxies /__clerk/* to tessera-server, and clerk-js is given that proxyUrl.
// Screenshots of each step: <repo>/target/screenshots/clerk-js-<variant>-NN-<step>.png
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, jwtVerify, decodeJwt } from 'jose';
import { startServer, makePublishableKey } from './support/server.mjs';
import { startClerkApp } from './support/clerk-app.mjs';
import { launchBrowser, newPage } from './support/browser.mjs';
import { outboxIds, waitForMessage } from './support/outbox.mjs';
import { uniqueEmail, PASSWORD, TEST_MODE_CODE } from './support/flows.mjs';

const VARIANTS = [
  {
    name: 'production',
    title: 'production instance, pk_live key, HttpOnly __client cookie',
    instanceType: 'production',
    // The server's own pk_live key: clerk-js never uses the dev browser with it.
    publishableKey: (server) => server.publishableKey,
    // Production instances have no outbox: a test-mode address takes 424242.
    testModeEmail: true,
    expectDevBrowser: false,
    // Short tokens, so the test can watch clerk-js refresh one on its own within seconds.
    tokenLifetimeSeconds: 20,
  },
  {
    name: 'development',
    title: 'development instance, pk_test key on a Clerk dev host, dev-browser token',
    instanceType: 'development',
    // clerk-js only sets up the dev browser when the key's host ends in a Clerk development suffix;
    // the proxyUrl decides where requests really go, so the host itself is never contacted.
    publishableKey: () => makePublishableKey('test', 'tessera-e2e.clerk.accounts.dev'),
    testModeEmail: false, // the code is read from the dev outbox
    expectDevBrowser: true,
  },
];

const WAIT = { timeout: 20_000 };

for (const v of VARIANTS) {
  describe(`clerk-js against tessera-server (${v.title})`, () => {
    let server;
    let app;
    let browser;
    let pg;
    const email = uniqueEmail(`clerkjs-${v.name}`, { testMode: v.testModeEmail });
    const state = {};

    before(async () => {
      app = await startClerkApp({ fapiUrl: () => server.fapiUrl, publishableKey: () => v.publishableKey(server) });
      server = await startServer({
        config: {
          instance_type: v.instanceType, allowed_origins: [app.origin], application_name: 'Tessera E2E',
          session_token_lifetime_seconds: v.tokenLifetimeSeconds,
        },
        allowedOrigins: [app.origin],
      });
      browser = await launchBrowser();
      pg = await newPage(browser, { allowedOrigins: [app.origin], prefix: `clerk-js-${v.name}` });
    });

    after(async () => {
      await pg?.context.close().catch(() => {});
      await browser?.close().catch(() => {});
      await app?.close();
      await server?.stop();
    });

    /** Fail with everything needed to see what happened. */
    async function fail(step, err) {
      await pg.shot(`FAILED-${step}`);
      const clerkState = await pg.page.evaluate(() => ({
        load: window.__clerkLoad, errors: window.__pageErrors,
        user: window.Clerk?.user?.id ?? null, session: window.Clerk?.session?.id ?? null,
        text: document.body.innerText.slice(0, 1500),
      })).catch((e) => ({ evaluateError: e.message }));
      const detail = err.actual !== undefined || err.expected !== undefined
        ? `\nactual: ${JSON.stringify(err.actual)}\nexpected: ${err.expected instanceof RegExp ? String(err.expected) : JSON.stringify(err.expected)}` : '';
      const e = new Error(`${err.message}${detail}\n\n--- ${step} ---\nclerk state: ${JSON.stringify(clerkState, null, 1)}\n` +
        `${pg.diagnostics()}\nproxy log:\n  ${app.proxyLog.slice(-40).map((q) => q.line).join('\n  ')}\n` +
        `server stderr (tail):\n${server.stderr().slice(-2000)}`, { cause: err });
      throw e;
    }

    async function runStep(name, fn) {
      try { await fn(); } catch (e) { await fail(name, e); }
    }

    async function loadPage(path) {
      await pg.page.goto(`${app.origin}${path}`, { waitUntil: 'load' });
      await pg.page.waitForFunction(() => window.__pageReady === true, null, WAIT);
      const load = await pg.page.evaluate(() => window.__clerkLoad);
      assert.equal(load, 'ok', `Clerk.load() failed: ${load}`);
      // "degraded" means clerk-js hit an error loading the environment or the client (it then runs on
      // defaults or a cached copy): the server must let it reach "ready".
      const status = await pg.page.evaluate(() => window.Clerk.status);
      if (status !== 'ready') {
        const failed = app.proxyLog.filter((e) => e.status < 200 || e.status > 299).map((e) => e.line);
        assert.fail(`Clerk.status after load is "${status}", expected "ready". clerk-js degrades when a request for ` +
          'the environment or the client fails or when it cannot parse the body (e.g. a missing nested object ' +
          'it dereferences; see fapi-schema.test.mjs for shape violations). ' +
          `Failed FAPI requests so far: ${failed.length ? failed.join('; ') : 'none (so: a body clerk-js could not parse)'}`);
      }
    }

    async function sessionToken() {
      return pg.page.evaluate(async () => ({
        userId: window.Clerk.user?.id, sessionId: window.Clerk.session?.id, jwt: await window.Clerk.session?.getToken(),
      }));
    }

    async function assertSignedIn(label) {
      await pg.page.waitForURL(`${app.origin}/home`, WAIT);
      await pg.page.waitForFunction(() => window.__pageReady === true, null, WAIT);
      await pg.page.waitForSelector('#who[data-user-id^="user_"]', WAIT);
      await pg.page.waitForSelector('.cl-userButtonTrigger', WAIT);
      await pg.shot(`${label}-signed-in`);
      const t = await sessionToken();
      assert.match(t.userId ?? '', /^user_/, 'Clerk.user.id');
      assert.match(t.sessionId ?? '', /^sess_/, 'Clerk.session.id');
      assert.ok(t.jwt, 'Clerk.session.getToken() returned a token');
      const claims = decodeJwt(t.jwt);
      assert.equal(claims.sub, t.userId, 'token sub is Clerk.user.id');
      assert.equal(claims.sid, t.sessionId, 'token sid is Clerk.session.id');
      assert.equal(claims.azp, app.origin, 'token azp is the page origin');
      // And it verifies, as the app's backend would.
      const jwks = createRemoteJWKSet(new URL(`${server.fapiUrl}/.well-known/jwks.json`));
      const { payload } = await jwtVerify(t.jwt, jwks, { issuer: server.fapiUrl, algorithms: ['RS256'] });
      assert.equal(payload.sub, t.userId);
      const text = await pg.page.locator('#who').innerText();
      assert.equal(text, `Signed in as ${email}`);
      return t;
    }

    it('Clerk.load() succeeds through the proxy', async () => {
      await runStep('load', async () => {
        await loadPage('/sign-up');
        await pg.page.waitForSelector('.cl-signUp-root', WAIT);
        await pg.shot('sign-up-form');
        const who = await pg.page.locator('#who').innerText();
        assert.equal(who, 'Signed out');
        const usedDevBrowser = app.proxyLog.some((e) => e.method === 'POST' && e.path === '/v1/dev_browser');
        assert.equal(usedDevBrowser, v.expectDevBrowser,
          `clerk-js ${v.expectDevBrowser ? 'should' : 'should not'} create a dev browser with this key`);
      });
    });

    it('signs up through the prebuilt SignUp (email, password, emailed code)', async () => {
      await runStep('sign-up', async () => {
        const { page } = pg;
        const seen = v.testModeEmail ? null : await outboxIds(server.fapiUrl);
        await page.locator('input[name="emailAddress"]').fill(email);
        await page.locator('input[name="password"]').fill(PASSWORD);
        await pg.shot('sign-up-filled');
        await page.locator('.cl-formButtonPrimary').click();

        const otp = page.locator('input[autocomplete="one-time-code"]').first();
        await otp.waitFor({ state: 'attached', ...WAIT });
        await pg.shot('sign-up-verify-email');
        let code = TEST_MODE_CODE;
        if (!v.testModeEmail) {
          const m = await waitForMessage(server.fapiUrl, email, { seenIds: seen, channel: 'email' });
          code = m.code;
        }
        await otp.focus();
        await page.keyboard.type(code, { delay: 40 });
        await pg.shot('sign-up-code-entered');
        state.signUp = await assertSignedIn('sign-up');
        const outbox = await fetch(`${server.fapiUrl}/__dev/outbox`).then((r) => (r.ok ? r.json() : null)).catch(() => null);
        if (v.testModeEmail && outbox) {
          assert.ok(!outbox.data.some((m) => m.to === email), 'a test-mode address is sent nothing');
        }
      });
    });

    it('keeps the user signed in across a reload', async () => {
      await runStep('reload', async () => {
        await loadPage('/home');
        const t = await assertSignedIn('reload');
        assert.equal(t.userId, state.signUp?.userId, 'same user after reload');
        assert.equal(t.sessionId, state.signUp?.sessionId, 'same session after reload');
      });
    });

    it('signs out through the UserButton', async () => {
      await runStep('sign-out', async () => {
        const { page } = pg;
        await page.locator('.cl-userButtonTrigger').click();
        const signOut = page.locator('.cl-userButtonPopoverActionButton__signOut');
        await signOut.waitFor(WAIT);
        await pg.shot('user-menu');
        await signOut.click();
        await page.waitForURL(`${app.origin}/sign-in`, WAIT);
        await page.waitForFunction(() => window.__pageReady === true, null, WAIT);
        await page.waitForSelector('.cl-signIn-root', WAIT);
        await pg.shot('signed-out');
        assert.equal(await page.locator('.cl-headerTitle').innerText(), 'Sign in to Tessera E2E',
          'SignIn title names the application from the environment');
        const st = await page.evaluate(() => ({ user: window.Clerk.user ?? null, session: window.Clerk.session ?? null }));
        assert.equal(st.user, null, 'Clerk.user is null after sign-out');
        assert.equal(st.session, null, 'Clerk.session is null after sign-out');
        assert.equal(await page.locator('#who').innerText(), 'Signed out');
      });
    });

    it('signs in with the password through the prebuilt SignIn', async () => {
      await runStep('sign-in', async () => {
        const { page } = pg;
        const pw = page.locator('input[name="password"]');
        const submit = page.locator('.cl-formButtonPrimary');
        await page.locator('input[name="identifier"]').fill(email);
        // With the password on the first screen, type a wrong one: clerk-js answers a form_password_incorrect
        // there by starting over with the identifier alone and showing the password step.
        const instantPassword = await pw.isVisible().catch(() => false);
        if (instantPassword) await pw.fill('Not-the-password-42!');
        await pg.shot('sign-in-identifier');
        await submit.click();
        await page.locator('.cl-headerTitle', { hasText: 'Enter your password' }).waitFor(WAIT);
        // A wrong password on the password step: the server's error must reach the field as Clerk's message.
        await pw.fill('Not-the-password-43!');
        await submit.click();
        const err = page.locator('.cl-formFieldErrorText').first();
        await err.waitFor({ state: 'visible', ...WAIT });
        await pg.shot('sign-in-wrong-password');
        assert.match(await err.innerText(), /password is incorrect/i, 'form_password_incorrect is shown on the password field');
        await pw.fill(PASSWORD);
        await pg.shot('sign-in-password');
        await submit.click();
        const t = await assertSignedIn('sign-in');
        assert.equal(t.userId, state.signUp?.userId, 'the same user signed back in');
        assert.notEqual(t.sessionId, state.signUp?.sessionId, 'a new session');
      });
    });

    it('creates an organization through the prebuilt CreateOrganization and switches to it', async () => {
      await runStep('organization', async () => {
        const { page } = pg;
        await loadPage('/create-organization');
        const name = page.locator('input[name="name"]');
        await name.waitFor(WAIT);
        await name.fill('Clerk JS Rockets');
        await pg.shot('create-organization');
        await page.locator('.cl-formButtonPrimary').click();
        await page.waitForURL(`${app.origin}/home`, WAIT);
        await page.waitForFunction(() => window.Clerk.organization?.id?.startsWith('org_'), null, WAIT);
        const org = await page.evaluate(() => ({ id: window.Clerk.organization.id, slug: window.Clerk.organization.slug,
          role: window.Clerk.organization && window.Clerk.user.organizationMemberships[0]?.role }));
        assert.equal(org.slug, 'clerk-js-rockets');
        assert.equal(org.role, 'org:admin');
        // The next session token carries the organization.
        const t = await sessionToken();
        const claims = decodeJwt(t.jwt);
        assert.equal(claims.o?.id, org.id, 'o.id of the session token');
        assert.equal(claims.o?.rol, 'admin', 'o.rol of the session token');
        // The switcher shows it; switching to the personal account drops the claim.
        const trigger = page.locator('.cl-organizationSwitcherTrigger');
        await trigger.waitFor(WAIT);
        assert.match(await trigger.innerText(), /Clerk JS Rockets/);
        await trigger.click();
        await pg.shot('organization-switcher-open');
        await page.locator('.cl-organizationSwitcherPopoverActionButton, .cl-organizationSwitcherPreviewButton', { hasText: /Personal account/i }).first().click();
        await page.waitForFunction(() => window.Clerk.organization === null, null, WAIT);
        const personal = decodeJwt((await sessionToken()).jwt);
        assert.equal(personal.o, undefined, 'no o claim in the personal account');
        // And back to the organization through the switcher.
        await trigger.click();
        await page.locator('.cl-organizationSwitcherPreviewButton, .cl-organizationSwitcherPopoverActionButton', { hasText: /Clerk JS Rockets/ }).first().click();
        await page.waitForFunction((id) => window.Clerk.organization?.id === id, org.id, WAIT);
        assert.equal(decodeJwt((await sessionToken()).jwt).o?.id, org.id);
      });
    });

    if (v.tokenLifetimeSeconds) {
      it(`refreshes the session token on its own before it expires (${v.tokenLifetimeSeconds} s tokens)`, async () => {
        await runStep('refresh', async () => {
          const sessionCookie = async () => (await pg.context.cookies(app.origin)).find((c) => c.name === '__session')?.value;
          const first = await sessionCookie();
          assert.ok(first, '__session cookie present while signed in');
          const c1 = decodeJwt(first);
          assert.equal(c1.exp - c1.iat, v.tokenLifetimeSeconds, 'the configured lifetime');
          const deadline = Date.now() + (v.tokenLifetimeSeconds + 10) * 1000;
          let next = first;
          while (next === first && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 500));
            next = await sessionCookie();
          }
          assert.notEqual(next, first, `clerk-js did not replace the __session token within ${v.tokenLifetimeSeconds + 10} s`);
          const c2 = decodeJwt(next);
          assert.ok(c2.exp > c1.exp, 'the new token expires later');
          assert.ok(c1.exp - Date.now() / 1000 > -2, 'it was replaced before (or right at) the old one expired');
          assert.equal(c2.sid, c1.sid, 'same session');
          const jwks = createRemoteJWKSet(new URL(`${server.fapiUrl}/.well-known/jwks.json`));
          await jwtVerify(next, jwks, { issuer: server.fapiUrl, algorithms: ['RS256'] });
          assert.equal(await pg.page.locator('#who').innerText(), `Signed in as ${email}`, 'still signed in');
        });
      });
    }

    it(`used ${v.expectDevBrowser ? 'the dev-browser token' : 'the __client cookie'} as the client credential`, async () => {
      await runStep('credential', async () => {
        const cookies = await pg.context.cookies(app.origin);
        const names = cookies.map((c) => c.name);
        const fapi = app.proxyLog.filter((e) => e.path.startsWith('/v1/') && e.path !== '/v1/dev_browser');
        assert.ok(fapi.length > 5, 'clerk-js made FAPI requests through the proxy');
        if (v.expectDevBrowser) {
          assert.ok(names.some((n) => n.startsWith('__clerk_db_jwt')), `dev-browser cookie on the app origin: ${names.join(', ')}`);
          const without = fapi.filter((e) => !e.dbJwt).map((e) => e.line);
          assert.deepEqual(without, [], 'every FAPI request carried __clerk_db_jwt');
        } else {
          const c = cookies.find((q) => q.name === '__client');
          assert.ok(c, `__client cookie on the app origin (via the proxy): ${names.join(', ')}`);
          assert.equal(c.httpOnly, true, '__client is HttpOnly');
          assert.equal(c.path, '/', '__client has Path=/');
          assert.ok(!names.some((n) => n.startsWith('__clerk_db_jwt')), 'no dev browser in production');
          assert.ok(!fapi.some((e) => e.dbJwt), 'no __clerk_db_jwt in production');
          const first = fapi.findIndex((e) => e.setCookies?.includes('__client'));
          assert.ok(first >= 0, 'the server set __client');
          const after = fapi.slice(first + 1).filter((e) => !e.clientCookie).map((e) => e.line);
          assert.deepEqual(after, [], 'every FAPI request after the first Set-Cookie carried __client');
        }
        assert.ok(names.some((n) => n.startsWith('__session')), `clerk-js wrote the __session cookie: ${names.join(', ')}`);
      });
    });

    it('every FAPI request clerk-js made succeeded', async () => {
      // The wrong passwords typed on purpose in the sign-in step answer 422; nothing else may fail.
      const intended = (e) => e.status === 422 && e.method === 'POST' &&
        /^\/v1\/client\/sign_ins(\/[^/]+\/attempt_first_factor)?$/.test(e.path);
      assert.ok(app.proxyLog.some(intended), 'the wrong password was rejected by the server');
      const failed = app.proxyLog.filter((e) => (e.status < 200 || e.status > 299) && !intended(e)).map((e) => e.line);
      assert.deepEqual(failed, [], `FAPI requests that failed (clerk-js needs them):\n${failed.join('\n')}\n\nall requests:\n${app.proxyLog.map((e) => e.line).join('\n')}`);
    });

    it('made no request off the app origin (works offline)', async () => {
      // Anything else (avatar images, captcha, fonts, telemetry) would fail offline and show up broken.
      assert.deepEqual(pg.blocked, [], `requests the page tried to send off the app origin:\n${pg.blocked.join('\n')}`);
    });
  });
}
