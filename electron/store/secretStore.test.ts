import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSecretStore } from './secretStore';

const fresh = () => mkdtempSync(join(tmpdir(), 'vigil-secrets-'));

describe('secretStore', () => {
  it('stores secrets in a file only its owner can read, and reads them back after reopen', () => {
    const dir = fresh();
    openSecretStore(dir).set('pagerduty:pd-1', 'u+ABCDEF-secret');
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    const again = openSecretStore(dir);
    expect(again.get('pagerduty:pd-1')).toBe('u+ABCDEF-secret');
    expect(again.has('pagerduty:pd-1')).toBe(true);
    again.delete('pagerduty:pd-1');
    expect(openSecretStore(dir).get('pagerduty:pd-1')).toBeNull();
  });

  it('writes what the codec produces, never the plain value, when one is given', () => {
    const dir = fresh();
    const codec = {
      encode: (s: string) => Buffer.from(s).toString('base64'),
      decode: (s: string) => Buffer.from(s, 'base64').toString(),
    };
    openSecretStore(dir, codec).set('k', 'u+plain-token');
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('u+plain-token');
    expect(openSecretStore(dir, codec).get('k')).toBe('u+plain-token');
  });

  it('keeps an unreadable secrets file aside and says what to do', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'secrets.json'), '{"k": ');
    const s = openSecretStore(dir);
    expect(s.get('k')).toBeNull();
    expect(s.notices[0]).toMatch(/kept as .*secrets\.json\.corrupt-.*Set your tokens again/);
    expect(readdirSync(dir).some((f) => f.startsWith('secrets.json.corrupt-'))).toBe(true);
  });
});
