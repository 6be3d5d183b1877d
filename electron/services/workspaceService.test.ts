import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseClassificationConfig } from '../../shared/classify/classificationConfig';
import { parseDemoScenario } from '../../shared/demo/demoScenario';
import type { Signal } from '../../shared/domain/signal';
import type { SourceHealth } from '../../shared/domain/sourceHealth';
import type { TimelineEvent } from '../../shared/domain/timeline';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { EventName } from '../../shared/ipc/contract';
import { defaultNotificationSettings } from '../../shared/notify/notificationPolicy';
import type { AlertmanagerSource, SilenceRequest } from '../sources/alertmanager/alertmanagerSource';
import type { AmAlert, AmSilence } from '../sources/alertmanager/alertmanagerSchemas';
import { matchesLabels, parseMatcher } from '../../shared/classify/parseMatcher';
import { HttpStatusError } from '../sources/describeFetchError';
import type { PagerDutySource } from '../sources/pagerduty/pagerDutySource';
import type { PrometheusApi, Series } from '../sources/prometheusApi';
import { openIncidentStore } from '../store/incidentStore';
import { createIncidentService } from './incidentService';
import type { PrometheusAccess } from './sourceManager';
import { createWorkspaceService } from './workspaceService';

const cfg = parseClassificationConfig(readFileSync('resources/classification.yaml', 'utf8'));
if (!cfg.ok) throw new Error('bad shipped classification');
const scenario = parseDemoScenario(readFileSync('resources/demo/ml-serving-incident.yaml', 'utf8'));
const T0 = Date.parse('2026-11-24T22:41:00Z');
const MIN = 60_000;

const labels = { alertname: 'FraudModelHighErrorRate', service: 'fraud-model', severity: 'critical' };
const prom: Signal = {
  id: 'prom/fp1',
  sourceId: 'prom',
  sourceKind: 'prometheus',
  fingerprint: 'fp1',
  name: 'FraudModelHighErrorRate',
  labels,
  annotations: { summary: 'Fraud model error rate exceeds 5%' },
  state: 'firing',
  activeAt: new Date(T0 - MIN).toISOString(),
  value: 0.072,
  generatorURL: 'http://prom:9090/graph?g0.expr=model_error_ratio+%3E+0.05&g0.tab=1',
  expr: 'model_error_ratio > 0.05',
  stale: false,
};
const am: Signal = { ...prom, id: 'am/x1', sourceId: 'am', sourceKind: 'alertmanager', fingerprint: 'x1', value: null };
const pd: Signal = {
  ...prom,
  id: 'pd/Q3',
  sourceId: 'pd',
  sourceKind: 'pagerduty',
  fingerprint: 'Q3',
  name: '[FIRING:1] FraudModelHighErrorRate (fraud-model critical)',
  labels: {
    alertname: 'FraudModelHighErrorRate',
    service: 'fraud-model',
    pagerduty_service_id: 'PSFRAUD',
    pagerduty_incident_id: 'Q3',
    pagerduty_incident_number: '1043',
    pagerduty_status: 'triggered',
    pagerduty_escalation_policy: 'ML Platform',
    urgency: 'high',
  },
  annotations: {
    summary: 'x',
    pagerduty_url: 'https://acme.pagerduty.com/incidents/Q3',
    pagerduty_assignees: 'Ada Okafor',
  },
  value: null,
  generatorURL: 'https://acme.pagerduty.com/incidents/Q3',
};
const health = (sourceId: string, kind: SourceHealth['kind']): SourceHealth => ({
  sourceId,
  name: sourceId,
  kind,
  target: `http://${sourceId}`,
  status: 'ok',
  since: new Date(T0).toISOString(),
  lastSuccessAt: new Date(T0).toISOString(),
  message: null,
  detail: null,
});

/** Prometheus's answers: the rule list and one series per service, the error ratio climbing. */
function fakePrometheus() {
  const calls: { expr: string; start: number; end: number; step: number }[] = [];
  const api: PrometheusApi = {
    query: async () => ({ kind: 'vector', samples: [] }),
    queryRange: async (expr, r) => {
      calls.push({ expr, start: r.start, end: r.end, step: r.stepSeconds });
      const series = (service: string, k: number): Series => ({
        labels: { __name__: 'model_error_ratio', service },
        points: Array.from({ length: 240 }, (_, i) => ({
          at: r.start + i * r.stepSeconds * 1000,
          value: (k * i) / 2400,
        })),
      });
      return [series('churn-model', 0.1), series('fraud-model', 0.72)];
    },
    alertingRules: async () => [
      {
        group: 'ml',
        file: 'rules.yml',
        name: 'FraudModelHighErrorRate',
        query: 'model_error_ratio{service="fraud-model"} > 0.05',
        labels: { service: 'fraud-model', severity: 'critical' },
        annotations: {},
        state: 'firing',
        alerts: [{ labels, state: 'firing' }],
      },
    ],
  };
  return { api, calls };
}

