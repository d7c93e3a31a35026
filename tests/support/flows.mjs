// Multi-step FAPI flows shared by the tests (each step asserts its own status, with the exchange in the error).
import { expectStatus, describeExchange } from './fapi.mjs';
import { outboxIds, waitForMessage } from './outbox.mjs';

export const TEST_MODE_CODE = '424242';
export const PASSWORD = 'Tessera-Corr3ct-Horse!';

let counter = 0;
/** A fresh email address; `testMode` gives a `+clerk_test` one (code 424242, nothing sent). */
export function uniqueEmail(prefix = 'user', { testMode = false } = {}) {
  counter += 1;
  const local = `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
  return testMode ? `${local}+clerk_test@example.com` : `${local}@example.com`;
}

function need(cond, msg, x) {
  if (!cond) throw new Error(`${msg}\n${x ? describeExchange(x) : ''}`);
}

/**
 * Sign up with email + password and verify the email with a code (424242 for test-mode addresses,
 * else the code read from the dev outbox). Returns the created ids and every exchange made.
 */
export async function signUpWithEmailCode(fapi, { email, password = PASSWORD, fields = {} } = {}) {
  const testMode = /\+clerk_test@/i.test(email);
  const seen = testMode ? null : await outboxIds(fapi.baseUrl);
  const create = expectStatus(await fapi.post('/v1/client/sign_ups', { email_address: email, password, ...fields }), 200);
  const signUp = create.body?.response;
  need(signUp?.id?.startsWith('sua_'), 'sign-up create: response.id should start with sua_', create);
  const prepare = expectStatus(
    await fapi.post(`/v1/client/sign_ups/${signUp.id}/prepare_verification`, { strategy: 'email_code' }), 200);
  let code = TEST_MODE_CODE;
  let message;
  if (!testMode) {
    message = await waitForMessage(fapi.baseUrl, email, { seenIds: seen, channel: 'email' });
    code = message.code;
    need(/^\d{6}$/.test(code ?? ''), `outbox message for ${email} has no 6-digit code: ${JSON.stringify(message)}`);
  }
  const attempt = expectStatus(
    await fapi.post(`/v1/client/sign_ups/${signUp.id}/attempt_verification`, { strategy: 'email_code', code }), 200);
  const done = attempt.body?.response;
  need(done?.status === 'complete', `sign-up attempt_verification: expected status complete, got ${done?.status}`, attempt);
  need(done.created_session_id?.startsWith('sess_'), 'sign-up: created_session_id should start with sess_', attempt);
  need(done.created_user_id?.startsWith('user_'), 'sign-up: created_user_id should start with user_', attempt);
  return {
    signUpId: signUp.id, sessionId: done.created_session_id, userId: done.created_user_id,
    client: attempt.body.client, code, message, exchanges: { create, prepare, attempt },
  };
}

/** Sign in with identifier + password in one request (strategy password). */
export async function signInWithPassword(fapi, { identifier, password = PASSWORD }) {
  const x = expectStatus(await fapi.post('/v1/client/sign_ins', { identifier, password, strategy: 'password' }), 200);
  const si = x.body?.response;
  need(si?.status === 'complete', `sign-in: expected status complete, got ${si?.status}`, x);
  need(si.created_session_id?.startsWith('sess_'), 'sign-in: created_session_id should start with sess_', x);
  return { signInId: si.id, sessionId: si.created_session_id, client: x.body.client, exchange: x };
}

/** Mint a session token: `POST /v1/client/sessions/{id}/tokens` → `{object:"token", jwt}`. */
export async function getToken(fapi, sessionId) {
  const x = expectStatus(await fapi.post(`/v1/client/sessions/${sessionId}/tokens`, {}), 200);
  need(typeof x.body?.jwt === 'string' && x.body.jwt.split('.').length === 3, 'tokens: body.jwt should be a compact JWT', x);
  return { jwt: x.body.jwt, exchange: x };
}
