import { describe, expect, it } from 'vitest';
import { MIN } from '../timeline/testing/incidentFixtures';
import { shiftHandoff, shiftHandoffMarkdown } from './shiftHandoff';
import { nightShift, POLICIES, postMortemWithItems } from './testing/recordedWeek';

const SHIFT = { from: Date.parse('2026-11-25T20:00:00Z'), to: Date.parse('2026-11-26T08:00:00Z'), engineer: 'ben' };
const NOW = Date.parse('2026-11-26T08:00:00Z');

function handoff(
  nextOnCall: Parameters<typeof shiftHandoff>[0]['nextOnCall'] = [
    { name: 'Chloe', level: 1, schedule: 'ML on-call', until: '2026-11-26T20:00:00Z' },
  ],
) {
  const { records, notifications } = nightShift();
  return shiftHandoff({
    shift: SHIFT,
    now: NOW,
    records,
    policies: POLICIES,
    postMortems: [postMortemWithItems()],
    nextOnCall,
    notifications,
    today: '2026-11-26',
  });
}

describe('shiftHandoff for the night of 25-26 November (answers by hand)', () => {
  const h = handoff();

  it('lists the open incident with its SLA state', () => {
    // inc-e, P1 since 07:12: ack due 07:27, met 07:30 (late); update due 08:12 (12 min left);
    // mitigate due 11:12 (3 h 12 min left). One clock breached: the incident is "breached".
    expect(h.open).toHaveLength(1);
    expect(h.open[0]).toMatchObject({
      incidentId: 'inc-e',
      severity: 'P1',
      phase: 'acknowledged',
      acknowledgedBy: 'ana',
      openForMs: 60 * MIN, // since the first symptom at 07:00
      slaState: 'breached',
      slaText:
        'ack met at 2026-11-26 07:30 UTC (late); update due 2026-11-26 08:12 UTC (in 12 min); mitigate due 2026-11-26 11:12 UTC (in 3 h 12 min)',
    });
  });

  it('says what happened: 2 opened, 1 resolved, 3 pages, the events worth knowing', () => {
    expect(h.happened).toMatchObject({ opened: 2, resolved: 1, pages: 3 });
    expect(
      h.happened.incidents.map((i) => [
        i.incidentId,
        i.resolved,
        i.entries.map((e) => `${e.at.slice(11, 16)} ${e.kind}`),
      ]),
    ).toEqual([
      [
        'inc-h',
        true,
        ['00:58 first-symptom', '01:00 fired', '01:00 notified', '01:05 acknowledged', '01:10 note', '01:30 resolved'],
      ],
      // The 07:14 alert count change is left out: noise for the next person.
      ['inc-e', false, ['07:00 first-symptom', '07:12 fired', '07:12 notified', '07:30 acknowledged', '07:40 note']],
    ]);
    // Without notification records, pages come from the 'notified' events: 01:00 and 07:12.
    const { records } = nightShift();
    const fromEvents = shiftHandoff({
      shift: SHIFT,
      now: NOW,
      records,
      policies: POLICIES,
      postMortems: [],
      nextOnCall: null,
      today: '2026-11-26',
    });
    expect(fromEvents.happened.pages).toBe(2);
  });

  it('collects the notes and the open action items, overdue first', () => {
    expect(h.notes.map((n) => [n.at.slice(11, 16), n.author, n.title])).toEqual([
      ['01:10', 'ben', 'KafkaConsumerLag'],
      ['07:40', 'ana', 'FeatureStaleness'],
    ]);
    // A1 due yesterday (overdue), A4 due today, A3 undated; A2 is done.
    expect(h.actionItems.map((a) => [a.id, a.overdue])).toEqual([
      ['A1', true],
      ['A4', false],
      ['A3', false],
    ]);
  });

  it('writes Markdown to paste in the channel', () => {
    const md = shiftHandoffMarkdown(h);
    expect(
      md.startsWith(
        '# Shift handoff: 2026-11-25 20:00 UTC to 2026-11-26 08:00 UTC\n\nHanded over by ben at 2026-11-26 08:00 UTC.\n',
      ),
    ).toBe(true);
    expect(md).toContain(
      '- **P1 FeatureStaleness** (inc-e): acknowledged, acknowledged by ana, open 1 h. **SLA breached**: ack met at 2026-11-26 07:30 UTC (late);',
    );
    expect(md).toContain('2 incidents opened, 1 resolved, 3 pages during the shift.');
    expect(md).toContain(
      '### P1 KafkaConsumerLag (resolved)\n\n- 2026-11-26 00:58 UTC _(first symptom)_ KafkaConsumerLag: the alert',
    );
    expect(md).toContain('- 2026-11-26 01:10 UTC, KafkaConsumerLag, ben: restarted the consumer group; lag draining');
    expect(md).toContain(
      '| **2026-11-25 overdue** | Add a canary stage | Platform team | HighAPIErrorRate on checkout (inc-a) |',
    );
    expect(md).toContain('| 2026-11-26 | Runbook: failover \\| steps | Ana |');
    expect(md).toContain('| no date | Alert on provider timeouts | nobody yet |');
    expect(md).toContain('## On call next\n\n- Chloe (level 1, ML on-call, until 2026-11-26 20:00 UTC)\n');
  });

  it('also hands over notes a producer stored as timeline events', () => {
    const { records } = nightShift();
    const h2 = records[1]!;
    const withEvent = {
      ...h2,
      annotations: [],
      events: [
        ...h2.events,
        {
          id: 'inc-h#note',
          incidentId: 'inc-h',
          at: '2026-11-26T01:12:00.000Z',
          kind: 'note' as const,
          text: 'lag back to zero',
          source: 'user' as const,
          actor: 'ben',
          data: {},
        },
      ],
    };
    const r = shiftHandoff({
      shift: SHIFT,
      now: NOW,
      records: [withEvent],
      policies: POLICIES,
      postMortems: [],
      nextOnCall: null,
      today: '2026-11-26',
    });
    expect(r.notes.map((n) => [n.author, n.text])).toEqual([['ben', 'lag back to zero']]);
    expect(shiftHandoffMarkdown(r)).toContain('- 2026-11-26 01:12 UTC note by ben: lag back to zero');
  });

  it('says when the next on-call is not known', () => {
    expect(shiftHandoffMarkdown(handoff(null))).toContain('Not known: PagerDuty is not configured or did not answer.');
    expect(shiftHandoffMarkdown(handoff([]))).toContain('PagerDuty lists nobody on call next');
  });

  it('says why the on-call and the action items are not known when the wiring says so', () => {
    const md = shiftHandoffMarkdown(handoff(null), {
      onCallUnknownWhy: 'no PagerDuty source is configured (Settings > Sources).',
      actionItemsUnavailable: 'post-mortems are not stored by this version of Vigil yet.',
    });
    expect(md).toContain(
      'Not known: no PagerDuty source is configured (Settings > Sources). Check the schedule before leaving.',
    );
    expect(md).toContain(
      '## Open action items\n\nNot known: post-mortems are not stored by this version of Vigil yet.',
    );
    expect(md).not.toContain('None open.');
    expect(md).not.toContain('Add a canary stage');
  });
});
