import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Checks HTTP exchanges against PagerDuty's published OpenAPI 3.0 description (the subset in
 * resources/pagerduty/openapi-subset.json). The fake server's responses go through here in the
 * tests, so a shape the real API would not send fails the suite instead of teaching the client
 * something false.
 *
 * OpenAPI 3.0 schemas are not JSON Schema: each one is converted with
 * @openapi-contrib/openapi-schema-to-json-schema (nullable -> type [.., "null"], OpenAPI-only
 * keywords dropped) and then compiled by ajv against a single document, so `$ref`s, including
 * PagerDuty's deep ones such as `#/components/schemas/Tag/allOf/0`, resolve unchanged.
 *
 * Two readings differ from the letter of the spec, both deliberate:
 *
 * 1. `oneOf` is read as `anyOf`. PagerDuty lists alternatives that overlap: every log entry type
 *    is `allOf: [LogEntry, {type enum}]` under a `oneOf`, the Channel alternatives share `type`
 *    and `summary` and set no `additionalProperties`, and an incident's `service` may be a
 *    ServiceReference or a Service that a reference also satisfies. A genuine reply therefore
 *    matches several alternatives, and JSON Schema's "exactly one" would reject it. `anyOf` keeps
 *    the check that the value fits at least one documented shape.
 *
 * 2. AcknowledgeLogEntry pins `type` to "acknowledgement_log_entry" while the LogEntry it extends
 *    (and the live API) say "acknowledge_log_entry": the intersection is empty, so no
 *    acknowledgement could ever validate. SPEC_CORRECTIONS swaps in the name LogEntry lists; the
 *    unit test proves the unpatched spec still has the defect, so the patch is removed the day
 *    PagerDuty fixes it.
 */

// ajv-formats is CommonJS; under NodeNext-style interop its default export may sit one level down.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const HERE = dirname(fileURLToPath(import.meta.url));
export const SUBSET_PATH = resolve(HERE, '../../resources/pagerduty/openapi-subset.json');

const DOC_ID = 'https://vigil.invalid/pagerduty-openapi-subset.json';

export interface ExchangeRecord {
  method: string;
  /** The request path without the query string, e.g. /incidents/P1ABC23. */
  path: string;
  status: number;
  /** The response's Content-Type header, or null when none was sent. */
  contentType: string | null;
  /** The body exactly as sent. */
  body: string;
}

