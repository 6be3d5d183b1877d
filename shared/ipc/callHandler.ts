import { z } from 'zod';
import { isRequestName, requests, type RequestHandlers } from './contract';

/** An error whose message is meant for the user; other errors are reported generically. */
export class UserFacingError extends Error {}

/**
 * Validates a request from a renderer against the contract and runs its handler. Both the
 * Electron IPC binding and the browser host call this, so validation cannot differ between them.
 */
export async function callHandler(handlers: RequestHandlers, channel: unknown, input: unknown): Promise<unknown> {
  if (!isRequestName(channel)) throw new UserFacingError(`unknown request "${String(channel).slice(0, 64)}"`);
  const spec = requests[channel];
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) {
    throw new UserFacingError(`invalid ${channel} request: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  }
  const handler = handlers[channel] as (i: unknown) => Promise<unknown>;
  const output = await handler(parsed.data);
  return spec.output.parse(output);
}
