import { describe, expect, it } from 'vitest';
import { slaClocks } from '../incidents/slaClocks';
import { eventMaker, makeIncident, MIN } from '../timeline/testing/incidentFixtures';
import { responseMetricsReport } from './responseMetricsReport';
import { PERIOD, POLICIES, recordedWeek } from './testing/recordedWeek';

/*
 * Per incident, by hand (see testing/recordedWeek.ts), in minutes:
 *   inc   detect          ack             mitigate                 resolve
 *   a     10:00-10:02  2  10:02-10:05  3  10:02-10:20 18           10:02-10:25 23
 *   b     02:00-02:06  6  02:06-02:20 14  at resolution  54        02:06-03:00 54
 *   c     13:00-13:01  1  -               at resolution  49        13:01-13:50 49 (last resolution)
 *   d     22:00-22:01  1  -               at resolution  14        22:01-22:15 14
 *   e     07:00-07:12 12  07:12-07:30 18  at resolution 108        07:12-09:00 108
 *   f     14:00-15:30 90  -               -                        -
 *   g     detected before the period: not counted
 * Targets: infra MTTD 5 / MTTR 30, data-pipeline MTTD 10 / MTTR 30, ML quality MTTD 240 / MTTR 1440;
 * ack and mitigate against the severity SLA: P1 ack 15, mitigate 240; P3 ack 240, no mitigate SLA.
 */
const report = (groupBy: 'alertname' | 'type' | 'severity' | 'service') =>
  responseMetricsReport({ records: recordedWeek(), period: PERIOD, groupBy, policies: POLICIES });

describe('responseMetricsReport on the recorded week', () => {
  it('groups by alert, most incidents first', () => {
    const r = report('alertname');
    expect(r.groups.map((g) => [g.key, g.incidents])).toEqual([
      ['DiskSpaceLow', 2],
      ['HighAPIErrorRate', 2],
      ['FeatureStaleness', 1],
      ['ScorePSIDrift', 1],
    ]);
    expect(r.period).toEqual({ from: '2026-11-22T23:00:00.000Z', to: '2026-11-29T23:00:00.000Z' });
  });

  it('computes HighAPIErrorRate by hand', () => {
    const g = report('alertname').groups.find((x) => x.key === 'HighAPIErrorRate')!;
    // detect 2, 6: mean 4, median 4, max 6; infra target 5: a met, b missed
    expect(g.metrics.detect).toMatchObject({
      count: 2,
      missing: 0,
      meanMs: 4 * MIN,
      medianMs: 4 * MIN,
      maxMs: 6 * MIN,
      targetMs: 5 * MIN,
      met: 1,
      missed: 1,
    });
    expect(g.metrics.detect.targetWhy).toMatch(/^infrastructure: detect within 5 min/);
    // ack 3, 14: mean 8.5; P1 ack SLA 15: both met
    expect(g.metrics.acknowledge).toMatchObject({
      meanMs: 8.5 * MIN,
      medianMs: 8.5 * MIN,
      targetMs: 15 * MIN,
      targetWhy: 'P1 ack SLA',
      met: 2,
      missed: 0,
    });
    // mitigate 18, 54: mean 36; P1 mitigate SLA 4 h: both met
    expect(g.metrics.mitigate).toMatchObject({ meanMs: 36 * MIN, targetMs: 240 * MIN, met: 2, missed: 0 });
    // resolve 23, 54: mean 38.5; target 30: a met, b missed
    expect(g.metrics.resolve).toMatchObject({ meanMs: 38.5 * MIN, maxMs: 54 * MIN, met: 1, missed: 1 });
    expect(g.metrics.detect.points).toEqual([
      { incidentId: 'inc-a', at: '2026-11-23T10:02:00.000Z', ms: 2 * MIN, targetMs: 5 * MIN },
      { incidentId: 'inc-b', at: '2026-11-24T02:06:00.000Z', ms: 6 * MIN, targetMs: 5 * MIN },
    ]);
  });

  it('computes DiskSpaceLow, FeatureStaleness and ScorePSIDrift by hand, with missing values counted', () => {
    const r = report('alertname');
    const disk = r.groups.find((x) => x.key === 'DiskSpaceLow')!;
    expect(disk.metrics.detect).toMatchObject({ meanMs: 1 * MIN, met: 2, missed: 0 });
    // never acknowledged: no value, no target
    expect(disk.metrics.acknowledge).toMatchObject({
      count: 0,
      missing: 2,
      meanMs: null,
      medianMs: null,
      targetMs: null,
      met: 0,
      missed: 0,
    });
    // 49 and 14 at resolution: mean 31.5; P3 has no mitigate SLA
    expect(disk.metrics.mitigate).toMatchObject({ count: 2, meanMs: 31.5 * MIN, targetMs: null, met: 0, missed: 0 });
    expect(disk.metrics.resolve).toMatchObject({ meanMs: 31.5 * MIN, met: 1, missed: 1 });

    const stale = r.groups.find((x) => x.key === 'FeatureStaleness')!;
    // data pipeline: detect 12 > 10 missed; ack 18 > 15 missed; mitigate 108 <= 240 met; resolve 108 > 30 missed
    expect(stale.metrics.detect).toMatchObject({ meanMs: 12 * MIN, targetMs: 10 * MIN, met: 0, missed: 1 });
    expect(stale.metrics.acknowledge).toMatchObject({ meanMs: 18 * MIN, met: 0, missed: 1 });
    expect(stale.metrics.mitigate).toMatchObject({ meanMs: 108 * MIN, met: 1, missed: 0 });
    expect(stale.metrics.resolve).toMatchObject({ meanMs: 108 * MIN, targetMs: 30 * MIN, met: 0, missed: 1 });

    const psi = r.groups.find((x) => x.key === 'ScorePSIDrift')!;
    // ML quality: detect 90 <= 240 met; still open, so nothing else
    expect(psi.metrics.detect).toMatchObject({ meanMs: 90 * MIN, targetMs: 240 * MIN, met: 1 });
    expect(psi.metrics.resolve).toMatchObject({ count: 0, missing: 1 });
  });

  it('computes the overall figures by hand', () => {
    const all = report('alertname').overall;
    expect(all.incidents).toBe(6);
    // detect 2, 6, 1, 12, 90, 1: mean 112/6 = 18.67 min; median of 1,1,2,6,12,90 = 4; met a c d f, missed b e
    expect(all.metrics.detect).toMatchObject({
      meanMs: 1_120_000,
      medianMs: 4 * MIN,
      maxMs: 90 * MIN,
      targetMs: null,
      met: 4,
      missed: 2,
    });
    // ack 3, 14, 18 (all P1: one target): mean 35/3 min = 700 000 ms, median 14; e missed
    expect(all.metrics.acknowledge).toMatchObject({
      count: 3,
      missing: 3,
      meanMs: 700_000,
      medianMs: 14 * MIN,
      targetMs: 15 * MIN,
      met: 2,
      missed: 1,
    });
    // resolve 23, 54, 49, 108, 14: mean 248/5 = 49.6 min; median 49; met a d; 30 min for two reasons: no single target
    expect(all.metrics.resolve).toMatchObject({
      count: 5,
      meanMs: 2_976_000,
      medianMs: 49 * MIN,
      targetMs: null,
      met: 2,
      missed: 3,
    });
  });

  it('groups by type, severity and service', () => {
    expect(report('type').groups.map((g) => [g.key, g.incidents])).toEqual([
      ['infrastructure', 4],
      ['data-pipeline', 1],
      ['ml-quality', 1],
    ]);
    expect(report('severity').groups.map((g) => [g.key, g.incidents])).toEqual([
      ['P1', 3],
      ['P3', 2],
      ['P2', 1],
    ]);
    expect(report('service').groups.map((g) => [g.key, g.incidents])).toEqual([
      ['batch', 2],
      ['checkout', 2],
      ['fraud-model', 2],
    ]);
    // Without policies, ack and mitigate have no target and count neither met nor missed.
    const bare = responseMetricsReport({ records: recordedWeek(), period: PERIOD, groupBy: 'type' });
    expect(bare.overall.metrics.acknowledge).toMatchObject({ targetMs: null, met: 0, missed: 0 });
  });

  it('is empty for a quiet period', () => {
    const r = responseMetricsReport({ records: recordedWeek(), period: { from: 0, to: 1 }, groupBy: 'alertname' });
    expect(r.groups).toEqual([]);
    expect(r.overall.metrics.detect).toMatchObject({ count: 0, meanMs: null, medianMs: null, maxMs: null });
  });
});

