import { create } from 'zustand';
import type { AppInfo } from '../../shared/ipc/contract';
import type { ConnectionState } from '../api/transport';

interface AppSlice {
  info: AppInfo | null;
  connection: ConnectionState;
  /** The last failed request, in words, shown until dismissed. */
  error: string | null;
  view: 'incidents' | 'sources';
  setInfo(info: AppInfo): void;
  setConnection(c: ConnectionState): void;
  setError(e: string | null): void;
  setView(v: AppSlice['view']): void;
}

export const useAppStore = create<AppSlice>((set) => ({
  info: null,
  connection: { status: 'connecting' },
  error: null,
  view: 'incidents',
  setInfo: (info) => set({ info }),
  setConnection: (connection) => set({ connection }),
  setError: (error) => set({ error }),
  setView: (view) => set({ view }),
}));
