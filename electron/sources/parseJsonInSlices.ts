/** Characters scanned between two pauses (about a millisecond of scanning). */
const CHARS_PER_PAUSE = 128 * 1024;
/** Items of the bulk array given to one JSON.parse. */
const ITEMS_PER_PARSE = 64;

const QUOTE = 34; // "
const BACKSLASH = 92; // \
const COMMA = 44; // ,
const OPEN_OBJECT = 123; // {
const CLOSE_OBJECT = 125; // }
const OPEN_ARRAY = 91; // [
const CLOSE_ARRAY = 93; // ]

/**
 * `JSON.parse(text)`, for a reply whose bulk is one array of many items (Alertmanager's alerts,
 * Prometheus's `data.alerts`), pausing (yielding) between slices so a caller's event loop can
 * answer requests: one `JSON.parse` of a storm's 12 MB holds the loop 90-150 ms. The text is
 * scanned for the array at `path` (object keys from the root; [] when the reply is the array), its
 * items are parsed 64 at a time by `JSON.parse` itself, and the rest of the reply around them.
 *
 * The result is what `JSON.parse` gives. Whatever the scan does not recognise (malformed or
 * truncated text, the array missing, a key spelled with escapes, a key given twice) falls back to
 * `JSON.parse` of the whole text, which returns its value or throws its own error.
 */
export function* parseJsonInSlices(text: string, path: readonly string[]): Generator<void, unknown, void> {
  const found = yield* findBulkArray(text, path);
  if (!found) return JSON.parse(text);
  const { open, close, commas } = found;
  try {
    const items: unknown[] = [];
    // Item i runs from just after the bracket or comma before it to the comma or bracket after it.
    const bounds = [open, ...commas, close];
    const empty = commas.length === 0 && text.slice(open + 1, close).trim() === '';
    const count = empty ? 0 : bounds.length - 1;
    for (let i = 0; i < count; i += ITEMS_PER_PARSE) {
      const last = Math.min(count, i + ITEMS_PER_PARSE);
      // Every comma between the items is a bound, so this is exactly their count of values, or throws.
      const batch = JSON.parse(`[${text.slice(bounds[i]! + 1, bounds[last]!)}]`) as unknown[];
      for (const item of batch) items.push(item);
      yield;
    }
    const outer: unknown = JSON.parse(`${text.slice(0, open)}[]${text.slice(close + 1)}`);
    if (path.length === 0) return items;
    let holder = outer as Record<string, unknown>;
    for (const key of path.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
    holder[path[path.length - 1]!] = items;
    return outer;
  } catch {
    // Not valid JSON after all: JSON.parse of the whole text says where.
    return JSON.parse(text);
  }
}

interface BulkArray {
  /** Index of the array's `[` and `]`, and of the commas between its items. */
  open: number;
  close: number;
  commas: number[];
}

/**
 * Finds the array at `path` by scanning the structure of the text: brackets, braces and commas
 * outside strings, and the keys on the way to the array. Strings are skipped with indexOf.
 * Null when the text does not have exactly one such array (a key on the way given twice), or its
 * structure does not balance.
 */
function* findBulkArray(text: string, path: readonly string[]): Generator<void, BulkArray | null, void> {
  const quotedPath = path.map((k) => `"${k}"`);
  // Per open container: an object? on the path to the array? and did its current key match?
  const isObject: boolean[] = [];
  const onPath: boolean[] = [];
  const keyMatches: boolean[] = [];
  const seenKey: boolean[] = [];
  let expectKey = false;
  let found: BulkArray | null = null;
  let inBulk = -1; // depth of the bulk array's items while inside it
  let nextPause = CHARS_PER_PAUSE;
  for (let i = 0; i < text.length; i++) {
    if (i >= nextPause) {
      yield;
      nextPause = i + CHARS_PER_PAUSE;
    }
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      if (end < 0) return null;
      const depth = isObject.length;
      if (expectKey && depth > 0 && depth <= path.length) {
        const quoted = quotedPath[depth - 1]!;
        const matches = end - i + 1 === quoted.length && text.startsWith(quoted, i);
        // A key on the path given twice: JSON.parse keeps the last value, so let it decide.
        if (matches && seenKey[depth - 1]) return null;
        keyMatches[depth - 1] = matches;
        seenKey[depth - 1] ||= matches;
      }
      expectKey = false;
      i = end;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const depth = isObject.length;
      const on = depth === 0 || (onPath[depth - 1]! && isObject[depth - 1]! && keyMatches[depth - 1]!);
      if (c === OPEN_ARRAY && on && depth === path.length) {
        found = { open: i, close: -1, commas: [] };
        inBulk = depth + 1;
      }
      isObject.push(c === OPEN_OBJECT);
      onPath.push(on && depth < path.length);
      keyMatches.push(false);
      seenKey.push(false);
      expectKey = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (isObject.length === 0 || isObject[isObject.length - 1] !== (c === CLOSE_OBJECT)) return null;
      if (isObject.length === inBulk) {
        found!.close = i;
        inBulk = -1;
      }
      isObject.pop();
      onPath.pop();
      keyMatches.pop();
      seenKey.pop();
      expectKey = false;
    } else if (c === COMMA) {
      const depth = isObject.length;
      if (depth === inBulk) found!.commas.push(i);
      expectKey = depth > 0 && isObject[depth - 1]!;
      if (expectKey) keyMatches[depth - 1] = false;
    }
  }
  if (isObject.length !== 0 || !found || found.close < 0) return null;
  return found;
}

/** Index of the quote that closes the string opening at `from`, or -1. */
function closingQuote(text: string, from: number): number {
  let end = text.indexOf('"', from + 1);
  while (end > 0) {
    let slashes = 0;
    while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}
