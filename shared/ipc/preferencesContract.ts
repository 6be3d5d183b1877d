import { z } from 'zod';
import { defaultNotificationSettings, NotificationSettings } from '../notify/notificationPolicy';

/** The user's preferences (Settings screen): notifications, history retention, start at login. */
export const Preferences = z.object({
  notifications: NotificationSettings,
  /** Resolved incidents older than this are removed at start, unless they have a post-mortem. */
  retentionDays: z.number().int().min(1).max(3650),
  /** Electron only: start Vigil when the user logs in. */
  startAtLogin: z.boolean(),
  /** How actions and notes are signed on the timeline. */
  displayName: z.string().trim().min(1).max(80),
});
export type Preferences = z.infer<typeof Preferences>;

export const defaultPreferences = (): Preferences => ({
  notifications: defaultNotificationSettings(),
  retentionDays: 90,
  startAtLogin: false,
  displayName: 'you',
});

export const preferencesRequests = {
  'preferences:get': {
    input: z.strictObject({}),
    output: z.object({ preferences: Preferences, canStartAtLogin: z.boolean() }),
  },
  'preferences:update': {
    input: Preferences,
    output: z.object({ preferences: Preferences, canStartAtLogin: z.boolean() }),
  },
  /** Tray / palette: pause notifications for 15 or 60 minutes (never P0); 0 resumes them. */
  'notifications:pause': {
    input: z.strictObject({ minutes: z.union([z.literal(0), z.literal(15), z.literal(60)]) }),
    output: z.object({ pausedUntil: z.string().nullable() }),
  },
} as const;
