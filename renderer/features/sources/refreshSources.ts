import type { VigilClient } from '../../api/vigilClient';
import { useAppStore } from '../../store/appSlice';
import { useSourcesStore } from '../../store/sourcesSlice';

/** After a change to sources: the list (with health and secret states) and app:info (first run, demo). */
export async function refreshSources(client: VigilClient): Promise<void> {
  const [sources, info] = await Promise.all([client.request('sources:list', {}), client.request('app:info', {})]);
  useSourcesStore.getState().setSources(sources);
  useAppStore.getState().setInfo(info);
}
