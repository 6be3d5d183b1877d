/**
 * The world the fake PagerDuty serves: three services of an ML platform, their people, open and
 * resolved incidents, log entries, on-call shifts and recent deploys. Times are relative to the
 * fake's start so the data is always "recent". Every object stays within PagerDuty's OpenAPI
 * description (the contract test checks it); fields the live API sends as null where the spec
 * says string or object (a permanent on-call's start/end, an incident without priority) are
 * left out here instead, and the client's own tests cover the nulls.
 */

export const FAKE_SUBDOMAIN = 'https://vigil-demo.pagerduty.com';
export const FAKE_API = 'https://api.pagerduty.com';

export interface FakeRef {
  id: string;
  type: string;
  summary: string;
  self: string;
  html_url: string | null;
}

export interface FakeUser {
  id: string;
  name: string;
  email: string;
  time_zone: string;
  role: 'admin' | 'user' | 'limited_user';
  job_title: string;
  color: string;
}

export interface FakeService {
  id: string;
  name: string;
}

export interface FakeIncident {
  id: string;
  incident_number: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
  created_at: string;
  updated_at: string;
  last_status_change_at: string;
  resolved_at?: string;
  incident_key: string;
  serviceId: string;
  escalationPolicyId: string;
  assigneeIds: string[];
  acknowledgements: { at: string; userId: string }[];
  lastStatusChangeBy: string | null;
  priority?: { id: string; name: string };
}

export interface FakeLogEntry {
  id: string;
  incidentId: string;
  type: 'trigger_log_entry' | 'notify_log_entry' | 'acknowledge_log_entry' | 'resolve_log_entry' | 'annotate_log_entry';
  created_at: string;
  summary: string;
  /** user id for acks, resolves, notes and notifications; null when PagerDuty itself acted. */
  userId: string | null;
  channel: Record<string, unknown>;
  note?: string;
}

export interface FakeNote {
  id: string;
  incidentId: string;
  userId: string;
  content: string;
  created_at: string;
}

export interface FakeOnCall {
  userId: string;
  escalationPolicyId: string;
  escalation_level: number;
  scheduleId: string | null;
  /** null for a permanent on-call (an escalation rule that names the user directly). */
  start: string | null;
  end: string | null;
}

export interface FakeChangeEvent {
  id: string;
  summary: string;
  timestamp: string;
  serviceIds: string[];
  source: string;
  links: { href: string; text: string }[];
  custom_details: Record<string, unknown>;
}

