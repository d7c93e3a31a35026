// Every FAPI endpoint tessera-server implements answers in the shapes of Clerk's FAPI OpenAPI description
// (tests/reference/fapi-2026-05-12.yml): a realistic flow drives each endpoint, success and error
// responses alike, and validates the real bodies against the spec's response schemas.
//
// A failure names the request, the JSON path in the response, what the spec requires there and which spec
// component says so. A summary of all violations is also written to target/fapi-schema-report.txt.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { startServer } from './support/server.mjs';
import { Fapi, describeExchange } from './support/fapi.mjs';
import { outboxIds, waitForMessage } from './support/outbox.mjs';
import { validateExchange, formatViolation, specPathFor, responseSchema } from './support/schema.mjs';
import { uniqueEmail, PASSWORD, TEST_MODE_CODE } from './support/flows.mjs';
import { REPO_ROOT } from './support/paths.mjs';

const ORIGIN = 'http://localhost:3000';
const NEW_PASSWORD = 'Tessera-N3w-Battery-Staple!';

/**
 * The endpoints tessera-server implements (and clerk-js needs): each must be seen with a 2xx that conforms.
 * PATCH /v1/environment is here because clerk-js 6.40 sends it (`touch`) on every load in development.
 */
const IMPLEMENTED = [
  ['GET', '/v1/environment'],
  ['PATCH', '/v1/environment'],
  ['POST', '/v1/dev_browser'],
  ['GET', '/v1/client'],
  ['POST', '/v1/client'],
  ['DELETE', '/v1/client'],
  ['DELETE', '/v1/client/sessions'],
  ['POST', '/v1/client/sign_ups'],
  ['GET', '/v1/client/sign_ups/{sign_up_id}'],
  ['PATCH', '/v1/client/sign_ups/{sign_up_id}'],
  ['POST', '/v1/client/sign_ups/{sign_up_id}/prepare_verification'],
  ['POST', '/v1/client/sign_ups/{sign_up_id}/attempt_verification'],
  ['POST', '/v1/client/sign_ins'],
  ['GET', '/v1/client/sign_ins/{sign_in_id}'],
  ['POST', '/v1/client/sign_ins/{sign_in_id}/prepare_first_factor'],
  ['POST', '/v1/client/sign_ins/{sign_in_id}/attempt_first_factor'],
  ['POST', '/v1/client/sign_ins/{sign_in_id}/reset_password'],
  ['POST', '/v1/client/sessions/{session_id}/touch'],
  ['POST', '/v1/client/sessions/{session_id}/tokens'],
  ['POST', '/v1/client/sessions/{session_id}/end'],
  ['POST', '/v1/client/sessions/{session_id}/remove'],
  ['GET', '/v1/me'],
  ['PATCH', '/v1/me'],
  ['GET', '/v1/me/sessions/active'],
  ['POST', '/v1/me/sessions/{session_id}/revoke'],
  ['GET', '/.well-known/jwks.json'],
  // organizations
  ['POST', '/v1/organizations'],
  ['GET', '/v1/organizations/{organization_id}'],
  ['PATCH', '/v1/organizations/{organization_id}'],
  ['DELETE', '/v1/organizations/{organization_id}'],
  ['GET', '/v1/organizations/{organization_id}/roles'],
  ['GET', '/v1/organizations/{organization_id}/memberships'],
  ['PATCH', '/v1/organizations/{organization_id}/memberships/{user_id}'],
  ['DELETE', '/v1/organizations/{organization_id}/memberships/{user_id}'],
  ['GET', '/v1/organizations/{organization_id}/invitations'],
  ['POST', '/v1/organizations/{organization_id}/invitations'],
  ['POST', '/v1/organizations/{organization_id}/invitations/{invitation_id}/revoke'],
  ['GET', '/v1/me/organization_memberships'],
  ['GET', '/v1/me/organization_invitations'],
  ['POST', '/v1/me/organization_invitations/{invitation_id}/accept'],
  ['DELETE', '/v1/me/organization_memberships/{organization_id}'],
  // account and second factors
  ['POST', '/v1/me/email_addresses'],
  ['POST', '/v1/me/email_addresses/{email_id}/prepare_verification'],
  ['POST', '/v1/me/email_addresses/{email_id}/attempt_verification'],
  ['GET', '/v1/me/email_addresses/{email_id}'],
  ['DELETE', '/v1/me/email_addresses/{email_id}'],
  ['POST', '/v1/me/phone_numbers'],
  ['POST', '/v1/me/phone_numbers/{phone_number_id}/prepare_verification'],
  ['POST', '/v1/me/phone_numbers/{phone_number_id}/attempt_verification'],
  ['PATCH', '/v1/me/phone_numbers/{phone_number_id}'],
  ['POST', '/v1/me/totp'],
  ['POST', '/v1/me/totp/attempt_verification'],
  ['POST', '/v1/me/backup_codes'],
  ['DELETE', '/v1/me/totp'],
  ['POST', '/v1/client/sign_ins/{sign_in_id}/prepare_second_factor'],
  ['POST', '/v1/client/sign_ins/{sign_in_id}/attempt_second_factor'],
  ['POST', '/v1/me/change_password'],
  ['DELETE', '/v1/me'],
];

