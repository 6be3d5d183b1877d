import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { quarantine, writeFileAtomic } from './atomicFile';

/**
 * Secrets (PagerDuty tokens, basic-auth passwords, bearer tokens). Main process only: nothing
 * here is ever returned to a renderer or written to a log; the UI only learns "set" / "not set".
 */
export interface SecretStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
  has(key: string): boolean;
  readonly notices: string[];
}

/** Turns a secret into bytes at rest and back: identity for the host's 0600 file, safeStorage in Electron. */
export interface SecretCodec {
  encode(plain: string): string;
  decode(stored: string): string;
}

const plainCodec: SecretCodec = { encode: (s) => s, decode: (s) => s };

const SecretsFile = z.record(z.string(), z.string());

/**
 * A JSON file readable by the user only (mode 0600), written atomically. In Electron the codec
 * encrypts each value with the OS keychain (safeStorage) before it reaches the file.
 */
export function openSecretStore(dataDir: string, codec: SecretCodec = plainCodec, now = () => new Date()): SecretStore {
  const path = join(dataDir, 'secrets.json');
  const notices: string[] = [];
  let values: Record<string, string> = {};
  if (existsSync(path)) {
    try {
      values = SecretsFile.parse(JSON.parse(readFileSync(path, 'utf8')));
      chmodSync(path, 0o600);
    } catch {
      const aside = quarantine(path, now());
      notices.push(`The secrets file could not be read; it was kept as ${aside}. Set your tokens again in Sources.`);
    }
  }
  const persist = () => {
    writeFileAtomic(path, JSON.stringify(values));
    chmodSync(path, 0o600);
  };
  return {
    get: (key) => (key in values ? codec.decode(values[key]!) : null),
    set(key, value) {
      values = { ...values, [key]: codec.encode(value) };
      persist();
    },
    delete(key) {
      if (!(key in values)) return;
      const { [key]: _gone, ...rest } = values;
      values = rest;
      persist();
    },
    has: (key) => key in values,
    notices,
  };
}
