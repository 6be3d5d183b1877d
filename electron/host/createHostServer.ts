import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { callHandler, UserFacingError } from '../../shared/ipc/callHandler';
import { eventNames } from '../../shared/ipc/contract';
import {
  BRIDGE_PATH,
  BRIDGE_PROTOCOL,
  ClientFrame,
  MAX_FRAME_BYTES,
  TOKEN_PROTOCOL_PREFIX,
} from '../../shared/ipc/wire';
import type { VigilServices } from '../services/createVigilServices';
import { createStaticFiles } from './staticFiles';

export interface HostServerOptions {
  services: VigilServices;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  token: string;
  port?: number;
  log?: (message: string) => void;
  /** Bytes of replies and events a connection may have waiting to be read before it is dropped. */
  maxBufferedBytes?: number;
  /** Bridge connections open at once; more are refused (503). */
  maxConnections?: number;
}

export interface HostServer {
  server: Server;
  port: number;
  url: string;
  /** Bridge connections open now. */
  connections(): number;
  close(): Promise<void>;
}

/** Max requests a connection may have in flight; a flood beyond it is refused, not queued. */
const MAX_IN_FLIGHT = 64;
/** A tab that stops reading (frozen, or hostile) must not make the host hold its replies without limit. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** A few tabs are normal; hundreds are a leak or an attack, each holding subscriptions and buffers. */
const MAX_CONNECTIONS = 16;
/** Close code and reason a dropped slow reader gets (1008: policy violation). */
export const SLOW_READER_CLOSE = { code: 1008, reason: 'dropped: replies piled up unread' } as const;

/**
 * The browser host: serves the built renderer and the contract over one WebSocket, on
 * 127.0.0.1 only. Every HTTP request must carry a loopback Host header (DNS rebinding); the
 * WebSocket upgrade must also come from our own Origin and carry the per-start token.
 */
export async function startHostServer(opts: HostServerOptions): Promise<HostServer> {
  const log = opts.log ?? (() => {});
  const maxBuffered = opts.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const maxConnections = opts.maxConnections ?? MAX_CONNECTIONS;
  const staticFiles = createStaticFiles(opts.staticDir);
  // The 101 answers with the fixed protocol name, never with the token the client offered beside it.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    handleProtocols: (offered) => (offered.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  });
  let port = 0;
  opts.services.setPushBacklog(() => {
    let most = 0;
    for (const ws of wss.clients) most = Math.max(most, ws.bufferedAmount);
    return most;
  });

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = createServer((req, res) => {
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 403, 'foreign Host header refused');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    serveStatic(req, res);
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const reject = (code: number, why: string) => {
      log(`bridge connection refused: ${why}`);
      socket.end(`HTTP/1.1 ${code} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const path = (req.url ?? '').split('?')[0];
    if (path !== BRIDGE_PATH) return reject(404, 'Not Found');
    if (!allowedHosts().has(req.headers.host ?? '')) return reject(403, 'Forbidden Host');
    if (!allowedOrigins().has(req.headers.origin ?? '')) return reject(403, 'Forbidden Origin');
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
    if (!offered.includes(BRIDGE_PROTOCOL)) return reject(400, 'Bad Request');
    const tokenProto = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
    if (!tokenProto || !sameSecret(tokenProto.slice(TOKEN_PROTOCOL_PREFIX.length), opts.token)) {
      return reject(401, 'Unauthorized');
    }
    if (wss.clients.size >= maxConnections) return reject(503, 'Too Many Connections');
    wss.handleUpgrade(req, socket, head, (ws) => bindConnection(ws));
  });

  function bindConnection(ws: WebSocket) {
    let inFlight = 0;
    let dropped = false;
    const send = (frame: unknown) => {
      if (ws.readyState !== ws.OPEN || dropped) return;
      if (ws.bufferedAmount > maxBuffered) {
        // The reader is not keeping up: drop it with a reason rather than queue without limit.
        dropped = true;
        log(`bridge client dropped: ${Math.round(ws.bufferedAmount / 1024)} KB of replies unread`);
        ws.close(SLOW_READER_CLOSE.code, SLOW_READER_CLOSE.reason);
        // The close frame waits behind what is unread; a reader that never reads is cut off.
        setTimeout(() => ws.terminate(), 2000).unref();
        return;
      }
      ws.send(JSON.stringify(frame));
    };
    const unsubscribe = eventNames.map((event) => opts.services.on(event, (payload) => send({ event, payload })));
    ws.on('close', () => unsubscribe.forEach((u) => u()));
    ws.on('error', () => ws.terminate());
    ws.on('message', async (data, isBinary) => {
      let frame: ClientFrame;
      try {
        if (isBinary) throw new Error('binary frames are not part of the protocol');
        frame = ClientFrame.parse(JSON.parse(data.toString()));
      } catch {
        send({ id: -1, ok: false, error: 'malformed message: expected {"id", "channel", "input"} JSON' });
        return;
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        send({ id: frame.id, ok: false, error: 'too many requests in flight; slow down' });
        return;
      }
      inFlight++;
      try {
        const output = await callHandler(opts.services.handlers, frame.channel, frame.input);
        send({ id: frame.id, ok: true, output });
      } catch (err) {
        const message = err instanceof UserFacingError ? err.message : 'internal error (see the host log)';
        if (!(err instanceof UserFacingError)) log(`request ${frame.channel} failed: ${(err as Error).stack ?? err}`);
        send({ id: frame.id, ok: false, error: message });
      } finally {
        inFlight--;
      }
    });
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse) {
    const file = staticFiles.get((req.url ?? '/').split('?')[0]!);
    if (!file.ok) {
      if (file.problem) log(file.problem);
      return refuse(res, file.status, file.why);
    }
    const headers: Record<string, string> = {
      'Content-Type': file.type,
      'Content-Length': String(file.body.length),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    };
    if (file.html) {
      headers['Content-Security-Policy'] =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
      headers['X-Frame-Options'] = 'DENY';
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    server,
    port,
    url,
    connections: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function refuse(res: ServerResponse, code: number, message: string) {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(message);
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
