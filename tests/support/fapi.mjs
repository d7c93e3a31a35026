// A small Frontend API client that speaks the wire protocol like clerk-js does:
// form-urlencoded bodies, PATCH/PUT/DELETE tunnelled as `POST …?_method=…`, the dev-browser
// token as `__clerk_db_jwt`, a cookie jar for the `__client` cookie, and the Origin header.

const REQUEST_TIMEOUT_MS = 15_000;

/** Minimal cookie jar: name → value, honouring deletion (Max-Age=0 / past Expires). */
export class CookieJar {
  constructor() { this.cookies = new Map(); }

  /** @param {string[]} setCookies raw Set-Cookie header values */
  store(setCookies) {
    for (const raw of setCookies) {
      const [pair, ...attrs] = raw.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const attr = Object.fromEntries(attrs.map((a) => {
        const i = a.indexOf('=');
        return i < 0 ? [a.toLowerCase(), true] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
      }));
      const expired = (attr['max-age'] !== undefined && Number(attr['max-age']) <= 0) ||
        (attr.expires && Date.parse(attr.expires) < Date.now());
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, attrs: attr, raw });
    }
  }

  get(name) { return this.cookies.get(name)?.value; }
  attrs(name) { return this.cookies.get(name)?.attrs; }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v.value}`).join('; '); }
  clear() { this.cookies.clear(); }
}

/** Encode a form body the way clerk-js does (objects become JSON strings, arrays repeat the key). */
export function formEncode(fields) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields ?? {})) {
    if (v === undefined) continue;
    if (Array.isArray(v)) v.forEach((x) => p.append(k, String(x)));
    else if (v !== null && typeof v === 'object') p.append(k, JSON.stringify(v));
    else p.append(k, v === null ? '' : String(v));
  }
  return p.toString();
}

/**
 * One exchange with the server, kept for assertions and for precise failure messages.
 * @typedef {{method: string, path: string, url: string, requestBody: string|undefined,
 *   status: number, headers: Headers, setCookies: string[], text: string, body: any}} Exchange
 */

export function describeExchange(x, max = 2000) {
  const body = x.text.length > max ? `${x.text.slice(0, max)}… (${x.text.length} chars)` : x.text;
  return `${x.method} ${x.path} ${x.requestBody ? `body: ${x.requestBody}` : ''}\n  → ${x.status} ${body}`;
}

export class Fapi {
  /**
   * @param {string} baseUrl the Frontend API URL (no trailing /v1)
   * @param {{origin?: string, apiVersion?: string}} [opts]
   */
  constructor(baseUrl, { origin = 'http://localhost:3000', apiVersion = '2026-08-20' } = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.origin = origin;
    this.apiVersion = apiVersion;
    this.jar = new CookieJar();
    this.dbJwt = undefined;
    /** @type {Exchange[]} */
    this.log = [];
  }

  /** `POST /v1/dev_browser` and use its id as `__clerk_db_jwt` from now on. */
  async createDevBrowser() {
    const x = await this.request('POST', '/v1/dev_browser');
    if (x.status !== 200 || typeof x.body?.id !== 'string') {
      throw new Error(`dev_browser failed:\n${describeExchange(x)}`);
    }
    this.dbJwt = x.body.id;
    return x;
  }

  /**
   * Send a request. `method` is the logical method; PATCH/PUT/DELETE go on the wire as POST + `_method`.
   * @returns {Promise<Exchange>}
   */
  async request(method, path, { form, json, query = {}, headers = {}, credentials = true } = {}) {
    const url = new URL(this.baseUrl + path);
    if (path.startsWith('/v1/')) {
      url.searchParams.set('__clerk_api_version', this.apiVersion);
      url.searchParams.set('_clerk_js_version', '6.40.0');
    }
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    let wire = method.toUpperCase();
    if (!['GET', 'POST'].includes(wire)) {
      url.searchParams.set('_method', wire);
      wire = 'POST';
    }
    if (credentials && this.dbJwt && path.startsWith('/v1/')) url.searchParams.set('__clerk_db_jwt', this.dbJwt);

    const h = { Accept: 'application/json', ...headers };
    if (this.origin) h.Origin = this.origin;
    const cookie = this.jar.header();
    if (credentials && cookie) h.Cookie = cookie;
    let body;
    if (json !== undefined) {
      body = JSON.stringify(json);
      h['Content-Type'] = 'application/json';
    } else if (wire === 'POST') {
      body = formEncode(form ?? {});
      h['Content-Type'] = 'application/x-www-form-urlencoded';
    }

    const res = await fetch(url, {
      method: wire, headers: h, body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const setCookies = res.headers.getSetCookie();
    if (credentials) this.jar.store(setCookies);
    const dbHeader = res.headers.get('clerk-db-jwt');
    if (dbHeader && this.dbJwt) this.dbJwt = dbHeader;
    const text = await res.text();
    let parsed;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = undefined; }
    const x = {
      method: method.toUpperCase(), path, url: url.toString(), requestBody: body,
      status: res.status, headers: res.headers, setCookies, text, body: parsed,
    };
    this.log.push(x);
    return x;
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, form, opts = {}) { return this.request('POST', path, { ...opts, form }); }
  patch(path, form, opts = {}) { return this.request('PATCH', path, { ...opts, form }); }
  delete(path, form, opts = {}) { return this.request('DELETE', path, { ...opts, form }); }
}

/** Throw with the whole exchange unless the status is the expected one. */
export function expectStatus(x, status) {
  if (x.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${x.status}:\n${describeExchange(x)}`);
  }
  return x;
}
