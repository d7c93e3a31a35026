// Authenticator-app codes for the end-to-end tests, computed with otplib (an implementation of RFC 6238
// independent of the server's totp-rs): SHA-1, 6 digits, 30 s steps — what the server enrols.
import { generate } from 'otplib';

export const PERIOD_S = 30;

/** The RFC 6238 time step at `ms` (default now). */
export function stepAt(ms = Date.now()) {
  return Math.floor(ms / 1000 / PERIOD_S);
}

/** The code of `secret` (base32, as the UI shows it) for the time step `step`. */
export function codeForStep(secret, step) {
  return generate({ secret: secret.replace(/\s+/g, ''), epoch: step * PERIOD_S + 1 });
}

/**
 * A code for the current step once that step is later than `usedStep` (the server accepts a step once) and at
 * least `marginS` seconds of it are left (so the code is still current when it reaches the server); waits for
 * the next step otherwise. Returns `{ code, step }`.
 */
export async function freshCode(secret, { usedStep = -1, marginS = 8 } = {}) {
  for (;;) {
    const now = Date.now();
    const step = stepAt(now);
    const left = PERIOD_S - (now / 1000) % PERIOD_S;
    if (step > usedStep && left >= marginS) return { code: await codeForStep(secret, step), step };
    await new Promise((r) => setTimeout(r, left * 1000 + 300));
  }
}

/** A 6-digit code that is none of the codes the server accepts around now (±1 step, and 2 more for safety). */
export async function wrongCode(secret) {
  const step = stepAt();
  const valid = new Set(await Promise.all([-2, -1, 0, 1, 2].map((d) => codeForStep(secret, step + d))));
  for (let n = 13579; ; n = (n + 111111) % 1000000) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}