/** RFC 6238 (SHA-1, 6 digits, 30 s) with Node's crypto: an oracle independent of the server's TOTP code. */
function totp(secretBase32, unixSeconds = Math.floor(Date.now() / 1000)) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretBase32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[19] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Shape of the dev outbox (not part of Clerk's spec; as documented for tessera-server). */
const OUTBOX_SCHEMA = {
  type: 'object',
  required: ['data', 'total_count'],
  properties: {
    total_count: { type: 'integer', minimum: 0 },
    data: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'channel', 'to', 'subject', 'body', 'code', 'created_at'],
        properties: {
          id: { type: 'string' },
          channel: { enum: ['email', 'sms'] },
          to: { type: 'string' },
          subject: { type: ['string', 'null'] },
          body: { type: 'string' },
          code: { type: ['string', 'null'] },
          created_at: { type: 'integer' },
        },
      },
    },
  },
};

// ---------------------------------------------------------------------------------------------------
// Recording: every exchange is validated; violations fail the step that made the request.

const covered = new Map(); // "METHOD template" → [{status, ok}]
const allViolations = [];
let pending = [];

/**
 * Send a request, assert its status, validate its body against the spec.
 * @param {Fapi} fapi
 * @param {string} method
 * @param {string} p
 * @param {object|undefined} form
 * @param {number} status the expected HTTP status
 */
