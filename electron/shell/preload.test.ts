import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventNames, requestNames } from '../../shared/ipc/contract';
import { eventChannel } from '../../shared/ipc/preloadApi';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
}));
vi.mock('electron', () => electron);

type Fn = (...args: unknown[]) => unknown;
let api: { requests: Record<string, Fn>; events: Record<string, Fn> };

beforeAll(async () => {
  await import('./preload');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, exposed] = electron.contextBridge.exposeInMainWorld.mock.calls[0]!;
  expect(key).toBe('vigil');
  api = exposed;
});

beforeEach(() => {
  electron.ipcRenderer.invoke.mockReset();
  electron.ipcRenderer.on.mockReset();
  electron.ipcRenderer.removeListener.mockReset();
});

describe('preload', () => {
  it('exposes exactly one function per contract request and event, and nothing else', () => {
    expect(Object.keys(api).sort()).toEqual(['events', 'requests']);
    expect(Object.keys(api.requests)).toEqual(requestNames);
    expect(Object.keys(api.events)).toEqual(eventNames);
    for (const fn of [...Object.values(api.requests), ...Object.values(api.events)]) {
      expect(typeof fn).toBe('function');
    }
    const everything = [api, api.requests, api.events, ...Object.values(api.requests), ...Object.values(api.events)];
    expect(everything).not.toContain(electron.ipcRenderer);
  });

  it.each(requestNames)('%s invokes its own channel and returns the output', async (name) => {
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: true, output: { from: name } });
    const input = { probe: name };
    await expect(api.requests[name]!(input)).resolves.toEqual({ from: name });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(name, input);
  });

  it('turns an error reply into a thrown Error carrying the message', async () => {
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: false, error: 'invalid sources:add request: url' });
    const call = api.requests['sources:add']!({ kind: 'prometheus', url: 'ftp://x' });
    await expect(call).rejects.toThrow(new Error('invalid sources:add request: url'));
  });

  it.each(eventNames)('%s subscribes on its event channel, passes only the payload, and unsubscribes', (name) => {
    const listener = vi.fn();
    const unsubscribe = api.events[name]!(listener) as () => void;
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, relay] = electron.ipcRenderer.on.mock.calls[0]!;
    expect(channel).toBe(eventChannel(name));

    // The IPC event carries `sender` (ipcRenderer); it must not reach the page.
    relay({ sender: electron.ipcRenderer }, { some: 'payload' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ some: 'payload' });

    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(channel, relay);
  });
});
