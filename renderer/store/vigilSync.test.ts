import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import type { VigilClient } from '../api/vigilClient';
import type { ConnectionState } from '../api/transport';
import { useAppStore } from './appSlice';
import { useIncidentsStore } from './incidentsSlice';
import { startVigilSync } from './vigilSync';
import { MAX_INCIDENTS_PAGE } from '../../shared/incidents/pageIncidents';
import { testIncident } from '../../shared/testing/testIncident';

function incident(id: string, title: string): Incident {
  return testIncident(id, { title, sourceKinds: ['demo'] }, '2026-12-06T01:00:00.000Z');
}

/**
 * A client whose replies are answered by hand, in the order the test chooses, and whose pushes
 * are delivered the same way: the main side's one ordered channel, played message by message.
 */
/** The incidents the list shows, by id. */
const shownIds = () =>
  useIncidentsStore
    .getState()
    .ordered.map((i) => i.id)
    .sort();
const shown = (id: string) => useIncidentsStore.getState().ordered.find((i) => i.id === id)!;

function scriptedClient() {
  const replies = new Map<string, (output: unknown) => void>();
  const inputs = new Map<string, unknown>();
  const listeners = new Map<string, (payload: unknown) => void>();
  let connection: ((s: ConnectionState) => void) | null = null;
  const client = {
    request: (name: string, input: unknown) =>
      new Promise((resolve) => {
        replies.set(name, resolve);
        inputs.set(name, input);
      }),
    on: (name: string, listener: (payload: unknown) => void) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    },
    onConnection: (listener: (s: ConnectionState) => void) => {
      connection = listener;
      return () => (connection = null);
    },
  } as unknown as VigilClient;
  // A message is handled, then its microtasks run, before the next message (as in a browser).
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    client,
    open: () => connection!({ status: 'open' }),
    /** The input of the latest request of this name. */
    asked: (name: string) => inputs.get(name),
    async reply(name: string, output: unknown) {
      replies.get(name)!(output);
      await settle();
    },
    async push(name: string, payload: unknown) {
      listeners.get(name)!(payload);
      await settle();
    },
  };
}

describe('startVigilSync', () => {
  let stop = () => {};
  afterEach(() => {
    stop();
    useIncidentsStore.setState({ ordered: [], selectedId: null, selected: null, received: false });
  });

  it('an incident pushed between the list reply and the other replies stays in the list', async () => {
    const main = scriptedClient();
    stop = startVigilSync(main.client);
    main.open();
    const fraud = incident('inc-1', 'FraudModelHighErrorRate');
    const drift = incident('inc-2', 'PredictionDriftHigh');
    // The list is taken before the demo's step has seen the drift alert...
    await main.reply('incidents:page', { incidents: [fraud], next: null });
    // ...the step then pushes it, before the slower replies are answered.
    await main.push('incidents:changed', { changed: [drift], removed: [] });
    await main.reply('classification:policies', {});
    await main.reply('app:info', {
      name: 'Vigil',
      version: 't',
      mode: 'browser',
      firstRun: false,
      demoRunning: true,
      notices: [],
      notifications: { status: 'ok', since: '2026-12-06T01:00:00.000Z', message: null },
    });
    await main.reply('sources:list', []);
    // Pushes right after an apply wait for the next one (at most PUSH_APPLY_SPACING_MS).
    await vi.waitFor(() =>
      expect(
        useIncidentsStore
          .getState()
          .ordered.map((i) => i.title)
          .sort(),
      ).toEqual(['FraudModelHighErrorRate', 'PredictionDriftHigh']),
    );
    expect(useAppStore.getState().info?.demoRunning).toBe(true);
  });

  it('a push that overtakes the list reply (Electron: events and replies on separate pipes) is not lost', async () => {
    const main = scriptedClient();
    stop = startVigilSync(main.client);
    main.open();
    const fraud = incident('inc-1', 'FraudModelHighErrorRate');
    const acked = { ...fraud, state: 'acknowledged' as const, updatedAt: '2026-12-06T01:05:00.000Z' };
    // Taken before the ack, but delivered after the ack's push and a new incident's.
    await main.push('incidents:changed', { changed: [acked], removed: [] });
    await main.push('incidents:changed', { changed: [incident('inc-2', 'PredictionDriftHigh')], removed: [] });
    await main.reply('incidents:page', { incidents: [fraud], next: null });
    expect(shownIds()).toEqual(['inc-1', 'inc-2']);
    expect(shown('inc-1').state).toBe('acknowledged');
    // Once the list is in, pushes are applied as they come and no longer kept.
    await main.push('incidents:changed', { changed: [], removed: ['inc-2'] });
    await main.push('incidents:changed', { changed: [incident('inc-3', 'GPUOOMRisk')], removed: [] });
    await vi.waitFor(() => expect(shownIds()).toEqual(['inc-1', 'inc-3']));
  });

  it('loads the list page by page, asking after the last id, and shows it only once whole', async () => {
    const main = scriptedClient();
    stop = startVigilSync(main.client);
    main.open();
    expect(main.asked('incidents:page')).toEqual({ limit: MAX_INCIDENTS_PAGE });
    await main.reply('incidents:page', { incidents: [incident('inc-1', 'FraudModelHighErrorRate')], next: 'inc-1' });
    // Half a list would show wrong counts and an arbitrary half of the incidents: nothing yet.
    expect(useIncidentsStore.getState().received).toBe(false);
    expect(main.asked('incidents:page')).toEqual({ after: 'inc-1', limit: MAX_INCIDENTS_PAGE });
    // A step between the pages acknowledges the first page's incident.
    const acked = { ...incident('inc-1', 'FraudModelHighErrorRate'), state: 'acknowledged' as const };
    await main.push('incidents:changed', { changed: [acked], removed: [] });
    await main.reply('incidents:page', { incidents: [incident('inc-2', 'PredictionDriftHigh')], next: null });
    expect(useIncidentsStore.getState().received).toBe(true);
    expect(shownIds()).toEqual(['inc-1', 'inc-2']);
    expect(shown('inc-1').state).toBe('acknowledged');
  });

  it('an incident that left memory before the list was taken stays gone', async () => {
    const main = scriptedClient();
    stop = startVigilSync(main.client);
    main.open();
    await main.push('incidents:changed', { changed: [incident('inc-9', 'Evicted')], removed: [] });
    await main.push('incidents:changed', { changed: [], removed: ['inc-9'] });
    await main.reply('incidents:page', { incidents: [incident('inc-1', 'FraudModelHighErrorRate')], next: null });
    expect(useIncidentsStore.getState().ordered.map((i) => i.title)).toEqual(['FraudModelHighErrorRate']);
  });
});
