/**
 * A count as people read it: "20,000", not "20000". One fixed grouping for every count Vigil
 * writes, on screen, in notifications and on the timeline alike, so a storm's figures read the
 * same everywhere (a timeline entry is kept and exported; it should not depend on the machine's
 * locale). One formatter, made once: a storm's summary formats a few counts, the list many.
 */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
