import { contextBridge, ipcRenderer } from 'electron';
import { eventNames, requestNames, type EventName, type RequestName } from '../../shared/ipc/contract';
import { eventChannel, type VigilPreloadApi } from '../../shared/ipc/preloadApi';
import type { IpcReply } from './bindIpc';

/*
 * Runs sandboxed: only `electron`'s renderer modules are available, no node builtins. The page
 * gets one function per contract message and never ipcRenderer itself, so a compromised page
 * can only ask for what the contract allows, and main still validates every input.
 */

async function invoke(channel: RequestName, input: unknown): Promise<unknown> {
  const reply = (await ipcRenderer.invoke(channel, input)) as IpcReply;
  if (!reply.ok) throw new Error(reply.error);
  return reply.output;
}

function subscribe(name: EventName, listener: (payload: unknown) => void): () => void {
  const channel = eventChannel(name);
  // Only the payload goes to the page: the IPC event object carries `sender`, i.e. ipcRenderer.
  const relay = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, relay);
  return () => {
    ipcRenderer.removeListener(channel, relay);
  };
}

// Object.fromEntries forgets which keys it built; the names are the contract's own, so restoring them is safe.
function perName<K extends string, F>(names: readonly K[], make: (name: K) => F): Record<K, F> {
  return Object.fromEntries(names.map((name) => [name, make(name)])) as Record<K, F>;
}

/*
 * The casts narrow "unknown in, unknown out" to the contract's per-message types. They are the
 * honest types of an IPC boundary: main validates every input and the renderer's client parses
 * every output and payload with the contract's zod schemas. The keys come from the contract
 * itself, and `satisfies` keeps anything but `requests` and `events` off the exposed object.
 */
const api = {
  requests: perName(requestNames, (name) => (input: unknown) => invoke(name, input)) as VigilPreloadApi['requests'],
  events: perName(
    eventNames,
    (name) => (listener: (payload: unknown) => void) => subscribe(name, listener),
  ) as VigilPreloadApi['events'],
} satisfies VigilPreloadApi;

contextBridge.exposeInMainWorld('vigil', api);
