// Where things are: the repo root, the server binary, the screenshot folder.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Absolute path of the `tests/` package. */
export const TESTS_DIR = path.resolve(here, '..');

/** Repo root: `TESSERA_ROOT`, else the parent of `tests/`. */
export const REPO_ROOT = path.resolve(process.env.TESSERA_ROOT || path.resolve(TESTS_DIR, '..'));

/** The server binary: `TESSERA_SERVER_BIN`, else `<repo>/target/native/tessera-server`. */
export const SERVER_BIN = path.resolve(
  process.env.TESSERA_SERVER_BIN || path.join(REPO_ROOT, 'target', 'native', 'tessera-server'),
);

/** Screenshots of the browser tests land here (under `target/`, which git ignores). */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'target', 'screenshots');

/** The FAPI OpenAPI description, committed with the tests. */
export const FAPI_SPEC = path.join(TESTS_DIR, 'reference', 'fapi-2026-05-12.yml');
