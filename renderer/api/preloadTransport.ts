import type { EventName, RequestName } from '../../shared/ipc/contract';
import type { VigilPreloadApi } from '../../shared/ipc/preloadApi';
import type { Transport } from './transport';

declare global {
  interface Window {
    vigil?: VigilPreloadApi;
  }
}

/** Electron: the preload's per-message functions. IPC does not disconnect, so it is always open. */
export function createPreloadTransport(api: VigilPreloadApi): Transport {
  return {
    request: (channel: RequestName, input: unknown) =>
      (api.requests[channel] as (i: unknown) => Promise<unknown>)(input),
    subscribe: (event: EventName, listener) => (api.events[event] as (l: (p: unknown) => void) => () => void)(listener),
    onConnection(listener) {
      listener({ status: 'open' });
      return () => {};
    },
  };
}
