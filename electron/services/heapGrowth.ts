import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what was live after a full collection, in percent.
 *
 * Left to itself V8 picks a factor between 1.1 and 4 from how fast the program allocates. A storm
 * allocates a poll's whole reply every 15 s, so the heap was let grow to several times the
 * engine's state: at 20,000 alerts 472-508 MB resident, 664-762 MB at the first poll, for about
 * 100 MB of incidents. At 1.5 the same storm measured 355-363 MB (peak 373-375 MB) for 1.5-4
 * points more of a core; 1.25 measured the same (README, Speed). A desktop app that sits beside
 * a browser and an IDE all night should not hold memory it does not need.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Sets the heap's growing factor for this process: the main process of both hosts calls it
 * before it starts the services. V8 reads the flag at every full collection, so setting it at
 * run time takes effect (checked: the same peak as the command-line flag).
 * VIGIL_HEAP_GROWING_PERCENT overrides it for measurements; 0 leaves the choice to V8.
 */
export function limitHeapGrowth(env: NodeJS.ProcessEnv = process.env): void {
  const asked = env.VIGIL_HEAP_GROWING_PERCENT;
  const percent = asked && /^\d{1,4}$/.test(asked) ? Number(asked) : HEAP_GROWING_PERCENT;
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
