import type { EventName, RequestName } from '../../shared/ipc/contract';

export type ConnectionState = { status: 'connecting' } | { status: 'open' } | { status: 'closed'; message: string };

/** How the client reaches the main side. The renderer never knows which one it has. */
export interface Transport {
  request(channel: RequestName, input: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}
