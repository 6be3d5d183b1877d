import { describe, expect, it } from 'vitest';
import type { PdOnCall } from '../sources/pagerduty/pagerDutySchemas';
import { lookUpNextOnCall, type OnCallSource } from './nextOnCall';

const NOW = Date.parse('2026-11-26T08:00:00Z');
const HOUR = 3_600_000;
const iso = (offsetH: number) => new Date(NOW + offsetH * HOUR).toISOString();
const ref = (id: string, summary: string) => ({ id, type: 'reference', summary });

const onCall = (
  user: string,
  policy: string,
  level: number,
  start: string | null,
  end: string | null,
  schedule: string | null = `${policy} schedule`,
): PdOnCall => ({
  user: ref(`U-${user}`, user),
  escalation_policy: ref(`P-${policy}`, policy),
  escalation_level: level,
  schedule: schedule === null ? null : ref(`S-${schedule}`, schedule),
  start,
  end,
});

const source = (name: string, list: PdOnCall[] | Error | 'hang', seen: unknown[] = []): OnCallSource => ({
  name,
  client: {
    listOnCalls: (query) => {
      seen.push(query);
      if (list === 'hang') return new Promise(() => {});
      return list instanceof Error ? Promise.reject(list) : Promise.resolve(list);
    },
  },
});

const opts = { now: NOW, aheadMs: 12 * HOUR, timeoutMs: 50 };

describe('lookUpNextOnCall', () => {
  it('lists who takes over, first responders first, leaving out the person whose shift ends now', async () => {
    const seen: unknown[] = [];
    const r = await lookUpNextOnCall(
      [
        source(
          'PagerDuty',
          [
            // Ben's night shift ends as he writes the handoff: he is handing over, not taking over.
            onCall('Ben', 'ML Platform', 1, iso(-12), iso(0)),
            onCall('Chloe', 'ML Platform', 1, iso(0), iso(12)),
            onCall('Ravi', 'ML Platform', 2, iso(-9), iso(15)),
            // A permanent level-3 on-call named directly on the policy.
            onCall('Ada', 'Payments', 3, null, null, null),
            // The same person twice in one window: the earlier shift is the one that matters.
            onCall('Chloe', 'ML Platform', 1, iso(24), iso(36)),
          ],
          seen,
        ),
      ],
      opts,
    );
    expect(seen).toEqual([{ since: iso(0), until: iso(12) }]);
    expect(r).toEqual({
      status: 'ok',
      message: 'from PagerDuty (PagerDuty)',
      entries: [
        { name: 'Chloe', level: 1, schedule: 'ML Platform schedule', until: iso(12) },
        { name: 'Ravi', level: 2, schedule: 'ML Platform schedule', until: iso(15) },
        { name: 'Ada', level: 3, schedule: 'Payments', until: null },
      ],
    });
  });

  it('says when PagerDuty is not configured, not running, or does not answer', async () => {
    expect(await lookUpNextOnCall([], opts)).toMatchObject({ status: 'not-configured', entries: null });
    expect(await lookUpNextOnCall([{ name: 'PD', client: null }], opts)).toEqual({
      status: 'unreachable',
      message: 'PagerDuty could not be asked: PD is not running (check its token in Sources).',
      entries: null,
    });
    expect(await lookUpNextOnCall([source('PD', new Error('connection refused'))], opts)).toEqual({
      status: 'unreachable',
      message: 'PagerDuty could not be asked: PD did not answer (connection refused).',
      entries: null,
    });
    expect((await lookUpNextOnCall([source('PD', 'hang')], opts)).message).toBe(
      'PagerDuty could not be asked: PD did not answer (no answer within 0 s).',
    );
  });

  it('uses the sources that answered and names the one that did not', async () => {
    const r = await lookUpNextOnCall(
      [source('EU', [onCall('Chloe', 'ML', 1, iso(0), iso(12))]), source('US', new Error('HTTP 500'))],
      opts,
    );
    expect(r.status).toBe('ok');
    expect(r.message).toBe('from PagerDuty (EU); US did not answer (HTTP 500)');
    expect(r.entries?.map((e) => e.name)).toEqual(['Chloe']);
  });
});