function fakePagerDuty(fail: () => Error | null, bareServiceRefs = false) {
  const acks: string[] = [];
  const resolves: string[] = [];
  const asked = { onCalls: 0, changes: 0 };
  /** What PagerDuty reported of its per-minute budget at the last answer. */
  const budget = { limit: 960, remaining: 960 };
  const source = {
    health: () => ({ ...health('pd', 'pagerduty'), target: 'https://api.pagerduty.com' }),
    currentUser: () => ({ id: 'U1', name: 'Ada Okafor', email: 'ada@example.com' }),
    acknowledge: async (id: string) => {
      acks.push(id);
      const err = fail();
      if (err) throw err;
      return {} as never;
    },
    resolve: async (id: string) => {
      resolves.push(id);
      const err = fail();
      if (err) throw err;
      return {} as never;
    },
    client: {
      state: () => ({
        tokenRejected: false,
        blockedUntil: null,
        blockedByBudget: false,
        budget: { ...budget, resetsAt: null },
      }),
      listOnCalls: async () => (
        asked.onCalls++,
        [
          {
            user: { id: 'U1', type: 'user_reference', summary: 'Ada Okafor' },
            escalation_policy: { id: 'E1', type: 'x', summary: 'ML Platform' },
            escalation_level: 1,
            start: new Date(T0 - 9 * 3600_000).toISOString(),
            end: new Date(T0 + 3600_000).toISOString(),
          },
          {
            user: { id: 'U3', type: 'user_reference', summary: 'Jules Martin' },
            escalation_policy: { id: 'E2', type: 'x', summary: 'Payments' },
            escalation_level: 1,
            start: null,
            end: null,
          },
        ]
      ),
      listChangeEvents: async () => (
        asked.changes++,
        [
          {
            id: 'C1',
            summary: 'Deploy fraud-model v2.4.1 to production',
            timestamp: new Date(T0 - 13 * MIN).toISOString(),
            // As the spec's own example has it: a reference by id, without the service's name.
            services: bareServiceRefs ? [{ id: 'PS1', type: 'service_reference' }] : [],
            source: 'argo-cd',
            links: [{ href: 'https://github.com/x/releases/v2.4.1', text: 'v2.4.1' }],
            custom_details: null,
          },
        ]
      ),
    },
  };
  return { source: source as unknown as PagerDutySource, acks, resolves, asked, budget };
}

