import { z } from 'zod';
import { defaultPreferences, Preferences } from '../../shared/ipc/preferencesContract';
import {
  AlertmanagerSourceSettings,
  PagerDutySourceSettings,
  PrometheusSourceSettings,
  SourceId,
} from '../../shared/ipc/contract';
import { defaultInsightsSettings, InsightsSettings } from '../../shared/ipc/insightsContract';

export const SETTINGS_VERSION = 2;

export const WindowState = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowState>;

/**
 * A source as settings.json holds it: everything but its secrets, which live in the secret store
 * under the source's id (see sourceSecrets.ts). Nothing secret may ever be added here: `headers`
 * stays {} (extra headers are secrets; a value found here from an older Vigil is moved out at start).
 */
export const StoredSource = z.discriminatedUnion('kind', [
  PrometheusSourceSettings.extend({ id: SourceId }),
  AlertmanagerSourceSettings.extend({ id: SourceId }),
  PagerDutySourceSettings.extend({ id: SourceId }),
]);
export type StoredSource = z.infer<typeof StoredSource>;

export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION),
  sources: z
    .array(StoredSource)
    .refine((list) => new Set(list.map((s) => s.id)).size === list.length, 'two sources have the same id'),
  demo: z.object({ enabled: z.boolean() }),
  // Preferences added within version 2: absent in older v2 files, so each has a default.
  preferences: Preferences.default(defaultPreferences),
  /** Electron only: where the window was, restored at the next start. */
  window: WindowState.nullable().default(null),
  /** The user's runbook folder (absolute path), watched; absent in older files = shipped runbooks only. */
  runbooks: z.object({ userFolder: z.string().nullable() }).default({ userFolder: null }),
  /** Business hours, rotation size and time zone for the insights reports; absent in older files. */
  insights: InsightsSettings.default(defaultInsightsSettings),
});
export type Settings = z.infer<typeof Settings>;

export const defaultSettings = (): Settings => ({
  version: SETTINGS_VERSION,
  sources: [],
  demo: { enabled: false },
  preferences: defaultPreferences(),
  window: null,
  runbooks: { userFolder: null },
  insights: defaultInsightsSettings(),
});

/**
 * Version 1 exactly as it was written (Prometheus sources only), frozen here rather than derived
 * from the contract, so that later contract changes cannot change what an old file means.
 */
export const SettingsV1 = z.object({
  version: z.literal(1),
  sources: z.array(
    z.object({
      id: SourceId,
      kind: z.literal('prometheus'),
      name: z.string(),
      url: z.string(),
      intervalSeconds: z.number(),
    }),
  ),
  demo: z.object({ enabled: z.boolean() }),
});
export type SettingsV1 = z.infer<typeof SettingsV1>;

/** v1 -> v2: sources gain path prefix, extra headers, basic-auth user and CA, all empty. */
export function settingsV1toV2(v1: SettingsV1): Settings {
  return Settings.parse({
    version: 2,
    demo: v1.demo,
    sources: v1.sources.map((s) => ({
      ...s,
      pathPrefix: '',
      headers: {},
      basicAuthUser: null,
      caPem: null,
    })),
  });
}