export interface FakeWorld {
  me: string;
  users: FakeUser[];
  services: FakeService[];
  escalationPolicies: { id: string; name: string }[];
  schedules: { id: string; name: string }[];
  teams: { id: string; name: string }[];
  incidents: FakeIncident[];
  logEntries: FakeLogEntry[];
  /** Incident notes, oldest first; none at the start. */
  notes: FakeNote[];
  onCalls: FakeOnCall[];
  changeEvents: FakeChangeEvent[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The Alertmanager PagerDuty integration sends `[FIRING:n] alertname (label values)` as the summary. */
export function alertmanagerTitle(alertname: string, labelValues: string[], firing = 1): string {
  return `[FIRING:${firing}] ${alertname} (${labelValues.join(' ')})`;
}

export function buildFakeWorld(startMs: number): FakeWorld {
  const at = (offsetMs: number) => new Date(startMs + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const fraudCreated = -3 * MIN;
  const users: FakeUser[] = [
    {
      id: 'PU1ADA7',
      name: 'Ada Okafor',
      email: 'ada.okafor@example.com',
      time_zone: 'Europe/Berlin',
      role: 'user',
      job_title: 'ML Platform Engineer',
      color: 'purple',
    },
    {
      id: 'PU2RAV1',
      name: 'Ravi Menon',
      email: 'ravi.menon@example.com',
      time_zone: 'Asia/Kolkata',
      role: 'admin',
      job_title: 'Staff Engineer',
      color: 'green',
    },
    {
      id: 'PU3JUL5',
      name: 'Jules Martin',
      email: 'jules.martin@example.com',
      time_zone: 'America/New_York',
      role: 'user',
      job_title: 'Payments SRE',
      color: 'teal',
    },
  ];
  const services: FakeService[] = [
    { id: 'PSFRAUD', name: 'fraud-model' },
    { id: 'PSFEATS', name: 'feature-store' },
    { id: 'PSCHKOT', name: 'checkout-api' },
  ];
  const incidents: FakeIncident[] = [
    {
      id: 'Q0RESOLVED0001',
      incident_number: 1038,
      title: alertmanagerTitle('FraudModelDriftHigh', ['fraud-model', 'warning']),
      status: 'resolved',
      urgency: 'low',
      created_at: at(-26 * HOUR),
      updated_at: at(-25 * HOUR),
      last_status_change_at: at(-25 * HOUR),
      resolved_at: at(-25 * HOUR),
      incident_key: '4f0d8a3c2b1e6d7f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f',
      serviceId: 'PSFRAUD',
      escalationPolicyId: 'PEPMLPL',
      assigneeIds: [],
      acknowledgements: [],
      lastStatusChangeBy: 'PU1ADA7',
    },
    {
      id: 'Q1CHECKOUT5XX1',
      incident_number: 1041,
      title: 'Checkout 5xx rate above SLO',
      status: 'triggered',
      urgency: 'high',
      created_at: at(-40 * MIN),
      updated_at: at(-40 * MIN),
      last_status_change_at: at(-40 * MIN),
      incident_key: 'checkout-api/5xx-slo',
      serviceId: 'PSCHKOT',
      escalationPolicyId: 'PEPPAYM',
      assigneeIds: ['PU3JUL5'],
      acknowledgements: [],
      lastStatusChangeBy: null,
    },
    {
      id: 'Q2FEATURELAT01',
      incident_number: 1042,
      title: alertmanagerTitle('FeatureStoreLatencyHigh', ['feature-store', 'warning']),
      status: 'acknowledged',
      urgency: 'low',
      created_at: at(-25 * MIN),
      updated_at: at(-20 * MIN),
      last_status_change_at: at(-20 * MIN),
      incident_key: '9c1e5d2a7b3f4e6d8c0a1b2e3f4d5c6b7a8e9f0d1c2b3a4e5f6d7c8b9a0e1f2d',
      serviceId: 'PSFEATS',
      escalationPolicyId: 'PEPMLPL',
      assigneeIds: ['PU2RAV1'],
      acknowledgements: [{ at: at(-20 * MIN), userId: 'PU2RAV1' }],
      lastStatusChangeBy: 'PU2RAV1',
    },
    {
      id: 'Q3FRAUDERRORS1',
      incident_number: 1043,
      title: alertmanagerTitle('FraudModelHighErrorRate', ['fraud-model', 'critical']),
      status: 'triggered',
      urgency: 'high',
      created_at: at(fraudCreated),
      updated_at: at(fraudCreated),
      last_status_change_at: at(fraudCreated),
      incident_key: 'b5a2c7e1d4f3a6b9c8e0d2f1a4b7c6e9d8f0a3b2c5e4d7f6a9b8c1e0d3f2a5b4',
      serviceId: 'PSFRAUD',
      escalationPolicyId: 'PEPMLPL',
      assigneeIds: ['PU1ADA7'],
      acknowledgements: [],
      lastStatusChangeBy: null,
      priority: { id: 'PPRIOP1', name: 'P1' },
    },
  ];
  const logEntries: FakeLogEntry[] = [];
  for (const inc of incidents) {
    logEntries.push({
      id: `R${inc.id}T`,
      incidentId: inc.id,
      type: 'trigger_log_entry',
      created_at: inc.created_at,
      summary: 'Triggered through the API.',
      userId: null,
      channel: {
        type: 'api',
        summary: inc.title,
        incident_key: inc.incident_key,
        details: { firing: inc.title, num_firing: '1', num_resolved: '0' },
      },
    });
    for (const assignee of inc.assigneeIds) {
      logEntries.push({
        id: `R${inc.id}N${assignee}`,
        incidentId: inc.id,
        type: 'notify_log_entry',
        created_at: inc.created_at,
        summary: `Notified ${users.find((u) => u.id === assignee)?.name ?? assignee} by push notification.`,
        userId: assignee,
        channel: { type: 'auto' },
      });
    }
    for (const ack of inc.acknowledgements) {
      logEntries.push({
        id: `R${inc.id}A${ack.userId}`,
        incidentId: inc.id,
        type: 'acknowledge_log_entry',
        created_at: ack.at,
        summary: `Acknowledged by ${users.find((u) => u.id === ack.userId)?.name ?? ack.userId}.`,
        userId: ack.userId,
        channel: { type: 'mobile' },
      });
    }
  }
  const onCalls: FakeOnCall[] = [
    {
      userId: 'PU1ADA7',
      escalationPolicyId: 'PEPMLPL',
      escalation_level: 1,
      scheduleId: 'PSCHML1',
      start: at(-9 * HOUR),
      end: at(15 * HOUR),
    },
    // Ada is also named directly on level 3 of the payments policy: a permanent on-call.
    { userId: 'PU1ADA7', escalationPolicyId: 'PEPPAYM', escalation_level: 3, scheduleId: null, start: null, end: null },
    {
      userId: 'PU2RAV1',
      escalationPolicyId: 'PEPMLPL',
      escalation_level: 2,
      scheduleId: 'PSCHML2',
      start: at(-9 * HOUR),
      end: at(15 * HOUR),
    },
    {
      userId: 'PU3JUL5',
      escalationPolicyId: 'PEPPAYM',
      escalation_level: 1,
      scheduleId: 'PSCHPAY',
      start: at(-2 * HOUR),
      end: at(6 * HOUR),
    },
  ];
  const changeEvents: FakeChangeEvent[] = [
    {
      id: 'PCEFRAUD241',
      summary: 'Deploy fraud-model v2.4.1 to production',
      timestamp: at(fraudCreated - 12 * MIN),
      serviceIds: ['PSFRAUD'],
      source: 'argo-cd',
      links: [{ href: 'https://github.com/example/fraud-model/releases/tag/v2.4.1', text: 'fraud-model v2.4.1' }],
      custom_details: { version: 'v2.4.1', previous_version: 'v2.4.0', commit: '3f9c2ab', deployed_by: 'ci-bot' },
    },
    {
      id: 'PCEFEATTTL',
      summary: 'feature-store: raise online cache TTL to 15m',
      timestamp: at(-2 * HOUR),
      serviceIds: ['PSFEATS'],
      source: 'terraform',
      links: [{ href: 'https://github.com/example/infra/pull/812', text: 'infra#812' }],
      custom_details: { change: 'cache_ttl 5m -> 15m' },
    },
    {
      id: 'PCECHK1180',
      summary: 'Deploy checkout-api v1.18.0 to production',
      timestamp: at(-20 * HOUR),
      serviceIds: ['PSCHKOT'],
      source: 'argo-cd',
      links: [],
      custom_details: { version: 'v1.18.0' },
    },
  ];
  return {
    me: 'PU1ADA7',
    users,
    services,
    escalationPolicies: [
      { id: 'PEPMLPL', name: 'ML Platform' },
      { id: 'PEPPAYM', name: 'Payments' },
    ],
    schedules: [
      { id: 'PSCHML1', name: 'ML Platform primary' },
      { id: 'PSCHML2', name: 'ML Platform secondary' },
      { id: 'PSCHPAY', name: 'Payments primary' },
    ],
    teams: [{ id: 'PTMLPLT', name: 'ML Platform' }],
    incidents,
    logEntries,
    notes: [],
    onCalls,
    changeEvents,
  };
}
