/**
 * Label sets a source hands out poll after poll as the same object (a Prometheus source's
 * labelSetMemory), marked so the classifier can keep what it read from them on the object itself.
 *
 * Kept, a label set is frozen (what was read from it cannot go stale) and carries one
 * non-enumerable symbol property: a slot the classifier fills. JSON, structured clones, spreads,
 * `Object.keys` and for-in never see it. A storm's 20,000 alerts are then classified without
 * matching their labels against the matrix again; one property read finds what the poll before
 * read (a WeakMap from label set to facts, tried first, cost the storm figure 0.07x `JSON.parse`).
 */
export interface KeptSlot {
  /** Whatever the classifier last read from the label set; null until it has. */
  facts: unknown;
}

const SLOT: unique symbol = Symbol('vigil.keptLabelSet');

type Kept = Readonly<Record<string, string>> & { readonly [SLOT]?: KeptSlot };

/** Marks a label set as kept from poll to poll, and freezes it. A frozen one is left as it is. */
export function keepLabelSet(labels: Record<string, string>): void {
  if (!Object.isExtensible(labels)) return;
  Object.defineProperty(labels, SLOT, { value: { facts: null } satisfies KeptSlot });
  Object.freeze(labels);
}

/** The slot of a kept label set; undefined for any other. */
export function keptSlot(labels: Readonly<Record<string, string>>): KeptSlot | undefined {
  return (labels as Kept)[SLOT];
}
