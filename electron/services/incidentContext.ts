import type { Incident } from '../../shared/domain/incident';
import type { Signal } from '../../shared/domain/signal';
import type { IncidentContext } from '../../shared/ipc/workspaceContract';
import type { PagerDutySource } from '../sources/pagerduty/pagerDutySource';
import { pagerDutyWhy } from './pagerDutyActions';
import { createPagerDutyContextCache } from './pagerDutyContextCache';
import type { SilenceActions } from './silenceActions';
import type { WorkspaceRecorder } from './workspaceRecorder';

export interface IncidentContextDeps {
  sources: {
    pagerDuty(sourceId: string): PagerDutySource | null;
    /** Every running PagerDuty source, for change events when no PagerDuty incident is linked. */
    pagerDutyIds(): string[];
    nameOf(sourceId: string): string;
    redact<T>(value: T): T;
  };
  silences: Pick<SilenceActions, 'live' | 'possible'>;
  recorder: Pick<WorkspaceRecorder, 'outcomes'>;
  now: () => number;
  /** How long a fetched context (on-call, change events) is reused per incident. */
  ttlMs: number;
}

interface PagerDutyExtras {
  onCall: IncidentContext['onCall'];
  changes: IncidentContext['changes'];
  problems: string[];
}

/**
 * What PagerDuty and Alertmanager say about an incident: the linked pages with who acknowledged
 * them, who is on call, recent changes, live silences and the outcome of the last remote calls.
 */