export interface PagerDutyContract {
  /** Every way the response departs from the spec, in words; empty when it conforms. */
  checkResponse(record: ExchangeRecord): string[];
  /** Same for a request body the client sends (PUT /incidents/{id}). */
  checkRequestBody(method: string, path: string, body: unknown): string[];
  /** The path templates in the subset, e.g. /incidents/{id}. */
  readonly paths: string[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface ContractOptions {
  /** Apply SPEC_CORRECTIONS (default true); the unit test turns it off to show the defect. */
  corrections?: boolean;
  /** Read oneOf as anyOf (default true); the unit test turns it off to show why. */
  oneOfAsAnyOf?: boolean;
}

/** Known defects in PagerDuty's spec, each a JSON pointer and the value the live API implies. */
export const SPEC_CORRECTIONS: { pointer: string; expect: Json; replace: Json; why: string }[] = [
  {
    pointer: '/components/schemas/AcknowledgeLogEntry/allOf/1/properties/type/enum',
    expect: ['acknowledgement_log_entry'],
    replace: ['acknowledge_log_entry'],
    why: 'LogEntry.type and the live API use acknowledge_log_entry',
  },
];

export function loadPagerDutyContract(subsetPath = SUBSET_PATH, options: ContractOptions = {}): PagerDutyContract {
  const spec = JSON.parse(readFileSync(subsetPath, 'utf8')) as JsonObject;
  return createPagerDutyContract(spec, options);
}

export function createPagerDutyContract(spec: JsonObject, options: ContractOptions = {}): PagerDutyContract {
  const source = structuredClone(spec);
  if (options.corrections ?? true) applyCorrections(source);
  const doc = convertDocument(source, options.oneOfAsAnyOf ?? true);

  const ajv = new Ajv({
    allErrors: true,
    // Unknown keywords and formats stay errors; the spec's loose typing (minLength beside an
    // array type, required names without properties) is PagerDuty's style, not a mistake of ours.
    strict: true,
    strictTypes: false,
    strictRequired: false,
    strictTuples: false,
  });
  addFormats(ajv);
  // Formats PagerDuty uses beyond JSON Schema's own.
  ajv.addFormat('url', (s: string) => URL.canParse(s));
  ajv.addFormat('tzinfo', isIanaTimeZone);
  ajv.addFormat('activesupport-time-zone', (s: string) => s.trim().length > 0);
  // The document's top level is OpenAPI, not JSON Schema; these keys only carry schemas for $ref.
  ajv.addVocabulary(['openapi', 'info', 'paths', 'components']);
  ajv.addSchema({ ...doc, $id: DOC_ID });

  const paths = Object.keys(asObject(doc.paths));
  const matchers = paths
    .map((template) => ({
      template,
      re: templateToRegExp(template),
      literal: template.replace(/\{[^}]+\}/g, '').length,
    }))
    // Literal segments win over parameters (/users/me before a hypothetical /users/{id}).
    .sort((a, b) => b.literal - a.literal);
  const compiled = new Map<string, ValidateFunction>();

  const validatorAt = (pointer: string): ValidateFunction => {
    let v = compiled.get(pointer);
    if (!v) {
      v = ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
      compiled.set(pointer, v);
    }
    return v;
  };

  const findOperation = (method: string, path: string) => {
    const hit = matchers.find((m) => m.re.test(path));
    if (!hit) return null;
    const operation = asObject(doc.paths)[hit.template] as JsonObject | undefined;
    const op = operation?.[method.toLowerCase()] as JsonObject | undefined;
    return op ? { template: hit.template, op } : null;
  };

  return {
    paths,
    checkResponse(record) {
      const where = `${record.method} ${record.path} -> ${record.status}`;
      const found = findOperation(record.method, record.path);
      if (!found) return [`${where}: no such operation in the spec`];
      const base = `/paths/${escapePointer(found.template)}/${record.method.toLowerCase()}/responses`;
      const responses = asObject(found.op.responses);
      const key = [String(record.status), `${String(record.status)[0]}XX`, 'default'].find((k) => k in responses);
      let responsePointer: string;
      if (key !== undefined) {
        responsePointer = resolveRefPointer(doc, `${base}/${key}`);
      } else if (record.status >= 400 && 'ArgumentError' in asObject(asObject(doc.components).responses)) {
        // Not every operation lists every error status it can return (PUT /incidents/{id} lists
        // no 400, the change-event lists no 429), yet PagerDuty answers them all with the one
        // error envelope its spec names ArgumentError/Unauthorized/... : check against that.
        responsePointer = '/components/responses/ArgumentError';
      } else {
        return [`${where}: status ${record.status} is not declared for ${found.template}`];
      }
      const content = resolveAt(doc, responsePointer) as JsonObject | undefined;
      const media = content?.content as JsonObject | undefined;
      if (!media) return record.body.length === 0 ? [] : [`${where}: the spec declares no body, one was sent`];
      const mediaType = (record.contentType ?? '').split(';')[0]!.trim().toLowerCase();
      const declared = Object.keys(media);
      if (!declared.includes(mediaType)) {
        return [`${where}: Content-Type ${record.contentType ?? '(none)'} is not one of ${declared.join(', ')}`];
      }
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch (err) {
        return [`${where}: the body is not JSON (${(err as Error).message})`];
      }
      const validate = validatorAt(`${responsePointer}/content/${escapePointer(mediaType)}/schema`);
      return validate(body) ? [] : describeErrors(where, validate);
    },
    checkRequestBody(method, path, body) {
      const where = `${method} ${path} request body`;
      const found = findOperation(method, path);
      if (!found) return [`${where}: no such operation in the spec`];
      if (!found.op.requestBody) return [`${where}: the operation takes no body`];
      const pointer = `/paths/${escapePointer(found.template)}/${method.toLowerCase()}/requestBody/content/application~1json/schema`;
      const validate = validatorAt(pointer);
      return validate(body) ? [] : describeErrors(where, validate);
    },
  };
}

function describeErrors(where: string, validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map(
    (e) => `${where}: ${e.instancePath || '(body)'} ${e.message ?? 'is invalid'} (schema ${e.schemaPath})`,
  );
}

function applyCorrections(spec: JsonObject): void {
  for (const fix of SPEC_CORRECTIONS) {
    const slash = fix.pointer.lastIndexOf('/');
    const parent = resolveAt(spec, fix.pointer.slice(0, slash));
    const last = unescapePointer(fix.pointer.slice(slash + 1));
    // Only patch what is still broken: if PagerDuty changed the schema, leave it be.
    if (isObject(parent) && JSON.stringify(parent[last]) === JSON.stringify(fix.expect)) parent[last] = fix.replace;
  }
}

/** Converts every schema position of the OpenAPI document to JSON Schema, in place on a copy. */
function convertDocument(spec: JsonObject, oneOfAsAnyOf: boolean): JsonObject {
  const convert = (schema: Json): Json => {
    const out = fromSchema(schema as never, {
      cloneSchema: true,
      afterTransform: oneOfAsAnyOf ? (node) => oneOfToAnyOf(node as JsonObject) as never : undefined,
    }) as JsonObject;
    delete out.$schema;
    return out;
  };
  const convertMedia = (holder: Json | undefined) => {
    if (!isObject(holder) || !isObject(holder.content)) return;
    for (const media of Object.values(holder.content)) {
      if (isObject(media) && media.schema !== undefined) media.schema = convert(media.schema);
    }
  };
  const convertParameters = (list: Json | undefined) => {
    for (const p of Array.isArray(list) ? list : isObject(list) ? Object.values(list) : []) {
      if (isObject(p) && p.schema !== undefined) p.schema = convert(p.schema);
    }
  };

  const doc = structuredClone(spec);
  const components = asObject(doc.components);
  for (const [name, schema] of Object.entries(asObject(components.schemas)))
    asObject(components.schemas)[name] = convert(schema);
  for (const response of Object.values(asObject(components.responses))) convertMedia(response);
  for (const body of Object.values(asObject(components.requestBodies))) convertMedia(body);
  convertParameters(components.parameters);
  for (const item of Object.values(asObject(doc.paths))) {
    for (const op of Object.values(asObject(item))) {
      if (!isObject(op)) continue;
      convertParameters(op.parameters);
      convertMedia(op.requestBody);
      for (const response of Object.values(asObject(op.responses))) convertMedia(response);
    }
  }
  return doc;
}

function oneOfToAnyOf(node: JsonObject): JsonObject {
  if (!Array.isArray(node.oneOf)) return node;
  const { oneOf, ...rest } = node;
  if (rest.anyOf === undefined) return { ...rest, anyOf: oneOf };
  // Both present: keep both constraints.
  return { ...rest, allOf: [...(Array.isArray(rest.allOf) ? rest.allOf : []), { anyOf: oneOf }] };
}

function isIanaTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function resolveRefPointer(doc: JsonObject, pointer: string): string {
  // Follow $ref chains (a response that is `$ref: #/components/responses/Unauthorized`).
  let current = pointer;
  for (let i = 0; i < 10; i++) {
    const node = resolveAt(doc, current);
    if (!isObject(node) || typeof node.$ref !== 'string') return current;
    current = node.$ref.replace(/^#/, '');
  }
  throw new Error(`$ref chain too deep at ${pointer}`);
}

function resolveAt(doc: JsonObject, pointer: string): Json | undefined {
  return pointer
    .split('/')
    .slice(1)
    .map(unescapePointer)
    .reduce<Json | undefined>(
      (node, part) => (isObject(node) ? node[part] : Array.isArray(node) ? node[Number(part)] : undefined),
      doc,
    );
}

function templateToRegExp(template: string): RegExp {
  const pattern = template
    .split('/')
    .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}$`);
}

function escapePointer(part: string): string {
  return part.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescapePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

function isObject(node: Json | undefined): node is JsonObject {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}

function asObject(node: Json | undefined): JsonObject {
  return isObject(node) ? node : {};
}
