import type { Incident } from '../../../shared/domain/incident';
import type { Severity } from '../../../shared/domain/severity';
import type { VigilClient } from '../../api/vigilClient';
import { useIncidentsStore } from '../../store/incidentsSlice';
import { useWorkspaceStore } from '../../store/workspaceSlice';

/**
 * The workspace's requests and what they do to the read model. Each returns null on success or
 * the failure in words, for the form that asked to show beside itself (a form keeps what was
 * typed, so nothing has to be typed again after a failure).
 */

/** `runAlertExpression`: the person clicked to run an expression only the alert names (no listed rule). */
export async function loadEvidence(
  client: VigilClient,
  id: string,
  refresh = false,
  runAlertExpression = false,
): Promise<void> {
  const ws = useWorkspaceStore.getState();
  ws.setEvidence(id, { status: 'loading', value: ws.evidence[id]?.value ?? null });
  try {
    const value = await client.request('incident:evidence', {
      id,
      refresh,
      ...(runAlertExpression ? { runAlertExpression } : {}),
    });
    useWorkspaceStore.getState().setEvidence(id, { status: 'ok', value });
  } catch (err) {
    const previous = useWorkspaceStore.getState().evidence[id]?.value ?? null;
    useWorkspaceStore.getState().setEvidence(id, {
      status: 'error',
      value: previous,
      error: `Could not read the evidence: ${(err as Error).message}`,
    });
  }
}

export async function loadContext(client: VigilClient, id: string): Promise<void> {
  const ws = useWorkspaceStore.getState();
  const previous = ws.context[id]?.value ?? null;
  if (!previous) ws.setContext(id, { status: 'loading', value: null });
  try {
    const value = await client.request('incident:context', { id });
    useWorkspaceStore.getState().setContext(id, { status: 'ok', value });
  } catch (err) {
    useWorkspaceStore.getState().setContext(id, {
      status: 'error',
      value: previous,
      error: `Could not read what PagerDuty and Alertmanager say: ${(err as Error).message}`,
    });
  }
}

const applied = (incident: Incident) =>
  useIncidentsStore.getState().applyDiff({ reset: false, changed: [incident], removed: [] });

async function attempt(run: () => Promise<void>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Silences, signed with `name` when the person just gave it (saved as their display name first),
 * agreeing to silence `allowOutside` alerts outside the incident they saw in the preview.
 */
export function silenceIncident(
  client: VigilClient,
  id: string,
  minutes: number,
  comment: string,
  opts: { name?: string; allowOutside?: number } = {},
) {
  return attempt(async () => {
    if (opts.name !== undefined) {
      const { preferences } = await client.request('preferences:get', {});
      await client.request('preferences:update', { ...preferences, displayName: opts.name });
    }
    await client.request('incident:silence', { id, minutes, comment, allowOutside: opts.allowOutside });
    await loadContext(client, id);
  });
}

export function unsilenceIncident(client: VigilClient, id: string, silenceId: string) {
  return attempt(async () => {
    await client.request('incident:unsilence', { id, silenceId });
    await loadContext(client, id);
  });
}

export function escalateIncident(client: VigilClient, id: string, severity: Severity, reason: string) {
  return attempt(async () => applied(await client.request('incident:escalate', { id, severity, reason })));
}

export function declareIncident(client: VigilClient, id: string, declared: boolean, reason: string) {
  return attempt(async () =>
    applied(await client.request('incident:declare', { id, declared, reason: reason.trim() || undefined })),
  );
}

/**
 * Copies with one click. Electron's permission handler refuses clipboard access and a browser may
 * too; then the text is selected in its field, so Ctrl-C (Cmd-C) copies it, and the caller says so.
 */
export async function copyText(text: string, field: HTMLTextAreaElement | null): Promise<'copied' | 'selected'> {
  try {
    if (!navigator.clipboard) throw new Error('no clipboard API');
    await navigator.clipboard.writeText(text);
    return 'copied';
  } catch {
    field?.focus();
    field?.select();
    return 'selected';
  }
}
