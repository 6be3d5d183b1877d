import { z } from 'zod';
import { PrometheusSourceInput, SourceId } from '../../shared/ipc/contract';

export const SETTINGS_VERSION = 1;

export const StoredSource = PrometheusSourceInput.extend({ id: SourceId });
export type StoredSource = z.infer<typeof StoredSource>;

export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION),
  sources: z.array(StoredSource),
  demo: z.object({ enabled: z.boolean() }),
});
export type Settings = z.infer<typeof Settings>;

export const defaultSettings = (): Settings => ({ version: SETTINGS_VERSION, sources: [], demo: { enabled: false } });
