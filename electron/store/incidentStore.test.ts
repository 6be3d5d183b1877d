import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import { openIncidentStore } from './incidentStore';

const fresh = () => mkdtempSync(join(tmpdir(), 'vigil-inc-'));

function incident(id: string, over: Partial<Incident> = {}): Incident {
  return {
    id,
    key: 'alertname=FraudModelHighErrorRate,service=fraud-model',
    title: 'FraudModelHighErrorRate',
    summary: 'Fraud model error rate exceeds 5%',
    severity: 'P0',
    classification: { severity: 'P0', ruleId: 'hard-errors', reason: 'error ratio 7.2% > 5% of requests: P0' },
    state: 'open',
    startedAt: '2026-11-24T22:41:00.000Z',
    detectedAt: '2026-11-24T22:41:05.000Z',
    updatedAt: '2026-11-24T22:41:05.000Z',
    resolvedAt: null,
    notifiedAt: null,
    sourceKinds: ['prometheus'],
    stale: false,
    signals: [],
    ...over,
  };
}

describe('incidentStore', () => {
  it('keeps incidents and their timeline across reopen', () => {
    const dir = fresh();
    const a = openIncidentStore(dir);
    a.save(incident('inc-1'));
    a.appendTimeline('inc-1', { at: '2026-11-24T22:41:05.000Z', kind: 'fired' });
    const b = openIncidentStore(dir);
    expect(b.loadAll()).toEqual({ incidents: [incident('inc-1')], problems: [] });
    expect(b.readTimeline('inc-1', (v) => v).records).toEqual([{ at: '2026-11-24T22:41:05.000Z', kind: 'fired' }]);
  });

  it('quarantines an unreadable incident file, reports it and still loads the others', () => {
    const dir = fresh();
    const s = openIncidentStore(dir, () => new Date('2026-11-25T08:00:00Z'));
    s.save(incident('inc-good'));
    s.save(incident('inc-bad'));
    writeFileSync(join(dir, 'incidents', 'inc-bad', 'incident.json'), '{"id":"inc-bad","sever');
    const r = s.loadAll();
    expect(r.incidents.map((i) => i.id)).toEqual(['inc-good']);
    expect(r.problems[0]).toMatch(
      /inc-bad.*could not be read.*kept as .*incident\.json\.corrupt-2026-11-25T08-00-00-000Z/,
    );
    expect(readdirSync(join(dir, 'incidents', 'inc-bad'))).toEqual(['incident.json.corrupt-2026-11-25T08-00-00-000Z']);
  });

  it('lists the incident folders on disk whatever their incident.json holds: quarantined, missing, evicted', async () => {
    const dir = fresh();
    const s = openIncidentStore(dir, () => new Date('2026-11-25T08:00:00Z'));
    s.save(incident('inc-good'));
    s.save(incident('inc-torn'));
    writeFileSync(join(dir, 'incidents', 'inc-torn', 'incident.json'), '{"id":"inc-t');
    expect(s.loadAll().incidents.map((i) => i.id)).toEqual(['inc-good']);
    // A folder with only a post-mortem, a stray file and names that are not incident ids.
    mkdirSync(join(dir, 'incidents', 'inc-only-postmortem'));
    writeFileSync(join(dir, 'incidents', 'inc-only-postmortem', 'postmortem.md'), '# mine');
    writeFileSync(join(dir, 'incidents', 'notes.txt'), 'not a folder');
    mkdirSync(join(dir, 'incidents', '.hidden'));
    expect(await s.idsOnDisk()).toEqual(['inc-good', 'inc-only-postmortem', 'inc-torn']);
  });

  it('refuses ids that would escape the data directory', () => {
    const s = openIncidentStore(fresh());
    expect(() => s.save(incident('../../etc'))).toThrow(/unsafe incident id/);
  });

  it('prunes old resolved incidents but never one with a post-mortem or a file kept aside, nor open ones', () => {
    const dir = fresh();
    const s = openIncidentStore(dir);
    const old = { state: 'resolved' as const, resolvedAt: '2026-01-01T00:00:00.000Z' };
    s.save(incident('inc-old', old));
    s.save(incident('inc-old-pm', old));
    writeFileSync(join(dir, 'incidents', 'inc-old-pm', 'postmortem.md'), '# what we learnt');
    // A runbook walk that could not be read, kept aside: "never deleted" holds for retention too.
    s.save(incident('inc-old-kept', old));
    writeFileSync(join(dir, 'incidents', 'inc-old-kept', 'runbook.json.corrupt-2026-01-02T00-00-00-000Z'), '{"ste');
    s.save(incident('inc-open'));
    s.save(incident('inc-recent', { state: 'resolved', resolvedAt: '2026-11-20T00:00:00.000Z' }));
    expect(s.prune(s.loadAll().incidents, 90, Date.parse('2026-11-25T00:00:00Z'))).toEqual(['inc-old']);
    expect(existsSync(join(dir, 'incidents', 'inc-old'))).toBe(false);
    expect(
      s
        .loadAll()
        .incidents.map((i) => i.id)
        .sort(),
    ).toEqual(['inc-old-kept', 'inc-old-pm', 'inc-open', 'inc-recent']);
  });
});
