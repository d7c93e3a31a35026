// Validate real responses against the response schemas of Clerk's FAPI OpenAPI 3.0 description.
//
// The OpenAPI schemas are converted to JSON Schema (draft 2020-12 subset that ajv understands):
//   - `nullable: true` → also allow null (type list, or anyOf [null, schema] around composites; null is
//     added to an `enum`);
//   - `$ref: '#/components/schemas/X'` → a reference into one bundled root schema (`fapi#/$defs/X`);
//   - annotations (`description`, `example`, `deprecated`, `discriminator`, `default`, `x-…`) are dropped,
//     and so are `format`s ajv-formats cannot check;
//   - everything that constrains (`type`, `required`, `additionalProperties`, `enum`, `oneOf`, `anyOf`,
//     `allOf`, `items`, `pattern`, limits) is kept as it is. The spec is never loosened.
//
// Failures are explained leaf by leaf: for a failed `oneOf`/`anyOf` the closest alternative is reported
// (fewest errors), so a message names the exact field and the spec component it comes from.
import fs from 'node:fs';
import * as yaml from 'js-yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { FAPI_SPEC } from './paths.mjs';

const ROOT_ID = 'fapi';
const DROP = new Set(['description', 'example', 'examples', 'deprecated', 'discriminator', 'default',
  'externalDocs', 'xml', 'readOnly', 'writeOnly', 'title']);
const CHECKABLE_FORMATS = new Set(['int32', 'int64', 'float', 'double', 'email', 'uri', 'date-time', 'uuid']);

let loaded;

