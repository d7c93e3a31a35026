// Start and stop a tessera-server for one test file: temp TOML config, `:memory:` database, port 0.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SERVER_BIN } from './paths.mjs';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** Serialize an object as TOML (strings, booleans, integers, arrays of strings; arrays of objects as arrays of tables). */
export function toToml(config) {
  const value = (v) => {
    if (typeof v === 'string') return JSON.stringify(v); // TOML basic strings use JSON escapes
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (Number.isInteger(v)) return String(v);
    if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
    throw new Error(`toToml: unsupported value ${JSON.stringify(v)}`);
  };
  const isTables = (v) => Array.isArray(v) && v.length > 0 && v.every((t) => t && typeof t === 'object' && !Array.isArray(t));
  const entries = Object.entries(config).filter(([, v]) => v !== undefined);
  const flat = entries.filter(([, v]) => !isTables(v)).map(([k, v]) => `${k} = ${value(v)}`);
  // Arrays of objects become arrays of tables (`[[jwt_templates]]`), after the flat keys; a nested
  // object inside one is an inline table.
  const inline = (v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)} = ${inline(x)}`).join(', ')} }`
      : value(v);
  const tables = entries
    .filter(([, v]) => isTables(v))
    .flatMap(([k, list]) => list.map((t) => `[[${k}]]\n${Object.entries(t).map(([tk, tv]) => `${tk} = ${inline(tv)}`).join('\n')}`));
  return [...flat, ...tables].join('\n') + '\n';
}

/** The labelled lines the server prints at start. */
const BANNER = {
  fapiUrl: /Frontend API:\s*(https?:\/\/\S+)/,
  publishableKey: /Publishable key:\s*(pk_(?:test|live)_\S+)/,
  secretKey: /Secret key:\s*(sk_(?:test|live)_\S+)/,
  database: /Database:\s*(.+?)\s*$/,
};

/**
 * Start tessera-server.
 * @param {object} opts
 * @param {object} [opts.config] TOML keys (application_name, instance_type, allowed_origins, …)
 * @param {string[]} [opts.allowedOrigins] passed as repeated `--allowed-origin`
 * @param {string} [opts.db] `:memory:` (default) or a path
 * @param {string} [opts.addr] listen address; `127.0.0.1:0` (default) picks a free port (a restart passes the old one)
 * @returns {Promise<{fapiUrl, publishableKey, secretKey, database, stdout: () => string, stderr: () => string, stop: () => Promise<void>}>}
 */
export async function startServer({ config = {}, allowedOrigins = [], db = ':memory:', addr = '127.0.0.1:0' } = {}) {
  if (!fs.existsSync(SERVER_BIN)) {
    throw new Error(
      `tessera-server binary not found at ${SERVER_BIN}: build it with ` +
        '`cargo build --profile native -p tessera-server` or set TESSERA_SERVER_BIN',
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-test-'));
  const configPath = path.join(dir, 'tessera.toml');
  fs.writeFileSync(configPath, toToml({ application_name: 'Tessera Tests', ...config }));

  const args = ['--addr', addr, '--db', db, '--config', configPath];
  for (const o of allowedOrigins) args.push('--allowed-origin', o);

  const child = spawn(SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_BACKTRACE: '1' } });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const found = {};
  const describe = () =>
    `command: ${SERVER_BIN} ${args.join(' ')}\nconfig:\n${fs.readFileSync(configPath, 'utf8')}` +
    `--- stdout ---\n${out}\n--- stderr ---\n${err.slice(-4000)}`;

  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tessera-server did not print its banner within ${START_TIMEOUT_MS} ms\n${describe()}`));
    }, START_TIMEOUT_MS);
    const scan = () => {
      for (const line of out.split('\n')) {
        for (const [key, re] of Object.entries(BANNER)) {
          const m = line.match(re);
          if (m && !found[key]) found[key] = m[1];
        }
      }
      if (found.fapiUrl && found.publishableKey && found.secretKey) {
        clearTimeout(timer);
        child.stdout.off('data', scan);
        resolve();
      }
    };
    child.stdout.on('data', scan);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`tessera-server exited early (code ${code}, signal ${signal})\n${describe()}`));
    });
  });

  let stopped = false;
  return {
    fapiUrl: found.fapiUrl.replace(/\/+$/, ''),
    publishableKey: found.publishableKey,
    secretKey: found.secretKey,
    database: found.database,
    configPath,
    stdout: () => out,
    stderr: () => err,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(t);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Decode the host a publishable key points at (`pk_…_` + base64("host$")). */
export function publishableKeyHost(pk) {
  const b64 = pk.replace(/^pk_(test|live)_/, '');
  return Buffer.from(b64, 'base64').toString('utf8').replace(/\$$/, '');
}

/** Build a publishable key for a host, as Clerk does. */
export function makePublishableKey(kind, host) {
  return `pk_${kind}_${Buffer.from(`${host}$`).toString('base64')}`;
}
