import type { EventName, EventPayload, RequestInput, RequestName, RequestOutput } from './contract';

/**
 * What the Electron preload exposes as `window.vigil`: exactly one function per contract
 * request and one subscribe function per push event, nothing else (no generic invoke).
 * The preload declares its object with `satisfies VigilPreloadApi` so it cannot drift.
 */
export type VigilPreloadApi = {
  requests: { [K in RequestName]: (input: RequestInput<K>) => Promise<RequestOutput<K>> };
  events: { [K in EventName]: (listener: (payload: EventPayload<K>) => void) => () => void };
};

/** The IPC channel used for a push event (requests use their own names as channels). */
export const eventChannel = (name: EventName): string => `event:${name}`;
