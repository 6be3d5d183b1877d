// A running source as the source manager holds it: its config, its build and what it last said.
import type { Signal } from '../../shared/domain/signal';
import type { StoredSource } from '../store/settingsSchema';
import type { BuiltSource } from './buildSource';

export interface Entry {
  id: string;
  /** null for the demo. */
  config: StoredSource | null;
  built: BuiltSource;
  /**
   * The previous build's signals, marked stale, shown until the rebuilt source first answers:
   * editing a source must not make its incidents disappear and come back.
   */
  carried: Signal[] | null;
  lastError: { at: string; message: string } | null;
}
