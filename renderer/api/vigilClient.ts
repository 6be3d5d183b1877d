import {
  events,
  requests,
  type EventName,
  type EventPayload,
  type RequestInput,
  type RequestName,
  type RequestOutput,
} from '../../shared/ipc/contract';
import { parseChecked, safeParseChecked } from '../../shared/ipc/fastCheck';
import { createPreloadTransport } from './preloadTransport';
import type { ConnectionState, Transport } from './transport';
import { createWebSocketTransport, takeBridgeToken } from './webSocketTransport';

/**
 * The one typed client every screen uses. Replies and events are validated against the contract
 * (by zod, or by the check compiled from the same schemas, shared/ipc/fastCheck.ts, when the value
 * is exactly as the contract describes it: a storm pushes 20,000 incidents a minute).
 */
export interface VigilClient {
  request<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export function createVigilClient(transport: Transport): VigilClient {
  return {
    async request(name, input) {
      const output = await transport.request(name, input);
      return parseChecked(requests[name].output, output) as RequestOutput<typeof name>;
    },
    on(name, listener) {
      return transport.subscribe(name, (payload) => {
        const parsed = safeParseChecked(events[name], payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof name>);
        else console.error(`Vigil: ignored a malformed ${name} event`, parsed.error);
      });
    },
    onConnection: (l) => transport.onConnection(l),
  };
}

export type ClientResult = { ok: true; client: VigilClient } | { ok: false; message: string };

/** Picks the transport: the Electron preload when present, else the browser host's WebSocket. */
export function connectVigil(): ClientResult {
  if (window.vigil) return { ok: true, client: createVigilClient(createPreloadTransport(window.vigil)) };
  const token = takeBridgeToken();
  if (!token) {
    return {
      ok: false,
      message:
        'This page needs this start\'s access link: open the file "npm run web" printed (open-vigil.html in Vigil\'s data folder) instead.',
    };
  }
  return { ok: true, client: createVigilClient(createWebSocketTransport(token)) };
}
