// Organizations end to end in both demo apps (issue #4), driven in headless Chromium through the components'
// DOM contract (docs/ui-contract.md) against the tessera-server and the demo backend they talk to:
//
//   user A signs in, creates an organization with a logo in CreateOrganization and invites B by email;
//   B opens the invitation link from the dev outbox, signs up there (no email field, no code) and is a member;
//   A promotes B to admin in OrganizationProfile; B picks the organization in OrganizationSwitcher: the
//   session claims' `o` and what the demo backend's `tessera-backend` `Auth` reports name the organization and
//   the admin role; B leaves; A deletes the organization.
//
// Along the way: screenshots of every component state (target/screenshots/<app>-org-*.png), axe (no serious or
// critical violation), and in a second run the pseudo-locale scan (every visible string localized) and French.
//
// Environment as demo-apps.test.mjs: TESSERA_YEW_DEMO_URL, TESSERA_JS_DEMO_URL, TESSERA_FAPI_URL,
// TESSERA_DEMO_API_URL. An app whose URL is not set is skipped.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { launchBrowser, newPage } from './support/browser.mjs';
import { waitForMessage } from './support/outbox.mjs';
import { uniqueEmail } from './support/flows.mjs';
import {
  T, sel, demoTargets, assertReachable, createUser, namedShot, goto, waitStep, input, submit,
  waitSignedIn, backendAuth, pseudoLocaleProblems, userDataOf, axeViolations,
} from './support/demo.mjs';

const PASSWORD = 'Tessera-Corr3ct-Horse!';