/** Convert one OpenAPI 3.0 schema object to JSON Schema. */
export function convertSchema(node) {
  if (Array.isArray(node)) return node.map(convertSchema);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROP.has(k) || k.startsWith('x-') || k === 'nullable') continue;
    if (k === '$ref') {
      const m = /^#\/components\/schemas\/(.+)$/.exec(v);
      if (!m) throw new Error(`unsupported $ref ${v}`);
      out.$ref = `${ROOT_ID}#/$defs/${m[1]}`;
    } else if (k === 'properties') {
      out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, convertSchema(s)]));
    } else if (k === 'format') {
      if (CHECKABLE_FORMATS.has(v)) out.format = v;
    } else if (k === 'enum' || k === 'required') {
      out[k] = [...v];
    } else {
      out[k] = convertSchema(v);
    }
  }
  if (node.nullable === true) {
    const composite = out.$ref || out.allOf || out.oneOf || out.anyOf;
    if (!composite && typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (out.enum && !out.enum.includes(null)) out.enum.push(null);
      return out;
    }
    if (!composite && out.type === undefined) return out; // no type constraint: null already allowed
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

function load() {
  if (loaded) return loaded;
  const spec = yaml.load(fs.readFileSync(FAPI_SPEC, 'utf8'));
  const defs = Object.fromEntries(
    Object.entries(spec.components.schemas).map(([name, s]) => [name, convertSchema(s)]),
  );
  const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
  addFormats(ajv);
  const root = { $id: ROOT_ID, $defs: defs };
  ajv.addSchema(root);
  loaded = { spec, ajv, defs, compiled: new WeakMap(), shallow: new WeakMap() };
  return loaded;
}

/** The OpenAPI document (parsed). */
export function spec() { return load().spec; }

function compile(schema) {
  const { ajv, compiled } = load();
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

function refName(ref) { return ref.slice(`${ROOT_ID}#/$defs/`.length); }

/** The same schema with its sub-schemas replaced by `true`: checks only this level's own keywords. */
function shallowOf(schema) {
  const { shallow } = load();
  let s = shallow.get(schema);
  if (!s) {
    s = { ...schema };
    delete s.oneOf; delete s.anyOf; delete s.allOf; delete s.$ref;
    if (s.properties) s.properties = Object.fromEntries(Object.keys(s.properties).map((k) => [k, true]));
    if (s.items) s.items = true;
    if (s.additionalProperties && typeof s.additionalProperties === 'object') s.additionalProperties = true;
    shallow.set(schema, s);
  }
  return s;
}

function show(value, max = 160) {
  const j = JSON.stringify(value);
  return j === undefined ? 'undefined' : j.length > max ? `${j.slice(0, max)}…` : j;
}

function describeAjvError(e, value, base) {
  const at = base + e.instancePath;
  let detail = '';
  switch (e.keyword) {
    case 'required': return { at, message: `missing required property '${e.params.missingProperty}'` };
    case 'additionalProperties': return { at, message: `property '${e.params.additionalProperty}' is not allowed (additionalProperties: false)` };
    case 'enum': {
      // An enum of a few strings is discriminator-like (`object`, `strategy`): a mismatch there means
      // "wrong alternative" far more than "wrong value", so it weighs more when choosing the closest branch.
      const vals = e.params.allowedValues;
      const v = e.instancePath ? pointerGet(value, e.instancePath) : value;
      return { at, weight: vals.length <= 4 && vals.every((x) => typeof x === 'string') ? 10 : 1,
        message: `must be one of ${show(vals, 600)} (got ${show(v)})` };
    }
    default: break;
  }
  const v = e.instancePath ? pointerGet(value, e.instancePath) : value;
  return { at, message: `${e.message}${detail && e.keyword !== 'type' ? detail : ''} (got ${show(v)})` };
}

function pointerGet(value, ptr) {
  let v = value;
  for (const part of ptr.split('/').slice(1)) {
    const k = part.replace(/~1/g, '/').replace(/~0/g, '~');
    v = v?.[k];
  }
  return v;
}

/**
 * Explain why `value` fails `schema`: a list of {at, message, trail}.
 * @param {object} schema converted schema
 */
export function explain(schema, value, at = '', trail = []) {
  if (schema === true) return [];
  if (compile(schema)(value)) return [];
  const { defs } = load();
  if (schema.$ref) {
    const name = refName(schema.$ref);
    const rest = { ...schema };
    delete rest.$ref;
    const errs = explain(defs[name], value, at, [...trail, name]);
    return Object.keys(rest).length ? [...errs, ...explain(rest, value, at, trail)] : errs;
  }
  const errors = [];
  for (const kw of ['oneOf', 'anyOf']) {
    if (!schema[kw]) continue;
    const nullableWrapper = kw === 'anyOf' && schema[kw].length === 2 && schema[kw].some((b) => b.type === 'null');
    const branches = schema[kw].map((b, i) => {
      const isNull = b.type === 'null' && Object.keys(b).length === 1;
      const label = b.$ref ? refName(b.$ref) : isNull ? 'null' : `${kw}[${i}]`;
      const valid = compile(b)(value);
      let errs = [];
      if (!valid) {
        if (nullableWrapper) errs = explain(b, value, at, trail);
        else if (b.$ref) errs = explain(load().defs[label], value, at, [...trail, `${label} (closest of ${schema[kw].length} in ${kw})`]);
        else errs = explain(b, value, at, [...trail, `${label} (closest of ${schema[kw].length} in ${kw})`]);
      }
      return { b, label, isNull, valid, errs, weight: errs.reduce((n, e) => n + (e.weight ?? 1), 0) };
    });
    const passing = branches.filter((x) => x.valid);
    if (kw === 'oneOf' && passing.length > 1) {
      errors.push({ at, trail, message: `matches ${passing.length} alternatives of oneOf (${passing.map((x) => x.label).join(', ')}), must match exactly one` });
    } else if (passing.length === 0) {
      const candidates = branches.filter((x) => !(value !== null && x.isNull));
      candidates.sort((a, b) => a.weight - b.weight);
      errors.push(...(candidates[0] ?? branches[0]).errs);
    }
  }
  for (const part of schema.allOf ?? []) errors.push(...explain(part, value, at, trail));

  // This level's own keywords.
  const own = compile(shallowOf(schema));
  if (!own(value)) errors.push(...own.errors.map((e) => ({ ...describeAjvError(e, value, at), trail })));

  // Recurse into properties and items that exist.
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, sub] of Object.entries(schema.properties ?? {})) {
      if (k in value) errors.push(...explain(sub, value[k], `${at}/${k}`, trail));
    }
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      for (const k of Object.keys(value)) {
        if (!(schema.properties && k in schema.properties)) {
          errors.push(...explain(schema.additionalProperties, value[k], `${at}/${k}`, trail));
        }
      }
    }
  }
  if (Array.isArray(value) && schema.items && typeof schema.items === 'object') {
    value.forEach((item, i) => errors.push(...explain(schema.items, item, `${at}/${i}`, trail)));
  }
  if (errors.length === 0) {
    // Should not happen; fall back to ajv's raw errors so nothing is hidden.
    const v = compile(schema);
    v(value);
    errors.push(...(v.errors ?? []).map((e) => ({ ...describeAjvError(e, value, at), trail })));
  }
  return errors;
}

