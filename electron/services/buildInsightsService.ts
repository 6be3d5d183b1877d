import { join } from 'node:path';
import type { ClassificationConfig } from '../../shared/classify/classificationConfig';
import type { Incident } from '../../shared/domain/incident';
import type { Period } from '../../shared/insights/responseMetricsReport';
import type { RequestHandlers } from '../../shared/ipc/contract';
import { TimelineAnnotation } from '../../shared/timeline/timelineAnnotation';
import type { IncidentStore } from '../store/incidentStore';
import { readJsonl } from '../store/jsonlLog';
import type { SettingsStore } from '../store/settingsStore';
import { createInsightsService, type InsightsService } from './insightsService';
import { lookUpNextOnCall } from './nextOnCall';
import type { SourceManager } from './sourceManager';
import { ANNOTATIONS_FILE } from './timelineService';

export interface InsightsWiring {
  settings: SettingsStore;
  incidentStore: IncidentStore;
  incidents: { history(period: Period): Promise<Incident[]> };
  sources: Pick<SourceManager, 'pagerDuty'>;
  /** The rules in force, read at each use: the user's override can change them while running. */
  classification: () => ClassificationConfig;
  /**
   * The composition root's handlers, read at call time: coverage (runbooks) and action items
   * (post-mortems) come from the services that own them.
   */
  handlers: () => RequestHandlers;
  now: () => number;
  actor: () => string;
}

/** How far ahead "on call next" looks: a usual shift. */
const ON_CALL_AHEAD_MS = 12 * 3_600_000;

/** The insights service with the real world plugged in: files, PagerDuty, runbooks and post-mortems. */
export function buildInsightsService(w: InsightsWiring): InsightsService {
  return createInsightsService({
    incidents: (period) => w.incidents.history(period),
    store: w.incidentStore,
    settings: w.settings,
    policies: () => w.classification().severities,
    coverage: () => w.handlers()['runbooks:coverage']({}),
    actionItems: (today) => w.handlers()['postmortems:action-items']({ today }),
    // The timeline service's log of notes, stars and corrections, read the way it writes it.
    annotations: (id) =>
      readJsonl(join(w.incidentStore.dirOf(id), ANNOTATIONS_FILE), (v) => TimelineAnnotation.parse(v)).records,
    nextOnCall: (now) =>
      lookUpNextOnCall(
        w.settings
          .get()
          .sources.filter((s) => s.kind === 'pagerduty')
          .map((s) => ({ name: s.name, client: w.sources.pagerDuty(s.id)?.client ?? null })),
        { now, aheadMs: ON_CALL_AHEAD_MS, timeoutMs: 6_000 },
      ),
    actor: w.actor,
    now: w.now,
  });
}
