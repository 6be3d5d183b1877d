import { z } from 'zod';

/**
 * Envelope of the browser host's WebSocket bridge. The Electron transport does not need it:
 * ipcRenderer.invoke already pairs requests and replies.
 */
export const MAX_FRAME_BYTES = 256 * 1024;

export const ClientFrame = z.strictObject({
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  input: z.unknown(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

export const ServerFrame = z.union([
  z.object({ id: z.number(), ok: z.literal(true), output: z.unknown() }),
  z.object({ id: z.number(), ok: z.literal(false), error: z.string() }),
  z.object({ event: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** Subprotocol prefix carrying the per-start token on the WebSocket upgrade. */
export const TOKEN_PROTOCOL_PREFIX = 'vigil-token.';
/**
 * Offered beside the token and the one the host selects, so the 101 reply never echoes the token
 * (proxies and devtools log response headers).
 */
export const BRIDGE_PROTOCOL = 'vigil.bridge.v1';
export const BRIDGE_PATH = '/bridge';
