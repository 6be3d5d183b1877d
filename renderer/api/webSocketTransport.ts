import type { EventName, RequestName } from '../../shared/ipc/contract';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, ServerFrame, TOKEN_PROTOCOL_PREFIX } from '../../shared/ipc/wire';
import type { ConnectionState, Transport } from './transport';
import { parseChecked } from '../../shared/ipc/fastCheck';

const TOKEN_KEY = 'vigil.bridgeToken';

/**
 * Reads the per-start token from the URL fragment (never sent to the server in a request line),
 * keeps it for reloads in this tab only, and removes it from the address bar.
 */
export function takeBridgeToken(): string | null {
  const match = /(?:^#|&)token=([0-9a-f]{16,128})/.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, match[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1]!;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Browser host: one WebSocket, reconnecting with backoff; requests in flight fail on a drop. */
export function createWebSocketTransport(token: string): Transport {
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const subscribers = new Map<string, Set<(p: unknown) => void>>();
  const connectionListeners = new Set<(s: ConnectionState) => void>();
  let state: ConnectionState = { status: 'connecting' };
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retries = 0;
  const queue: string[] = [];

  const setState = (s: ConnectionState) => {
    state = s;
    connectionListeners.forEach((l) => l(s));
  };

  const connect = () => {
    const ws = new WebSocket(`ws://${window.location.host}${BRIDGE_PATH}`, [
      BRIDGE_PROTOCOL,
      `${TOKEN_PROTOCOL_PREFIX}${token}`,
    ]);
    socket = ws;
    ws.onopen = () => {
      retries = 0;
      queue.splice(0).forEach((f) => ws.send(f));
      setState({ status: 'open' });
    };
    ws.onmessage = (msg) => {
      let frame: ServerFrame;
      try {
        frame = parseChecked(ServerFrame, JSON.parse(String(msg.data)));
      } catch {
        return; // a frame we cannot read is not acted on
      }
      if ('event' in frame) {
        subscribers.get(frame.event)?.forEach((l) => l(frame.payload));
        return;
      }
      const waiter = pending.get(frame.id);
      if (!waiter) return;
      pending.delete(frame.id);
      if (frame.ok) waiter.resolve(frame.output);
      else waiter.reject(new Error(frame.error));
    };
    ws.onclose = (ev) => {
      socket = null;
      for (const w of pending.values()) w.reject(new Error('lost the connection to Vigil'));
      pending.clear();
      const message =
        ev.code === 1006 && retries === 0 && state.status === 'connecting'
          ? 'Vigil refused the connection: open the launch file "npm run web" printed (open-vigil.html; its access token changes at every start)'
          : 'lost the connection to Vigil; reconnecting';
      setState({ status: 'closed', message });
      retries++;
      setTimeout(connect, Math.min(10_000, 500 * 2 ** Math.min(retries, 5)));
    };
  };
  connect();

  return {
    request(channel: RequestName, input: unknown) {
      const id = nextId++;
      const frame = JSON.stringify({ id, channel, input });
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    subscribe(event: EventName, listener) {
      const set = subscribers.get(event) ?? new Set();
      set.add(listener);
      subscribers.set(event, set);
      return () => set.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}