describe("responseMetricsReport: SLAs judged as the incident's own clocks judge them", () => {
  it("measures an escalated incident's ack from when it became P1, as its SLA clock does", () => {
    // Detected 10:00 as P3 (ack within 4 h), escalated to P1 at 12:00 (ack within 15 min), acked 12:05.
    const ev = eventMaker('inc-esc');
    const incident = makeIncident({
      id: 'inc-esc',
      severity: 'P1',
      state: 'resolved',
      startedAt: '2026-11-23T09:59:00.000Z',
      detectedAt: '2026-11-23T10:00:00.000Z',
      severityReachedAt: { P3: '2026-11-23T10:00:00.000Z', P1: '2026-11-23T12:00:00.000Z' },
      acknowledgedAt: '2026-11-23T12:05:00.000Z',
      acknowledgedBy: 'ana',
      resolvedAt: '2026-11-23T12:20:00.000Z',
      resolvedBy: 'ana',
      updatedAt: '2026-11-23T12:20:00.000Z',
      groupLabels: { alertname: 'HighAPIErrorRate' },
    });
    const events = [
      ev('2026-11-23T10:00:00.000Z', 'fired', 'fired P3'),
      ev('2026-11-23T12:00:00.000Z', 'severity-changed', 'severity P3 -> P1'),
      ev('2026-11-23T12:05:00.000Z', 'acknowledged', 'ana acknowledged it', 'ana'),
      ev('2026-11-23T12:20:00.000Z', 'resolved', 'ana resolved it', 'ana'),
    ];
    const ack = slaClocks(incident, POLICIES.P1!, Date.parse('2026-11-23T13:00:00Z')).clocks.find(
      (c) => c.kind === 'ack',
    )!;
    expect(ack.breached).toBe(false);
    const r = responseMetricsReport({
      records: [{ incident, events }],
      period: { from: Date.parse('2026-11-23T00:00:00Z'), to: Date.parse('2026-11-24T00:00:00Z') },
      groupBy: 'severity',
      policies: POLICIES,
    });
    // 125 min from detection, and met: 5 min after it became a P1.
    expect(r.overall.metrics.acknowledge).toMatchObject({ meanMs: 125 * MIN, met: 1, missed: 0 });
    expect(r.overall.metrics.acknowledge.points[0]!.targetMs).toBe(135 * MIN);
  });
});
