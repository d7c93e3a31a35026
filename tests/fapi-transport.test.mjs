// The transport rules of FAPI.md that any Clerk-compatible client relies on: CORS with credentials for
// allowed origins only, preflights, `_method` tunnelling, form and JSON bodies, nested objects as JSON
// strings inside forms, unknown query parameters ignored, and 429 with Retry-After.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support/server.mjs';
import { Fapi, describeExchange, expectStatus } from './support/fapi.mjs';
import { explain, clerkErrorsSchema } from './support/schema.mjs';
import { uniqueEmail, PASSWORD, TEST_MODE_CODE } from './support/flows.mjs';

const ORIGIN = 'http://localhost:5173';
const EVIL = 'http://evil.example';

function assertClerkErrors(x) {
  const problems = explain(clerkErrorsSchema(), x.body);
  assert.deepEqual(problems.map((p) => `${p.at || '/'}: ${p.message}`), [], `ClerkErrors body:\n${describeExchange(x)}`);
}

describe('FAPI transport', () => {
  let server;
  before(async () => {
    server = await startServer({ config: { instance_type: 'development', allowed_origins: [ORIGIN] }, allowedOrigins: [ORIGIN] });
  });
  after(async () => { await server?.stop(); });

  it('answers an allowed Origin with exactly that origin, credentials, and Clerk-Db-Jwt exposed', async () => {
    const x = expectStatus(await new Fapi(server.fapiUrl, { origin: ORIGIN }).get('/v1/environment'), 200);
    assert.equal(x.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(x.headers.get('access-control-allow-credentials'), 'true');
    const exposed = (x.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    assert.ok(exposed.includes('clerk-db-jwt'), `Access-Control-Expose-Headers: ${exposed}`);
  });

  it('never grants a disallowed Origin', async () => {
    const x = await new Fapi(server.fapiUrl, { origin: EVIL }).get('/v1/client');
    assert.notEqual(x.headers.get('access-control-allow-origin'), EVIL);
    assert.notEqual(x.headers.get('access-control-allow-origin'), '*');
    if (x.status >= 400) assertClerkErrors(x);
  });

  it('answers a CORS preflight for an allowed origin', async () => {
    const res = await fetch(`${server.fapiUrl}/v1/client/sign_ins`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      signal: AbortSignal.timeout(10_000),
    });
    assert.ok(res.status >= 200 && res.status < 300, `OPTIONS status ${res.status}`);
    assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match((res.headers.get('access-control-allow-headers') ?? '').toLowerCase(), /content-type|\*/);
  });

  it('ignores unknown query parameters', async () => {
    const x = await new Fapi(server.fapiUrl, { origin: ORIGIN }).get('/v1/environment', { query: { some_future_param: '1', _clerk_session_id: 'sess_x' } });
    expectStatus(x, 200);
  });

  it('accepts a JSON body as well as a form, and nested objects as JSON strings inside a form', async () => {
    const a = new Fapi(server.fapiUrl, { origin: ORIGIN });
    await a.createDevBrowser();
    const email = uniqueEmail('json', { testMode: true });
    const x = expectStatus(await a.request('POST', '/v1/client/sign_ups', {
      json: { email_address: email, password: PASSWORD, unsafe_metadata: { plan: 'pro', seats: 3 } },
    }), 200);
    assert.equal(x.body.response.email_address, email);
    assert.deepEqual(x.body.response.unsafe_metadata, { plan: 'pro', seats: 3 });

    const b = new Fapi(server.fapiUrl, { origin: ORIGIN });
    await b.createDevBrowser();
    const y = expectStatus(await b.post('/v1/client/sign_ups', {
      email_address: uniqueEmail('form', { testMode: true }), password: PASSWORD, unsafe_metadata: { plan: 'team' },
    }), 200);
    assert.deepEqual(y.body.response.unsafe_metadata, { plan: 'team' }, `form field unsafe_metadata={"plan":"team"}`);
  });

  it('routes POST ?_method=PATCH and ?_method=DELETE', async () => {
    const f = new Fapi(server.fapiUrl, { origin: ORIGIN });
    await f.createDevBrowser();
    const c = expectStatus(await f.post('/v1/client/sign_ups', { email_address: uniqueEmail('m', { testMode: true }), password: PASSWORD }), 200);
    const id = c.body.response.id;
    // Over the wire these are POSTs (see support/fapi.mjs); the server must honour _method.
    const p = expectStatus(await f.patch(`/v1/client/sign_ups/${id}`, { unsafe_metadata: { step: 2 } }), 200);
    assert.ok(p.url.includes('_method=PATCH'));
    assert.deepEqual(p.body.response.unsafe_metadata, { step: 2 });
    await f.post(`/v1/client/sign_ups/${id}/prepare_verification`, { strategy: 'email_code' });
    const done = expectStatus(await f.post(`/v1/client/sign_ups/${id}/attempt_verification`, { strategy: 'email_code', code: TEST_MODE_CODE }), 200);
    assert.equal(done.body.response.status, 'complete');
    const d = expectStatus(await f.delete('/v1/client/sessions'), 200);
    assert.ok(d.url.includes('_method=DELETE'));
    assert.ok((d.body.response?.sessions ?? []).every((s) => s.status !== 'active'), 'signed out');
  });
});

describe('rate limiting', () => {
  let server;
  after(async () => { await server?.stop(); });

  it('answers 429 with Retry-After and a ClerkErrors body past rate_limit_per_minute', async () => {
    server = await startServer({ config: { instance_type: 'development', allowed_origins: [ORIGIN], rate_limit_per_minute: 5 }, allowedOrigins: [ORIGIN] });
    const f = new Fapi(server.fapiUrl, { origin: ORIGIN });
    const seen = [];
    for (let i = 0; i < 10; i++) seen.push(await f.get('/v1/environment'));
    const limited = seen.filter((x) => x.status === 429);
    assert.ok(limited.length >= 1, `statuses: ${seen.map((x) => x.status).join(',')}`);
    assert.ok(seen.slice(0, 5).every((x) => x.status === 200), 'the first 5 requests of the minute pass');
    const x = limited[0];
    const retry = Number(x.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry) && retry >= 1, `Retry-After: ${x.headers.get('retry-after')}`);
    assertClerkErrors(x);
    assert.equal(x.body.errors[0].code, 'too_many_requests');
  });
});
