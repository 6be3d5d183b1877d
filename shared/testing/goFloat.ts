/**
 * strconv.FormatFloat(v, 'e', -1, 64): the shortest digits that read back as `v`, in Go's
 * exponent form (`7.2e-02`), which is how Prometheus's API writes an alert's value.
 */
export function goExponent(v: number): string {
  const [mantissa, exponent] = v.toExponential().split('e') as [string, string];
  const e = Number(exponent);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}
