import type { Incident } from '../../shared/domain/incident';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { RemoteOutcome } from '../../shared/ipc/workspaceContract';
import { HttpStatusError } from '../sources/describeFetchError';
import { describePagerDutyFailure, type PagerDutySource } from '../sources/pagerduty/pagerDutySource';
import { ContextBudgetError } from './pagerDutyContextCache';
import type { WorkspaceRecorder } from './workspaceRecorder';

export interface PagerDutyActionsDeps {
  sources: {
    pagerDuty(sourceId: string): PagerDutySource | null;
    nameOf(sourceId: string): string;
    /** The `From` email set on a PagerDuty source, or null (then the token owner's is used). */
    fromEmailOf(sourceId: string): string | null;
  };
  actor: () => string;
  recorder: WorkspaceRecorder;
}

export interface PagerDutyActions {
  /** Acknowledges the linked PagerDuty incidents still triggered; the outcome is reported, never thrown. */
  ack(inc: Incident): void;
  /** Resolves a PagerDuty-only incident in PagerDuty first; throws with PagerDuty's reason when it cannot. */
  resolve(inc: Incident): Promise<void>;
}

/**
 * The lifecycle actions that reach PagerDuty. A remote call never undoes what the person did
 * locally: an ack stays an ack when PagerDuty refuses it, and the timeline says what failed.
 */
export function createPagerDutyActions(deps: PagerDutyActionsDeps): PagerDutyActions {
  const { recorder, sources } = deps;

  /** PagerDuty incidents linked to this one that PagerDuty still shows as triggered. */
  const triggeredPages = (inc: Incident) =>
    inc.signals.filter(
      (s) =>
        s.sourceKind === 'pagerduty' && s.labels.pagerduty_incident_id && s.labels.pagerduty_status === 'triggered',
    );

  function failAck(inc: Incident, base: Omit<RemoteOutcome, 'at' | 'status' | 'message'>, label: string, why: string) {
    const message = `PagerDuty ack failed: ${why}. Acknowledged in Vigil only: acknowledge ${label} in PagerDuty, or retry.`;
    recorder.report({ ...base, status: 'failed', message });
    recorder.record([
      recorder.event(inc, 'remote-action-failed', message, { remote: 'pagerduty', action: 'ack', why }, 'pagerduty'),
    ]);
  }

  function ack(inc: Incident): void {
    for (const signal of triggeredPages(inc)) {
      const pdId = signal.labels.pagerduty_incident_id!;
      const label = pageLabel(signal.labels);
      const sourceName = sources.nameOf(signal.sourceId);
      const base = {
        incidentId: inc.id,
        action: 'ack' as const,
        target: 'pagerduty' as const,
        sourceId: signal.sourceId,
        sourceName,
      };
      if (recorder.outcomes(inc.id).get(`ack|${signal.sourceId}`)?.status === 'pending') continue;
      const source = sources.pagerDuty(signal.sourceId);
      if (!source) {
        failAck(inc, base, label, `the PagerDuty source ${sourceName} is not running (removed, or it has no token)`);
        continue;
      }
      recorder.report({ ...base, status: 'pending', message: `acknowledging ${label} in PagerDuty…` });
      recorder.track(
        source
          .acknowledge(pdId)
          .then(() => {
            const as = sources.fromEmailOf(signal.sourceId) ?? source.currentUser()?.email ?? null;
            const message = `acknowledged ${label} in PagerDuty${as ? ` as ${as}` : ''}`;
            recorder.report({ ...base, status: 'ok', message });
            recorder.record([
              recorder.event(
                inc,
                'acknowledged',
                `${deps.actor()} ${message}`,
                { remote: 'pagerduty', pagerDutyId: pdId },
                'pagerduty',
              ),
            ]);
          })
          .catch((err: unknown) => failAck(inc, base, label, pagerDutyWhy(source, err))),
      );
    }
  }

  /**
   * An incident that only PagerDuty reports lives there: resolving it in Vigil alone would leave
   * it triggered in PagerDuty, and the next poll would open it again. So it is resolved in
   * PagerDuty first, and refused with PagerDuty's reason when that fails.
   */
  async function resolve(inc: Incident): Promise<void> {
    if (inc.signals.length === 0 || inc.signals.some((s) => s.sourceKind !== 'pagerduty')) return;
    for (const signal of inc.signals) {
      const pdId = signal.labels.pagerduty_incident_id;
      if (!pdId || signal.labels.pagerduty_status === 'resolved') continue;
      const label = pageLabel(signal.labels);
      const sourceName = sources.nameOf(signal.sourceId);
      const source = sources.pagerDuty(signal.sourceId);
      if (!source) {
        throw new UserFacingError(
          `Not resolved: ${inc.title} lives in PagerDuty (${label}) and the PagerDuty source ${sourceName} is not running. Resolve it in PagerDuty.`,
        );
      }
      try {
        await recorder.track(source.resolve(pdId));
      } catch (err) {
        throw new UserFacingError(
          `Not resolved: PagerDuty did not resolve ${label} (${pagerDutyWhy(source, err)}). Resolve it in PagerDuty, or try again.`,
        );
      }
      recorder.record([
        recorder.event(
          inc,
          'note',
          `${deps.actor()} resolved ${label} in PagerDuty`,
          { remote: 'pagerduty', pagerDutyId: pdId },
          'pagerduty',
        ),
      ]);
    }
  }

  return { ack, resolve };
}

/** `#1043` when PagerDuty gave the incident's number, else its id. */
function pageLabel(labels: Record<string, string>): string {
  const number = labels.pagerduty_incident_number;
  return number ? `#${number}` : (labels.pagerduty_incident_id ?? 'the PagerDuty incident');
}

/** PagerDuty's reason in words, with its own explanation (PagerDuty's error message) when it gave one. */
export function pagerDutyWhy(source: PagerDutySource, err: unknown): string {
  if (err instanceof ContextBudgetError) return err.message;
  const failure = describePagerDutyFailure(source.health().target, err, 10_000);
  const body = err instanceof HttpStatusError && err.bodySnippet ? ` (${err.bodySnippet})` : '';
  return `${failure.message}${body}`;
}
