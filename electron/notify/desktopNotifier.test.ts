import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OutgoingNotification } from '../../shared/notify/notificationPolicy';

const page: OutgoingNotification = {
  title: 'P0 FraudModelHighErrorRate (fraud-model)',
  body: 'Fraud model error rate exceeds 5%',
  urgency: 'critical',
  sound: true,
  incidentId: 'inc-1',
  incidentIds: ['inc-1'],
  kind: 'incident',
};

type Callback = (err: Error | null, response?: string, metadata?: Record<string, string>) => void;

/** Loads the notifier as on `platform`, with node-notifier replaced by a recorder. */
async function notifierOn(platform: NodeJS.Platform) {
  vi.resetModules();
  const calls: { options: Record<string, unknown>; callback: Callback }[] = [];
  vi.doMock('node-notifier', () => ({
    default: { notify: (options: Record<string, unknown>, callback: Callback) => calls.push({ options, callback }) },
  }));
  const original = Object.getOwnPropertyDescriptor(process, 'platform')!;
  Object.defineProperty(process, 'platform', { value: platform });
  try {
    const mod = await import('./desktopNotifier');
    return { mod, calls };
  } finally {
    Object.defineProperty(process, 'platform', original);
  }
}

afterEach(() => vi.doUnmock('node-notifier'));

describe('desktopNotifier actions', () => {
  it('offers "Acknowledge" on macOS and acknowledges the incident when it is chosen', async () => {
    const { mod, calls } = await notifierOn('darwin');
    const acked: string[] = [];
    const clicked: string[] = [];
    const n = mod.createDesktopNotifier({
      onError: () => {},
      onAcknowledge: (id) => acked.push(id),
      onClick: (id) => clicked.push(id),
    });
    n.send(page);
    expect(calls[0]!.options).toMatchObject({ actions: ['Acknowledge'], wait: true, urgency: 'critical', timeout: 0 });
    calls[0]!.callback(null, 'activate', { activationType: 'actionClicked', activationValue: 'Acknowledge' });
    expect(acked).toEqual(['inc-1']);
    calls[0]!.callback(null, 'activate', { activationType: 'contentsClicked' });
    expect(clicked).toEqual(['inc-1']);
  });

  it('offers no action on a storm summary (one button could not say which incident it acknowledges)', async () => {
    const mac = await notifierOn('darwin');
    mac.mod.createDesktopNotifier({ onError: () => {}, onAcknowledge: () => {} }).send({ ...page, kind: 'summary' });
    expect(mac.calls[0]!.options.actions).toBeUndefined();
    // On Linux a summary goes through node-notifier without actions and without waiting; a page
    // with "Acknowledge" goes through notify-send --action (desktopNotifier.int.test.ts, dunst).
    const linux = await notifierOn('linux');
    linux.mod.createDesktopNotifier({ onError: () => {}, onAcknowledge: () => {} }).send({ ...page, kind: 'summary' });
    expect(linux.calls[0]!.options).toMatchObject({ wait: false });
    expect(linux.calls[0]!.options.actions).toBeUndefined();
  });

  it('reports a failure to notify instead of dropping it silently', async () => {
    const { mod, calls } = await notifierOn('linux');
    const errors: string[] = [];
    mod.createDesktopNotifier({ onError: (m) => errors.push(m) }).send(page);
    calls[0]!.callback(new Error('notify-send: not found'));
    expect(errors).toEqual([
      'Could not show the desktop notification "P0 FraudModelHighErrorRate (fraud-model)": notify-send: not found',
    ]);
  });

  it('sends alert text as text: the body is markup to a freedesktop server, plain elsewhere', async () => {
    const sneaky = { ...page, kind: 'summary' as const, body: '<span size="xx-large">ALL CLEAR</span> & p99 > 2s' };
    const linux = await notifierOn('linux');
    linux.mod.createDesktopNotifier({ onError: () => {} }).send(sneaky);
    expect(linux.calls[0]!.options.message).toBe(
      '&lt;span size="xx-large"&gt;ALL CLEAR&lt;/span&gt; &amp; p99 &gt; 2s',
    );
    const mac = await notifierOn('darwin');
    mac.mod.createDesktopNotifier({ onError: () => {} }).send(sneaky);
    expect(mac.calls[0]!.options.message).toBe(sneaky.body);
  });
});
