import { describe, expect, it } from 'vitest';
import { classifySignal } from '../classify/classifySignal';
import type { SourceHealth } from '../domain/sourceHealth';
import { alert, shippedConfig, T0 } from '../testing/signalFixtures';
import { emptyIncidentsState, reconcileIncidents } from './reconcileIncidents';
import { watchHeartbeats, type HeartbeatState } from './watchHeartbeats';

const shipped = shippedConfig();
// Most cases look at what happens once the grace period is over: none here.
const config = { ...shipped, heartbeats: { ...shipped.heartbeats, graceMs: 0 } };
const health = (status: SourceHealth['status']): SourceHealth => ({
  sourceId: 'prom',
  name: 'Prometheus (prod)',
  kind: 'prometheus',
  target: 'http://127.0.0.1:9090',
  status,
  since: new Date(T0).toISOString(),
  lastSuccessAt: status === 'ok' ? new Date(T0).toISOString() : null,
  message: null,
  detail: null,
});
const watchdog = alert('Watchdog', 1, { severity: 'none', prometheus: 'monitoring/k8s' }, { expr: 'vector(1)' });
const inhibitor = alert('InfoInhibitor', 1, { severity: 'none' }, { expr: 'ALERTS{severity="info"} == 1' });
const disk = alert(
  'HostDiskFull',
  0.05,
  { severity: 'critical', instance: 'db-1' },
  {
    expr: 'node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1',
  },
);

describe('watchHeartbeats', () => {
  it('keeps heartbeats and severity=none alerts out of incidents and reports them as health', () => {
    const step = watchHeartbeats(new Map(), [watchdog, inhibitor, disk], [health('ok')], config, T0);
    expect(step.signals.map((s) => s.name)).toEqual(['HostDiskFull']);
    expect(step.status.get('prom')).toEqual({ ok: ['Watchdog'], stopped: [] });
  });

  it("raises the dead man's switch when a heartbeat stops while the source answers, and clears it when it returns", () => {
    let state: HeartbeatState = watchHeartbeats(new Map(), [watchdog], [health('ok')], config, T0).state;
    // Prometheus down: nothing is judged, the heartbeat is not "stopped".
    const down = watchHeartbeats(state, [], [health('unreachable')], config, T0 + 15_000);
    expect(down.signals).toEqual([]);
    state = down.state;

    const stopped = watchHeartbeats(state, [disk], [health('ok')], config, T0 + 30_000);
    expect(stopped.status.get('prom')!.stopped).toEqual([{ name: 'Watchdog', since: new Date(T0).toISOString() }]);
    const pipeline = stopped.signals.find((s) => s.name === 'AlertingPipelineHeartbeatStopped')!;
    expect(pipeline.labels).toMatchObject({
      heartbeat: 'Watchdog',
      prometheus: 'monitoring/k8s',
      service: 'Prometheus (prod)',
    });
    expect(classifySignal(pipeline, config, T0 + 30_000)).toMatchObject({
      severity: 'P1',
      ruleId: 'heartbeat-stopped',
      reason:
        'alerting pipeline heartbeat stopped: Watchdog no longer fires on Prometheus (prod), which still answers: P1',
    });
    // Through the engine: an incident that pages, and resolves when the heartbeat is back.
    const open = reconcileIncidents(emptyIncidentsState(), stopped.signals, T0 + 30_000, { classification: config });
    expect(open.notify.map((i) => [i.title, i.severity])).toContainEqual(['AlertingPipelineHeartbeatStopped', 'P1']);

    const back = watchHeartbeats(stopped.state, [watchdog, disk], [health('ok')], config, T0 + 45_000);
    expect(back.signals.map((s) => s.name)).toEqual(['HostDiskFull']);
    const after = reconcileIncidents(open.state, back.signals, T0 + 45_000, { classification: config });
    expect(after.changed.find((i) => i.title === 'AlertingPipelineHeartbeatStopped')?.state).toBe('resolved');
  });

  it('waits out the grace period: a restarted Prometheus evaluates its rules again only after an interval', () => {
    expect(shipped.heartbeats.graceMs).toBe(3 * 60_000);
    let state = watchHeartbeats(new Map(), [watchdog], [health('ok')], shipped, T0).state;
    // Back from a restart, answering before the Watchdog rule ran again: not yet stopped.
    let step = watchHeartbeats(state, [], [health('ok')], shipped, T0 + 60_000);
    expect(step.signals).toEqual([]);
    state = watchHeartbeats(step.state, [], [health('ok')], shipped, T0 + 3 * 60_000).state;
    // Missing for 3 minutes while answering: the pipeline is broken.
    step = watchHeartbeats(state, [], [health('ok')], shipped, T0 + 4 * 60_000);
    expect(step.signals.map((s) => s.name)).toEqual(['AlertingPipelineHeartbeatStopped']);
    // A short gap that heals resets the clock.
    const healed = watchHeartbeats(step.state, [watchdog], [health('ok')], shipped, T0 + 5 * 60_000);
    expect(watchHeartbeats(healed.state, [], [health('ok')], shipped, T0 + 6 * 60_000).signals).toEqual([]);
  });

  it('a PagerDuty incident titled like a heartbeat is still a page', () => {
    const pd = { ...watchdog, labels: { alertname: 'Watchdog' }, sourceKind: 'pagerduty' as const, expr: null };
    expect(watchHeartbeats(new Map(), [pd], [health('ok')], config, T0).signals).toHaveLength(1);
  });

  it('a heartbeat name is configurable', () => {
    const mine = { ...config, heartbeats: { ...config.heartbeats, names: ['PipelineAlive'] } };
    const alive = alert('PipelineAlive', 1, {}, { expr: 'up{job="prometheus"} == 1' });
    expect(watchHeartbeats(new Map(), [alive], [health('ok')], mine, T0).signals).toEqual([]);
  });

  it('knows names and severity labels whatever their case, and each config by its own lists', () => {
    // Answers are remembered per config and name: a second config must not get the first's.
    const loud = alert('WATCHDOG', 1, { severity: 'warning' });
    const quiet = alert('InfoInhibitor', 1, { severity: 'None' });
    const paged = alert('HostDiskFull', 0.05, { severity: 'Critical' });
    const first = watchHeartbeats(new Map(), [loud, quiet, paged], [health('ok')], config, T0);
    expect(first.signals.map((s) => s.name)).toEqual(['HostDiskFull']);
    const other = {
      ...config,
      heartbeats: { ...config.heartbeats, names: ['PipelineAlive'] },
      fallback: { ...config.fallback, map: { ...config.fallback.map, none: 'P3' as const } },
    };
    const second = watchHeartbeats(new Map(), [loud, quiet, paged], [health('ok')], other, T0);
    expect(second.signals.map((s) => s.name)).toEqual(['WATCHDOG', 'InfoInhibitor', 'HostDiskFull']);
  });
});