export function createIncidentContext(deps: IncidentContextDeps): (inc: Incident) => Promise<IncidentContext> {
  const { now, sources } = deps;
  const contexts = new Map<string, { at: number; value: Promise<PagerDutyExtras> }>();
  const pdContext = createPagerDutyContextCache(now);

  async function onCallOf(pages: Signal[], problems: string[]): Promise<IncidentContext['onCall']> {
    const onCall: IncidentContext['onCall'] = [];
    // The escalation policies of the linked PagerDuty incidents, as PagerDuty has them now.
    const policies = new Map<string, Set<string>>();
    for (const p of pages) {
      const policy = p.labels.pagerduty_escalation_policy;
      if (!policy) continue;
      policies.set(p.sourceId, (policies.get(p.sourceId) ?? new Set()).add(policy));
    }
    for (const [sourceId, names] of policies) {
      const pd = sources.pagerDuty(sourceId);
      if (!pd) continue;
      try {
        const t = now();
        for (const o of await pdContext.onCalls(sourceId, pd)) {
          const policy = o.escalation_policy.summary ?? o.escalation_policy.id;
          if (!names.has(policy)) continue;
          if ((o.start && Date.parse(o.start) > t) || (o.end && Date.parse(o.end) < t)) continue;
          onCall.push({
            escalationPolicy: policy,
            level: o.escalation_level,
            user: o.user.summary ?? o.user.id,
            until: o.end ?? null,
          });
        }
      } catch (err) {
        problems.push(`Who is on call could not be read from ${sources.nameOf(sourceId)}: ${pagerDutyWhy(pd, err)}`);
      }
    }
    return onCall.sort((a, b) => a.escalationPolicy.localeCompare(b.escalationPolicy) || a.level - b.level);
  }

  async function changesOf(inc: Incident, pages: Signal[], problems: string[]): Promise<IncidentContext['changes']> {
    const service = labelsOf(inc).service ?? inc.groupLabels?.service ?? null;
    const startedMs = Date.parse(inc.startedAt);
    const changes: IncidentContext['changes'] = [];
    // The linked PagerDuty services; else every PagerDuty source, matched on the service name.
    const byService = new Map<string, Set<string>>();
    for (const p of pages) {
      const id = p.labels.pagerduty_service_id;
      if (id) byService.set(p.sourceId, (byService.get(p.sourceId) ?? new Set()).add(id));
    }
    const sourceIds = byService.size ? [...byService.keys()] : service ? sources.pagerDutyIds() : [];
    const since = new Date(startedMs - 6 * 3_600_000).toISOString();
    for (const sourceId of sourceIds) {
      const pd = sources.pagerDuty(sourceId);
      if (!pd) continue;
      try {
        const ids = byService.get(sourceId);
        const list = await pdContext.changeEvents(sourceId, pd, {
          serviceIds: ids ? [...ids] : undefined,
          since,
          until: new Date(now()).toISOString(),
        });
        let unnamed = 0;
        for (const c of list) {
          if (!ids && !c.services.some((s) => s.summary === service)) {
            // A reference without its name cannot be matched to the alert's service: said, not dropped.
            if (c.services.length > 0 && c.services.every((s) => !s.summary)) unnamed++;
            continue;
          }
          const link = c.links.find((l) => l.href && isHttp(l.href));
          changes.push({
            at: c.timestamp,
            summary: c.summary ?? '(no summary)',
            source: c.source ?? null,
            url: link?.href ?? null,
            minutesBefore: Math.round((startedMs - Date.parse(c.timestamp)) / 60_000),
          });
        }
        if (unnamed > 0) {
          problems.push(
            `${unnamed} recent change${unnamed === 1 ? '' : 's'} in ${sources.nameOf(sourceId)} name no service, so Vigil cannot tell whether ${unnamed === 1 ? 'it concerns' : 'they concern'} ${service}.`,
          );
        }
      } catch (err) {
        problems.push(`Recent changes could not be read from ${sources.nameOf(sourceId)}: ${pagerDutyWhy(pd, err)}`);
      }
    }
    return changes.sort((a, b) => b.at.localeCompare(a.at)).slice(0, 10);
  }

  async function fetchPagerDutyExtras(inc: Incident): Promise<PagerDutyExtras> {
    const problems: string[] = [];
    const pages = inc.signals.filter((s) => s.sourceKind === 'pagerduty');
    const onCall = await onCallOf(pages, problems);
    const changes = await changesOf(inc, pages, problems);
    return { onCall, changes, problems };
  }

  /** On-call and changes cost PagerDuty requests: reused for a while per incident. */
  function pagerDutyExtras(inc: Incident): Promise<PagerDutyExtras> {
    // Keyed by the linked pages too: a PagerDuty incident joining changes what there is to ask.
    const pages = inc.signals.filter((s) => s.sourceKind === 'pagerduty').map((s) => s.id);
    const key = [inc.id, ...pages.sort()].join('|');
    const hit = contexts.get(key);
    if (hit && now() - hit.at < deps.ttlMs) return hit.value;
    const value = fetchPagerDutyExtras(inc);
    contexts.set(key, { at: now(), value });
    if (contexts.size > 200) contexts.delete(contexts.keys().next().value!);
    return value;
  }

  return async function context(inc: Incident): Promise<IncidentContext> {
    const bySource = new Map<string, { kind: Signal['sourceKind']; signals: number; stale: boolean }>();
    for (const s of inc.signals) {
      const e = bySource.get(s.sourceId) ?? { kind: s.sourceKind, signals: 0, stale: true };
      e.signals++;
      e.stale &&= s.stale;
      bySource.set(s.sourceId, e);
    }
    // The incident on screen: its PagerDuty notes are read first at the next polls.
    for (const s of inc.signals) {
      const pdId = s.labels.pagerduty_incident_id;
      if (s.sourceKind === 'pagerduty' && pdId) sources.pagerDuty(s.sourceId)?.watchNotes?.(pdId);
    }
    const pagerDuty = inc.signals
      .filter((s) => s.sourceKind === 'pagerduty')
      .map((s) => ({
        sourceId: s.sourceId,
        sourceName: sources.nameOf(s.sourceId),
        id: s.labels.pagerduty_incident_id ?? s.fingerprint,
        number: s.labels.pagerduty_incident_number ?? null,
        status: s.labels.pagerduty_status ?? 'unknown',
        url: isHttp(s.annotations.pagerduty_url) ? s.annotations.pagerduty_url! : null,
        assignees: splitList(s.annotations.pagerduty_assignees),
        acknowledgedBy: splitList(s.annotations.pagerduty_acknowledged_by),
        urgency: s.labels.urgency ?? null,
        escalationPolicy: s.labels.pagerduty_escalation_policy ?? null,
      }));
    const [extras, live] = await Promise.all([pagerDutyExtras(inc), deps.silences.live(inc)]);
    return {
      incidentId: inc.id,
      fetchedAt: new Date(now()).toISOString(),
      sources: [...bySource].map(([sourceId, e]) => ({ sourceId, sourceName: sources.nameOf(sourceId), ...e })),
      pagerDuty,
      onCall: extras.onCall,
      changes: extras.changes,
      silences: live.silences,
      silence: deps.silences.possible(inc),
      remote: [...deps.recorder.outcomes(inc.id).values()],
      problems: sources.redact([...extras.problems, ...live.problems]),
    };
  };
}

/** Labels of the incident's alerts (not PagerDuty's), for naming the service. */
function labelsOf(inc: Incident): Record<string, string> {
  return (inc.signals.find((s) => s.sourceKind !== 'pagerduty') ?? inc.signals[0])?.labels ?? {};
}

function splitList(text: string | undefined): string[] {
  return text ? text.split(', ').filter(Boolean) : [];
}

function isHttp(url: string | undefined | null): boolean {
  return typeof url === 'string' && /^https?:\/\//i.test(url);
}