async function call(fapi, method, p, form, status, opts = {}) {
  const x = await fapi.request(method, p, { form, ...opts });
  const tpl = specPathFor(p) ?? p;
  const key = `${method} ${tpl}`;
  const result = validateExchange(x);
  if (!covered.has(key)) covered.set(key, []);
  covered.get(key).push({ status: x.status, ok: result.ok });
  if (!result.ok) {
    const msg = formatViolation(x, result);
    pending.push(msg);
    allViolations.push(msg);
  }
  if (x.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${x.status}\n${describeExchange(x)}` +
      (pending.length ? `\n\nschema violations so far in this step:\n${pending.join('\n\n')}` : ''));
  }
  return x;
}

/**
 * Assert an error response carries the given code (after its schema was checked by `call`) and, for form
 * errors, the `meta.param_name` clerk-js uses to put the message on the right field.
 */
function expectErrorCode(x, code, paramName) {
  const errs = x.body?.errors ?? [];
  const hit = errs.find((e) => e.code === code);
  assert.ok(hit, `expected error code ${code}, got ${JSON.stringify(errs.map((e) => e.code))}\n${describeExchange(x)}`);
  if (paramName) {
    assert.equal(hit.meta?.param_name, paramName, `${code}: meta.param_name\n${describeExchange(x)}`);
  }
}

function step(name, fn) {
  it(name, async () => {
    pending = [];
    try {
      await fn();
    } catch (e) {
      if (pending.length && !String(e.message).includes('schema violations so far')) {
        e.message += `\n\nschema violations in this step:\n${pending.join('\n\n')}`;
      }
      throw e;
    }
    if (pending.length) {
      const msg = `${pending.length} response(s) violate the FAPI spec:\n\n${pending.join('\n\n')}`;
      pending = [];
      assert.fail(msg);
    }
  });
}

function precondition(value, what) {
  if (value === undefined || value === null) throw new Error(`precondition failed: ${what} is missing (an earlier step failed)`);
  return value;
}

// ---------------------------------------------------------------------------------------------------

describe('FAPI responses conform to the OpenAPI description (development instance, dev-browser credential)', () => {
  let server;
  const s = {}; // state carried between steps
  let fapi;

  before(async () => {
    server = await startServer({
      config: {
        instance_type: 'development', allowed_origins: [ORIGIN], first_name: 'on', last_name: 'on',
      },
      allowedOrigins: [ORIGIN],
    });
    fapi = new Fapi(server.fapiUrl, { origin: ORIGIN });
    s.email = uniqueEmail('schema');
  });
  after(async () => { await server?.stop(); });

  step('POST /v1/dev_browser returns {id}', async () => {
    const x = await call(fapi, 'POST', '/v1/dev_browser', {}, 200);
    // The spec gives no body schema here; FAPI.md: a bare {"id": "…"}.
    assert.equal(typeof x.body?.id, 'string', `dev_browser body: ${x.text}`);
    assert.ok(x.body.id.length > 0);
    fapi.dbJwt = x.body.id;
  });

  step('GET /v1/environment', async () => {
    const x = await call(fapi, 'GET', '/v1/environment', undefined, 200);
    // Client.Environment has no `object` member (additionalProperties: false): the schema check covers it.
    assert.equal(x.body?.auth_config?.object, 'auth_config');
    assert.equal(x.body?.display_config?.instance_environment_type, 'development');
    assert.equal(x.body?.display_config?.application_name, 'Tessera Tests', 'application_name from the config');
    assert.equal(x.body?.display_config?.captcha_public_key ?? null, null, 'no captcha offline');
    assert.equal(x.body?.user_settings?.attributes?.first_name?.enabled, true, 'first_name = "on" enables the attribute');
    assert.equal(x.body?.user_settings?.attributes?.first_name?.required, false, 'first_name = "on" does not require it');
  });

  step('PATCH /v1/environment (clerk-js "touches" the environment on load in development)', async () => {
    const x = await call(fapi, 'PATCH', '/v1/environment', {}, 200);
    assert.equal(x.body?.display_config?.application_name, 'Tessera Tests');
  });

  step('GET /v1/client (new browser) and POST /v1/client', async () => {
    const g = await call(fapi, 'GET', '/v1/client', undefined, 200);
    if (g.body?.response) assert.deepEqual(g.body.response.sessions, [], 'a new browser has no sessions');
    const c = await call(fapi, 'POST', '/v1/client', {}, 200);
    assert.equal(c.body?.response?.object, 'client');
    assert.ok(c.body.response.id.startsWith('client_'), `client id prefix: ${c.body.response.id}`);
    assert.equal(c.body.response.captcha_bypass, true, 'captcha_bypass offline');
    s.clientId = c.body.response.id;
  });

  step('GET /v1/me without a session is a ClerkErrors 401', async () => {
    const x = await call(fapi, 'GET', '/v1/me', undefined, 401);
    assert.ok(x.body?.errors?.length >= 1);
  });

  step('POST /v1/client/sign_ups (email + password)', async () => {
    s.seen = await outboxIds(server.fapiUrl);
    const x = await call(fapi, 'POST', '/v1/client/sign_ups', { email_address: s.email, password: PASSWORD }, 200);
    const su = x.body.response;
    assert.equal(su.object, 'sign_up_attempt');
    assert.ok(su.id.startsWith('sua_'), su.id);
    assert.equal(su.status, 'missing_requirements');
    assert.ok(su.unverified_fields.includes('email_address'), `unverified_fields: ${su.unverified_fields}`);
    assert.equal(su.email_address, s.email);
    assert.equal(x.body.client?.sign_up?.id, su.id, 'the client carries the sign-up in progress');
    s.signUpId = su.id;
  });

  step('GET /v1/client/sign_ups/{id}', async () => {
    const x = await call(fapi, 'GET', `/v1/client/sign_ups/${precondition(s.signUpId, 'sign-up id')}`, undefined, 200);
    assert.equal(x.body.response.id, s.signUpId);
  });

  step('PATCH /v1/client/sign_ups/{id} (first_name, last_name)', async () => {
    const x = await call(fapi, 'PATCH', `/v1/client/sign_ups/${precondition(s.signUpId, 'sign-up id')}`,
      { first_name: 'Ada', last_name: 'Lovelace' }, 200);
    assert.equal(x.body.response.first_name, 'Ada');
    assert.equal(x.body.response.last_name, 'Lovelace');
  });

  step('POST /v1/client/sign_ups/{id}/prepare_verification sends a code to the outbox', async () => {
    const x = await call(fapi, 'POST', `/v1/client/sign_ups/${precondition(s.signUpId, 'sign-up id')}/prepare_verification`,
      { strategy: 'email_code' }, 200);
    assert.equal(x.body.response.verifications?.email_address?.strategy, 'email_code');
    assert.equal(x.body.response.verifications.email_address.status, 'unverified');
    const m = await waitForMessage(server.fapiUrl, s.email, { seenIds: s.seen, channel: 'email' });
    assert.match(m.code ?? '', /^\d{6}$/);
    assert.ok(m.body.includes(m.code), 'the email body contains the code');
    s.signUpCode = m.code;
  });

  step('GET /__dev/outbox has the documented shape', async () => {
    const res = await fetch(`${server.fapiUrl}/__dev/outbox`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(res.status, 200);
    const body = await res.json();
    const v = new Ajv({ allErrors: true }).compile(OUTBOX_SCHEMA);
    assert.ok(v(body), `outbox shape: ${JSON.stringify(v.errors)}\n${JSON.stringify(body).slice(0, 1000)}`);
    assert.equal(body.total_count, body.data.length);
    const ts = body.data.map((m) => m.created_at);
    assert.deepEqual(ts, [...ts].sort((a, b) => a - b), 'oldest first');
  });

  step('POST /v1/client/sign_ups/{id}/attempt_verification with a wrong code → 422 form_code_incorrect', async () => {
    const wrong = precondition(s.signUpCode, 'code') === '000000' ? '111111' : '000000';
    const x = await call(fapi, 'POST', `/v1/client/sign_ups/${s.signUpId}/attempt_verification`,
      { strategy: 'email_code', code: wrong }, 422);
    expectErrorCode(x, 'form_code_incorrect', 'code');
  });

  step('POST /v1/client/sign_ups/{id}/attempt_verification completes the sign-up', async () => {
    const x = await call(fapi, 'POST', `/v1/client/sign_ups/${precondition(s.signUpId, 'sign-up id')}/attempt_verification`,
      { strategy: 'email_code', code: precondition(s.signUpCode, 'code') }, 200);
    const su = x.body.response;
    assert.equal(su.status, 'complete');
    assert.ok(su.created_session_id?.startsWith('sess_'));
    assert.ok(su.created_user_id?.startsWith('user_'));
    assert.equal(x.body.client.last_active_session_id, su.created_session_id);
    s.sessionId = su.created_session_id;
    s.userId = su.created_user_id;
  });

  step('GET /v1/client shows the active session with its user', async () => {
    const x = await call(fapi, 'GET', '/v1/client', undefined, 200);
    const sess = x.body.response.sessions.find((q) => q.id === precondition(s.sessionId, 'session id'));
    assert.ok(sess, 'the session is listed');
    assert.equal(sess.status, 'active');
    assert.equal(sess.user?.id, s.userId);
    assert.equal(sess.user.email_addresses?.[0]?.email_address, s.email);
    assert.equal(sess.user.email_addresses[0].verification?.status, 'verified');
  });

  step('POST /v1/client/sessions/{id}/touch', async () => {
    const x = await call(fapi, 'POST', `/v1/client/sessions/${precondition(s.sessionId, 'session id')}/touch`, {}, 200);
    assert.equal(x.body.response.id, s.sessionId);
    assert.equal(x.body.response.status, 'active');
  });

  step('POST /v1/client/sessions/{id}/tokens → {object:"token", jwt}', async () => {
    const x = await call(fapi, 'POST', `/v1/client/sessions/${precondition(s.sessionId, 'session id')}/tokens`, {}, 200);
    assert.equal(x.body.object, 'token', 'FAPI.md: bare {"object":"token","jwt":…}');
    assert.equal(x.body.jwt.split('.').length, 3);
  });

  step('GET /v1/me', async () => {
    const x = await call(fapi, 'GET', '/v1/me', undefined, 200);
    assert.equal(x.body.response.id, precondition(s.userId, 'user id'));
    assert.equal(x.body.response.object, 'user');
    assert.equal(x.body.response.password_enabled, true);
  });

  step('PATCH /v1/me (first_name)', async () => {
    const x = await call(fapi, 'PATCH', '/v1/me', { first_name: 'Grace' }, 200);
    assert.equal(x.body.response.first_name, 'Grace');
    assert.equal(x.body.response.last_name, 'Lovelace', 'fields not sent are kept');
  });

  step('GET /v1/me/sessions/active (bare array)', async () => {
    const x = await call(fapi, 'GET', '/v1/me/sessions/active', undefined, 200);
    assert.ok(Array.isArray(x.body), `a bare array: ${x.text.slice(0, 200)}`);
    assert.deepEqual(x.body.map((q) => q.id), [s.sessionId]);
  });

  step('POST /v1/client/sessions/{id}/end', async () => {
    const x = await call(fapi, 'POST', `/v1/client/sessions/${precondition(s.sessionId, 'session id')}/end`, {}, 200);
    assert.equal(x.body.response.status, 'ended');
    const active = (x.body.client?.sessions ?? []).filter((q) => q.status === 'active');
    assert.equal(active.length, 0, 'no active session left on the client');
  });

  step('POST /v1/client/sign_ins: unknown identifier → 422 form_identifier_not_found', async () => {
    const x = await call(fapi, 'POST', '/v1/client/sign_ins',
      { identifier: uniqueEmail('nobody'), password: PASSWORD, strategy: 'password' }, 422);
    expectErrorCode(x, 'form_identifier_not_found', 'identifier');
  });

  step('POST /v1/client/sign_ins: wrong password → 422 form_password_incorrect', async () => {
    const x = await call(fapi, 'POST', '/v1/client/sign_ins',
      { identifier: s.email, password: 'not-the-password-1', strategy: 'password' }, 422);
    expectErrorCode(x, 'form_password_incorrect', 'password');
  });

  step('POST /v1/client/sign_ins with password completes', async () => {
    const x = await call(fapi, 'POST', '/v1/client/sign_ins', { identifier: s.email, password: PASSWORD, strategy: 'password' }, 200);
    assert.equal(x.body.response.object, 'sign_in_attempt');
    assert.equal(x.body.response.status, 'complete');
    assert.ok(x.body.response.created_session_id?.startsWith('sess_'));
    s.sessionId2 = x.body.response.created_session_id;
  });

  step('POST /v1/client/sign_ins while signed in (single-session mode) → session_exists', async () => {
    const x = await fapi.post('/v1/client/sign_ins', { identifier: s.email, password: PASSWORD, strategy: 'password' });
    const r = validateExchange(x);
    if (!r.ok) pending.push(formatViolation(x, r));
    assert.ok(x.status >= 400 && x.status < 500, `expected a 4xx, got ${x.status}\n${describeExchange(x)}`);
    expectErrorCode(x, 'session_exists');
  });

  step('POST /v1/client/sign_ups with a taken email → 422 form_identifier_exists', async () => {
    const other = new Fapi(server.fapiUrl, { origin: ORIGIN });
    await other.createDevBrowser();
    const x = await call(other, 'POST', '/v1/client/sign_ups', { email_address: s.email, password: PASSWORD }, 422);
    expectErrorCode(x, 'form_identifier_exists', 'email_address');
  });

  step('DELETE /v1/client/sessions signs out', async () => {
    const x = await call(fapi, 'DELETE', '/v1/client/sessions', {}, 200);
    const active = (x.body.response?.sessions ?? []).filter((q) => q.status === 'active');
    assert.equal(active.length, 0, 'no active session after sign-out');
    const me = await call(fapi, 'GET', '/v1/me', undefined, 401);
    assert.ok(me.body.errors.length >= 1);
  });

  step('POST /v1/client/sign_ins with identifier only → needs_first_factor with email_code', async () => {
    const x = await call(fapi, 'POST', '/v1/client/sign_ins', { identifier: s.email }, 200);
    const si = x.body.response;
    assert.equal(si.status, 'needs_first_factor');
    assert.equal(si.identifier, s.email);
    const f = si.supported_first_factors.find((q) => q.strategy === 'email_code');
    assert.ok(f?.email_address_id?.startsWith('idn_'), `email_code factor with email_address_id: ${JSON.stringify(si.supported_first_factors)}`);
    assert.ok(si.supported_first_factors.some((q) => q.strategy === 'password'), 'password factor offered');
    s.signInId = si.id;
    s.emailAddressId = f.email_address_id;
  });

  step('GET /v1/client/sign_ins/{id}', async () => {
    const x = await call(fapi, 'GET', `/v1/client/sign_ins/${precondition(s.signInId, 'sign-in id')}`, undefined, 200);
    assert.equal(x.body.response.id, s.signInId);
  });

  step('GET /v1/client/sign_ins/{unknown} → 404 ClerkErrors', async () => {
    await call(fapi, 'GET', '/v1/client/sign_ins/sia_doesnotexist000000000000', undefined, 404);
  });

  step('POST /v1/client/sign_ins/{id}/prepare_first_factor (email_code)', async () => {
    s.seen = await outboxIds(server.fapiUrl);
    const x = await call(fapi, 'POST', `/v1/client/sign_ins/${precondition(s.signInId, 'sign-in id')}/prepare_first_factor`,
      { strategy: 'email_code', email_address_id: precondition(s.emailAddressId, 'email address id') }, 200);
    assert.equal(x.body.response.first_factor_verification?.strategy, 'email_code');
    assert.equal(x.body.response.first_factor_verification.status, 'unverified');
    s.signInCode = (await waitForMessage(server.fapiUrl, s.email, { seenIds: s.seen, channel: 'email' })).code;
  });

  step('POST /v1/client/sign_ins/{id}/attempt_first_factor with a wrong code → 422 form_code_incorrect', async () => {
    const wrong = precondition(s.signInCode, 'code') === '000000' ? '111111' : '000000';
    const x = await call(fapi, 'POST', `/v1/client/sign_ins/${s.signInId}/attempt_first_factor`,
      { strategy: 'email_code', code: wrong }, 422);
    expectErrorCode(x, 'form_code_incorrect', 'code');
  });

  step('POST /v1/client/sign_ins/{id}/attempt_first_factor completes', async () => {
    const x = await call(fapi, 'POST', `/v1/client/sign_ins/${precondition(s.signInId, 'sign-in id')}/attempt_first_factor`,
      { strategy: 'email_code', code: precondition(s.signInCode, 'code') }, 200);
    assert.equal(x.body.response.status, 'complete');
    s.sessionId3 = x.body.response.created_session_id;
    assert.ok(s.sessionId3?.startsWith('sess_'));
  });

  step('POST /v1/client/sessions/{id}/remove', async () => {
    const x = await call(fapi, 'POST', `/v1/client/sessions/${precondition(s.sessionId3, 'session id')}/remove`, {}, 200);
    assert.equal(x.body.response.status, 'removed');
  });

  step('reset password: prepare/attempt reset_password_email_code, then POST …/reset_password', async () => {
    const start = await call(fapi, 'POST', '/v1/client/sign_ins', { identifier: s.email }, 200);
    const si = start.body.response;
    const f = si.supported_first_factors.find((q) => q.strategy === 'reset_password_email_code');
    assert.ok(f, `reset_password_email_code is offered: ${JSON.stringify(si.supported_first_factors)}`);
    const seen = await outboxIds(server.fapiUrl);
    await call(fapi, 'POST', `/v1/client/sign_ins/${si.id}/prepare_first_factor`,
      { strategy: 'reset_password_email_code', email_address_id: f.email_address_id }, 200);
    const code = (await waitForMessage(server.fapiUrl, s.email, { seenIds: seen, channel: 'email' })).code;
    const a = await call(fapi, 'POST', `/v1/client/sign_ins/${si.id}/attempt_first_factor`,
      { strategy: 'reset_password_email_code', code }, 200);
    assert.equal(a.body.response.status, 'needs_new_password');
    const r = await call(fapi, 'POST', `/v1/client/sign_ins/${si.id}/reset_password`, { password: NEW_PASSWORD }, 200);
    assert.equal(r.body.response.status, 'complete');
    s.sessionId4 = r.body.response.created_session_id;
    assert.ok(s.sessionId4?.startsWith('sess_'));
  });

  step('after the reset the new password works and the old one does not', async () => {
    await call(fapi, 'DELETE', '/v1/client/sessions', {}, 200);
    const old = await call(fapi, 'POST', '/v1/client/sign_ins', { identifier: s.email, password: PASSWORD, strategy: 'password' }, 422);
    expectErrorCode(old, 'form_password_incorrect', 'password');
    const x = await call(fapi, 'POST', '/v1/client/sign_ins', { identifier: s.email, password: NEW_PASSWORD, strategy: 'password' }, 200);
    assert.equal(x.body.response.status, 'complete');
    s.sessionA = x.body.response.created_session_id;
  });

  step('POST /v1/me/sessions/{id}/revoke ends another browser\'s session', async () => {
    const b = new Fapi(server.fapiUrl, { origin: ORIGIN });
    await call(b, 'POST', '/v1/dev_browser', {}, 200).then((x) => { b.dbJwt = x.body.id; });
    const si = await call(b, 'POST', '/v1/client/sign_ins', { identifier: s.email, password: NEW_PASSWORD, strategy: 'password' }, 200);
    const sessionB = si.body.response.created_session_id;
    const list = await call(fapi, 'GET', '/v1/me/sessions/active', undefined, 200);
    assert.deepEqual(new Set(list.body.map((q) => q.id)), new Set([precondition(s.sessionA, 'session A'), sessionB]),
      'both browsers\' sessions are listed');
    const x = await call(fapi, 'POST', `/v1/me/sessions/${sessionB}/revoke`, {}, 200);
    assert.equal(x.body.response.id, sessionB);
    assert.equal(x.body.response.status, 'revoked');
    const t = await b.post(`/v1/client/sessions/${sessionB}/tokens`, {});
    assert.ok([401, 404].includes(t.status), `a revoked session mints no token: ${t.status} ${t.text.slice(0, 300)}`);
    const after = await call(fapi, 'GET', '/v1/me/sessions/active', undefined, 200);
    assert.deepEqual(after.body.map((q) => q.id), [s.sessionA]);
  });

  step('DELETE /v1/client', async () => {
    const x = await call(fapi, 'DELETE', '/v1/client', {}, 200);
    const active = (x.body.response?.sessions ?? []).filter((q) => q.status === 'active');
    assert.equal(active.length, 0);
    const g = await call(fapi, 'GET', '/v1/client', undefined, 200);
    assert.ok(!g.body.response || g.body.response.sessions.every((q) => q.status !== 'active'), 'signed out after DELETE /v1/client');
  });

  step('GET /.well-known/jwks.json', async () => {
    const x = await call(fapi, 'GET', '/.well-known/jwks.json', undefined, 200);
    assert.ok(x.body.keys.length >= 1);
  });
});

describe('FAPI responses conform (production instance, __client cookie credential)', () => {
  let server;
  const s = {};
  let fapi;

  before(async () => {
    server = await startServer({ config: { instance_type: 'production', allowed_origins: [ORIGIN] }, allowedOrigins: [ORIGIN] });
    fapi = new Fapi(server.fapiUrl, { origin: ORIGIN });
  });
  after(async () => { await server?.stop(); });

  step('the server prints a pk_live key for a production instance', async () => {
    assert.match(server.publishableKey, /^pk_live_/);
  });

  step('GET /v1/environment reports production', async () => {
    const x = await call(fapi, 'GET', '/v1/environment', undefined, 200);
    assert.equal(x.body.display_config?.instance_environment_type, 'production');
  });

  step('POST /v1/client sets an HttpOnly __client cookie with Path=/', async () => {
    const x = await call(fapi, 'POST', '/v1/client', {}, 200);
    const raw = x.setCookies.find((c) => c.startsWith('__client='));
    assert.ok(raw, `Set-Cookie __client: ${JSON.stringify(x.setCookies)}`);
    assert.match(raw, /;\s*HttpOnly/i);
    assert.match(raw, /;\s*Path=\/(;|$)/i);
    s.clientId = x.body.response.id;
  });

  step('sign-up with a test-mode email (424242) over the cookie', async () => {
    s.email = uniqueEmail('prod', { testMode: true });
    const c = await call(fapi, 'POST', '/v1/client/sign_ups', { email_address: s.email, password: PASSWORD }, 200);
    await call(fapi, 'POST', `/v1/client/sign_ups/${c.body.response.id}/prepare_verification`, { strategy: 'email_code' }, 200);
    const a = await call(fapi, 'POST', `/v1/client/sign_ups/${c.body.response.id}/attempt_verification`,
      { strategy: 'email_code', code: TEST_MODE_CODE }, 200);
    assert.equal(a.body.response.status, 'complete');
    assert.equal(a.body.client.id, s.clientId, 'the cookie kept the same client');
    s.sessionId = a.body.response.created_session_id;
  });

  step('the cookie alone authenticates GET /v1/me and tokens', async () => {
    const me = await call(fapi, 'GET', '/v1/me', undefined, 200);
    assert.equal(me.body.response.email_addresses[0].email_address, s.email);
    const t = await call(fapi, 'POST', `/v1/client/sessions/${precondition(s.sessionId, 'session id')}/tokens`, {}, 200);
    assert.equal(t.body.object, 'token');
    const stranger = new Fapi(server.fapiUrl, { origin: ORIGIN });
    await call(stranger, 'GET', '/v1/me', undefined, 401);
  });

  step('test mode sends nothing', async () => {
    // Production instances have no outbox; a development one is checked in the other suite.
    const res = await fetch(`${server.fapiUrl}/__dev/outbox`, { signal: AbortSignal.timeout(10_000) });
    if (res.status === 200) {
      const body = await res.json();
      assert.ok(!body.data.some((m) => m.to === s.email), 'no message to a +clerk_test address');
    } else {
      assert.ok([403, 404].includes(res.status), `outbox on a production instance: ${res.status}`);
    }
  });

  step('DELETE /v1/client', async () => {
    await call(fapi, 'DELETE', '/v1/client', {}, 200);
  });
});

describe('FAPI responses conform: organizations, account and second factors (development instance)', () => {
  let server;
  const s = {};
  let alice;
  let bob;

  before(async () => {
    server = await startServer({ config: { instance_type: 'development', allowed_origins: [ORIGIN] }, allowedOrigins: [ORIGIN] });
    alice = new Fapi(server.fapiUrl, { origin: ORIGIN });
    bob = new Fapi(server.fapiUrl, { origin: ORIGIN });
  });
  after(async () => { await server?.stop(); });

  async function signUp(fapi, email) {
    const c = await call(fapi, 'POST', '/v1/client/sign_ups', { email_address: email, password: PASSWORD, first_name: 'Sam' }, 200);
    await call(fapi, 'POST', `/v1/client/sign_ups/${c.body.response.id}/prepare_verification`, { strategy: 'email_code' }, 200);
    const a = await call(fapi, 'POST', `/v1/client/sign_ups/${c.body.response.id}/attempt_verification`,
      { strategy: 'email_code', code: TEST_MODE_CODE }, 200);
    return a.body;
  }

  step('two users sign up', async () => {
    s.alice = await signUp(alice, uniqueEmail('org-a', { testMode: true }));
    s.aliceSession = s.alice.response.created_session_id;
    s.bobEmail = uniqueEmail('org-b', { testMode: true });
    s.bob = await signUp(bob, s.bobEmail);
    s.bobId = s.bob.response.created_user_id;
  });

  step('POST /v1/organizations, GET, PATCH, roles', async () => {
    const o = await call(alice, 'POST', '/v1/organizations', { name: 'Schema Org' }, 200);
    s.orgId = o.body.response.id;
    await call(alice, 'GET', `/v1/organizations/${s.orgId}`, undefined, 200);
    await call(alice, 'PATCH', `/v1/organizations/${s.orgId}`, { name: 'Schema Org 2' }, 200);
    await call(alice, 'GET', `/v1/organizations/${s.orgId}/roles`, undefined, 200);
    const me = await call(alice, 'GET', '/v1/me', undefined, 200);
    assert.equal(me.body.response.organization_memberships.length, 1);
  });

  step('invitations: create, list, accept, revoke', async () => {
    const inv = await call(alice, 'POST', `/v1/organizations/${s.orgId}/invitations`, { email_address: s.bobEmail, role: 'org:member' }, 200);
    await call(alice, 'GET', `/v1/organizations/${s.orgId}/invitations`, undefined, 200);
    const mine = await call(bob, 'GET', '/v1/me/organization_invitations', undefined, 200);
    assert.equal(mine.body.response.total_count, 1);
    await call(bob, 'POST', `/v1/me/organization_invitations/${inv.body.response.id}/accept`, {}, 200);
    const other = await call(alice, 'POST', `/v1/organizations/${s.orgId}/invitations`, { email_address: 'later@example.com', role: 'org:member' }, 200);
    await call(alice, 'POST', `/v1/organizations/${s.orgId}/invitations/${other.body.response.id}/revoke`, {}, 200);
  });

  step('memberships: list, change role, leave, remove, delete organization', async () => {
    await call(alice, 'GET', `/v1/organizations/${s.orgId}/memberships`, undefined, 200);
    await call(bob, 'GET', '/v1/me/organization_memberships', undefined, 200);
    await call(alice, 'PATCH', `/v1/organizations/${s.orgId}/memberships/${s.bobId}`, { role: 'org:admin' }, 200);
    const forbidden = await call(bob, 'DELETE', `/v1/organizations/${s.orgId}/memberships/missing_user`, {}, 404);
    assert.equal(forbidden.body.errors[0].code, 'resource_not_found');
    await call(bob, 'DELETE', `/v1/me/organization_memberships/${s.orgId}`, {}, 200);
    await call(alice, 'POST', `/v1/organizations/${s.orgId}/invitations`, { email_address: s.bobEmail, role: 'org:member' }, 200);
    const again = await call(bob, 'GET', '/v1/me/organization_invitations', undefined, 200);
    await call(bob, 'POST', `/v1/me/organization_invitations/${again.body.response.data[0].id}/accept`, {}, 200);
    await call(alice, 'DELETE', `/v1/organizations/${s.orgId}/memberships/${s.bobId}`, {}, 200);
    await call(alice, 'DELETE', `/v1/organizations/${s.orgId}`, {}, 200);
  });

  step('email addresses and phone numbers', async () => {
    const e = await call(alice, 'POST', '/v1/me/email_addresses', { email_address: uniqueEmail('second', { testMode: true }) }, 200);
    const id = e.body.response.id;
    await call(alice, 'POST', `/v1/me/email_addresses/${id}/prepare_verification`, { strategy: 'email_code' }, 200);
    await call(alice, 'POST', `/v1/me/email_addresses/${id}/attempt_verification`, { code: TEST_MODE_CODE }, 200);
    await call(alice, 'GET', `/v1/me/email_addresses/${id}`, undefined, 200);
    await call(alice, 'DELETE', `/v1/me/email_addresses/${id}`, {}, 200);
    const p = await call(alice, 'POST', '/v1/me/phone_numbers', { phone_number: '+12015550142' }, 200);
    s.phoneId = p.body.response.id;
    await call(alice, 'POST', `/v1/me/phone_numbers/${s.phoneId}/prepare_verification`, { strategy: 'phone_code' }, 200);
    await call(alice, 'POST', `/v1/me/phone_numbers/${s.phoneId}/attempt_verification`, { code: TEST_MODE_CODE }, 200);
    // The verified number becomes primary; an unverified one is refused, naming the field.
    const primary = await call(alice, 'PATCH', '/v1/me', { primary_phone_number_id: s.phoneId }, 200);
    assert.equal(primary.body.response.primary_phone_number_id, s.phoneId);
    const unverified = await call(alice, 'POST', '/v1/me/phone_numbers', { phone_number: '+12015550143' }, 200);
    const refused = await call(alice, 'PATCH', '/v1/me', { primary_phone_number_id: unverified.body.response.id }, 422);
    expectErrorCode(refused, 'form_param_value_invalid', 'primary_phone_number_id');
  });

  step('authenticator app, backup codes, second-factor sign-in', async () => {
    const t = await call(alice, 'POST', '/v1/me/totp', {}, 200);
    s.secret = t.body.response.secret;
    const v = await call(alice, 'POST', '/v1/me/totp/attempt_verification', { code: totp(s.secret) }, 200);
    assert.equal(v.body.response.backup_codes.length, 10);
    const b = await call(alice, 'POST', '/v1/me/backup_codes', {}, 200);
    s.backup = b.body.response.codes;
    await call(alice, 'POST', `/v1/client/sessions/${s.aliceSession}/end`, {}, 200);
    const si = await call(alice, 'POST', '/v1/client/sign_ins', { identifier: s.alice.response.email_address, password: PASSWORD }, 200);
    assert.equal(si.body.response.status, 'needs_second_factor');
    const id = si.body.response.id;
    await call(alice, 'POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'backup_code' }, 200);
    const done = await call(alice, 'POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'backup_code', code: s.backup[0] }, 200);
    assert.equal(done.body.response.status, 'complete');
    s.aliceSession = done.body.response.created_session_id;
    await call(alice, 'PATCH', `/v1/me/phone_numbers/${s.phoneId}`, { reserved_for_second_factor: 'true' }, 200);
    await call(alice, 'DELETE', '/v1/me/totp', {}, 200);
  });

  step('change password, delete account', async () => {
    await call(alice, 'POST', '/v1/me/change_password', { current_password: PASSWORD, new_password: NEW_PASSWORD, sign_out_of_other_sessions: 'true' }, 200);
    const wrong = await call(alice, 'POST', '/v1/me/change_password', { current_password: PASSWORD, new_password: NEW_PASSWORD }, 422);
    assert.equal(wrong.body.errors[0].code, 'form_password_incorrect');
    await call(alice, 'DELETE', '/v1/me', {}, 200);
  });
});

describe('coverage', () => {
  it('every implemented endpoint answered a conforming 2xx at least once', () => {
    const missing = [];
    for (const [method, tpl] of IMPLEMENTED) {
      responseSchema(tpl, method, 200); // throws if the spec lacks the operation
      const seen = covered.get(`${method} ${tpl}`) ?? [];
      if (!seen.some((q) => q.status >= 200 && q.status < 300 && q.ok)) {
        missing.push(`${method} ${tpl}: ${seen.length ? `seen ${seen.map((q) => `${q.status}${q.ok ? '' : ' (violates)'}`).join(', ')}` : 'never reached'}`);
      }
    }
    const report = path.join(REPO_ROOT, 'target', 'fapi-schema-report.txt');
    fs.mkdirSync(path.dirname(report), { recursive: true });
    fs.writeFileSync(report, [
      `FAPI schema conformance — ${new Date().toISOString()}`,
      `endpoints without a conforming 2xx: ${missing.length}`, ...missing.map((m) => `  ${m}`), '',
      `violations: ${allViolations.length}`, '', ...allViolations.map((v) => `${v}\n`),
    ].join('\n'));
    assert.deepEqual(missing, [], `endpoints without a conforming 2xx (details in ${report}):\n${missing.join('\n')}`);
  });
});
