import { create } from 'zustand';
import type { SeverityPolicy } from '../../shared/classify/classificationConfig';
import type { Severity } from '../../shared/domain/severity';
import type { AppInfo } from '../../shared/ipc/contract';
import type { ConnectionState } from '../api/transport';

interface AppSlice {
  info: AppInfo | null;
  connection: ConnectionState;
  /** The last failed request, in words, shown until dismissed. */
  error: string | null;
  view: 'incidents' | 'sources' | 'settings' | 'runbooks' | 'insights' | 'postmortems';
  /** SLAs and routing per severity, for countdowns. */
  policies: Partial<Record<Severity, SeverityPolicy>>;
  setInfo(info: AppInfo): void;
  setNotices(notices: string[]): void;
  setNotifierHealth(health: AppInfo['notifications']): void;
  setPolicies(p: Record<Severity, SeverityPolicy>): void;
  setConnection(c: ConnectionState): void;
  setError(e: string | null): void;
  setView(v: AppSlice['view']): void;
}

export const useAppStore = create<AppSlice>((set) => ({
  info: null,
  connection: { status: 'connecting' },
  error: null,
  view: 'incidents',
  policies: {},
  setInfo: (info) => set({ info }),
  setNotices: (notices) => set((s) => (s.info ? { info: { ...s.info, notices } } : {})),
  setNotifierHealth: (notifications) => set((s) => (s.info ? { info: { ...s.info, notifications } } : {})),
  setPolicies: (policies) => set({ policies }),
  setConnection: (connection) => set({ connection }),
  setError: (error) => set({ error }),
  setView: (view) => set({ view }),
}));
