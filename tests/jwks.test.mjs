// A session token minted by tessera-server verifies with `jose` against the server's JWKS, the way an
// app's backend would verify it, and carries Clerk's v2 claims.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRemoteJWKSet, jwtVerify, decodeProtectedHeader, decodeJwt, errors as joseErrors } from 'jose';
import { startServer } from './support/server.mjs';
import { Fapi, expectStatus } from './support/fapi.mjs';
import { signUpWithEmailCode, getToken, uniqueEmail } from './support/flows.mjs';

const APP_ORIGIN = 'http://localhost:5173';
const OTHER_ORIGIN = 'http://127.0.0.1:8080';

function b64urlBytes(s) { return Buffer.from(s, 'base64url'); }

describe('session tokens verify against /.well-known/jwks.json', () => {
  let server;
  let fapi;
  let signedUp;
  let jwks;

  before(async () => {
    server = await startServer({
      config: { instance_type: 'development', allowed_origins: [APP_ORIGIN, OTHER_ORIGIN] },
      allowedOrigins: [APP_ORIGIN, OTHER_ORIGIN],
    });
    fapi = new Fapi(server.fapiUrl, { origin: APP_ORIGIN });
    await fapi.createDevBrowser();
    // A normal (non test-mode) address: the code comes from the dev outbox.
    signedUp = await signUpWithEmailCode(fapi, { email: uniqueEmail('jwks') });
    jwks = createRemoteJWKSet(new URL(`${server.fapiUrl}/.well-known/jwks.json`));
  });

  after(async () => { await server?.stop(); });

  it('serves an RSA-2048 RS256 signing key in the JWKS', async () => {
    const x = expectStatus(await fapi.get('/.well-known/jwks.json'), 200);
    assert.ok(Array.isArray(x.body?.keys) && x.body.keys.length >= 1, `JWKS has no keys: ${x.text}`);
    for (const k of x.body.keys) {
      assert.equal(k.kty, 'RSA', `key ${k.kid}: kty`);
      assert.equal(k.alg, 'RS256', `key ${k.kid}: alg`);
      assert.equal(k.use, 'sig', `key ${k.kid}: use`);
      assert.ok(typeof k.kid === 'string' && k.kid.length > 0, 'key has a kid');
      assert.equal(b64urlBytes(k.n).length * 8, 2048, `key ${k.kid}: modulus is ${b64urlBytes(k.n).length * 8} bits, expected 2048`);
      assert.equal(k.e, 'AQAB', `key ${k.kid}: public exponent`);
      for (const priv of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.ok(!(priv in k), `JWKS leaks private member ${priv}`);
    }
  });

  it('verifies with jose (issuer = Frontend API URL, RS256) and carries the v2 claims', async () => {
    const { jwt } = await getToken(fapi, signedUp.sessionId);
    const header = decodeProtectedHeader(jwt);
    assert.equal(header.alg, 'RS256');
    assert.ok(header.kid, 'token header has a kid');
    const keys = (await fapi.get('/.well-known/jwks.json')).body.keys.map((k) => k.kid);
    assert.ok(keys.includes(header.kid), `token kid ${header.kid} is not in the JWKS (${keys.join(', ')})`);

    const { payload } = await jwtVerify(jwt, jwks, { issuer: server.fapiUrl, algorithms: ['RS256'] });
    assert.equal(payload.sub, signedUp.userId, 'sub is the signed-up user');
    assert.equal(payload.sid, signedUp.sessionId, 'sid is the session');
    assert.equal(payload.v, 2, 'v (claims version)');
    assert.equal(payload.azp, APP_ORIGIN, 'azp is the Origin the token was requested from');
    assert.equal(payload.iss, server.fapiUrl);
    assert.equal(payload.exp - payload.iat, 60, 'lifetime exp - iat');
    assert.ok(payload.nbf <= payload.iat, 'nbf is not after iat');
    assert.ok(Math.abs(payload.iat - Date.now() / 1000) < 30, `iat ${payload.iat} is close to now`);
    assert.equal(payload.sts, 'active');
    assert.ok(typeof payload.jti === 'string' && payload.jti.length > 0, 'jti');
    assert.ok(Array.isArray(payload.fva) && payload.fva.length === 2 && payload.fva.every(Number.isInteger),
      `fva is [first factor age, second factor age]: ${JSON.stringify(payload.fva)}`);
    assert.equal(payload.fva[1], -1, 'no second factor: fva[1] = -1');
    assert.ok(payload.fva[0] >= 0 && payload.fva[0] <= 1, `fresh sign-up: fva[0] is 0 or 1 minutes, got ${payload.fva[0]}`);
    assert.ok(!('o' in payload), 'no organization claim without an active organization');
    assert.ok(!('act' in payload), 'no act claim without impersonation');
  });

  it('puts the requesting Origin in azp and mints a new jti each time', async () => {
    const other = new Fapi(server.fapiUrl, { origin: OTHER_ORIGIN });
    other.dbJwt = fapi.dbJwt; // same browser, different app origin
    other.jar = fapi.jar;
    const a = await getToken(fapi, signedUp.sessionId);
    const b = await getToken(other, signedUp.sessionId);
    const pa = (await jwtVerify(a.jwt, jwks, { issuer: server.fapiUrl, algorithms: ['RS256'] })).payload;
    const pb = (await jwtVerify(b.jwt, jwks, { issuer: server.fapiUrl, algorithms: ['RS256'] })).payload;
    assert.equal(pa.azp, APP_ORIGIN);
    assert.equal(pb.azp, OTHER_ORIGIN);
    assert.notEqual(pa.jti, pb.jti, 'each token has its own jti');
  });

  it('rejects a tampered token and a wrong issuer', async () => {
    const { jwt } = await getToken(fapi, signedUp.sessionId);
    const [h, p, s] = jwt.split('.');
    const claims = decodeJwt(jwt);
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'user_attacker' })).toString('base64url')}.${s}`;
    await assert.rejects(jwtVerify(forged, jwks, { issuer: server.fapiUrl, algorithms: ['RS256'] }),
      joseErrors.JWSSignatureVerificationFailed);
    await assert.rejects(jwtVerify(`${h}.${p}.${s}`, jwks, { issuer: 'https://clerk.example.com', algorithms: ['RS256'] }),
      joseErrors.JWTClaimValidationFailed);
  });

  it('refuses tokens for a session that has ended', async () => {
    const x = expectStatus(await fapi.post(`/v1/client/sessions/${signedUp.sessionId}/end`, {}), 200);
    assert.equal(x.body?.response?.status, 'ended', `session status after end: ${x.text.slice(0, 300)}`);
    const t = await fapi.post(`/v1/client/sessions/${signedUp.sessionId}/tokens`, {});
    assert.ok([401, 404].includes(t.status), `tokens for an ended session: expected 401/404, got ${t.status} ${t.text.slice(0, 300)}`);
    assert.ok(Array.isArray(t.body?.errors), 'error envelope');
  });
});

describe('session_token_lifetime_seconds is honoured', () => {
  let server;
  after(async () => { await server?.stop(); });

  it('mints 120 s tokens when configured so', async () => {
    server = await startServer({
      config: { instance_type: 'development', allowed_origins: [APP_ORIGIN], session_token_lifetime_seconds: 120 },
      allowedOrigins: [APP_ORIGIN],
    });
    const fapi = new Fapi(server.fapiUrl, { origin: APP_ORIGIN });
    await fapi.createDevBrowser();
    const s = await signUpWithEmailCode(fapi, { email: uniqueEmail('lifetime', { testMode: true }) });
    const { jwt } = await getToken(fapi, s.sessionId);
    const jwks = createRemoteJWKSet(new URL(`${server.fapiUrl}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(jwt, jwks, { issuer: server.fapiUrl, algorithms: ['RS256'] });
    assert.equal(payload.exp - payload.iat, 120);
    assert.equal(payload.sub, s.userId);
  });
});
