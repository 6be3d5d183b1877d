import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../e2e/fixtures/waitFor';
import type { Incident } from '../../shared/domain/incident';
import type { Signal } from '../../shared/domain/signal';
import type { TimelineEvent } from '../../shared/domain/timeline';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { EventName } from '../../shared/ipc/contract';
import { IncidentRunbooksView, RunbookLibraryView } from '../../shared/ipc/runbookContract';
import type { AlertingRule, InstantResult, PrometheusApi } from '../sources/prometheusApi';
import { PrometheusApiError } from '../sources/prometheusApi';
import { openSettingsStore } from '../store/settingsStore';
import { createRunbookService, type RunbookService } from './runbookService';
import type { PrometheusAccess } from './sourceManager';

const T0 = Date.parse('2026-11-24T22:41:00Z');
const SHIPPED = join(process.cwd(), 'resources', 'runbooks');
const dirs: string[] = [];
const services: RunbookService[] = [];
afterEach(() => {
  services.splice(0).forEach((s) => s.stop());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

function signal(name: string, labels: Record<string, string>, over: Partial<Signal> = {}): Signal {
  return {
    id: `prom/${name}`,
    sourceId: 'prom',
    sourceKind: 'prometheus',
    fingerprint: name,
    name,
    labels: { alertname: name, ...labels },
    annotations: { summary: `${name} summary`, runbook_url: 'https://runbooks.example.com/x' },
    state: 'firing',
    activeAt: new Date(T0).toISOString(),
    value: 0.9,
    generatorURL: null,
    stale: false,
    ...over,
  };
}

function incident(id: string, signals: Signal[]): Incident {
  return {
    id,
    key: id,
    title: signals[0]!.name,
    summary: null,
    severity: 'P1',
    classification: { severity: 'P1', ruleId: 'r', reason: 'test' },
    state: 'open',
    startedAt: new Date(T0).toISOString(),
    detectedAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString(),
    resolvedAt: null,
    notifiedAt: null,
    sourceKinds: [...new Set(signals.map((s) => s.sourceKind))],
    stale: false,
    signals,
  };
}

const LATENCY = incident('inc-lat', [
  signal('FraudModelHighLatency', { model: 'fraud-model', service: 'fraud-model', sla_seconds: '0.5' }),
]);
const DEMO = incident('inc-demo', [
  signal('FraudModelHighLatency', { model: 'fraud-model' }, { id: 'demo/lat', sourceId: 'demo', sourceKind: 'demo' }),
]);
const UNKNOWN = incident('inc-unknown', [signal('WeirdThingHappened', { team: 'ml-platform' })]);

/** A Prometheus that answers from a table of query fragments, and records what it was asked. */
function fakePrometheus(values: Record<string, number | Error>, rules: AlertingRule[] = []) {
  const asked: string[] = [];
  const api: PrometheusApi = {
    async query(expr) {
      asked.push(expr);
      const key = Object.keys(values).find((k) => expr.includes(k));
      const v = key === undefined ? undefined : values[key];
      if (v instanceof Error) throw v;
      const result: InstantResult = {
        kind: 'vector',
        samples: v === undefined ? [] : [{ labels: {}, at: T0, value: v }],
      };
      return result;
    },
    async queryRange() {
      return [
        {
          labels: {},
          points: [
            { at: T0 - 60_000, value: 0.1 },
            { at: T0, value: 0.3 },
          ],
        },
      ];
    },
    async alertingRules() {
      return rules;
    },
  };
  return { api, asked };
}

const access: PrometheusAccess = {
  sourceId: 'prom',
  name: 'Prometheus (test)',
  baseUrl: 'http://127.0.0.1:9',
  headers: {},
  fetch: undefined,
  redact: (v) => v,
};

function setup(
  dataDir: string,
  opts: { clock?: { t: number }; api?: PrometheusApi; incidents?: Incident[]; debounceMs?: number } = {},
) {
  const clock = opts.clock ?? { t: T0 };
  const recorded: TimelineEvent[] = [];
  const emitted: { event: EventName; payload: unknown }[] = [];
  const notices: string[] = [];
  const known = new Map((opts.incidents ?? [LATENCY, DEMO, UNKNOWN]).map((i) => [i.id, i]));
  const settings = openSettingsStore(dataDir);
  const service = createRunbookService({
    shippedDir: SHIPPED,
    settings,
    incidentDir: (id) => join(dataDir, 'incidents', id),
    incidents: {
      get: (id) => known.get(id),
      recordEvents: (events) => recorded.push(...events),
      openIds: async () => [...known.keys()],
    },
    prometheus: { get: (id) => (id === 'prom' ? access : null), list: () => [access] },
    now: () => clock.t,
    actor: () => 'you',
    emit: (event, payload) => emitted.push({ event, payload }),
    notice: (m) => notices.push(m),
    log: () => {},
    debounceMs: opts.debounceMs ?? 20,
    createApi: () => opts.api ?? fakePrometheus({}).api,
  });
  services.push(service);
  return { service, h: service.handlers, recorded, emitted, notices, clock, settings };
}

const RB = 'model-high-latency';
const target = { incidentId: LATENCY.id, runbookId: RB };

describe('runbookService: library', () => {
  it('lists the shipped runbooks, then a user folder with a broken file that spoils nothing', async () => {
    const { h } = setup(tempDir('vigil-rb-'));
    const shipped = RunbookLibraryView.parse(await h['runbooks:list']({}));
    expect(shipped.entries.map((e) => e.id)).toContain(RB);
    expect(shipped.entries).toHaveLength(8);
    expect(shipped.failures).toEqual([]);
    expect(shipped.userFolder).toBeNull();
    // Matchers travel as the text the author wrote, never as compiled regexes.
    expect(shipped.entries.find((e) => e.id === RB)!.match).toEqual(['alertname=~".+HighLatency"', 'model=~".+"']);

    const folder = tempDir('vigil-rb-user-');
    writeFileSync(join(folder, 'broken.md'), '# no front matter here\n');
    writeFileSync(join(folder, 'README.md'), 'This folder holds our runbooks.\n');
    writeFileSync(
      join(folder, 'latency.md'),
      [
        '---',
        `id: ${RB}`,
        'title: Our latency runbook',
        'match: [\'alertname=~".+HighLatency"\']',
        'owner: us',
        '---',
        '',
        '## Step 1: Look (1 min)',
        '',
        '- [ ] look',
      ].join('\n'),
    );
    const withUser = await h['runbooks:set-folder']({ folder });
    expect(withUser.userFolder).toBe(folder);
    expect(withUser.folderProblem).toBeNull();
    expect(withUser.failures).toEqual([
      { origin: 'user', path: join(folder, 'broken.md'), problems: [expect.objectContaining({ line: 1 })] },
    ]);
    expect(withUser.failures[0]!.problems[0]!.message).toMatch(/missing front matter/);
    expect(withUser.entries.find((e) => e.id === RB)).toMatchObject({ origin: 'user', title: 'Our latency runbook' });
    expect(withUser.overridden).toEqual([expect.objectContaining({ id: RB, userPath: join(folder, 'latency.md') })]);
    expect(withUser.entries).toHaveLength(8);
  });

  it('refuses a folder that does not exist or is a file, in words', async () => {
    const dir = tempDir('vigil-rb-');
    const { h } = setup(dir);
    await expect(h['runbooks:set-folder']({ folder: join(dir, 'nope') })).rejects.toThrow(/does not exist/);
    writeFileSync(join(dir, 'file.md'), 'x');
    await expect(h['runbooks:set-folder']({ folder: join(dir, 'file.md') })).rejects.toThrow(/is a file, not a folder/);
    await expect(h['runbooks:set-folder']({ folder: 'relative/path' })).rejects.toThrow(/not a full path/);
  });

  it('notices a file saved in the watched folder and reloads', async () => {
    const dir = tempDir('vigil-rb-');
    const folder = tempDir('vigil-rb-user-');
    const { service, h, emitted } = setup(dir);
    await h['runbooks:set-folder']({ folder });
    service.start();
    emitted.length = 0;
    writeFileSync(
      join(folder, 'gpu.md'),
      [
        '---',
        'id: our-gpu',
        'title: Our GPU runbook',
        'match: [\'alertname="GPUOOMRisk"\']',
        'owner: us',
        '---',
        '',
        '## Step 1: Look',
        '',
      ].join('\n'),
    );
    const changed = await waitFor(() => emitted.find((e) => e.event === 'runbooks:changed'), {
      what: 'runbooks:changed after a file was added',
      timeoutMs: 5_000,
    });
    expect(RunbookLibraryView.parse(changed.payload).entries.map((e) => e.id)).toContain('our-gpu');
  });
});

describe('runbookService: walkthrough', () => {
  it('links the incident, runs the checks against its Prometheus, and the checks pick the branch', async () => {
    const prom = fakePrometheus({
      'stage="feature_fetch"': 0.31,
      'stage="inference"': 0.04,
      'stage="postprocess"': 0.02,
    });
    const { h, recorded, clock } = setup(tempDir('vigil-rb-'), { api: prom.api });

    const before = IncidentRunbooksView.parse(await h['runbook:for-incident']({ incidentId: LATENCY.id }));
    expect(before.matches.map((m) => m.id)).toEqual([RB]);
    expect(before.runbook?.id).toBe(RB);
    expect(before.walkthrough).toBeNull();
    expect(before.external).toEqual([
      { href: 'https://runbooks.example.com/x', alertnames: ['FraudModelHighLatency'] },
    ]);
    expect(before.unmatched).toEqual([]);
    expect(before.prometheus).toEqual({ sourceId: 'prom', name: 'Prometheus (test)', url: 'http://127.0.0.1:9' });

    await h['runbook:start'](target);
    expect(recorded.map((e) => e.kind)).toEqual(['runbook-started']);

    clock.t += 30_000;
    const after = await h['runbook:run-query']({ ...target, stepKey: '1' });
    // The label placeholder was filled from the alert, as a PromQL string.
    expect(prom.asked[0]).toContain('model_name="fraud-model", stage="feature_fetch"');
    const progress = after.walkthrough!.state.steps['1']!;
    expect(progress.results['1.q1']).toMatchObject({ value: 0.31, error: null });
    expect(progress.branch).toMatchObject({ target: '2', by: 'condition' });
    expect(progress.branch!.because).toContain('value > 0.2');
    expect(after.walkthrough!.checkRuns['1.q1']).toMatchObject({
      via: 'Prometheus (test) at http://127.0.0.1:9',
      series: 1,
      recent: [
        [T0 - 60_000, 0.1],
        [T0, 0.3],
      ],
    });
    const branch = recorded.find((e) => e.kind === 'runbook-branch')!;
    expect(branch).toMatchObject({ source: 'vigil', actor: 'vigil' });
    expect(branch.text).toContain('Step 2 (Feature store is slow)');

    const done = await h['runbook:act']({ ...target, action: { type: 'complete-step', stepKey: '1' } });
    expect(done.walkthrough!.state.current).toBe('2');
    const skipped = await h['runbook:act']({
      ...target,
      action: { type: 'skip-step', stepKey: '2', reason: 'Redis dashboard is down' },
    });
    expect(skipped.walkthrough!.state.current).toBe('6');
    expect(skipped.walkthrough!.suggestions).toEqual([
      expect.objectContaining({ kind: 'skipped-step', stepKey: '2', reason: 'Redis dashboard is down' }),
    ]);
    expect(recorded.map((e) => e.kind)).toEqual([
      'runbook-started',
      'runbook-query',
      'runbook-branch',
      'runbook-query',
      'runbook-query',
      'runbook-step-done',
      'runbook-step-skipped',
    ]);
    expect(new Set(recorded.map((e) => e.id)).size).toBe(recorded.length);
  });

  it('keeps progress beside the incident across a restart, and event ids keep counting', async () => {
    const dir = tempDir('vigil-rb-');
    const a = setup(dir);
    await a.h['runbook:start'](target);
    await a.h['runbook:act']({ ...target, action: { type: 'check-item', itemId: '2.i1', checked: true } });
    await a.h['runbook:act']({ ...target, action: { type: 'choose-branch', stepKey: '1', target: '5' } });
    expect(existsSync(join(dir, 'incidents', LATENCY.id, 'runbook.json'))).toBe(true);
    a.service.stop();

    const b = setup(dir, { clock: { t: T0 + 120_000 } });
    const view = await b.h['runbook:for-incident']({ incidentId: LATENCY.id });
    expect(view.walkthrough!.state.steps['2']!.checked).toEqual(['2.i1']);
    expect(view.walkthrough!.state.steps['1']!.branch).toMatchObject({ target: '5', by: 'user' });
    // The step clock kept running while Vigil was down: 2 minutes on a 2-minute timebox is not over yet.
    expect(view.walkthrough!.stepClocks['1']).toMatchObject({ running: true, spentMs: 120_000, overran: false });
    await b.h['runbook:act']({ ...target, action: { type: 'complete-step', stepKey: '1' } });
    const ids = [...a.recorded, ...b.recorded].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(b.recorded[0]!.id).toBe(`${LATENCY.id}#runbook.${a.recorded.length}`);
  });

  it('notes a step that ran past its timebox as Vigil, once', async () => {
    const { service, h, recorded, clock } = setup(tempDir('vigil-rb-'));
    await h['runbook:start'](target);
    clock.t += 3 * 60_000; // Step 1 has 2 minutes
    const view = await h['runbook:for-incident']({ incidentId: LATENCY.id });
    expect(view.walkthrough!.stepClocks['1']).toMatchObject({ overran: true, overByMs: 60_000, remainingMs: 0 });
    await h['runbook:for-incident']({ incidentId: LATENCY.id });
    const overran = recorded.filter((e) => e.kind === 'runbook-step-overran');
    expect(overran).toHaveLength(1);
    expect(overran[0]).toMatchObject({ source: 'vigil', actor: 'vigil' });
    expect(service.actionItemSuggestions(LATENCY.id)).toEqual([
      expect.objectContaining({ kind: 'overran-step', stepKey: '1' }),
    ]);
  });

  it('records a failed check with the reason, and the branch waits', async () => {
    const refused = new PrometheusApiError(
      'Prometheus (test) at http://127.0.0.1:9 refused the connection (is it running?)',
      'unreachable',
      'ECONNREFUSED',
    );
    const prom = fakePrometheus({ 'stage="feature_fetch"': refused, 'stage="inference"': 0.04 });
    const { h, recorded } = setup(tempDir('vigil-rb-'), { api: prom.api });
    await h['runbook:start'](target);
    const view = await h['runbook:run-query']({ ...target, checkId: '1.q1' });
    expect(view.walkthrough!.state.steps['1']!.results['1.q1']).toMatchObject({
      value: null,
      error: expect.stringContaining('refused the connection'),
    });
    expect(view.walkthrough!.state.steps['1']!.branch).toBeNull();
    expect(view.walkthrough!.checkRuns['1.q1']!.detail).toBe('ECONNREFUSED');
    expect(recorded.at(-1)!.text).toContain('failed: Prometheus (test) at http://127.0.0.1:9 refused the connection');
  });

  it('says plainly that a demo incident has no Prometheus, and takes a value entered by hand', async () => {
    const { h, recorded } = setup(tempDir('vigil-rb-'));
    const view = await h['runbook:for-incident']({ incidentId: DEMO.id });
    expect(view.prometheus).toBeNull();
    expect(view.prometheusWhy).toMatch(/demo has no Prometheus to query/);
    const demo = { incidentId: DEMO.id, runbookId: RB };
    await h['runbook:start'](demo);
    await expect(h['runbook:run-query']({ ...demo, stepKey: '1' })).rejects.toThrow(UserFacingError);
    const typed = await h['runbook:act']({ ...demo, action: { type: 'record-query', checkId: '1.q1', value: 0.25 } });
    expect(typed.walkthrough!.state.steps['1']!.branch).toMatchObject({ target: '2', by: 'condition' });
    expect(typed.walkthrough!.checkRuns['1.q1']).toMatchObject({ via: 'entered by hand', query: null });
    const query = recorded.find((e) => e.kind === 'runbook-query')!;
    expect(query.text).toMatch(/returned 0\.25 \(entered by hand\)$/);
    expect(query.data).toMatchObject({ manual: true });
  });

  it('asks before switching to another runbook, and keeps the earlier one for the post-mortem', async () => {
    const { service, h } = setup(tempDir('vigil-rb-'));
    await h['runbook:start'](target);
    await h['runbook:act']({ ...target, action: { type: 'skip-step', stepKey: '1', reason: 'no dashboards' } });
    const other = { incidentId: LATENCY.id, runbookId: 'model-high-error-rate' };
    await expect(h['runbook:start'](other)).rejects.toThrow(/in progress.*confirm to switch/);
    const switched = await h['runbook:start']({ ...other, restart: true });
    expect(switched.walkthrough!.runbookId).toBe('model-high-error-rate');
    expect(service.actionItemSuggestions(LATENCY.id).map((s) => `${s.runbookId}/${s.kind}`)).toContain(
      `${RB}/skipped-step`,
    );
    // Starting the same runbook again is harmless: it returns the walkthrough as it is.
    const again = await h['runbook:start'](other);
    expect(again.walkthrough!.state.startedAt).toBe(switched.walkthrough!.state.startedAt);
  });

  it('refuses what the state machine refuses, in its words', async () => {
    const { h } = setup(tempDir('vigil-rb-'));
    await expect(h['runbook:act']({ ...target, action: { type: 'complete-step', stepKey: '1' } })).rejects.toThrow(
      /Start the runbook/,
    );
    await h['runbook:start'](target);
    await expect(h['runbook:act']({ ...target, action: { type: 'complete-step', stepKey: '1' } })).rejects.toThrow(
      /Step 1 branches: run its checks or choose/,
    );
    await expect(
      h['runbook:act']({ ...target, action: { type: 'skip-step', stepKey: '1', reason: ' ' } }),
    ).rejects.toThrow(/say why/);
  });

  it('moves an unreadable progress file aside, says so, and starts clean', async () => {
    const dir = tempDir('vigil-rb-');
    mkdirSync(join(dir, 'incidents', LATENCY.id), { recursive: true });
    writeFileSync(join(dir, 'incidents', LATENCY.id, 'runbook.json'), '{"version": 1, "eventSeq": "x"');
    const { h, notices } = setup(dir);
    const view = await h['runbook:for-incident']({ incidentId: LATENCY.id });
    expect(view.problem).toMatch(/could not be read/);
    expect(notices).toHaveLength(1);
    expect(readdirSync(join(dir, 'incidents', LATENCY.id)).some((f) => f.startsWith('runbook.json.corrupt-'))).toBe(
      true,
    );
    expect(view.walkthrough).toBeNull();
  });
});

describe('runbookService: no runbook, drafts and coverage', () => {
  it('lists an alert with no runbook and drafts one that saves into the user folder, never over a file', async () => {
    const dir = tempDir('vigil-rb-');
    const { h } = setup(dir);
    const view = await h['runbook:for-incident']({ incidentId: UNKNOWN.id });
    expect(view.matches).toEqual([]);
    expect(view.runbook).toBeNull();
    expect(view.unmatched).toEqual([{ alertname: 'WeirdThingHappened', signalId: UNKNOWN.signals[0]!.id }]);

    const draft = await h['runbook:draft']({ incidentId: UNKNOWN.id, alertname: 'WeirdThingHappened' });
    expect(draft.fileName).toBe('weird-thing-happened.md');
    expect(draft.markdown).toContain('alertname=\\"WeirdThingHappened\\"');
    await expect(h['runbook:save-draft']({ fileName: draft.fileName, markdown: draft.markdown })).rejects.toThrow(
      /Choose a runbook folder first/,
    );

    const folder = tempDir('vigil-rb-user-');
    await h['runbooks:set-folder']({ folder });
    const saved = await h['runbook:save-draft']({ fileName: draft.fileName, markdown: draft.markdown });
    expect(saved.path).toBe(join(folder, 'weird-thing-happened.md'));
    expect(readFileSync(saved.path, 'utf8')).toBe(
      draft.markdown.endsWith('\n') ? draft.markdown : `${draft.markdown}\n`,
    );
    expect(saved.library.entries.map((e) => e.id)).toContain('weird-thing-happened');
    await expect(h['runbook:save-draft']({ fileName: draft.fileName, markdown: 'other' })).rejects.toThrow(
      /already exists/,
    );
    const linked = await h['runbook:for-incident']({ incidentId: UNKNOWN.id });
    expect(linked.matches.map((m) => m.id)).toEqual(['weird-thing-happened']);
    expect(linked.unmatched).toEqual([]);
  });

  it('reports alerting rules with and without a runbook, by their labels or their firing alerts', async () => {
    const rule = (name: string, labels: Record<string, string>, alerts: AlertingRule['alerts'] = []): AlertingRule => ({
      group: 'ml',
      file: '/rules.yml',
      name,
      query: 'up == 0',
      labels,
      annotations: {},
      state: alerts.length ? 'firing' : 'inactive',
      alerts,
    });
    const prom = fakePrometheus({}, [
      rule('FraudModelHighLatency', { model: 'fraud-model' }),
      rule('CheckoutHighLatency', {}, [
        { labels: { alertname: 'CheckoutHighLatency', model: 'checkout' }, state: 'firing' },
      ]),
      rule('DiskFull', { severity: 'warning' }),
    ]);
    const { h } = setup(tempDir('vigil-rb-'), { api: prom.api });
    const report = await h['runbooks:coverage']({});
    expect(report.sources).toHaveLength(1);
    const rules = report.sources[0]!.rules;
    expect(rules.map((r) => [r.name, r.matchedBy, r.runbooks.map((x) => x.id)])).toEqual([
      ['FraudModelHighLatency', 'rule', [RB]],
      ['CheckoutHighLatency', 'alerts', [RB]],
      ['DiskFull', null, []],
    ]);
  });

  it('lists a Prometheus whose rules cannot be read with the reason, not as an empty report', async () => {
    const api: PrometheusApi = {
      ...fakePrometheus({}).api,
      alertingRules: async () => {
        throw new PrometheusApiError('Prometheus (test) at http://127.0.0.1:9 answered HTTP 404', 'bad-reply', '404');
      },
    };
    const { h } = setup(tempDir('vigil-rb-'), { api });
    const report = await h['runbooks:coverage']({});
    expect(report.sources[0]).toMatchObject({ error: expect.stringContaining('HTTP 404'), rules: [] });
  });
});
