// Read the development outbox (`GET /__dev/outbox`) and wait for a code sent to an address.

const POLL_MS = 200;

/** @returns {Promise<{data: Array<{id, channel, to, subject, body, code, created_at}>, total_count: number}>} */
export async function readOutbox(fapiUrl) {
  const res = await fetch(`${fapiUrl}/__dev/outbox`, { signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET /__dev/outbox → ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

/**
 * Wait for a message to `to` whose id is not in `seenIds` and return it.
 * @param {string} fapiUrl
 * @param {string} to email address or phone number
 * @param {{timeoutMs?: number, seenIds?: Set<string>, channel?: string}} [opts]
 */
export async function waitForMessage(fapiUrl, to, { timeoutMs = 10_000, seenIds = new Set(), channel } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await readOutbox(fapiUrl);
    const hit = last.data.find((m) => m.to?.toLowerCase() === to.toLowerCase() && !seenIds.has(m.id) &&
      (!channel || m.channel === channel));
    if (hit) return hit;
    if (Date.now() > deadline) {
      throw new Error(`no outbox message to ${to} within ${timeoutMs} ms; outbox: ${JSON.stringify(last).slice(0, 1500)}`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The ids currently in the outbox (to wait for a *new* message afterwards). */
export async function outboxIds(fapiUrl) {
  return new Set((await readOutbox(fapiUrl)).data.map((m) => m.id));
}
