import { z } from 'zod';

/**
 * Alertmanager API v2 replies, as far as Vigil reads them (field names per Alertmanager's
 * api/v2/openapi.yaml). Objects are not strict so a newer Alertmanager's extra fields pass.
 */

export const AmAlertState = z.enum(['unprocessed', 'active', 'suppressed']);
export type AmAlertState = z.infer<typeof AmAlertState>;

export const AmAlert = z.object({
  fingerprint: z.string(),
  labels: z.record(z.string(), z.string()),
  annotations: z
    .record(z.string(), z.string())
    .nullish()
    .transform((a) => a ?? {}),
  startsAt: z.string(),
  endsAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
  generatorURL: z.string().nullish(),
  receivers: z
    .array(z.object({ name: z.string() }))
    .nullish()
    .transform((r) => r ?? []),
  status: z.object({
    state: AmAlertState,
    silencedBy: z
      .array(z.string())
      .nullish()
      .transform((s) => s ?? []),
    inhibitedBy: z
      .array(z.string())
      .nullish()
      .transform((s) => s ?? []),
  }),
});
export type AmAlert = z.infer<typeof AmAlert>;

export const AmMatcher = z.object({
  name: z.string().min(1),
  value: z.string(),
  isRegex: z.boolean(),
  // Added in Alertmanager 0.22; older servers omit it and mean "equal".
  isEqual: z.boolean().optional(),
});
export type AmMatcher = z.infer<typeof AmMatcher>;

export const AmSilence = z.object({
  id: z.string(),
  status: z.object({ state: z.enum(['expired', 'active', 'pending']) }),
  updatedAt: z.string().nullish(),
  matchers: z.array(AmMatcher),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string(),
  comment: z.string(),
});
export type AmSilence = z.infer<typeof AmSilence>;

export const AmStatus = z.object({
  cluster: z.object({
    name: z.string().nullish(),
    status: z.enum(['ready', 'settling', 'disabled']),
    peers: z
      .array(z.object({ name: z.string(), address: z.string() }))
      .nullish()
      .transform((p) => p ?? []),
  }),
  versionInfo: z.object({ version: z.string() }),
  config: z.object({ original: z.string() }),
  uptime: z.string(),
});
export type AmStatus = z.infer<typeof AmStatus>;

export const AmAlertsReply = z.array(AmAlert);
export const AmSilencesReply = z.array(AmSilence);
export const AmCreateSilenceReply = z.object({ silenceID: z.string() });