/** A 64×64 PNG logo (two-colour diagonal), encoded here so the upload is a real image. */
function logoPng() {
  const size = 64;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = [0];
    for (let x = 0; x < size; x++) row.push(...(x + y < size ? [79, 70, 229] : [14, 165, 233]));
    rows.push(Buffer.from(row));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const SWITCHER = sel.component('organization-switcher');
const PROFILE = sel.component('organization-profile');

for (const app of demoTargets()) {
  describe(`organizations in the ${app.title}`, { skip: app.skip }, () => {
    let browser;
    let origin;
    const pages = [];

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
        prefix: `org-${app.id}-${name}`,
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
            .map((el) => el.outerHTML.slice(0, 2500)).join('\n')).catch(() => '?');
          e.message += `\n--- ${app.title} ---\n${pg.diagnostics()}\ncomponents' DOM:\n${dom}`;
        }
        throw e;
      }
    }

    async function signIn(page, user, query = '') {
      await goto(page, `${app.url}/sign-in${query}`);
      const start = await waitStep(page, 'sign-in', 'start', T.load);
      await (await input(start, 'identifier')).fill(user.email);
      await submit(start);
      const pw = await waitStep(page, 'sign-in', 'password');
      await (await input(pw, 'password')).fill(user.password);
      await submit(pw);
      return waitSignedIn(page, { email: user.email });
    }

    /** The session claims once they satisfy `ok` (the page re-renders on every token). */
    async function claimsWhen(page, ok, what) {
      const deadline = Date.now() + T.step;
      let last;
      for (;;) {
        last = await page.locator(sel.claims).first().textContent({ timeout: T.step }).then(JSON.parse, () => null);
        if (last && ok(last)) return last;
        if (Date.now() > deadline) throw new Error(`session claims never ${what}: ${JSON.stringify(last)}`);
        await page.waitForTimeout(200);
      }
    }

    async function openSwitcher(page) {
      const trigger = page.locator(`${SWITCHER} button[aria-haspopup="menu"]`).first();
      await trigger.waitFor({ state: 'visible', timeout: T.load });
      await trigger.click();
      return page.locator(`${SWITCHER} [role="menu"]`).first().waitFor({ state: 'visible', timeout: T.short });
    }

    async function profilePage(page, name, query = '') {
      await goto(page, `${app.url}/organization${query}`);
      await page.locator(`${PROFILE}[data-page]`).first().waitFor({ state: 'visible', timeout: T.load });
      if (name !== 'general') {
        await page.locator(`${PROFILE} nav ${sel.actionByKey(`organizationProfile.navbar.${name}`)}`).first().click();
        await page.locator(`${PROFILE}[data-page="${name}"]`).first().waitFor({ state: 'visible', timeout: T.step });
      }
      return page.locator(PROFILE).first();
    }

    it('A creates an organization with a logo and invites B; B joins from the link, is promoted, switches, leaves; A deletes it', async () => {
      const a = await createUser(app.fapiUrl, origin, { prefix: `org-${app.id}-a`, password: PASSWORD, firstName: 'Ada', lastName: 'Admin' });
      const bEmail = uniqueEmail(`org-${app.id}-b`);
      const orgName = `Acme ${app.id} ${Date.now() % 100000}`;
      const A = await fresh('a');
      const B = await fresh('b');
      const axe = new Map();
      await withDiagnostics([A, B], async () => {
        await signIn(A.page, a);

        // CreateOrganization: logo + name (slug derived), then invite B.
        await goto(A.page, `${app.url}/create-organization`);
        const start = await waitStep(A.page, 'create-organization', 'start', T.load);
        await start.locator('input[name="logo"]').setInputFiles({ name: 'acme.png', mimeType: 'image/png', buffer: logoPng() });
        await (await input(start, 'name')).fill(orgName);
        const slug = await (await input(start, 'slug')).inputValue();
        assert.match(slug, /^acme-[a-z]+-\d+$/, 'the slug is derived from the name');
        await namedShot(A.page, app.id, 'org-create');
        axe.set('CreateOrganization start', await axeViolations(A.page));
        await submit(start);
        const invite = await waitStep(A.page, 'create-organization', 'invite-members');
        await invite.locator('textarea[name="emailAddresses"]').fill(bEmail);
        await namedShot(A.page, app.id, 'org-create-invite');
        axe.set('CreateOrganization invite', await axeViolations(A.page));
        await submit(invite);
        const done = await waitStep(A.page, 'create-organization', 'done').catch(() => null);
        if (done) await done.locator('button[data-action="finish"]').click();
        const aClaims = await claimsWhen(A.page, (c) => c.o?.slg === slug, 'named the new organization');
        const orgId = aClaims.o.id;
        assert.equal(aClaims.o.rol, 'admin', "the creator's role");

        // The switcher shows the organization with its uploaded logo.
        await openSwitcher(A.page);
        const logo = A.page.locator(`${SWITCHER} img`).first();
        await logo.waitFor({ state: 'visible', timeout: T.short });
        const logoStatus = await A.page.evaluate(async (src) => (await fetch(src)).status, await logo.getAttribute('src'));
        assert.equal(logoStatus, 200, 'the logo is served back');
        await namedShot(A.page, app.id, 'org-switcher-open');
        axe.set('OrganizationSwitcher open', await axeViolations(A.page));
        await A.page.keyboard.press('Escape');

        // B signs up from the invitation link: the invited address, no email field, no code.
        const message = await waitForMessage(app.fapiUrl, bEmail, { timeoutMs: T.outbox });
        const link = message.body.match(/https?:\/\/[^\s"<>]+__clerk_ticket=[A-Za-z0-9]+/)?.[0];
        assert.ok(link, `an accept link in the invitation: ${message.body}`);
        assert.ok(link.startsWith(`${app.url}/sign-up`), `the link opens this app's sign-up page: ${link}`);
        await goto(B.page, link);
        const signUp = await waitStep(B.page, 'sign-up', 'start', T.load);
        assert.equal(await signUp.locator('input[name="emailAddress"]').count(), 0, 'no email field with a ticket');
        await (await input(signUp, 'password')).fill(PASSWORD);
        await submit(signUp);
        await waitSignedIn(B.page, { email: bEmail });
        await openSwitcher(B.page);
        const item = B.page.locator(`${SWITCHER} [role="menuitem"][data-organization-id="${orgId}"]`).first();
        await item.waitFor({ state: 'visible', timeout: T.step });
        await B.page.keyboard.press('Escape');

        // A promotes B in OrganizationProfile › Members.
        const members = await profilePage(A.page, 'members');
        await namedShot(A.page, app.id, 'org-profile-members');
        axe.set('OrganizationProfile members', await axeViolations(A.page));
        const row = members.locator('tr[data-user-id]', { hasText: bEmail }).first();
        await row.waitFor({ state: 'visible', timeout: T.step });
        await row.locator('select[name="role"]').selectOption('org:admin');
        await members.locator(`tr[data-user-id][data-role="org:admin"]`, { hasText: bEmail }).first()
          .waitFor({ state: 'visible', timeout: T.step });

        // B switches to the organization: the token's `o` and the backend's Auth say admin of it.
        await goto(B.page, `${app.url}/`);
        await waitSignedIn(B.page, { email: bEmail });
        await openSwitcher(B.page);
        await B.page.locator(`${SWITCHER} [role="menuitem"][data-organization-id="${orgId}"]`).first().click();
        const bClaims = await claimsWhen(B.page, (c) => c.o?.id === orgId, 'named the organization after switching');
        assert.equal(bClaims.o.rol, 'admin');
        assert.equal(bClaims.o.slg, slug);
        let seen;
        for (let i = 0; i < 50; i++) {
          seen = await backendAuth(B.page);
          if (seen.orgId === orgId) break;
          await B.page.waitForTimeout(200);
        }
        assert.deepEqual(
          { userId: seen.userId, orgId: seen.orgId, orgSlug: seen.orgSlug, orgRole: seen.orgRole },
          { userId: bClaims.sub, orgId, orgSlug: slug, orgRole: 'org:admin' },
          "tessera-backend's Auth in the demo backend",
        );
        assert.ok(seen.orgPermissions.includes('org:sys_memberships:manage'), JSON.stringify(seen.orgPermissions));
        const trigger = B.page.locator(`${SWITCHER} button[aria-haspopup="menu"]`).first();
        assert.equal(await trigger.getAttribute('data-organization-id'), orgId, 'the trigger shows the organization');
        await namedShot(B.page, app.id, 'org-switcher-active');

        // B leaves (General › Leave organization, confirmed).
        const general = await profilePage(B.page, 'general');
        await namedShot(B.page, app.id, 'org-profile-general');
        axe.set('OrganizationProfile general', await axeViolations(B.page));
        await general.locator('[data-action="leave"]').first().click();
        const confirmLeave = general.locator('form[data-confirm="leave"]').first();
        await confirmLeave.waitFor({ state: 'visible', timeout: T.short });
        await submit(confirmLeave);
        await B.page.waitForURL((u) => u.pathname === '/', { timeout: T.step });
        await claimsWhen(B.page, (c) => !c.o, 'dropped the organization after leaving');

        // A deletes it (typing the name to confirm).
        const aGeneral = await profilePage(A.page, 'general');
        await aGeneral.locator('[data-action="delete"]').first().click();
        const confirmDelete = aGeneral.locator('form[data-confirm="delete"]').first();
        await confirmDelete.waitFor({ state: 'visible', timeout: T.short });
        await confirmDelete.locator('input[name="deleteConfirmation"]').fill(orgName);
        await namedShot(A.page, app.id, 'org-profile-delete');
        await submit(confirmDelete);
        await A.page.waitForURL((u) => u.pathname === '/', { timeout: T.step });
        await claimsWhen(A.page, (c) => !c.o, 'dropped the deleted organization');
        await openSwitcher(A.page);
        await A.page.waitForTimeout(500);
        assert.equal(await A.page.locator(`${SWITCHER} [data-organization-id="${orgId}"]`).count(), 0,
          'the deleted organization is no longer offered');
      });
      const bad = [...axe].flatMap(([state, v]) => v.serious.map((line) => `${state}: ${line}`));
      assert.deepEqual(bad, [], 'axe: serious or critical violations');
    });

    it('pseudo-locale: every string of the three organization components is localized; French shows French', async () => {
      const u = await createUser(app.fapiUrl, origin, { prefix: `org-${app.id}-xa`, password: PASSWORD, firstName: 'Pia', lastName: 'Pseudo' });
      const P = await fresh('xa');
      await withDiagnostics([P], async () => {
        const page = P.page;
        await signIn(page, u, '?locale=en-XA');
        const orgName = `Pseudo ${app.id} ${Date.now() % 100000}`;
        const exempt = [...userDataOf(u), orgName, 'PA', 'PP'];
        const problems = [];
        const scan = async (state) => {
          for (const p of await pseudoLocaleProblems(page, exempt)) problems.push(`${state}: ${p}`);
        };
        await goto(page, `${app.url}/create-organization?locale=en-XA`);
        const start = await waitStep(page, 'create-organization', 'start', T.load);
        await scan('CreateOrganization start');
        await (await input(start, 'name')).fill(orgName);
        exempt.push(await (await input(start, 'slug')).inputValue());
        await submit(start);
        await waitStep(page, 'create-organization', 'invite-members');
        await scan('CreateOrganization invite');
        await namedShot(page, app.id, 'org-create-invite-en-XA');
        await goto(page, `${app.url}/?locale=en-XA`);
        await waitSignedIn(page, { email: u.email });
        await openSwitcher(page);
        await scan('OrganizationSwitcher open');
        await page.keyboard.press('Escape');
        await profilePage(page, 'general', '?locale=en-XA');
        await scan('OrganizationProfile general');
        await profilePage(page, 'members', '?locale=en-XA');
        await scan('OrganizationProfile members');
        await namedShot(page, app.id, 'org-profile-members-en-XA');
        assert.deepEqual(problems, [], 'visible text that is not localized');

        // French: the same pages in fr-FR.
        const wrong = [];
        const french = async (key, re) => {
          const el = page.locator(`[data-localization-key="${key}"]`).first();
          const text = (await el.textContent({ timeout: T.step }).catch(() => '')).trim();
          if (!re.test(text)) wrong.push(`${key}: "${text}"`);
        };
        await profilePage(page, 'members', '?locale=fr-FR');
        await french('organizationProfile.navbar.members', /membres/i);
        await french('organizationProfile.navbar.general', /général/i);
        await openSwitcher(page);
        await french('organizationSwitcher.action__manageOrganization', /gérer/i);
        await french('organizationSwitcher.action__createOrganization', /créer/i);
        await namedShot(page, app.id, 'org-switcher-fr-FR');
        assert.deepEqual(wrong, [], 'fr-FR strings');
      });
    });
  });
}
