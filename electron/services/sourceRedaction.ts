// The source manager's redactor: every stored secret and extra header value, scrubbed out of what leaves.
import type { SecretStore } from '../store/secretStore';
import type { StoredSource } from '../store/settingsSchema';
import type { SettingsStore } from '../store/settingsStore';
import {
  basicAuthValue,
  createRedactor,
  readSourceHeaders,
  readSourceSecrets,
  type SourceSecrets,
} from './sourceSecrets';

export interface SourceRedaction {
  /** Scrubs every stored secret (and `extra` ones, from the request at hand) out of outgoing values. */
  redactor(extra?: SourceSecrets[]): <T>(value: T) => T;
  /** Settings or secrets changed: the stored values are read again at the next redactor(). */
  changedSecrets(): void;
}

export function createSourceRedaction(settings: SettingsStore, secrets: SecretStore): SourceRedaction {
  // Rebuilt only when settings or secrets change (through the manager), not on every health push.
  let storedSecretValues: string[] | null = null;
  return {
    redactor: (extra = []) => {
      storedSecretValues ??= secretValues(
        secrets,
        settings.get().sources.map((c) => [c, readSourceSecrets(secrets, c.id, c.kind)]),
      );
      return createRedactor([
        ...storedSecretValues,
        ...secretValues(
          secrets,
          extra.map((s) => [null, s]),
        ),
      ]);
    },
    changedSecrets: () => {
      storedSecretValues = null;
    },
  };
}

function secretValues(secrets: SecretStore, pairs: [StoredSource | null, SourceSecrets][]): string[] {
  const values: string[] = [];
  const add = (config: StoredSource | null, s: SourceSecrets) => {
    values.push(...Object.values(s).filter((v): v is string => typeof v === 'string'));
    if (config && config.kind !== 'pagerduty') {
      // Extra headers carry tenant ids and API keys: as secret as the token.
      values.push(...Object.values(readSourceHeaders(secrets, config.id)));
      if (config.basicAuthUser !== null && s.basicAuthPassword) {
        values.push(basicAuthValue(config.basicAuthUser, s.basicAuthPassword));
      }
    }
  };
  for (const [config, s] of pairs) add(config, s);
  return values;
}
