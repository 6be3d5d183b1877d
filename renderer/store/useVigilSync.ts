import { useEffect } from 'react';
import type { VigilClient } from '../api/vigilClient';
import { startVigilSync } from './vigilSync';

/** Keeps the read model in step with the main side while the app is mounted (see startVigilSync). */
export function useVigilSync(client: VigilClient): void {
  useEffect(() => startVigilSync(client), [client]);
}
