import { describe, expect, it, vi, type Mock } from 'vitest';
import { UserFacingError } from '../../shared/ipc/callHandler';
import {
  eventNames,
  requestNames,
  type EventName,
  type RequestHandlers,
  type RequestName,
} from '../../shared/ipc/contract';
import { eventChannel } from '../../shared/ipc/preloadApi';
import { bindIpc, type InvokeEventLike, type IpcReply } from './bindIpc';
import { isAppPageUrl } from './isAppPageUrl';

// bindIpc takes its Electron objects as parameters; loading the real module here would be a bug.
vi.mock('electron', () => {
  throw new Error('bindIpc must not import electron: pass ipcMain and webContents in');
});

const APP_PAGE = 'file:///opt/Vigil/resources/app/dist/renderer/index.html';
const fromApp: InvokeEventLike = { senderFrame: { url: APP_PAGE } };

function setup() {
  const handled = new Map<string, (event: InvokeEventLike, input: unknown) => Promise<IpcReply>>();
  const ipcMain = {
    handle: vi.fn((channel: string, listener: (event: InvokeEventLike, input: unknown) => Promise<IpcReply>) => {
      handled.set(channel, listener);
    }),
    removeHandler: vi.fn((channel: string) => handled.delete(channel)),
  };
  const handlers = Object.fromEntries(
    requestNames.map((name) => [name, vi.fn(async (_input: unknown): Promise<unknown> => ({ ok: true }))]),
  ) as Record<RequestName, Mock<(input: unknown) => Promise<unknown>>>;
  const listeners = new Map<EventName, (payload: unknown) => void>();
  const unsubscribed: EventName[] = [];
  const services = {
    handlers,
    on: vi.fn((event: EventName, listener: (payload: unknown) => void) => {
      listeners.set(event, listener);
      return () => unsubscribed.push(event);
    }),
  };
  const webContents = { destroyed: false, isDestroyed: () => webContents.destroyed, send: vi.fn() };
  const log = vi.fn();
  const unbind = bindIpc({
    ipcMain,
    services: { ...services, handlers: handlers as unknown as RequestHandlers },
    appPageUrl: APP_PAGE,
    eventTarget: () => webContents,
    log,
  });
  const request = (channel: string, input: unknown, event: InvokeEventLike = fromApp) =>
    handled.get(channel)!(event, input);
  return { handled, handlers, listeners, unsubscribed, webContents, log, unbind, request };
}

describe('bindIpc', () => {
  it('binds one channel per contract request and no other', () => {
    const { handled } = setup();
    expect([...handled.keys()]).toEqual(requestNames);
  });

  it.each([
    ['a foreign page', { senderFrame: { url: 'https://evil.example/index.html' } }],
    ['another local file', { senderFrame: { url: 'file:///tmp/index.html' } }],
    ['a look-alike path', { senderFrame: { url: `${APP_PAGE}.evil/index.html` } }],
    ['a frame that is gone', { senderFrame: null }],
  ])('refuses a request from %s without reaching the handler', async (_why, event) => {
    const { request, handlers, log } = setup();
    const reply = await request('sources:remove', { id: 'prom-1' }, event);
    expect(reply).toEqual({ ok: false, error: "request refused: it did not come from Vigil's own window" });
    expect(handlers['sources:remove']).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('refused sources:remove'));
  });

  it('accepts the app page with a hash or query', async () => {
    const { request } = setup();
    const reply = await request(
      'sources:remove',
      { id: 'prom-1' },
      { senderFrame: { url: `${APP_PAGE}?x=1#/incidents` } },
    );
    expect(reply.ok).toBe(true);
  });

  it('answers a malformed input with a message naming the request and the field', async () => {
    const { request, handlers } = setup();
    const reply = await request('sources:add', { kind: 'prometheus', name: 'Prod', url: 'ftp://10.0.0.1' });
    expect(reply.ok).toBe(false);
    const { error } = reply as { error: string };
    expect(error).toMatch(/^invalid sources:add request: /);
    expect(error).toContain('url');
    expect(error).toContain('must be an http(s) URL');
    expect(handlers['sources:add']).not.toHaveBeenCalled();
  });

  it('passes a valid input to the handler and returns its output', async () => {
    const { request, handlers } = setup();
    const reply = await request('sources:remove', { id: 'prom-1' });
    expect(handlers['sources:remove']).toHaveBeenCalledExactlyOnceWith({ id: 'prom-1' });
    expect(reply).toEqual({ ok: true, output: { ok: true } });
  });

  it("sends a UserFacingError's message but hides any other failure behind 'internal error'", async () => {
    const { request, handlers, log } = setup();
    handlers['sources:remove'].mockRejectedValueOnce(new UserFacingError('no source with id prom-9'));
    expect(await request('sources:remove', { id: 'prom-9' })).toEqual({ ok: false, error: 'no source with id prom-9' });

    handlers['sources:remove'].mockRejectedValueOnce(new Error('EACCES: /home/someone/.config/vigil/settings.json'));
    const reply = await request('sources:remove', { id: 'prom-1' });
    expect(reply).toEqual({ ok: false, error: 'internal error (see the Vigil log)' });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('EACCES'));
  });

  it('forwards every push event to the window on its event channel, unless the window is gone', () => {
    const { listeners, webContents } = setup();
    expect([...listeners.keys()]).toEqual(eventNames);
    for (const name of eventNames) listeners.get(name)!({ from: name });
    expect(webContents.send.mock.calls).toEqual(eventNames.map((name) => [eventChannel(name), { from: name }]));

    webContents.send.mockClear();
    webContents.destroyed = true;
    listeners.get('sources:health')!([]);
    expect(webContents.send).not.toHaveBeenCalled();
  });

  it('unbinds every channel and event subscription', () => {
    const { handled, unsubscribed, unbind } = setup();
    unbind();
    expect(handled.size).toBe(0);
    expect(unsubscribed).toEqual(eventNames);
  });
});

describe('isAppPageUrl', () => {
  it('matches percent-encoded and plain spellings of the same path', () => {
    const page = 'file:///home/a%20b/vigil/dist/renderer/index.html';
    expect(isAppPageUrl('file:///home/a b/vigil/dist/renderer/index.html', page)).toBe(true);
    expect(isAppPageUrl('file:///home/a%20b/vigil/dist/renderer/other.html', page)).toBe(false);
    expect(isAppPageUrl('not a url', page)).toBe(false);
  });
});
