// The demo apps served against a tessera-server of the test's own (e.g. one started with
// `single_session_mode = false`): a demo backend (`demo_api`) verifying that server's tokens, and
// `xtask serve-demos --no-build` serving the demos already built (by `cargo xtask test`, or `cargo xtask demo`).
//
//   TESSERA_XTASK_BIN     the xtask binary (set by `cargo xtask test`; default <repo>/target/debug/xtask)
//   TESSERA_DEMO_API_BIN  the demo backend (default <repo>/target/native/examples/demo_api)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.mjs';

export const XTASK_BIN = process.env.TESSERA_XTASK_BIN || path.join(REPO_ROOT, 'target', 'debug', 'xtask');
export const DEMO_API_BIN = process.env.TESSERA_DEMO_API_BIN
  || path.join(REPO_ROOT, 'target', 'native', 'examples', 'demo_api');

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/** Why own demos cannot be served here (a binary is missing), or false. */
export function ownDemosUnavailable() {
  for (const [bin, how] of [[XTASK_BIN, 'cargo build -p xtask, or set TESSERA_XTASK_BIN'],
    [DEMO_API_BIN, 'cargo build --profile native -p tessera-backend --example demo_api']]) {
    if (!fs.existsSync(bin)) return `${bin} is missing (${how})`;
  }
  return false;
}

/**
 * Start `bin args` and wait until its output has a line for each of `patterns` (regexes with one group).
 * @returns {Promise<{found: Record<string, string>, stop: () => Promise<void>}>}
 */
async function startProcess(name, bin, args, patterns) {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: REPO_ROOT });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const found = {};
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms\n${out.slice(-3000)}`));
    }, START_TIMEOUT_MS);
    const scan = () => {
      for (const [key, re] of Object.entries(patterns)) {
        const m = out.match(re);
        if (m && !(key in found)) found[key] = m[1];
      }
      if (Object.keys(patterns).every((k) => k in found)) {
        clearTimeout(timer);
        child.stdout.off('data', scan);
        resolve();
      }
    };
    child.stdout.on('data', scan);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited early (code ${code}, signal ${signal})\n${out.slice(-3000)}`));
    });
  });
  let stopped = false;
  return {
    found,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

/**
 * Serve the built demos against `fapiUrl`, with a demo backend of their own.
 * @returns {Promise<{yew: string|undefined, js: string|undefined, demoApiUrl: string, stop: () => Promise<void>}>}
 *   `yew`/`js`: the demo's URL, undefined when that demo is not built.
 */
export async function serveOwnDemos(fapiUrl) {
  const api = await startProcess('demo api', DEMO_API_BIN, ['--addr', '127.0.0.1:0', '--frontend-api', fapiUrl],
    { url: /demo api listening on (http:\/\/\S+)/ });
  const demoApiUrl = api.found.url.replace(/\/+$/, '');
  let demos;
  try {
    demos = await startProcess('xtask serve-demos', XTASK_BIN,
      ['serve-demos', '--no-build', '--frontend-api', fapiUrl, '--demo-api', demoApiUrl],
      { yew: /Yew demo:\s+(\S+)/, js: /JS demo:\s+(\S+)/ });
  } catch (e) {
    await api.stop();
    throw e;
  }
  const url = (v) => (v?.startsWith('http') ? v.replace(/\/+$/, '') : undefined);
  return {
    yew: url(demos.found.yew),
    js: url(demos.found.js),
    demoApiUrl,
    async stop() {
      await demos.stop();
      await api.stop();
    },
  };
}
