/**
 * Number(text) for a sample value as Prometheus writes one (`6.899999999999999e-02`, `0.07`,
 * `1234`), read in JavaScript: Number() of a string with a fraction or an exponent goes to the
 * runtime, and a storm poll reads 20,000 values that change every evaluation.
 *
 * Exact, not approximate: the digits make an integer below 2^53 and the exponent is within
 * 10^±22, so both are exact doubles and one multiplication or division rounds the true value
 * correctly, as Number() does (Clinger's fast path). Anything else (`NaN`, `+Inf`, 17 digits,
 * `1e300`, spaces, a sign `+`) is Number()'s to read.
 */
export function sampleValue(text: string): number {
  const n = text.length;
  let i = 0;
  const negative = n > 0 && text.charCodeAt(0) === MINUS;
  if (negative) i = 1;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
    digits++;
  }
  if (digits === 0) return Number(text);
  if (i < n && text.charCodeAt(i) === DOT) {
    const from = ++i;
    for (; i < n; i++) {
      const d = text.charCodeAt(i) - ZERO;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
    }
    if (i === from) return Number(text);
    scale -= i - from;
  }
  if (i < n) {
    const c = text.charCodeAt(i);
    if (c !== LOWER_E && c !== UPPER_E) return Number(text);
    i++;
    let exponentNegative = false;
    if (i < n && (text.charCodeAt(i) === MINUS || text.charCodeAt(i) === PLUS)) {
      exponentNegative = text.charCodeAt(i) === MINUS;
      i++;
    }
    const from = i;
    let exponent = 0;
    for (; i < n && i - from < 4; i++) {
      const d = text.charCodeAt(i) - ZERO;
      if (d < 0 || d > 9) break;
      exponent = exponent * 10 + d;
    }
    if (i === from || i < n) return Number(text);
    scale += exponentNegative ? -exponent : exponent;
  }
  // From 2^53 on the digits may have been rounded while they were read.
  if (mantissa >= MAX_EXACT || scale < -22 || scale > 22) return Number(text);
  const v = scale < 0 ? mantissa / POWERS[-scale]! : mantissa * POWERS[scale]!;
  return negative ? -v : v;
}

const ZERO = 48;
const MINUS = 45;
const PLUS = 43;
const DOT = 46;
const LOWER_E = 101;
const UPPER_E = 69;
const MAX_EXACT = 2 ** 53;
/** 10^0 .. 10^22: every one an exact double. */
const POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));
