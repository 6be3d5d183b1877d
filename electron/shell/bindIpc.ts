import { callHandler, UserFacingError } from '../../shared/ipc/callHandler';
import { eventNames, requestNames } from '../../shared/ipc/contract';
import { eventChannel } from '../../shared/ipc/preloadApi';
import type { VigilServices } from '../services/createVigilServices';
import { isAppPageUrl } from './isAppPageUrl';

/** What the preload unwraps: a plain envelope, because a rejected invoke loses its message to Electron's prefix. */
export type IpcReply = { ok: true; output: unknown } | { ok: false; error: string };

/**
 * The parts of Electron's ipcMain and invoke event this binding uses. Structural, so Electron's
 * own objects fit and unit tests can pass fakes without starting Electron.
 */
export interface InvokeEventLike {
  /** Null when the frame navigated away or was destroyed before the message was handled. */
  readonly senderFrame: { readonly url: string } | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, input: unknown) => Promise<IpcReply>): void;
  removeHandler(channel: string): void;
}
export interface EventSink {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

export interface BindIpcOptions {
  ipcMain: IpcMainLike;
  services: Pick<VigilServices, 'handlers' | 'on'>;
  /** The file:// URL of the renderer's index.html; requests from any other frame are refused. */
  appPageUrl: string;
  /** The window's webContents now, or null: windows come and go (macOS keeps the app without one). */
  eventTarget: () => EventSink | null;
  log: (message: string) => void;
}

const REFUSED = "request refused: it did not come from Vigil's own window";

/**
 * Binds each contract request to its own ipcMain channel and forwards each push event to the
 * window. There is deliberately no generic channel: a request name that is not in the contract
 * has no handler, so Electron rejects it before any of our code runs. Returns an unbind function.
 */
export function bindIpc(opts: BindIpcOptions): () => void {
  for (const channel of requestNames) {
    opts.ipcMain.handle(channel, async (event, input): Promise<IpcReply> => {
      // Anything loaded into a frame other than our page (a navigation that slipped through, an
      // injected iframe) must not reach the services, whatever the preload exposes to it.
      const frameUrl = event.senderFrame?.url ?? null;
      if (frameUrl === null || !isAppPageUrl(frameUrl, opts.appPageUrl)) {
        opts.log(`refused ${channel} from ${frameUrl === null ? 'a frame that is gone' : frameUrl.slice(0, 200)}`);
        return { ok: false, error: REFUSED };
      }
      try {
        return { ok: true, output: await callHandler(opts.services.handlers, channel, input) };
      } catch (err) {
        if (err instanceof UserFacingError) return { ok: false, error: err.message };
        // The cause may hold paths or internals the page has no business seeing; keep it in the log.
        opts.log(`request ${channel} failed: ${(err as Error)?.stack ?? String(err)}`);
        return { ok: false, error: 'internal error (see the Vigil log)' };
      }
    });
  }

  const unsubscribe = eventNames.map((name) =>
    opts.services.on(name, (payload) => {
      const target = opts.eventTarget();
      if (target && !target.isDestroyed()) target.send(eventChannel(name), payload);
    }),
  );

  return () => {
    for (const channel of requestNames) opts.ipcMain.removeHandler(channel);
    for (const off of unsubscribe) off();
  };
}
