import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runAtOnce } from '../../shared/incidents/slices';
import { parseJsonInSlices } from './parseJsonInSlices';

const parsed = (text: string, path: readonly string[]) => runAtOnce(parseJsonInSlices(text, path));
/** What JSON.parse makes of the text: its value, or its error message. */
const outcome = (f: () => unknown) => {
  try {
    return { value: f() };
  } catch (err) {
    return { error: (err as Error).message };
  }
};

const alert = (i: number) => ({
  labels: { alertname: 'GPUOOMRisk', pod: `trainer-${i}`, note: 'quote " backslash \\ brace } bracket ] comma ,' },
  annotations: { summary: `"alerts":[1,2] inside a string, ${i}` },
  state: 'firing',
  value: String(i / 7),
});

describe('parseJsonInSlices', () => {
  it("gives JSON.parse's value for Prometheus's and Alertmanager's shapes, pausing along the way", () => {
    const alerts = Array.from({ length: 1000 }, (_, i) => alert(i));
    const prometheus = JSON.stringify({ status: 'success', data: { alerts, extra: [1, { alerts: [] }] } }, null, 1);
    const work = parseJsonInSlices(prometheus, ['data', 'alerts']);
    let pauses = 0;
    let r = work.next();
    for (; !r.done; r = work.next()) pauses++;
    expect(r.value).toEqual(JSON.parse(prometheus));
    expect(pauses).toBeGreaterThanOrEqual(1000 / 64);

    const alertmanager = JSON.stringify(alerts);
    expect(parsed(alertmanager, [])).toEqual(alerts);
    expect(parsed('[]', [])).toEqual([]);
    expect(parsed(' [ ] ', [])).toEqual([]);
    expect(parsed('{"status":"success","data":{"alerts":[]}}', ['data', 'alerts'])).toEqual({
      status: 'success',
      data: { alerts: [] },
    });
  });

  it('says what JSON.parse says of malformed, truncated or unexpected text', () => {
    const good = JSON.stringify({ status: 'success', data: { alerts: [alert(1), alert(2)] } });
    const cases = [
      good.slice(0, -7), // truncated mid-reply
      good.replace('},{', '},,{'), // a missing item
      good.replace('}]}', '},]}'), // a trailing comma
      `${good}x`,
      '[1 2]',
      '{"data":{"alerts":[1],"alerts":[2]}}', // a key twice: JSON.parse keeps the last
      '{"data":{"alerts":[1]},"data":{}}',
      '{"data":{"alerts":[1]},"data":5}',
      '{"data":{"\\u0061lerts":[1,2]}}', // the key spelled with an escape
      '{"data":[1,2]}',
      '"just a string"',
      '',
    ];
    for (const text of cases) {
      expect(
        outcome(() => parsed(text, ['data', 'alerts'])),
        text,
      ).toEqual(outcome(() => JSON.parse(text)));
    }
  });

  it('agrees with JSON.parse on any JSON value put where the array is, and around it', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.jsonValue(), fc.boolean(), (items, other, spaced) => {
        const reply = { status: 'success', data: { other, alerts: items } };
        const text = JSON.stringify(reply, null, spaced ? 2 : undefined);
        expect(parsed(text, ['data', 'alerts'])).toEqual(JSON.parse(text));
        const bare = JSON.stringify(items, null, spaced ? 1 : undefined);
        expect(parsed(bare, [])).toEqual(JSON.parse(bare));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with JSON.parse on any text, JSON or not', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'[]{},:"\\ 1a'.split('')), maxLength: 24 }), (text) => {
        const wrapped = `{"data":{"alerts":${text}}}`;
        expect(outcome(() => parsed(wrapped, ['data', 'alerts']))).toEqual(outcome(() => JSON.parse(wrapped)));
        expect(outcome(() => parsed(text, []))).toEqual(outcome(() => JSON.parse(text)));
      }),
      { numRuns: 2000 },
    );
  });
});
