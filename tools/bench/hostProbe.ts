// Measures how fast the browser host answers while it works: a bridge request every few ms,
// sent on a clock whether or not the previous one was answered (a host that stalls for seconds
// shows as seconds, not as one slow sample), and pushes watched as a renderer would get them.
import { get } from 'node:http';
import { WebSocket } from 'ws';
import { connectBridge } from '../../electron/host/testing/bridgeClient';

export interface HostProbe {
  /** Starts recording answer times (ms) of `app:info` over the bridge and of GET /. */
  record(): void;
  /** Stops recording and returns what was recorded; requests still unanswered count as their age. */
  take(): { bridge: number[]; page: number[] };
  /** Calls a contract request and resolves with its output. */
  call(channel: string, input: unknown): Promise<unknown>;
  /** Called with the raw text of every pushed event frame. */
  onPush(listener: (event: string, raw: string) => void): void;
  close(): void;
}

export async function openHostProbe(port: number, token: string, everyMs = 25): Promise<HostProbe> {
  const ws: WebSocket = await connectBridge(port, { token });
  let nextId = 1;
  const waiting = new Map<number, (frame: { ok: boolean; output?: unknown; error?: string }) => void>();
  const listeners: ((event: string, raw: string) => void)[] = [];
  let closed: string | null = null;
  ws.on('close', (code, reason) => {
    closed = `the host closed the bridge (${code} ${reason.toString()})`;
    for (const settle of waiting.values()) settle({ ok: false, error: closed });
    waiting.clear();
  });
  ws.on('message', (data) => {
    const raw = data.toString();
    // A push carries `"event"` first; replies carry `"id"`. Pushes can be tens of MB: not parsed here.
    if (raw.startsWith('{"event":')) {
      const event = /^\{"event":"([^"]+)"/.exec(raw)?.[1] ?? '';
      for (const l of listeners) l(event, raw);
      return;
    }
    const frame = JSON.parse(raw) as { id: number; ok: boolean; output?: unknown; error?: string };
    waiting.get(frame.id)?.(frame);
    waiting.delete(frame.id);
  });
  const call = (channel: string, input: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      if (closed) return reject(new Error(closed));
      const id = nextId++;
      waiting.set(id, (f) => (f.ok ? resolve(f.output) : reject(new Error(f.error))));
      ws.send(JSON.stringify({ id, channel, input }));
    });

  let bridge: number[] = [];
  let page: number[] = [];
  const outstanding = new Set<number>();
  let timer: ReturnType<typeof setInterval> | null = null;
  let tick = 0;
  const probe = () => {
    const t = performance.now();
    outstanding.add(t);
    const done = (into: number[]) => () => {
      if (!outstanding.delete(t)) return;
      into.push(performance.now() - t);
    };
    if (tick++ % 4 === 0) {
      get({ host: '127.0.0.1', port, path: '/', headers: { host: `127.0.0.1:${port}` } }, (res) => {
        res.resume();
        res.on('end', done(page));
      }).on('error', () => outstanding.delete(t));
    } else {
      void call('app:info', {}).then(done(bridge), () => outstanding.delete(t));
    }
  };
  return {
    record() {
      bridge = [];
      page = [];
      outstanding.clear();
      timer = setInterval(probe, everyMs);
    },
    take() {
      if (timer) clearInterval(timer);
      timer = null;
      const now = performance.now();
      for (const t of outstanding) bridge.push(now - t);
      outstanding.clear();
      return { bridge, page };
    },
    call,
    onPush: (l) => listeners.push(l),
    close: () => ws.close(),
  };
}
