import { describe, expect, it } from 'vitest';
import type { AmAlert, AmSilence } from './alertmanagerSchemas';
import { revealAcked } from './revealAcked';

function alert(silencedBy: string[], inhibitedBy: string[] = []): AmAlert {
  return {
    fingerprint: 'f1',
    labels: { alertname: 'X', service: 's' },
    annotations: { summary: 'x' },
    startsAt: '2026-12-04T20:00:00.000Z',
    receivers: [],
    status: { state: silencedBy.length || inhibitedBy.length ? 'suppressed' : 'active', silencedBy, inhibitedBy },
  };
}
function silence(id: string, comment: string, state: AmSilence['status']['state'] = 'active'): AmSilence {
  return {
    id,
    matchers: [{ name: 'alertname', value: 'X', isRegex: false, isEqual: true }],
    startsAt: `2026-12-04T20:0${id.length}:00.000Z`,
    endsAt: '2026-12-04T21:00:00.000Z',
    createdBy: 'someone',
    comment,
    status: { state },
  };
}

describe('revealAcked', () => {
  it('gives back an alert held only by ack silences as active, saying who acknowledged it', () => {
    const [a] = revealAcked(
      [alert(['s1', 's22'])],
      [silence('s1', 'ACK by Ada: on it'), silence('s22', 'ACK by Bo: acknowledged in Vigil')],
    );
    expect(a!.status).toEqual({ state: 'active', silencedBy: [], inhibitedBy: [] });
    expect(a!.annotations).toMatchObject({
      summary: 'x',
      vigil_acknowledged_by: 'Ada, Bo',
      vigil_ack_note: 'Ada: on it',
      vigil_acknowledged_at: '2026-12-04T20:02:00.000Z',
    });
  });

  it('leaves an alert suppressed when an ordinary silence or an inhibition holds it too', () => {
    const silences = [silence('s1', 'ACK by Ada: on it'), silence('s2', 'maintenance')];
    expect(revealAcked([alert(['s1', 's2'])], silences)[0]!.status.state).toBe('suppressed');
    expect(revealAcked([alert(['s1'], ['i1'])], silences)[0]!.status.state).toBe('suppressed');
  });

  it('ignores an expired ack silence', () => {
    expect(revealAcked([alert(['s1'])], [silence('s1', 'ACK by Ada: x', 'expired')])[0]!.status.state).toBe(
      'suppressed',
    );
  });
});
