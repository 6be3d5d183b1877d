import { createContext, useContext } from 'react';
import type { VigilClient } from './vigilClient';

export const ClientContext = createContext<VigilClient | null>(null);

export function useClient(): VigilClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientContext');
  return client;
}
