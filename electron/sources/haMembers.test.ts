import { describe, expect, it } from 'vitest';
import type { Signal } from '../../shared/domain/signal';
import { HttpStatusError } from './describeFetchError';
import { askMembers, collapseReplicas, membersHealth, replicaIdentity } from './haMembers';

const REPLICA_LABELS = ['replica', 'prometheus_replica'];

function signal(fingerprint: string, labels: Record<string, string>, over: Partial<Signal> = {}): Signal {
  return {
    id: `am/${fingerprint}`,
    sourceId: 'am',
    sourceKind: 'alertmanager',
    fingerprint,
    name: labels.alertname ?? 'x',
    labels,
    annotations: {},
    state: 'firing',
    activeAt: '2026-12-04T20:00:00.000Z',
    value: null,
    generatorURL: null,
    stale: false,
    ...over,
  };
}

const base = { alertname: 'FraudModelHighErrorRate', service: 'fraud-model' };

describe('collapseReplicas', () => {
  it('makes one signal of the copies an HA pair sends, whatever the replica label is called', () => {
    const out = collapseReplicas(
      [
        signal('fa', { ...base, replica: 'a' }, { activeAt: '2026-12-04T20:00:05.000Z' }),
        signal('fb', { ...base, replica: 'b' }, { activeAt: '2026-12-04T20:00:01.000Z' }),
        signal('fc', { ...base, prometheus_replica: 'c' }),
      ],
      REPLICA_LABELS,
    );
    expect(out).toHaveLength(1);
    expect(out[0]!.labels).toEqual(base);
    // The earliest replica's start, so detection time is not late because one replica was.
    expect(out[0]!.activeAt).toBe('2026-12-04T20:00:00.000Z');
  });

  it('gives the merged alert an id that does not depend on which replicas answered', () => {
    const both = collapseReplicas(
      [signal('fa', { ...base, replica: 'a' }), signal('fb', { ...base, replica: 'b' })],
      REPLICA_LABELS,
    );
    const onlyB = collapseReplicas([signal('fb', { ...base, replica: 'b' })], REPLICA_LABELS);
    expect(onlyB[0]!.id).toBe(both[0]!.id);
    expect(onlyB[0]!.fingerprint).toBe(both[0]!.fingerprint);
  });

  it('keeps alerts that differ in any other label apart, and leaves a lone alert without replica labels as it was', () => {
    const lone = signal('f1', { ...base, pod: 'p-1' });
    const out = collapseReplicas(
      [lone, signal('f2', { ...base, pod: 'p-2', replica: 'a' }), signal('f3', { ...base, pod: 'p-2', replica: 'b' })],
      REPLICA_LABELS,
    );
    expect(out).toHaveLength(2);
    expect(out).toContain(lone);
  });

  it('is firing when one replica fires and stale only when every copy is stale', () => {
    const [merged] = collapseReplicas(
      [
        signal('fa', { ...base, replica: 'a' }, { state: 'pending', stale: true }),
        signal('fb', { ...base, replica: 'b' }, { state: 'firing', stale: false }),
      ],
      REPLICA_LABELS,
    );
    expect(merged).toMatchObject({ state: 'firing', stale: false });
  });

  it('with no replica labels configured, copies stay apart', () => {
    const out = collapseReplicas(
      [signal('fa', { ...base, replica: 'a' }), signal('fb', { ...base, replica: 'b' })],
      [],
    );
    expect(out).toHaveLength(2);
  });

  it('names the same alert with and without the replica label', () => {
    expect(replicaIdentity({ ...base, replica: 'a' }, REPLICA_LABELS)).toBe(replicaIdentity(base, REPLICA_LABELS));
    expect(replicaIdentity({ ...base, pod: 'x' }, REPLICA_LABELS)).not.toBe(replicaIdentity(base, REPLICA_LABELS));
  });
});

describe('membersHealth', () => {
  const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

  it('is nothing to report when every member answers', async () => {
    const answers = await askMembers(['http://a', 'http://b'], async () => 1);
    expect(membersHealth('Alertmanager', answers, 1000)).toBeNull();
  });

  it('says degraded, "1 of 2 members answering" and which member is down, never a failed source', async () => {
    const answers = await askMembers(['http://a', 'http://b'], async (url) => {
      if (url === 'http://b') throw refused;
      return 1;
    });
    const health = membersHealth('Alertmanager', answers, 1000)!;
    expect(health.status).toBe('degraded');
    expect(health.answering).toBe(1);
    expect(health.message).toMatch(/^1 of 2 members answering: Alertmanager at http:\/\/b /);
  });

  it('is the failure in words when no member answers', async () => {
    const answers = await askMembers(['http://a', 'http://b'], async () => {
      throw new HttpStatusError(401, '');
    });
    const health = membersHealth('Prometheus', answers, 1000)!;
    expect(health.status).toBe('auth-rejected');
    expect(health.message).toMatch(/\(0 of 2 members answering\)$/);
  });
});
