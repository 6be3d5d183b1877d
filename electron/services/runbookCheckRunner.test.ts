import { describe, expect, it } from 'vitest';
import { parseCondition } from '../../shared/classify/condition';
import type { PromqlBlock, Target } from '../../shared/runbooks/runbookModel';
import { decidingValue } from './runbookCheckRunner';

const to = (step: string): Target => step;
const check = (...conditions: string[]): PromqlBlock => ({
  kind: 'promql',
  id: '2.q1',
  line: 10,
  label: 'free GPU memory (MiB)',
  query: 'nvidia_gpu_memory_free_mib',
  labels: [],
  rules: conditions.map((c, i) => ({ line: 11 + i, condition: parseCondition(c), target: to(String(i + 3)) })),
});

describe('a live check over several series', () => {
  it("takes the value the runbook's first met condition acts on, not always the highest", () => {
    // One GPU of two about to run out: `value < 500` holds for it, whatever the other has.
    expect(decidingValue([8000, 100], check('value < 500'), null)).toBe(100);
    expect(decidingValue([8000, 100, 300], check('value < 500'), null)).toBe(100);
    expect(decidingValue([0.2, 0.9, 0.4], check('value > 0.5'), null)).toBe(0.9);
    // The first condition met, in the order written, decides.
    expect(decidingValue([0.3, 0.9], check('value > 0.8', 'value > 0.2'), null)).toBe(0.9);
    expect(decidingValue([0.3, 0.1], check('value > 0.8', 'value > 0.2'), null)).toBe(0.3);
  });

  it('shows the value nearest to tipping when no condition holds', () => {
    expect(decidingValue([8000, 9000], check('value < 500'), null)).toBe(8000);
    expect(decidingValue([0.1, 0.3], check('value > 0.5'), null)).toBe(0.3);
    // A condition on the SLA, with no SLA known, cannot decide: the highest, as before.
    expect(decidingValue([0.1, 0.3], check('value > 2 * sla'), null)).toBe(0.3);
  });
});