/** Match a concrete path (`/v1/client/sign_ins/sia_1`) to the spec's template (`/v1/client/sign_ins/{sign_in_id}`). */
export function specPathFor(concretePath) {
  const clean = concretePath.split('?')[0];
  const parts = clean.split('/');
  const { spec: s } = load();
  let best;
  for (const tpl of Object.keys(s.paths)) {
    const tp = tpl.split('/');
    if (tp.length !== parts.length) continue;
    let literal = 0;
    let ok = true;
    for (let i = 0; i < tp.length; i++) {
      if (/^\{.+\}$/.test(tp[i])) continue;
      if (tp[i] !== parts[i]) { ok = false; break; }
      literal++;
    }
    if (ok && (!best || literal > best.literal)) best = { tpl, literal };
  }
  return best?.tpl;
}

/**
 * The response schema the spec gives for (path template, method, status).
 * @returns {{schema: object|null, ref: string, documented: boolean, statuses: string[]}}
 */
export function responseSchema(pathTemplate, method, status) {
  const { spec: s } = load();
  const op = s.paths[pathTemplate]?.[method.toLowerCase()];
  if (!op) throw new Error(`the spec has no operation ${method.toUpperCase()} ${pathTemplate}`);
  const statuses = Object.keys(op.responses ?? {});
  let resp = op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
  const documented = Boolean(op.responses[String(status)]);
  let ref = `paths['${pathTemplate}'].${method.toLowerCase()}.responses['${status}']`;
  if (!resp) return { schema: null, ref, documented: false, statuses, operationId: op.operationId };
  if (resp.$ref) {
    ref = resp.$ref;
    resp = s.components.responses[resp.$ref.split('/').pop()];
  }
  const raw = resp.content?.['application/json']?.schema;
  return { schema: raw ? convertSchema(raw) : null, ref, documented, statuses, operationId: op.operationId };
}

/** The converted ClerkErrors schema (for error responses of any endpoint). */
export function clerkErrorsSchema() { return convertSchema({ $ref: '#/components/schemas/ClerkErrors' }); }

/**
 * Validate one exchange's body against the spec.
 * @returns {{ok: boolean, problems: string[], ref: string|null}}
 */
export function validateExchange(x) {
  const tpl = specPathFor(x.path);
  if (!tpl) return { ok: false, ref: null, problems: [`the spec has no path matching ${x.path}`] };
  const { schema, ref, documented, statuses, operationId } = responseSchema(tpl, x.method, x.status);
  const problems = [];
  if (!documented) {
    problems.push(`status ${x.status} is not documented for ${x.method} ${tpl} (${operationId}); documented: ${statuses.join(', ')}`);
  }
  if (!schema) {
    if (documented) return { ok: true, ref, problems: [], noSchema: true };
    return { ok: false, ref, problems };
  }
  if (x.body === undefined) {
    problems.push(`body is not JSON: ${show(x.text)}`);
    return { ok: false, ref, problems };
  }
  for (const e of explain(schema, x.body)) {
    problems.push(`${e.at || '/'}: ${e.message}${e.trail?.length ? `  [${e.trail.join(' › ')}]` : ''}`);
  }
  return { ok: problems.length === 0, ref, problems: [...new Set(problems)] };
}

/** A ready-to-read failure message for an exchange that violates the spec. */
export function formatViolation(x, result) {
  const tpl = specPathFor(x.path) ?? x.path;
  const lines = [
    `${x.method} ${x.path} → HTTP ${x.status} violates ${result.ref ?? '(no schema)'} (spec path ${tpl}):`,
    ...result.problems.map((p) => `  - ${p}`),
    `  request: ${x.method === 'GET' ? '' : x.requestBody ?? ''}`,
    `  response body: ${x.text.length > 3000 ? `${x.text.slice(0, 3000)}… (${x.text.length} chars)` : x.text}`,
  ];
  return lines.join('\n');
}
