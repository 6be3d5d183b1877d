import { describe, expect, it } from 'vitest';
import text from '../../resources/demo/ml-serving-incident.yaml?raw';
import { demoSignalsAt, parseDemoScenario } from './demoScenario';
import { demoSeries } from './demoSeries';

const scenario = parseDemoScenario(text);
const START = Date.parse('2026-11-24T22:41:00Z');

describe('demoSeries', () => {
  it('replays the alert samples on the signal clock, holding the last value until now', () => {
    const speed = 10;
    // 70 s of demo time at 10x: the error ratio has been sampled at 40 and 60 s.
    const now = START + 7_000;
    const signal = demoSignalsAt(scenario, 'demo', START, 70, speed).find((s) => s.name === 'FraudModelHighErrorRate')!;
    expect(demoSeries(scenario, 'FraudModelHighErrorRate', signal.activeAt, speed, now)).toEqual([
      [START + 4_000, 0.021],
      [START + 6_000, 0.072],
      [now, 0.072],
    ]);
  });

  it('stops at the alert end, keeps only the window, and is empty for an unknown alert', () => {
    const speed = 1;
    const signal = demoSignalsAt(scenario, 'demo', START, 100, speed).find(
      (s) => s.name === 'FraudModelHighErrorRate',
    )!;
    const late = demoSeries(scenario, 'FraudModelHighErrorRate', signal.activeAt, speed, START + 500_000);
    expect(late.at(-1)).toEqual([START + 185_000, 0.012]);
    const narrow = demoSeries(scenario, 'FraudModelHighErrorRate', signal.activeAt, speed, START + 130_000, 20_000);
    // The value held from before the window starts it.
    expect(narrow).toEqual([
      [START + 110_000, 0.072],
      [START + 120_000, 0.091],
      [START + 130_000, 0.091],
    ]);
    expect(demoSeries(scenario, 'Nope', signal.activeAt, speed, START)).toEqual([]);
  });
});
