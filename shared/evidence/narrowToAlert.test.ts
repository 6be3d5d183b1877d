import { describe, expect, it } from 'vitest';
import { narrowToAlert } from './narrowToAlert';

describe('narrowToAlert', () => {
  it("matches on the series' own labels: not alertname, not the rule's labels", () => {
    const alert = { alertname: 'HighErrors', service: 'svc-7', job: 'api', severity: 'critical', team: 'ml' };
    expect(narrowToAlert('error_ratio', alert, { severity: 'critical', team: 'ml' })).toBe(
      '(error_ratio) and on(job, service) ' +
        'label_replace(label_replace(vector(1), "job", "api", "", ""), "service", "svc-7", "", "")',
    );
  });

  it('keeps the expression whole before the set operator', () => {
    expect(narrowToAlert('a / b > 0 or c', { alertname: 'X', pod: 'p' }, {})).toMatch(
      /^\(a \/ b > 0 or c\) and on\(pod\) /,
    );
  });

  it('writes quotes, backslashes and newlines as PromQL escapes, and $ so label_replace leaves it', () => {
    const q = narrowToAlert('m', { path: 'C:\\tmp "x"\n$1 $$' }, {})!;
    expect(q).toBe('(m) and on(path) label_replace(vector(1), "path", "C:\\\\tmp \\"x\\"\\n$$1 $$$$", "", "")');
  });

  it("leaves out labels the rule's alerts lack in Prometheus (external labels added on the way to Alertmanager)", () => {
    const alert = { alertname: 'X', service: 's', cluster: 'eu-1', replica: 'a' };
    expect(narrowToAlert('m', alert, {}, new Set(['alertname', 'service']))).toBe(
      '(m) and on(service) label_replace(vector(1), "service", "s", "", "")',
    );
  });

  it('is null when the alert has no label of its series, and skips names Prometheus would refuse', () => {
    expect(narrowToAlert('sum(rate(x[5m]))', { alertname: 'X', severity: 'page' }, { severity: 'page' })).toBeNull();
    expect(narrowToAlert('m', { 'bad-name': 'v', __name__: 'm' }, {})).toBeNull();
  });
});
