import type { OnCallEntry } from '../../shared/insights/shiftHandoff';
import type { PagerDutyClient } from '../sources/pagerduty/pagerDutyClient';
import type { PdOnCall } from '../sources/pagerduty/pagerDutySchemas';
import { withTimeout } from './withTimeout';

/** One configured PagerDuty source; `client` is null when it is not running (no token...). */
export interface OnCallSource {
  name: string;
  client: Pick<PagerDutyClient, 'listOnCalls'> | null;
}

export interface OnCallLookup {
  status: 'ok' | 'not-configured' | 'unreachable';
  /** In words, for the screen and the handoff ("from PagerDuty (PagerDuty prod)", or why not). */
  message: string;
  /** null when not known. */
  entries: OnCallEntry[] | null;
}

export interface NextOnCallOptions {
  now: number;
  /** How far ahead to look for the people taking over. */
  aheadMs: number;
  /** A handoff is one click: a slow PagerDuty must not hold it up. */
  timeoutMs: number;
}

/**
 * An on-call that ends within this of now is the person handing over (their shift ends as they
 * write the handoff), not the one taking over.
 */
const HANDING_OVER_MS = 5 * 60_000;

/**
 * Who is on call after the shift: PagerDuty's /oncalls over [now, now + aheadMs], from every
 * configured PagerDuty source. Per escalation policy and level, the earliest entry that is still
 * on call after the handover. Never throws: "not known, and why" is an answer the handoff prints.
 */
export async function lookUpNextOnCall(
  sources: readonly OnCallSource[],
  opts: NextOnCallOptions,
): Promise<OnCallLookup> {
  if (sources.length === 0) {
    return {
      status: 'not-configured',
      message: 'no PagerDuty source is configured (add one in Sources to see who is on call next).',
      entries: null,
    };
  }
  const since = new Date(opts.now).toISOString();
  const until = new Date(opts.now + opts.aheadMs).toISOString();
  const answered: { name: string; list: PdOnCall[] }[] = [];
  const failures: string[] = [];
  await Promise.all(
    sources.map(async (s) => {
      if (!s.client) {
        failures.push(`${s.name} is not running (check its token in Sources)`);
        return;
      }
      try {
        answered.push({
          name: s.name,
          list: await withTimeout(s.client.listOnCalls({ since, until }), opts.timeoutMs),
        });
      } catch (err) {
        failures.push(`${s.name} did not answer (${(err as Error).message})`);
      }
    }),
  );
  if (answered.length === 0) {
    return { status: 'unreachable', message: `PagerDuty could not be asked: ${failures.join('; ')}.`, entries: null };
  }

  const earliest = new Map<string, PdOnCall>();
  for (const { list } of answered) {
    for (const o of list) {
      if (o.end && Date.parse(o.end) <= opts.now + HANDING_OVER_MS) continue;
      const key = `${o.escalation_policy.id}|${o.escalation_level}|${o.user.id}`;
      const seen = earliest.get(key);
      if (!seen || startMs(o) < startMs(seen)) earliest.set(key, o);
    }
  }
  const entries = [...earliest.values()]
    .sort(
      (a, b) =>
        a.escalation_level - b.escalation_level ||
        startMs(a) - startMs(b) ||
        (a.escalation_policy.summary ?? '').localeCompare(b.escalation_policy.summary ?? ''),
    )
    .map((o): OnCallEntry => ({
      name: o.user.summary ?? o.user.id,
      level: o.escalation_level,
      schedule: o.schedule?.summary ?? o.escalation_policy.summary ?? null,
      until: o.end ?? null,
    }));
  const from = answered.map((a) => a.name).join(', ');
  const missing = failures.length ? `; ${failures.join('; ')}` : '';
  return { status: 'ok', message: `from PagerDuty (${from})${missing}`, entries };
}

/** A permanent on-call (no start) counts as already on call. */
function startMs(o: PdOnCall): number {
  return o.start ? Date.parse(o.start) : -Infinity;
}
