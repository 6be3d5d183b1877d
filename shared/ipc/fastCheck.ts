import type { z } from 'zod';

/** True when zod would accept the value and give it back unchanged (see compileCheck). */
export type FastCheck = (value: unknown) => boolean;

/**
 * A check compiled from a zod schema for the renderer's hot path: the incidents a storm pushes
 * (20,000 of them in a minute's drift). zod's parse copies every object it checks, and in the page,
 * whose Content-Security-Policy forbids `eval`, it also runs without the compiled fast path it uses
 * in Node: at 20,000 incidents that was the largest part of the renderer's work while they
 * changed. This walks the same schema (zod's own definitions, `schema._zod.def`: one description of
 * the shape, not a second one to keep in step) into plain checks that copy nothing.
 *
 * It answers true only for a value zod would accept *and return as it is*: no unknown keys where
 * zod would strip them, nothing a default or transform would change. Anything else (a value it
 * refuses, or one zod might still accept in a changed form) goes to zod, which has the last word
 * and the error message, so `parseChecked` is zod's parse, faster when the input is as expected.
 * A schema with a node it does not know compiles to null: zod always.
 */
export function compileCheck(schema: z.ZodType): FastCheck | null {
  if (compiled.has(schema)) return compiled.get(schema)!;
  const check = compile(schema);
  compiled.set(schema, check);
  return check;
}

/** zod's parse of `value`, without zod's walk and copy when compileCheck's check passes it. */
export function parseChecked<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const check = compileCheck(schema);
  return check !== null && check(value) ? (value as z.output<S>) : schema.parse(value);
}

/** zod's safeParse of `value`, the same way. */
export function safeParseChecked<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  const check = compileCheck(schema);
  return check !== null && check(value) ? { success: true, data: value as z.output<S> } : schema.safeParse(value);
}

const compiled = new WeakMap<z.ZodType, FastCheck | null>();

/** The parts of zod's definitions read here (zod 4's `_zod.def`). */
interface Def {
  type: string;
  checks?: readonly unknown[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  partial?: boolean;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  entries?: Record<string, string | number>;
  values?: readonly unknown[];
  options?: readonly z.ZodType[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const always: FastCheck = () => true;

function compile(schema: z.ZodType): FastCheck | null {
  const def = defOf(schema);
  const checked = (def.checks?.length ?? 0) > 0;
  switch (def.type) {
    case 'string':
      // A leaf with refinements (a length, a pattern): zod checks it, and a string comes back as it is.
      return checked ? leaf(schema) : (v) => typeof v === 'string';
    case 'number':
      return checked ? leaf(schema) : (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return checked ? null : (v) => typeof v === 'boolean';
    case 'null':
      return (v) => v === null;
    case 'unknown':
    case 'any':
      return always;
    case 'enum': {
      const values = new Set(Object.values(def.entries!));
      return (v) => values.has(v as string);
    }
    case 'literal': {
      const values = def.values!;
      return (v) => values.includes(v);
    }
    case 'nullable': {
      const inner = compile(def.innerType!);
      return inner && ((v) => v === null || inner(v));
    }
    case 'optional': {
      const inner = compile(def.innerType!);
      return inner && ((v) => v === undefined || inner(v));
    }
    case 'array': {
      const element = checked ? null : compile(def.element!);
      return (
        element &&
        ((v) => {
          if (!Array.isArray(v)) return false;
          for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
          return true;
        })
      );
    }
    case 'record':
      return checked ? null : compileRecord(def);
    case 'object':
      return checked ? null : compileObject(def);
    case 'union': {
      const schemas = def.options!;
      const options = schemas.map(compile);
      if (options.some((o) => o === null)) return null;
      const all = options as FastCheck[];
      // zod returns what the first option that accepts makes of the value: one passed here must
      // not come after an option zod would accept (with its unknown keys stripped, say).
      return (v) => {
        for (let i = 0; i < all.length; i++) {
          if (!all[i]!(v)) continue;
          for (let j = 0; j < i; j++) if (schemas[j]!.safeParse(v).success) return false;
          return true;
        }
        return false;
      };
    }
    default:
      // default, transform, pipe, catch, lazy, tuple...: zod decides.
      return null;
  }
}

function leaf(schema: z.ZodType): FastCheck {
  return (v) => schema.safeParse(v).success;
}

/**
 * A plain object: what JSON.parse and a structured clone make (zod also refuses arrays). One without
 * a prototype goes to zod, which returns an ordinary object in its place.
 */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

function compileRecord(def: Def): FastCheck | null {
  const value = compile(def.valueType!);
  const keyDef = defOf(def.keyType!);
  if (value === null || (keyDef.checks?.length ?? 0) > 0) return null;
  if (keyDef.type === 'string') {
    return (v) => {
      if (!isPlainObject(v)) return false;
      // zod's copy loses a `__proto__` key (an assignment, not a new property): it decides those.
      for (const k in v) if (!value(v[k]) || k === '__proto__') return false;
      return true;
    };
  }
  if (keyDef.type !== 'enum') return null;
  const keys = new Set(Object.values(keyDef.entries!).map(String));
  // z.record over an enum wants every key; z.partialRecord any of them.
  const every = !def.partial;
  return (v) => {
    if (!isPlainObject(v)) return false;
    let present = 0;
    for (const k in v) {
      if (!keys.has(k) || !value(v[k])) return false;
      present++;
    }
    return !every || present === keys.size;
  };
}

function compileObject(def: Def): FastCheck | null {
  const names = Object.keys(def.shape!);
  const fields: FastCheck[] = [];
  for (const name of names) {
    const field = compile(def.shape![name]!);
    if (field === null) return null;
    fields.push(field);
  }
  // zod 4 wants a key present unless its schema is optional (z.unknown() included).
  const required = names.map((name) => defOf(def.shape![name]!).type !== 'optional');
  const known = new Set(names);
  // No catchall: zod strips unknown keys (so a value with one is not returned as it is); `never`
  // (strictObject): it refuses them; `unknown` (looseObject): it keeps them.
  const catchall = def.catchall === undefined ? 'strip' : defOf(def.catchall).type;
  if (catchall !== 'strip' && catchall !== 'never' && catchall !== 'unknown') return null;
  const extraAllowed = catchall === 'unknown';
  return (v) => {
    if (!isPlainObject(v)) return false;
    for (let i = 0; i < names.length; i++) {
      const x = v[names[i]!];
      if (!fields[i]!(x) || (x === undefined && required[i] && !Object.hasOwn(v, names[i]!))) return false;
    }
    if (!extraAllowed) for (const k in v) if (!known.has(k)) return false;
    return true;
  };
}
