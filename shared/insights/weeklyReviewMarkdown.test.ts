import { describe, expect, it } from 'vitest';
import { fatigueReport } from './fatigueReport';
import { DEFAULT_BUSINESS_HOURS, fixedOffsetClock } from './localClock';
import { responseMetricsReport } from './responseMetricsReport';
import { PERIOD, POLICIES, recordedNotifications, recordedWeek } from './testing/recordedWeek';
import { weeklyReviewMarkdown } from './weeklyReviewMarkdown';

describe('weeklyReviewMarkdown', () => {
  const fatigue = fatigueReport({
    records: recordedWeek(),
    notifications: recordedNotifications(),
    period: PERIOD,
    clock: fixedOffsetClock(60),
    businessHours: DEFAULT_BUSINESS_HOURS,
    engineers: 2,
    rulesWithoutRunbook: ['DiskSpaceLow', 'GPUOOMRisk'],
  });
  const metrics = responseMetricsReport({
    records: recordedWeek(),
    period: PERIOD,
    groupBy: 'type',
    policies: POLICIES,
  });
  const md = weeklyReviewMarkdown(fatigue, metrics);

  it('has every section of the review, in order', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# On-call review: 2026-11-22 23:00 UTC to 2026-11-29 23:00 UTC',
      '## Load per week',
      '## What led to action',
      '## Noisiest rules',
      '## Flapping alerts',
      '## Outside business hours (Mon-Fri 09:00-18:00, local time)',
      '## Rules without a runbook',
      '## Response times by incident type',
      '## Questions for the review',
    ]);
  });

  it('carries the numbers of the reports', () => {
    expect(md).toContain('6 incidents, 8 notifications (4 pages) for 2 engineers on the rotation.');
    expect(md).toContain('| 2026-11-23 | 8 | 4 | 6 | 2 | 1 | within |');
    expect(md).toContain('- Actionable (acknowledged, then a runbook step, note or action): 2 of 6 (33%)');
    expect(md).toContain('| DiskSpaceLow | 2 | 3 | 0 | 0 | 2 | 0% |');
    expect(md).toContain('| DiskSpaceLow | 1 | 1 |');
    expect(md).toContain('3 incidents and 3 pages (4 notifications in all) outside business hours.');
    expect(md).toContain('| GPUOOMRisk | 0 | 0 | 0 |');
    // infrastructure: detect a2 b6 c1 d1 = mean 2.5 min -> "2 min" (formatDuration floors to whole minutes), median 1.5 min
    expect(md).toMatch(/\| infrastructure \| 4 \| 2 min \(1 min\), 3\/4 met \|/);
    expect(md).toContain('- DiskSpaceLow flapped 1 time: lengthen its "for" duration or add hysteresis?');
  });

  it('reads well for an empty week', () => {
    const empty = fatigueReport({
      records: [],
      notifications: [],
      period: PERIOD,
      clock: fixedOffsetClock(60),
      businessHours: DEFAULT_BUSINESS_HOURS,
      engineers: 1,
      rulesWithoutRunbook: [],
    });
    const text = weeklyReviewMarkdown(empty);
    expect(text).toContain('No alerts in this period.');
    expect(text).toContain('None: no incident resolved and fired again.');
    expect(text).toContain('Every rule has a runbook.');
    expect(text).toContain('Nothing stands out this week.');
    expect(text).not.toContain('## Response times');
  });

  it('says runbook coverage is not known rather than "every rule has a runbook" when it could not be read', () => {
    const empty = fatigueReport({
      records: [],
      notifications: [],
      period: PERIOD,
      clock: fixedOffsetClock(60),
      businessHours: DEFAULT_BUSINESS_HOURS,
      engineers: 1,
      rulesWithoutRunbook: [],
    });
    const text = weeklyReviewMarkdown(empty, undefined, {
      runbookCoverageUnavailable: 'no Prometheus source is configured to read the alert rules from.',
    });
    expect(text).toContain('## Rules without a runbook\n\nNot known: no Prometheus source is configured');
    expect(text).not.toContain('Every rule has a runbook.');
  });
});