/** An Alertmanager whose alerts (Alertmanager's own view) answer the preview's filter matchers. */
function fakeAlertmanager(fail = false) {
  const requests: SilenceRequest[] = [];
  const silences: AmSilence[] = [];
  const alerts: AmAlert[] = [amAlert('x1', labels)];
  const filtered: string[][] = [];
  const source = {
    replicaLabels: ['replica', 'prometheus_replica'],
    silence: async (r: SilenceRequest) => {
      if (fail) throw new Error('Alertmanager at http://am answered HTTP 500');
      requests.push(r);
      const id = `s${requests.length}`;
      silences.push({
        id,
        status: { state: 'active' },
        matchers: Object.entries(r.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
        startsAt: new Date(T0).toISOString(),
        endsAt: new Date(T0 + r.durationMs).toISOString(),
        createdBy: r.createdBy,
        comment: r.comment,
      });
      return id;
    },
    expireSilence: async (id: string) => {
      const s = silences.find((x) => x.id === id)!;
      s.status = { state: 'expired' };
    },
    client: {
      listSilences: async () => silences,
      listAlerts: async (filter: { matchers?: string[] } = {}) => {
        const matchers = (filter.matchers ?? []).map(parseMatcher);
        filtered.push(filter.matchers ?? []);
        return alerts.filter((a) => matchers.every((m) => matchesLabels(m, a.labels)));
      },
    },
  };
  return { source: source as unknown as AlertmanagerSource, requests, silences, alerts, filtered };
}

function amAlert(fingerprint: string, alertLabels: Record<string, string>): AmAlert {
  return {
    fingerprint,
    labels: alertLabels,
    annotations: {},
    startsAt: new Date(T0).toISOString(),
    receivers: [],
    status: { state: 'active', silencedBy: [], inhibitedBy: [] },
  };
}

function setup(
  opts: {
    pdFail?: () => Error | null;
    amFail?: boolean;
    actor?: string;
    sharesAcks?: boolean;
    bareServiceRefs?: boolean;
  } = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-workspace-'));
  const store = openIncidentStore(dataDir);
  const clock = { t: T0 };
  const emitted: { event: EventName; payload: unknown }[] = [];
  const emit = (event: EventName, payload: unknown) => emitted.push({ event, payload });
  const prometheus = fakePrometheus();
  const pdFake = fakePagerDuty(opts.pdFail ?? (() => null), opts.bareServiceRefs);
  const amFake = fakeAlertmanager(opts.amFail);
  const access: PrometheusAccess = {
    sourceId: 'prom',
    name: 'Prometheus (prod)',
    baseUrl: 'http://prom:9090',
    headers: {},
    fetch: undefined,
    redact: (v) => v,
  };
  // eslint-disable-next-line prefer-const -- assigned after the incident service it is handed to
  let workspace: ReturnType<typeof createWorkspaceService> | undefined;
  const incidents = createIncidentService({
    store,
    classification: cfg.ok ? cfg.config : (undefined as never),
    notifier: { send: () => {} },
    notificationSettings: defaultNotificationSettings,
    now: () => clock.t,
    localMinutes: () => 12 * 60,
    actor: () => 'alice',
    emit,
    notice: () => {},
    log: () => {},
    onChanged: (changed, events) => workspace?.incidentsChanged(changed, events),
  });
  workspace = createWorkspaceService({
    classification: () => (cfg.ok ? cfg.config : (undefined as never)),
    scenario,
    demoSpeed: 1,
    incidentDir: (id) => store.dirOf(id),
    incidents: {
      get: (id) => incidents.get(id),
      recordEvents: (e) => incidents.recordEvents(e),
      apply: (a) => incidents.apply(a),
      ack: incidents.handlers['incident:ack'],
      mitigate: incidents.handlers['incident:mitigate'],
      resolve: incidents.handlers['incident:resolve'],
    },
    sources: {
      prometheus: (id) => (id === 'prom' ? access : null),
      prometheusList: () => [access],
      alertmanager: (id) => (id === 'am' ? amFake.source : null),
      pagerDuty: (id) => (id === 'pd' ? pdFake.source : null),
      pagerDutyIds: () => ['pd'],
      nameOf: (id) => ({ prom: 'Prometheus (prod)', am: 'Alertmanager', pd: 'PagerDuty' })[id] ?? id,
      fromEmailOf: () => null,
      sharesAcks: (id) => id === 'am' && (opts.sharesAcks ?? false),
      redact: (v) => v,
    },
    now: () => clock.t,
    actor: () => opts.actor ?? 'alice',
    emit,
    notice: () => {},
    log: () => {},
    createApi: () => prometheus.api,
  });
  const fire = (signals: Signal[]) =>
    incidents.reconcile(signals, [
      health('prom', 'prometheus'),
      health('am', 'alertmanager'),
      health('pd', 'pagerduty'),
    ]);
  /** The incident of the last change pushed (each test has one incident at a time). */
  const incidentIdOf = () => {
    const list = emitted.filter((e) => e.event === 'incidents:changed');
    const last = list.at(-1)?.payload as { changed: { id: string }[] } | undefined;
    return last?.changed[0]?.id ?? '';
  };
  // What the service shows: the stored log and the events still being written.
  const timeline = (id: string): TimelineEvent[] => incidents.timelineEvents(id).events;
  const remote = () =>
    emitted.filter((e) => e.event === 'incident:remote').map((e) => e.payload as { status: string; message: string });
  return {
    workspace,
    incidents,
    store,
    clock,
    prometheus,
    pdFake,
    amFake,
    fire,
    incidentIdOf,
    timeline,
    remote,
    dataDir,
  };
}

describe('evidence', () => {
  it('captures the alert series at fire time, keeps it beside the incident, and reads value against threshold', async () => {
    const s = setup();
    s.fire([prom]);
    const id = s.incidentIdOf();
    await s.workspace.idle();
    expect(existsSync(join(s.store.dirOf(id), 'evidence.json'))).toBe(true);
    // The rule's expression, without its comparison, over the last hour at a 15 s step.
    expect(s.prometheus.calls).toEqual([
      { expr: 'model_error_ratio{service="fraud-model"}', start: T0 - 3_600_000, end: T0, step: 15 },
    ]);

    s.clock.t += 5 * MIN;
    const ev = await s.workspace.handlers['incident:evidence']({ id });
    expect(ev).toMatchObject({
      value: 0.072,
      valueText: '7.2%',
      unit: 'percent',
      threshold: { op: '>', value: 0.05, text: '> 5%', from: 'rule', ruleId: 'hard-errors' },
      latest: null,
      problems: [],
    });
    expect(ev.first).toMatchObject({
      trigger: 'fired',
      origin: 'prometheus',
      exprFrom: 'rules-api',
      expr: 'model_error_ratio{service="fraud-model"} > 0.05',
      plotted: 'model_error_ratio{service="fraud-model"}',
      sourceName: 'Prometheus (prod)',
      seriesLabels: { __name__: 'model_error_ratio', service: 'fraud-model' },
      problem: null,
    });
    // The fraud-model series (climbing to 0.072), not churn-model's.
    expect(ev.first!.points.at(-1)![1]).toBeCloseTo(0.0717, 3);

    const refreshed = await s.workspace.handlers['incident:evidence']({ id, refresh: true });
    expect(refreshed.first!.capturedAt).toBe(ev.first!.capturedAt);
    expect(refreshed.latest).toMatchObject({ trigger: 'refresh', capturedAt: new Date(T0 + 5 * MIN).toISOString() });
  });

  it('draws a series younger than the hour from its start, on a finer step', async () => {
    const s = setup();
    const born = T0 - 40_000;
    s.prometheus.api.queryRange = async (expr, r) => {
      s.prometheus.calls.push({ expr, start: r.start, end: r.end, step: r.stepSeconds });
      const points = [];
      for (let at = r.start; at <= r.end; at += r.stepSeconds * 1000) if (at >= born) points.push({ at, value: 0.05 });
      return [{ labels: { service: 'fraud-model' }, points }];
    };
    s.fire([prom]);
    await s.workspace.idle();
    expect(s.prometheus.calls.map((c) => c.step)).toEqual([15, 4, 1]);
    const ev = await s.workspace.handlers['incident:evidence']({ id: s.incidentIdOf() });
    expect(ev.first!.points.length).toBeGreaterThanOrEqual(40);
    expect(ev.first!.from).toBe(new Date(ev.first!.points[0]![0]).toISOString());
  });

  it('a Prometheus that cannot answer leaves a capture that says why, and the value still reads', async () => {
    const s = setup();
    s.prometheus.api.alertingRules = async () => {
      throw new Error('Prometheus (prod) at http://prom:9090 refused the connection (is it running?)');
    };
    s.prometheus.api.queryRange = s.prometheus.api.alertingRules as never;
    s.fire([prom]);
    const ev = await s.workspace.handlers['incident:evidence']({ id: s.incidentIdOf() });
    // The generatorURL still says what the expression is; it is not run unasked.
    expect(ev.first).toMatchObject({
      exprFrom: 'generator-url',
      expr: 'model_error_ratio > 0.05',
      points: [],
      awaitsClick: true,
      problem:
        'Prometheus (prod) at http://prom:9090 refused the connection (is it running?); the expression the alert names (its generatorURL) was not run automatically: run it if you trust it.',
    });
    expect(ev.valueText).toBe('7.2%');
  });

  it('an expression only the alert names (generatorURL, no listed rule) runs on a click, never at fire time', async () => {
    const s = setup();
    s.prometheus.api.alertingRules = async () => [];
    const ran: string[] = [];
    const queryRange = s.prometheus.api.queryRange;
    s.prometheus.api.queryRange = (expr, range) => {
      ran.push(expr);
      return queryRange(expr, range);
    };
    s.fire([prom]);
    await s.workspace.idle();
    const id = s.incidentIdOf();
    const ev = await s.workspace.handlers['incident:evidence']({ id });
    expect(ev.first).toMatchObject({ exprFrom: 'generator-url', awaitsClick: true, points: [] });
    expect(ev.first!.problem).toMatch(/^Prometheus \(prod\) lists no alerting rule named FraudModelHighErrorRate; /);
    expect(ran).toEqual([]);
    const clicked = await s.workspace.handlers['incident:evidence']({ id, refresh: true, runAlertExpression: true });
    expect(ran.length).toBeGreaterThan(0);
    expect(ran.every((e) => e === 'model_error_ratio')).toBe(true);
    expect(clicked.latest).toMatchObject({ exprFrom: 'generator-url', problem: null });
    expect(clicked.latest?.awaitsClick).toBeUndefined();
  });
});

describe('acknowledge in PagerDuty too', () => {
  it('acks locally and in PagerDuty, and the timeline says both', async () => {
    const s = setup();
    s.fire([prom, pd]);
    const id = s.incidentIdOf();
    const inc = await s.workspace.handlers['incident:ack']({ id });
    expect(inc.phase).toBe('acknowledged');
    await s.workspace.idle();
    expect(s.pdFake.acks).toEqual(['Q3']);
    expect(s.remote().map((o) => o.status)).toEqual(['pending', 'ok']);
    expect(
      s
        .timeline(id)
        .filter((e) => e.kind === 'acknowledged')
        .map((e) => [e.source, e.text]),
    ).toEqual([
      ['user', 'alice acknowledged it'],
      ['pagerduty', 'alice acknowledged #1043 in PagerDuty as ada@example.com'],
    ]);
  });

  it('keeps the local ack when PagerDuty refuses, says why, and pressing ack again retries', async () => {
    let failing = true;
    const s = setup({
      pdFail: () =>
        failing ? new HttpStatusError(400, 'Invalid Input Provided: The "From" header is not a user.') : null,
    });
    s.fire([prom, pd]);
    const id = s.incidentIdOf();
    await s.workspace.handlers['incident:ack']({ id });
    await s.workspace.idle();
    expect(s.incidents.get(id)!.phase).toBe('acknowledged');
    const failed = s.timeline(id).find((e) => e.kind === 'remote-action-failed')!;
    expect(failed.text).toBe(
      'PagerDuty ack failed: PagerDuty at https://api.pagerduty.com answered HTTP 400 (Invalid Input Provided: The "From" header is not a user.). Acknowledged in Vigil only: acknowledge #1043 in PagerDuty, or retry.',
    );
    expect(s.remote().at(-1)).toMatchObject({ status: 'failed', message: failed.text });
    const ctx = await s.workspace.handlers['incident:context']({ id });
    expect(ctx.remote).toEqual([expect.objectContaining({ action: 'ack', status: 'failed' })]);

    failing = false;
    await s.workspace.handlers['incident:ack']({ id });
    await s.workspace.idle();
    expect(s.pdFake.acks).toEqual(['Q3', 'Q3']);
    expect(s.remote().at(-1)).toMatchObject({ status: 'ok' });
  });

  it('resolving an incident only PagerDuty reports resolves it in PagerDuty, or is refused with the reason', async () => {
    let failing = true;
    const s = setup({ pdFail: () => (failing ? new HttpStatusError(403, 'Access Denied') : null) });
    s.fire([pd]);
    const id = s.incidentIdOf();
    await expect(s.workspace.handlers['incident:resolve']({ id })).rejects.toThrow(
      /^Not resolved: PagerDuty did not resolve #1043 \(.*HTTP 403.*\)\. Resolve it in PagerDuty, or try again\.$/,
    );
    expect(s.incidents.get(id)!.state).toBe('open');

    failing = false;
    const resolved = await s.workspace.handlers['incident:resolve']({ id });
    expect(resolved.state).toBe('resolved');
    expect(s.pdFake.resolves).toEqual(['Q3', 'Q3']);
    expect(s.timeline(id).map((e) => e.text)).toContain('alice resolved #1043 in PagerDuty');
  });

  it('an incident Prometheus also reports is resolved in Vigil without asking PagerDuty', async () => {
    const s = setup();
    s.fire([prom, pd]);
    await s.workspace.handlers['incident:resolve']({ id: s.incidentIdOf() });
    expect(s.pdFake.resolves).toEqual([]);
  });

  it('an incident without a PagerDuty page makes no PagerDuty call', async () => {
    const s = setup();
    s.fire([prom]);
    await s.workspace.handlers['incident:ack']({ id: s.incidentIdOf() });
    await s.workspace.idle();
    expect(s.pdFake.acks).toEqual([]);
  });
});

describe('context', () => {
  it('moving through 30 incidents of one service asks PagerDuty for on-call and changes once, and browsing never spends more than a tenth of the budget', async () => {
    const s = setup();
    const ids: string[] = [];
    const pages = Array.from({ length: 30 }, (_, i) => ({
      ...pd,
      id: `pd/Q${i}`,
      fingerprint: `Q${i}`,
      labels: { ...pd.labels, alertname: `FraudModelAlert${i}`, pagerduty_incident_id: `Q${i}` },
    }));
    s.fire(pages);
    for (const inc of s.incidents.list()) ids.push(inc.id);
    expect(ids).toHaveLength(30);
    for (const id of ids) {
      const ctx = await s.workspace.handlers['incident:context']({ id });
      expect(ctx.onCall.map((o) => o.user)).toEqual(['Ada Okafor']);
    }
    expect(s.pdFake.asked).toEqual({ onCalls: 1, changes: 1 });

    // A budget running low: answers are reused longer, and fresh questions stop at a tenth of
    // the per-minute budget (here 2 of 20), with the reason said instead of spending the rest.
    Object.assign(s.pdFake.budget, { limit: 20, remaining: 3 });
    s.clock.t += 3 * MIN;
    const asked = { ...s.pdFake.asked };
    for (const id of ids) await s.workspace.handlers['incident:context']({ id });
    expect(s.pdFake.asked).toEqual(asked);
    // An hour on, thirty incidents of thirty services: only two fresh questions in the minute.
    s.clock.t += 60 * MIN;
    const fresh = pages.map((p, i) => ({
      ...p,
      id: `pd/R${i}`,
      fingerprint: `R${i}`,
      labels: {
        ...p.labels,
        alertname: `ChurnAlert${i}`,
        pagerduty_incident_id: `R${i}`,
        pagerduty_service_id: `PS${i}`,
      },
    }));
    s.fire(fresh);
    const others = s.incidents.list().filter((i) => i.signals.some((x) => x.id.startsWith('pd/R')));
    expect(others).toHaveLength(30);
    const problems: string[] = [];
    for (const inc of others)
      problems.push(...(await s.workspace.handlers['incident:context']({ id: inc.id })).problems);
    expect(s.pdFake.asked.onCalls + s.pdFake.asked.changes - asked.onCalls - asked.changes).toBe(2);
    expect(problems).toContain(
      "Recent changes could not be read from PagerDuty: not asked now: Vigil keeps PagerDuty's request budget for polling (it asks again in a minute)",
    );
  });

  it('says so when PagerDuty names no service on its changes, instead of showing none without a word', async () => {
    const s = setup({ bareServiceRefs: true });
    s.fire([prom, am]);
    const ctx = await s.workspace.handlers['incident:context']({ id: s.incidentIdOf() });
    expect(ctx.changes).toEqual([]);
    expect(ctx.problems).toContain(
      '1 recent change in PagerDuty name no service, so Vigil cannot tell whether it concerns fraud-model.',
    );
  });

  it('shows PagerDuty status, on-call for its policy, and the deploy before it started', async () => {
    const s = setup();
    s.fire([prom, am, pd]);
    const ctx = await s.workspace.handlers['incident:context']({ id: s.incidentIdOf() });
    expect(ctx.sources.map((x) => [x.kind, x.sourceName, x.signals])).toEqual([
      ['prometheus', 'Prometheus (prod)', 1],
      ['alertmanager', 'Alertmanager', 1],
      ['pagerduty', 'PagerDuty', 1],
    ]);
    expect(ctx.pagerDuty).toEqual([
      expect.objectContaining({
        number: '1043',
        status: 'triggered',
        assignees: ['Ada Okafor'],
        url: 'https://acme.pagerduty.com/incidents/Q3',
      }),
    ]);
    expect(ctx.onCall).toEqual([
      { escalationPolicy: 'ML Platform', level: 1, user: 'Ada Okafor', until: new Date(T0 + 3600_000).toISOString() },
    ]);
    // The incident started a minute before T0; the deploy was 13 min before T0.
    expect(ctx.changes).toEqual([
      expect.objectContaining({ summary: 'Deploy fraud-model v2.4.1 to production', minutesBefore: 12 }),
    ]);
    expect(ctx.silence).toEqual({
      possible: true,
      why: 'Silences alertname="FraudModelHighErrorRate", service="fraud-model" in Alertmanager.',
    });
  });
});

describe('silence', () => {
  it('silences the incident group in Alertmanager, lists it, and expires it', async () => {
    const s = setup();
    s.fire([prom, am]);
    const id = s.incidentIdOf();
    const list = await s.workspace.handlers['incident:silence']({ id, minutes: 60, comment: 'rolling back v2.4.1' });
    expect(s.amFake.requests).toEqual([
      {
        labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model' },
        durationMs: 3_600_000,
        comment: 'rolling back v2.4.1',
        createdBy: 'alice',
      },
    ]);
    expect(list).toEqual([expect.objectContaining({ id: 's1', state: 'active', comment: 'rolling back v2.4.1' })]);
    expect(s.timeline(id).find((e) => e.kind === 'silenced')!.text).toBe(
      'alice silenced in Alertmanager for 1 h, until 23:41 UTC: rolling back v2.4.1',
    );
    // Its Alertmanager alert is gone (silenced); the silence can still be listed and expired.
    s.fire([prom]);
    const after = await s.workspace.handlers['incident:unsilence']({ id, silenceId: 's1' });
    expect(after).toEqual([expect.objectContaining({ id: 's1', state: 'expired' })]);
    expect(s.timeline(id).some((e) => e.kind === 'unsilenced')).toBe(true);
  });

  it('a failed silence throws in words and writes the failure to the timeline; no Alertmanager, no silence', async () => {
    const s = setup({ amFail: true });
    s.fire([prom, am]);
    const id = s.incidentIdOf();
    await expect(s.workspace.handlers['incident:silence']({ id, minutes: 30, comment: 'x' })).rejects.toThrow(
      /Alertmanager silence failed in Alertmanager: Alertmanager at http:\/\/am answered HTTP 500/,
    );
    expect(s.timeline(id).filter((e) => e.kind === 'remote-action-failed')).toHaveLength(1);

    const t = setup();
    t.fire([prom]);
    await expect(
      t.workspace.handlers['incident:silence']({ id: t.incidentIdOf(), minutes: 30, comment: 'x' }),
    ).rejects.toBeInstanceOf(UserFacingError);
  });

  it('asks Alertmanager which alerts the silence would match, and needs a confirmation for those outside the incident', async () => {
    const s = setup();
    s.fire([prom, am]);
    const id = s.incidentIdOf();
    // Another service's alert of the same name would not match (service differs); a canary of this
    // service with an extra label would: Alertmanager's matching is by the matchers given.
    s.amFake.alerts.push(amAlert('other', { ...labels, service: 'churn-model' }));
    s.amFake.alerts.push(amAlert('canary', { ...labels, pod: 'canary-1' }));
    const preview = await s.workspace.handlers['incident:silence-preview']({ id });
    expect(s.amFake.filtered.at(-1)).toEqual(['alertname="FraudModelHighErrorRate"', 'service="fraud-model"']);
    expect(preview).toMatchObject({ createdBy: 'alice', needsName: false, outside: 1 });
    expect(preview.targets[0]!.alerts.map((a) => [a.fingerprint, a.inIncident])).toEqual([
      ['canary', false],
      ['x1', true],
    ]);
    await expect(s.workspace.handlers['incident:silence']({ id, minutes: 30, comment: 'deploy' })).rejects.toThrow(
      /would also silence 1 alert outside this incident/,
    );
    expect(s.amFake.requests).toEqual([]);
    await s.workspace.handlers['incident:silence']({ id, minutes: 30, comment: 'deploy', allowOutside: 1 });
    expect(s.amFake.requests).toHaveLength(1);
  });

  it("counts each HA replica's copy of an alert as the incident's own, not as an alert outside it", async () => {
    const s = setup();
    s.fire([prom, am]);
    const id = s.incidentIdOf();
    // Two Prometheus replicas send the alert with their own external label: two alerts in Alertmanager.
    s.amFake.alerts.push(amAlert('from-b', { ...labels, replica: 'b' }));
    s.amFake.alerts.push(amAlert('canary', { ...labels, pod: 'canary-1', prometheus_replica: 'a' }));
    const preview = await s.workspace.handlers['incident:silence-preview']({ id });
    expect(preview.targets[0]!.alerts.map((a) => [a.fingerprint, a.inIncident])).toEqual([
      ['canary', false],
      ['x1', true],
      ['from-b', true],
    ]);
    expect(preview.outside).toBe(1);
  });

  it('asks for the person\'s name before the first silence: "you" says nothing in a shared Alertmanager', async () => {
    const s = setup({ actor: 'you' });
    s.fire([prom, am]);
    const id = s.incidentIdOf();
    expect((await s.workspace.handlers['incident:silence-preview']({ id })).needsName).toBe(true);
    await expect(s.workspace.handlers['incident:silence']({ id, minutes: 30, comment: 'x' })).rejects.toThrow(
      /Set your name first/,
    );
    expect(s.amFake.requests).toEqual([]);
  });
});

describe('shared acknowledgement through Alertmanager', () => {
  it('acking an Alertmanager-only incident sets a short silence "ACK by <name>: <note>", renewed while acked, expired at resolve', async () => {
    const s = setup({ sharesAcks: true });
    s.fire([prom, am]);
    const id = s.incidentIdOf();
    await s.workspace.handlers['incident:ack']({ id, note: 'rolling back' });
    await s.workspace.idle();
    expect(s.amFake.requests).toEqual([
      {
        labels: { alertname: 'FraudModelHighErrorRate', service: 'fraud-model' },
        durationMs: 10 * MIN,
        comment: 'ACK by alice: rolling back',
        createdBy: 'alice',
      },
    ]);
    expect(s.timeline(id).some((e) => e.kind === 'acknowledged' && e.source === 'alertmanager')).toBe(true);
    // Pressing ack again does not stack silences.
    await s.workspace.handlers['incident:ack']({ id });
    await s.workspace.idle();
    expect(s.amFake.requests).toHaveLength(1);

    // Not yet near its end: nothing to renew. Near it: a new one, then the old one expired.
    s.clock.t += 2 * MIN;
    await s.workspace.renewAcks();
    expect(s.amFake.requests).toHaveLength(1);
    s.clock.t += 4 * MIN;
    await s.workspace.renewAcks();
    expect(s.amFake.requests).toHaveLength(2);
    expect(s.amFake.requests[1]!.comment).toBe('ACK by alice: rolling back');
    expect(s.amFake.silences.map((x) => x.status.state)).toEqual(['expired', 'active']);

    await s.workspace.handlers['incident:resolve']({ id });
    await s.workspace.idle();
    expect(s.amFake.silences.map((x) => x.status.state)).toEqual(['expired', 'expired']);
  });

  it('does not set one when the source does not share acks, or when PagerDuty carries the incident', async () => {
    const off = setup({ sharesAcks: false });
    off.fire([prom, am]);
    await off.workspace.handlers['incident:ack']({ id: off.incidentIdOf() });
    await off.workspace.idle();
    expect(off.amFake.requests).toEqual([]);

    const withPd = setup({ sharesAcks: true });
    withPd.fire([prom, am, pd]);
    await withPd.workspace.handlers['incident:ack']({ id: withPd.incidentIdOf() });
    await withPd.workspace.idle();
    expect(withPd.amFake.requests).toEqual([]);
  });

  it('asks for a name first: "ACK by you" tells a teammate nothing', async () => {
    const s = setup({ sharesAcks: true, actor: 'you' });
    s.fire([prom, am]);
    await s.workspace.handlers['incident:ack']({ id: s.incidentIdOf() });
    await s.workspace.idle();
    expect(s.amFake.requests).toEqual([]);
    expect(s.remote().at(-1)?.message).toMatch(/set your name first/);
  });
});

describe('judgment calls', () => {
  it('escalates and declares through the engine state, stored and on the timeline', async () => {
    const s = setup();
    const drift: Signal = {
      ...prom,
      id: 'prom/d',
      fingerprint: 'd',
      name: 'PredictionDriftHigh',
      labels: { alertname: 'PredictionDriftHigh', model: 'churn-model', severity: 'warning' },
      expr: 'model_prediction_psi > 0.2',
      value: 0.3,
    };
    s.fire([drift]);
    const id = s.incidentIdOf();
    const declared = await s.workspace.handlers['incident:declare']({
      id,
      declared: true,
      reason: 'campaign tomorrow',
    });
    expect(declared.declaration?.declared).toBe(true);
    const up = await s.workspace.handlers['incident:escalate']({ id, severity: 'P1', reason: 'VIP' });
    expect(up).toMatchObject({ severity: 'P1', manualSeverity: { severity: 'P1', by: 'alice' } });
    expect(s.timeline(id).map((e) => e.kind)).toEqual(expect.arrayContaining(['declared', 'escalated']));
    await expect(s.workspace.handlers['incident:escalate']({ id, severity: 'P3', reason: 'no' })).rejects.toThrow(
      'PredictionDriftHigh is already P1: escalating means choosing a more severe level.',
    );
  });
});
