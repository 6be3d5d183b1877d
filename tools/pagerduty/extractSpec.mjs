#!/usr/bin/env node
/**
 * Extracts the part of PagerDuty's OpenAPI 3.0 spec that Vigil uses into
 * resources/pagerduty/openapi-subset.json, so the contract tests run from a clone that does not
 * have ../shared (the full spec is 2.7 MB and mostly endpoints Vigil never calls).
 *
 * The subset keeps, for each operation below, its parameters, request body and responses, plus
 * every component those reach through $ref, transitively. Prose (descriptions, summaries, titles,
 * examples) and vendor extensions are dropped: the tests validate shapes, and prose would make the
 * committed file churn with every documentation edit upstream.
 *
 *   node tools/pagerduty/extractSpec.mjs [--spec <full spec>] [--out <subset>] [--check]
 *
 * --check exits 1 when the committed subset differs from a fresh extract (for CI or by hand).
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The operations Vigil calls, in the order the subset lists them. */
export const OPERATIONS = [
  ['/incidents', 'get'],
  ['/incidents/{id}', 'put'],
  ['/incidents/{id}/log_entries', 'get'],
  ['/incidents/{id}/notes', 'get'],
  ['/incidents/{id}/notes', 'post'],
  ['/oncalls', 'get'],
  ['/change_events', 'get'],
  ['/services/{id}/change_events', 'get'],
  ['/users/me', 'get'],
];

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_SPEC = resolve(REPO_ROOT, '../shared/contracts/pagerduty-rest-openapiv3.json');
export const DEFAULT_OUT = resolve(REPO_ROOT, 'resources/pagerduty/openapi-subset.json');

/** Keys that only carry prose or vendor notes; nothing a validator reads. */
const PROSE_KEYS = new Set(['description', 'summary', 'title', 'example', 'examples', 'externalDocs', 'tags']);

/**
 * Keys whose value is a map from user-chosen names to objects (property names, status codes,
 * media types...). Inside such a map a key called "description" or "summary" is a name (the
 * Incident schema has a `summary` property), so it must be kept.
 */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  'responses',
  'content',
  'headers',
  'encoding',
  'schemas',
  'parameters',
  'requestBodies',
  'securitySchemes',
  'links',
  'callbacks',
  'mapping',
]);

/** Values copied as data, never walked: an enum of strings or a default object is not schema. */
const LITERAL_KEYS = new Set(['enum', 'default', 'const', 'required']);

function stripProse(node, inNameMap = false) {
  if (Array.isArray(node)) return node.map((item) => stripProse(item));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (inNameMap) {
      out[key] = stripProse(value);
      continue;
    }
    if (PROSE_KEYS.has(key) || key.startsWith('x-')) continue;
    // `parameters` is a name map under components but a list inside an operation; arrays take
    // the first branch of stripProse either way.
    out[key] = LITERAL_KEYS.has(key) ? structuredClone(value) : stripProse(value, NAME_MAPS.has(key));
  }
  return out;
}

function collectRefs(node, found) {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, found);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.add(value);
      else collectRefs(value, found);
    }
  }
  return found;
}

function decodePointerPart(part) {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Builds the subset. A $ref may point deep inside a component (the spec has refs such as
 * `#/components/schemas/Tag/allOf/0`), so the whole top-level component it names is kept, which
 * keeps every pointer valid without rewriting it.
 */
export function extractSubset(full) {
  const paths = {};
  for (const [path, method] of OPERATIONS) {
    const operation = full.paths?.[path]?.[method];
    if (!operation) throw new Error(`the spec has no ${method.toUpperCase()} ${path}`);
    const kept = stripProse({
      operationId: operation.operationId,
      parameters: operation.parameters,
      requestBody: operation.requestBody,
      responses: operation.responses,
    });
    paths[path] = { ...paths[path], [method]: kept };
  }

  const components = {};
  const seen = new Set();
  const pending = [...collectRefs(paths, new Set())];
  while (pending.length > 0) {
    const ref = pending.pop();
    if (!ref.startsWith('#/components/')) throw new Error(`unsupported $ref ${ref}: only local component refs`);
    const [section, name] = ref.slice('#/components/'.length).split('/').map(decodePointerPart);
    const key = `${section}/${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const component = full.components?.[section]?.[name];
    if (component === undefined) throw new Error(`$ref ${ref} points at nothing in the spec`);
    const stripped = stripProse(component);
    (components[section] ??= {})[name] = stripped;
    for (const next of collectRefs(stripped, new Set())) pending.push(next);
  }

  // Sorted so the committed file does not reorder when the traversal order changes.
  const sortedComponents = {};
  for (const section of Object.keys(components).sort()) {
    sortedComponents[section] = {};
    for (const name of Object.keys(components[section]).sort()) {
      sortedComponents[section][name] = components[section][name];
    }
  }

  return {
    openapi: full.openapi,
    info: {
      title: `${full.info?.title ?? 'PagerDuty API'} (subset for Vigil, see tools/pagerduty/extractSpec.mjs)`,
      version: full.info?.version ?? 'unknown',
    },
    paths,
    components: sortedComponents,
  };
}

/** The exact bytes committed: stable indentation and a final newline. */
export function serialiseSubset(subset) {
  return `${JSON.stringify(subset, null, 2)}\n`;
}

function parseArgs(argv) {
  const args = { spec: DEFAULT_SPEC, out: DEFAULT_OUT, check: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') args.check = true;
    else if (arg === '--spec') args.spec = resolve(argv[++i] ?? '');
    else if (arg === '--out') args.out = resolve(argv[++i] ?? '');
    else throw new Error(`unknown argument ${arg}`);
  }
  return args;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const full = JSON.parse(readFileSync(args.spec, 'utf8'));
  const text = serialiseSubset(extractSubset(full));
  if (args.check) {
    let committed = '';
    try {
      committed = readFileSync(args.out, 'utf8');
    } catch {
      // a missing file is reported as a difference below
    }
    if (committed !== text) {
      console.error(`${args.out} is out of date: run node tools/pagerduty/extractSpec.mjs`);
      process.exit(1);
    }
    console.log(`${args.out} matches ${args.spec}`);
    return;
  }
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, text);
  console.log(`wrote ${args.out} (${Math.round(text.length / 1024)} KB) from ${args.spec}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
