import { describe, expect, it } from 'vitest';
import { matchesLabels, parseMatcher } from './parseMatcher';

describe('parseMatcher', () => {
  it('parses the four Alertmanager operators', () => {
    expect(parseMatcher('severity="critical"')).toMatchObject({ name: 'severity', op: '=', value: 'critical' });
    expect(parseMatcher('team!="ml"')).toMatchObject({ op: '!=', value: 'ml' });
    expect(parseMatcher('alertname=~"Fraud.*"')).toMatchObject({ op: '=~', value: 'Fraud.*' });
    expect(parseMatcher('env!~"dev|staging"')).toMatchObject({ op: '!~' });
  });

  it('anchors regexes like Alertmanager does', () => {
    const m = parseMatcher('alertname=~"Drift"');
    expect(matchesLabels(m, { alertname: 'Drift' })).toBe(true);
    expect(matchesLabels(m, { alertname: 'PredictionDriftHigh' })).toBe(false);
  });

  it('treats a missing label as the empty string', () => {
    expect(matchesLabels(parseMatcher('team=""'), {})).toBe(true);
    expect(matchesLabels(parseMatcher('team!~".+"'), {})).toBe(true);
    expect(matchesLabels(parseMatcher('team="ml"'), {})).toBe(false);
  });

  it('accepts escaped quotes and unquoted values', () => {
    expect(parseMatcher('summary="say \\"hi\\""').value).toBe('say "hi"');
    expect(parseMatcher('severity=critical').value).toBe('critical');
  });

  it('rejects garbage and bad regexes with a readable message', () => {
    expect(() => parseMatcher('severity critical')).toThrow(/is not a label matcher/);
    expect(() => parseMatcher('a=~"("')).toThrow(/invalid regular expression/);
  });
});
