import { describe, expect, it } from 'vitest';
import { SourceInput, SourceTestInput, SourceUpdate } from '../../../shared/ipc/contract';
import { emptyForm, parseHeaders, switchKind, toAddInput, toTestInput, toUpdateInput } from './sourceFormModel';

const stored = { bearerToken: true, basicAuthPassword: false, token: false };

describe('source form -> contract requests', () => {
  it('reads extra headers as Name: value lines and says which line is wrong', () => {
    expect(parseHeaders('X-Scope-OrgID: team-ml\n\n X-Other : a:b ')).toEqual({
      ok: true,
      headers: { 'X-Scope-OrgID': 'team-ml', 'X-Other': 'a:b' },
    });
    expect(parseHeaders('X-Scope-OrgID team-ml')).toEqual({
      ok: false,
      message: 'Extra headers, line 1: write it as Name: value',
    });
  });

  it('adds a source with what was typed, and a PagerDuty source only with a token', () => {
    const form = { ...emptyForm(), auth: 'bearer' as const };
    form.secrets.bearerToken = { mode: 'replace', value: 'tok-123' };
    const add = toAddInput(form);
    expect(add.ok && SourceInput.parse(add.input)).toMatchObject({ kind: 'prometheus', bearerToken: 'tok-123' });
    expect(toAddInput(switchKind(emptyForm(), 'pagerduty'))).toEqual({
      ok: false,
      message: 'Enter the PagerDuty API token.',
    });
  });

  it('switching kind replaces untouched defaults and keeps what the user typed', () => {
    const pd = switchKind({ ...emptyForm(), name: 'Prod' }, 'pagerduty');
    expect(pd).toMatchObject({ name: 'Prod', url: 'https://api.pagerduty.com', intervalSeconds: '30' });
  });

  it('an edit keeps secrets not touched, and clears the ones the chosen authentication no longer uses', () => {
    const form = { ...emptyForm(), auth: 'bearer' as const };
    const keep = toUpdateInput(form, 'prom-1', stored);
    expect(keep.ok && SourceUpdate.parse(keep.input)).not.toHaveProperty('bearerToken');
    const none = toUpdateInput({ ...form, auth: 'none' }, 'prom-1', stored);
    expect(none.ok && none.input).toMatchObject({ bearerToken: null, basicAuthUser: null });
    expect(none.ok && none.input).not.toHaveProperty('basicAuthPassword');
    const basic = toUpdateInput({ ...form, auth: 'basic' }, 'prom-1', stored);
    expect(basic).toEqual({ ok: false, message: 'Enter the user for basic auth, or choose another authentication.' });
  });

  it('"Test connection" sends the form without name and interval, with the id for stored secrets', () => {
    const test = toTestInput({ ...emptyForm('alertmanager'), name: '', intervalSeconds: '' }, 'am-1', stored);
    expect(test.ok && SourceTestInput.parse(test.input)).toMatchObject({ kind: 'alertmanager', id: 'am-1' });
    expect(test.ok && test.input).not.toHaveProperty('name');
  });

  it('extra headers are secrets: an edit keeps them unless new ones are typed or removing is ticked', () => {
    const form = { ...emptyForm('prometheus'), storedHeaders: ['X-Scope-OrgID'] };
    const keep = toUpdateInput(form, 'prom-1', stored);
    expect(keep.ok && keep.input).not.toHaveProperty('headers');
    expect(keep.ok && SourceUpdate.parse(keep.input)).not.toHaveProperty('headers');
    const replace = toUpdateInput({ ...form, headersText: 'X-Scope-OrgID: team-b' }, 'prom-1', stored);
    expect(replace.ok && replace.input).toMatchObject({ headers: { 'X-Scope-OrgID': 'team-b' } });
    const clear = toUpdateInput({ ...form, clearHeaders: true }, 'prom-1', stored);
    expect(clear.ok && clear.input).toMatchObject({ headers: {} });
  });
});
