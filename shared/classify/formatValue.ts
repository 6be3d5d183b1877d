/** How a rule's value reads in explanations: a fraction as a percentage, seconds, or a number. */
export type ValueUnit = 'percent' | 'seconds' | 'number';

/** Up to 3 significant decimals for small numbers, fewer for big ones: "0.062", "1.55", "14.2". */
export function roundForText(n: number): string {
  const abs = Math.abs(n);
  const scale = abs >= 100 ? 1 : abs >= 10 ? 10 : abs >= 1 ? 100 : 1000;
  // Math.round rather than toFixed: the same text for these magnitudes, at a fraction of the cost
  // in a storm step that renders 10,000 reasons.
  return String(Math.round(n * scale) / scale);
}

export function formatValue(value: number, unit: ValueUnit): string {
  switch (unit) {
    case 'percent':
      return `${roundForText(value * 100)}%`;
    case 'seconds':
      return `${roundForText(value)} s`;
    case 'number':
      return roundForText(value);
  }
}
