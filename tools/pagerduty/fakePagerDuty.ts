import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildFakeWorld,
  FAKE_API,
  FAKE_SUBDOMAIN,
  type FakeIncident,
  type FakeLogEntry,
  type FakeNote,
  type FakeWorld,
} from './fakePagerDutyData';

/**
 * A local stand-in for PagerDuty's REST API v2, for Vigil's client tests and e2e runs (PagerDuty
 * cannot be reached from CI, and a real account cannot be made to rate-limit on demand). It binds
 * 127.0.0.1 on a free port and implements the endpoints Vigil uses with PagerDuty's semantics:
 * classic offset/limit/more/total pagination, `statuses[]` and `since`/`until` filters, token
 * auth, the `From` header on writes, ack/resolve state that later reads reflect, and the
 * ratelimit-* headers. Faults are injected per test: 429 bursts, malformed JSON, wrong content
 * type, 500, and a page set that changes under a paginating client.
 *
 * Every response leaves through `send`, which reports it to `onResponse`; the tests validate each
 * one against PagerDuty's OpenAPI description, so the fake cannot drift from the real shapes.
 */

export type FakeFault =
  /** A 200 whose JSON is cut off half-way, as a proxy that drops the connection would leave it. */
  | 'malformed-json'
  /** A 200 with a JSON body but `Content-Type: text/plain`. */
  | 'wrong-content-type'
  /** A 200 HTML login page, as a captive portal or SSO proxy returns. */
  | 'html-page'
  /** 500 with PagerDuty's error envelope. */
  | 'server-error'
  /**
   * On the next paginated incident listing, resolve the first incident of page one right after
   * sending it, so later pages shift by one (what happens when someone resolves an incident while
   * Vigil is paging through the list).
   */
  | 'shift-pages'
  /**
   * As 'shift-pages', and an incident is triggered at the same moment, so the total stays the
   * same: a reader that only compares totals cannot tell that an item moved across the boundary.
   */
  | 'shift-pages-same-total';

export interface FakeResponseRecord {
  method: string;
  path: string;
  query: string;
  status: number;
  contentType: string | null;
  headers: Record<string, string>;
  body: string;
  /** Set when the response was deliberately broken; such responses are exempt from the contract. */
  fault: FakeFault | null;
}

export interface FakeRequestRecord {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  /** Wall-clock arrival (Date.now), for measuring how long a client waited. */
  receivedAt: number;
}

export interface FakePagerDutyOptions {
  /** The API token the fake accepts (default: a fixed test token). */
  token?: string;
  /** Clock for data timestamps and ratelimit windows (default Date.now). */
  now?: () => number;
  /** Called for every response the fake sends, before it is written. */
  onResponse?: (record: FakeResponseRecord) => void;
  /** Requests allowed per window before PagerDuty-style 429s (default 960, PagerDuty's REST limit per minute). */
  rateLimit?: number;
  rateLimitWindowMs?: number;
  /** Port on 127.0.0.1 (default 0: a free one chosen by the kernel). */
  port?: number;
}

export interface FakePagerDuty {
  /** Base URL, e.g. http://127.0.0.1:43121 (no trailing slash). */
  readonly url: string;
  readonly token: string;
  readonly world: FakeWorld;
  /** Every request received, in order. */
  readonly requests: FakeRequestRecord[];
  /** How many responses the fake has finished writing, counted independently of onResponse. */
  readonly responsesSent: number;
  /**
   * Answer the next `count` requests with 429. `resetSeconds` goes in ratelimit-reset (omit it for
   * a 429 with no rate-limit headers at all); `retryAfterSeconds` adds a Retry-After header.
   */
  rateLimitNext(opts: { count?: number; resetSeconds?: number; retryAfterSeconds?: number }): void;
  /** Break the next `times` responses whose path starts with `pathPrefix` (default: any). */
  injectFault(fault: FakeFault, opts?: { pathPrefix?: string; times?: number }): void;
  /** Accept a different token from now on (the old one gets 401). */
  setToken(token: string): void;
  /** Add an open incident, as if PagerDuty had just triggered it. */
  triggerIncident(init: Partial<FakeIncident> & Pick<FakeIncident, 'title' | 'serviceId'>): FakeIncident;
  incident(id: string): FakeIncident | undefined;
  close(): Promise<void>;
}

export const FAKE_TOKEN = 'u+fakeTokenForVigilTests00';

const JSON_TYPE = 'application/json; charset=utf-8';
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

export async function startFakePagerDuty(options: FakePagerDutyOptions = {}): Promise<FakePagerDuty> {
  const now = options.now ?? Date.now;
  let token = options.token ?? FAKE_TOKEN;
  const world = buildFakeWorld(now());
  const requests: FakeRequestRecord[] = [];
  const limit = options.rateLimit ?? 960;
  const windowMs = options.rateLimitWindowMs ?? 60_000;
  let windowStart = now();
  let used = 0;
  let forced429: { count: number; resetSeconds?: number; retryAfterSeconds?: number } | null = null;
  const faults: { fault: FakeFault; pathPrefix: string; times: number }[] = [];
  let responsesSent = 0;
  let nextIncidentNumber = Math.max(...world.incidents.map((i) => i.incident_number)) + 1;
  let idCounter = 0;

  const iso = (ms = now()) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

  // ---- references, shaped as PagerDuty embeds them ----
  const userRef = (id: string) => {
    const u = world.users.find((x) => x.id === id);
    return {
      id,
      type: 'user_reference',
      summary: u?.name ?? id,
      self: `${FAKE_API}/users/${id}`,
      html_url: `${FAKE_SUBDOMAIN}/users/${id}`,
    };
  };
  const renderNote = (n: FakeNote) => ({
    id: n.id,
    user: userRef(n.userId),
    channel: { summary: 'The PagerDuty website or APIs' },
    content: n.content,
    created_at: n.created_at,
  });
  const serviceRef = (id: string) => ({
    id,
    type: 'service_reference',
    summary: world.services.find((s) => s.id === id)?.name ?? id,
    self: `${FAKE_API}/services/${id}`,
    html_url: `${FAKE_SUBDOMAIN}/service-directory/${id}`,
  });
  const policyRef = (id: string) => ({
    id,
    type: 'escalation_policy_reference',
    summary: world.escalationPolicies.find((p) => p.id === id)?.name ?? id,
    self: `${FAKE_API}/escalation_policies/${id}`,
    html_url: `${FAKE_SUBDOMAIN}/escalation_policies/${id}`,
  });
  const scheduleRef = (id: string) => ({
    id,
    type: 'schedule_reference',
    summary: world.schedules.find((s) => s.id === id)?.name ?? id,
    self: `${FAKE_API}/schedules/${id}`,
    html_url: `${FAKE_SUBDOMAIN}/schedules/${id}`,
  });
  const teamRef = (id: string) => ({
    id,
    type: 'team_reference',
    summary: world.teams.find((t) => t.id === id)?.name ?? id,
    self: `${FAKE_API}/teams/${id}`,
    html_url: `${FAKE_SUBDOMAIN}/teams/${id}`,
  });
  const incidentRef = (inc: FakeIncident) => ({
    id: inc.id,
    type: 'incident_reference',
    summary: `[#${inc.incident_number}] ${inc.title}`,
    self: `${FAKE_API}/incidents/${inc.id}`,
    html_url: `${FAKE_SUBDOMAIN}/incidents/${inc.id}`,
  });

  const renderIncident = (inc: FakeIncident) => {
    const triggerEntry = world.logEntries.find((e) => e.incidentId === inc.id && e.type === 'trigger_log_entry');
    return {
      id: inc.id,
      type: 'incident',
      summary: `[#${inc.incident_number}] ${inc.title}`,
      self: `${FAKE_API}/incidents/${inc.id}`,
      html_url: `${FAKE_SUBDOMAIN}/incidents/${inc.id}`,
      incident_number: inc.incident_number,
      title: inc.title,
      created_at: inc.created_at,
      updated_at: inc.updated_at,
      status: inc.status,
      incident_key: inc.incident_key,
      service: serviceRef(inc.serviceId),
      assignments: inc.assigneeIds.map((id) => ({ at: inc.created_at, assignee: userRef(id) })),
      assigned_via: 'escalation_policy',
      last_status_change_at: inc.last_status_change_at,
      ...(inc.resolved_at ? { resolved_at: inc.resolved_at } : {}),
      ...(triggerEntry
        ? {
            first_trigger_log_entry: {
              id: triggerEntry.id,
              type: 'trigger_log_entry_reference',
              summary: triggerEntry.summary,
              self: `${FAKE_API}/log_entries/${triggerEntry.id}`,
              html_url: `${FAKE_SUBDOMAIN}/incidents/${inc.id}/log_entries/${triggerEntry.id}`,
            },
          }
        : {}),
      alert_counts: {
        all: 1,
        triggered: inc.status === 'resolved' ? 0 : 1,
        resolved: inc.status === 'resolved' ? 1 : 0,
      },
      is_mergeable: true,
      incident_type: { name: 'incident_default' },
      escalation_policy: policyRef(inc.escalationPolicyId),
      teams: inc.escalationPolicyId === 'PEPMLPL' ? [teamRef('PTMLPLT')] : [],
      pending_actions: [],
      acknowledgements: inc.acknowledgements.map((a) => ({ at: a.at, acknowledger: userRef(a.userId) })),
      ...(inc.lastStatusChangeBy ? { last_status_change_by: userRef(inc.lastStatusChangeBy) } : {}),
      // The live API sends `"priority": null` when none is set; the spec says object, so the fake
      // leaves the field out and the client's schema tests cover the null.
      ...(inc.priority
        ? {
            priority: {
              id: inc.priority.id,
              type: 'priority',
              summary: inc.priority.name,
              self: `${FAKE_API}/priorities/${inc.priority.id}`,
              html_url: null,
              name: inc.priority.name,
            },
          }
        : {}),
      incidents_responders: [],
      responder_requests: [],
      urgency: inc.urgency,
    };
  };

  const renderLogEntry = (entry: FakeLogEntry) => {
    const inc = world.incidents.find((i) => i.id === entry.incidentId)!;
    const agent = entry.userId ? userRef(entry.userId) : serviceRef(inc.serviceId);
    return {
      id: entry.id,
      type: entry.type,
      summary: entry.summary,
      self: `${FAKE_API}/log_entries/${entry.id}`,
      html_url: `${FAKE_SUBDOMAIN}/incidents/${inc.id}/log_entries/${entry.id}`,
      created_at: entry.created_at,
      agent,
      channel: entry.channel,
      service: serviceRef(inc.serviceId),
      incident: incidentRef(inc),
      teams: inc.escalationPolicyId === 'PEPMLPL' ? [teamRef('PTMLPLT')] : [],
      contexts: [],
      event_details: {},
      ...(entry.type === 'notify_log_entry' && entry.userId ? { user: userRef(entry.userId) } : {}),
      ...(entry.note ? { note: entry.note } : {}),
    };
  };

  const renderOnCall = (o: FakeWorld['onCalls'][number]) => ({
    escalation_policy: policyRef(o.escalationPolicyId),
    escalation_level: o.escalation_level,
    // Live PagerDuty sends schedule/start/end as null for a permanent on-call; the spec types
    // them as object and date-time, so the fake omits them and stays within the contract.
    ...(o.scheduleId ? { schedule: scheduleRef(o.scheduleId) } : {}),
    user: userRef(o.userId),
    ...(o.start ? { start: o.start } : {}),
    ...(o.end ? { end: o.end } : {}),
  });

  const renderChangeEvent = (c: FakeWorld['changeEvents'][number]) => ({
    id: c.id,
    type: 'change_event',
    summary: c.summary,
    self: `${FAKE_API}/change_events/${c.id}`,
    html_url: null,
    timestamp: c.timestamp,
    services: c.serviceIds.map(serviceRef),
    integration: {
      id: 'PINTCHG',
      type: 'inbound_integration_reference',
      summary: `${c.source} change events`,
      self: `${FAKE_API}/services/${c.serviceIds[0]}/integrations/PINTCHG`,
      html_url: null,
    },
    source: c.source,
    links: c.links,
    images: [],
    custom_details: c.custom_details,
  });

  const renderUser = (id: string) => {
    const u = world.users.find((x) => x.id === id)!;
    return {
      id: u.id,
      type: 'user',
      summary: u.name,
      self: `${FAKE_API}/users/${u.id}`,
      html_url: `${FAKE_SUBDOMAIN}/users/${u.id}`,
      name: u.name,
      email: u.email,
      time_zone: u.time_zone,
      color: u.color,
      role: u.role,
      avatar_url: `https://secure.gravatar.com/avatar/${u.id.toLowerCase()}.png?d=mm&r=PG`,
      description: null,
      invitation_sent: false,
      job_title: u.job_title,
      teams: u.id === 'PU3JUL5' ? [] : [teamRef('PTMLPLT')],
      contact_methods: [],
      notification_rules: [],
    };
  };

  // ---- HTTP plumbing ----
  const rateHeaders = (): Record<string, string> => {
    const t = now();
    if (t - windowStart >= windowMs) {
      windowStart = t;
      used = 0;
    }
    return {
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': String(Math.max(0, limit - used)),
      'ratelimit-reset': String(Math.max(1, Math.ceil((windowStart + windowMs - t) / 1000))),
    };
  };

  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    status: number,
    body: string,
    extraHeaders: Record<string, string>,
    contentType: string | null = JSON_TYPE,
    fault: FakeFault | null = null,
  ) => {
    const headers: Record<string, string> = { ...extraHeaders };
    if (contentType) headers['content-type'] = contentType;
    options.onResponse?.({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search,
      status,
      contentType,
      headers,
      body,
      fault,
    });
    res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const error = (code: number, message: string, errors?: string[]) =>
    JSON.stringify({ error: { code, message, ...(errors ? { errors } : {}) } });

  const paginate = <T>(url: URL, key: string, items: T[], onPage?: (page: T[], offset: number) => void) => {
    const rawLimit = Number(url.searchParams.get('limit') ?? DEFAULT_LIMIT);
    const pageLimit = Math.min(MAX_LIMIT, Math.max(1, Number.isFinite(rawLimit) ? rawLimit : DEFAULT_LIMIT));
    const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
    const page = items.slice(offset, offset + pageLimit);
    const withTotal = url.searchParams.get('total') === 'true';
    onPage?.(page, offset);
    return JSON.stringify({
      [key]: page,
      limit: pageLimit,
      offset,
      more: offset + pageLimit < items.length,
      total: withTotal ? items.length : null,
    });
  };

  const within = (timestamp: string | null, since: string | null, until: string | null) => {
    if (!timestamp) return true;
    const t = Date.parse(timestamp);
    if (since && t < Date.parse(since)) return false;
    if (until && t >= Date.parse(until)) return false;
    return true;
  };

  const badDate = (value: string | null) => value !== null && !Number.isFinite(Date.parse(value));

  const takeFault = (path: string): FakeFault | null => {
    const i = faults.findIndex((f) => path.startsWith(f.pathPrefix) && !f.fault.startsWith('shift-pages'));
    if (i < 0) return null;
    const f = faults[i]!;
    f.times -= 1;
    if (f.times <= 0) faults.splice(i, 1);
    return f.fault;
  };

  const takeShift = (): FakeFault | null => {
    const i = faults.findIndex((f) => f.fault.startsWith('shift-pages'));
    if (i < 0) return null;
    return faults.splice(i, 1)[0]!.fault;
  };

  const appendLog = (inc: FakeIncident, type: FakeLogEntry['type'], userId: string, summary: string) => {
    idCounter += 1;
    world.logEntries.push({
      id: `R${inc.id}X${String(idCounter).padStart(4, '0')}`,
      incidentId: inc.id,
      type,
      created_at: iso(),
      summary,
      userId,
      channel: { type: 'api' },
    });
  };

  type Handler = (ctx: {
    req: IncomingMessage;
    url: URL;
    params: string[];
    body: string;
  }) => { status: number; body: string } | null;

  const routes: { method: string; re: RegExp; handle: Handler }[] = [
    {
      method: 'GET',
      re: /^\/incidents$/,
      handle: ({ url }) => {
        const statuses = url.searchParams.getAll('statuses[]');
        const serviceIds = url.searchParams.getAll('service_ids[]');
        const userIds = url.searchParams.getAll('user_ids[]');
        const urgencies = url.searchParams.getAll('urgencies[]');
        const since = url.searchParams.get('since');
        const until = url.searchParams.get('until');
        if (badDate(since) || badDate(until)) {
          return { status: 400, body: error(2001, 'Invalid Input Provided', ['since and until must be ISO 8601']) };
        }
        const bad = statuses.find((s) => !['triggered', 'acknowledged', 'resolved'].includes(s));
        if (bad) return { status: 400, body: error(2001, 'Invalid Input Provided', [`Invalid status: ${bad}`]) };
        const dateRangeAll = url.searchParams.get('date_range') === 'all';
        const list = world.incidents
          .filter((i) => statuses.length === 0 || statuses.includes(i.status))
          .filter((i) => serviceIds.length === 0 || serviceIds.includes(i.serviceId))
          .filter((i) => userIds.length === 0 || i.assigneeIds.some((u) => userIds.includes(u)))
          .filter((i) => urgencies.length === 0 || urgencies.includes(i.urgency))
          .filter((i) => dateRangeAll || within(i.created_at, since, until))
          .sort((a, b) => a.incident_number - b.incident_number);
        const shift = takeShift();
        return {
          status: 200,
          body: paginate(url, 'incidents', list.map(renderIncident), (page, offset) => {
            if (shift && offset === 0 && page.length > 0) {
              const first = world.incidents.find((i) => i.id === page[0]!.id)!;
              first.status = 'resolved';
              first.resolved_at = iso();
              first.updated_at = iso();
              first.last_status_change_at = iso();
              first.lastStatusChangeBy = world.users[1]!.id;
              appendLog(first, 'resolve_log_entry', world.users[1]!.id, `Resolved by ${world.users[1]!.name}.`);
              if (shift === 'shift-pages-same-total')
                fake.triggerIncident({ title: 'Triggered mid-listing', serviceId: first.serviceId });
            }
          }),
        };
      },
    },
    {
      method: 'PUT',
      re: /^\/incidents\/([^/]+)$/,
      handle: ({ req, params, body }) => {
        const inc = world.incidents.find((i) => i.id === params[0]);
        if (!inc) return { status: 404, body: error(2100, 'Not Found') };
        const from = req.headers['from'];
        if (typeof from !== 'string' || from.trim() === '') {
          return {
            status: 400,
            body: error(2001, 'Invalid Input Provided', ['A valid "From" header with a user email is required.']),
          };
        }
        const actor = world.users.find((u) => u.email.toLowerCase() === from.trim().toLowerCase());
        if (!actor) {
          return { status: 400, body: error(2001, 'Invalid Input Provided', ['The "From" header is not a user.']) };
        }
        let parsed: { incident?: { type?: string; status?: string } };
        try {
          parsed = JSON.parse(body) as typeof parsed;
        } catch {
          return { status: 400, body: error(2001, 'Invalid Input Provided', ['The body is not JSON.']) };
        }
        const wanted = parsed.incident?.status;
        if (!parsed.incident || !['incident', 'incident_reference'].includes(parsed.incident.type ?? '')) {
          return { status: 400, body: error(2001, 'Invalid Input Provided', ['incident.type is required.']) };
        }
        if (wanted === 'acknowledged' || wanted === 'resolved') {
          if (inc.status === 'resolved') {
            return { status: 400, body: error(2001, 'Invalid Input Provided', ['Incident Already Resolved']) };
          }
          const t = iso();
          if (wanted === 'acknowledged' && inc.status !== 'acknowledged') {
            inc.acknowledgements.push({ at: t, userId: actor.id });
            appendLog(inc, 'acknowledge_log_entry', actor.id, `Acknowledged by ${actor.name}.`);
          }
          if (wanted === 'resolved') {
            inc.resolved_at = t;
            appendLog(inc, 'resolve_log_entry', actor.id, `Resolved by ${actor.name}.`);
          }
          if (inc.status !== wanted) {
            inc.status = wanted;
            inc.last_status_change_at = t;
            inc.lastStatusChangeBy = actor.id;
          }
          inc.updated_at = t;
        } else if (wanted !== undefined) {
          return { status: 400, body: error(2001, 'Invalid Input Provided', [`Unsupported status ${wanted}`]) };
        }
        return { status: 200, body: JSON.stringify({ incident: renderIncident(inc) }) };
      },
    },
    {
      method: 'GET',
      re: /^\/incidents\/([^/]+)\/log_entries$/,
      handle: ({ url, params }) => {
        const inc = world.incidents.find((i) => i.id === params[0]);
        if (!inc) return { status: 404, body: error(2100, 'Not Found') };
        const since = url.searchParams.get('since');
        const until = url.searchParams.get('until');
        if (badDate(since) || badDate(until)) {
          return { status: 400, body: error(2001, 'Invalid Input Provided', ['since and until must be ISO 8601']) };
        }
        const entries = world.logEntries
          .filter((e) => e.incidentId === inc.id && within(e.created_at, since, until))
          // PagerDuty lists log entries newest first.
          .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))
          .map(renderLogEntry);
        return { status: 200, body: paginate(url, 'log_entries', entries) };
      },
    },
    {
      method: 'GET',
      re: /^\/incidents\/([^/]+)\/notes$/,
      handle: ({ params }) => {
        const inc = world.incidents.find((i) => i.id === params[0]);
        if (!inc) return { status: 404, body: error(2100, 'Not Found') };
        // Not paginated in PagerDuty's API: every note of the incident, oldest first.
        const notes = world.notes.filter((n) => n.incidentId === inc.id).map(renderNote);
        return { status: 200, body: JSON.stringify({ notes }) };
      },
    },
    {
      method: 'POST',
      re: /^\/incidents\/([^/]+)\/notes$/,
      handle: ({ req, params, body }) => {
        const inc = world.incidents.find((i) => i.id === params[0]);
        if (!inc) return { status: 404, body: error(2100, 'Not Found') };
        const from = req.headers['from'];
        const actor =
          typeof from === 'string'
            ? world.users.find((u) => u.email.toLowerCase() === from.trim().toLowerCase())
            : null;
        if (!actor) {
          return {
            status: 400,
            body: error(2001, 'Invalid Input Provided', ['A valid "From" header with a user email is required.']),
          };
        }
        let parsed: { note?: { content?: unknown } };
        try {
          parsed = JSON.parse(body) as typeof parsed;
        } catch {
          return { status: 400, body: error(2001, 'Invalid Input Provided', ['The body is not JSON.']) };
        }
        const content = parsed.note?.content;
        if (typeof content !== 'string' || content.trim() === '') {
          return { status: 400, body: error(2001, 'Invalid Input Provided', ['note.content is required.']) };
        }
        if (world.notes.filter((n) => n.incidentId === inc.id).length >= 2000) {
          return { status: 400, body: error(2001, 'Invalid Input Provided', ['Maximum of 2000 notes reached.']) };
        }
        idCounter += 1;
        const note = {
          id: `PN${String(idCounter).padStart(5, '0')}`,
          incidentId: inc.id,
          userId: actor.id,
          content,
          created_at: iso(),
        };
        world.notes.push(note);
        appendLog(inc, 'annotate_log_entry', actor.id, `Note added by ${actor.name}.`);
        return { status: 200, body: JSON.stringify({ note: renderNote(note) }) };
      },
    },
    {
      method: 'GET',
      re: /^\/oncalls$/,
      handle: ({ url }) => {
        const userIds = url.searchParams.getAll('user_ids[]');
        const policyIds = url.searchParams.getAll('escalation_policy_ids[]');
        const since = url.searchParams.get('since');
        const until = url.searchParams.get('until');
        if (badDate(since) || badDate(until)) {
          return { status: 400, body: error(2001, 'Invalid Input Provided', ['since and until must be ISO 8601']) };
        }
        // Without since/until PagerDuty answers for "now"; a permanent on-call always overlaps.
        const from = since ? Date.parse(since) : now();
        const to = until ? Date.parse(until) : now() + 1;
        const list = world.onCalls
          .filter((o) => userIds.length === 0 || userIds.includes(o.userId))
          .filter((o) => policyIds.length === 0 || policyIds.includes(o.escalationPolicyId))
          .filter((o) => (o.start ? Date.parse(o.start) < to : true) && (o.end ? Date.parse(o.end) > from : true))
          .map(renderOnCall);
        return { status: 200, body: paginate(url, 'oncalls', list) };
      },
    },
    {
      method: 'GET',
      re: /^\/change_events$/,
      handle: ({ url }) => listChangeEvents(url, null),
    },
    {
      method: 'GET',
      re: /^\/services\/([^/]+)\/change_events$/,
      handle: ({ url, params }) => {
        if (!world.services.some((s) => s.id === params[0])) return { status: 404, body: error(2100, 'Not Found') };
        return listChangeEvents(url, params[0]!);
      },
    },
    {
      method: 'GET',
      re: /^\/users\/me$/,
      handle: () => ({ status: 200, body: JSON.stringify({ user: renderUser(world.me) }) }),
    },
  ];

  function listChangeEvents(url: URL, serviceId: string | null) {
    const since = url.searchParams.get('since');
    const until = url.searchParams.get('until');
    if (badDate(since) || badDate(until)) {
      return { status: 400, body: error(2001, 'Invalid Input Provided', ['since and until must be ISO 8601']) };
    }
    const list = world.changeEvents
      .filter((c) => serviceId === null || c.serviceIds.includes(serviceId))
      .filter((c) => within(c.timestamp, since, until))
      // Newest first, as PagerDuty lists change events.
      .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp))
      .map(renderChangeEvent);
    return { status: 200, body: paginate(url, 'change_events', list) };
  }

  const server = createServer((req, res) => {
    // Counted at the socket, not in `send`, so a response that bypassed the hook would show up.
    res.on('finish', () => {
      responsesSent += 1;
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        receivedAt: Date.now(),
      });

      // PagerDuty checks the token before anything else and does not count rejected calls.
      if (req.headers.authorization !== `Token token=${token}`) {
        send(req, res, url, 401, error(2006, 'Authentication failed'), {});
        return;
      }
      const headers = rateHeaders();
      if (forced429 && forced429.count > 0) {
        forced429.count -= 1;
        // Without resetSeconds the 429 carries no hints, as when a proxy in front limits.
        const h: Record<string, string> =
          forced429.resetSeconds === undefined
            ? {}
            : { ...headers, 'ratelimit-remaining': '0', 'ratelimit-reset': String(forced429.resetSeconds) };
        if (forced429.retryAfterSeconds !== undefined) h['retry-after'] = String(forced429.retryAfterSeconds);
        if (forced429.count === 0) forced429 = null;
        send(req, res, url, 429, error(2020, 'Rate Limit Exceeded'), h);
        return;
      }
      if (used >= limit) {
        send(req, res, url, 429, error(2020, 'Rate Limit Exceeded'), { ...headers, 'ratelimit-remaining': '0' });
        return;
      }
      used += 1;
      const counted = rateHeaders();

      const route = routes.find((r) => r.re.test(url.pathname) && r.method === req.method);
      if (!route) {
        const pathKnown = routes.some((r) => r.re.test(url.pathname));
        send(
          req,
          res,
          url,
          pathKnown ? 405 : 404,
          error(2100, pathKnown ? 'Method Not Allowed' : 'Not Found'),
          counted,
        );
        return;
      }
      const fault = takeFault(url.pathname);
      if (fault === 'server-error') {
        send(req, res, url, 500, error(2000, 'Internal Server Error'), counted, JSON_TYPE, fault);
        return;
      }
      const params = route.re.exec(url.pathname)!.slice(1).map(decodeURIComponent);
      const result = route.handle({ req, url, params, body });
      if (!result) return;
      if (fault === 'malformed-json') {
        send(req, res, url, 200, result.body.slice(0, Math.floor(result.body.length / 2)), counted, JSON_TYPE, fault);
      } else if (fault === 'wrong-content-type') {
        send(req, res, url, 200, result.body, counted, 'text/plain; charset=utf-8', fault);
      } else if (fault === 'html-page') {
        const page = '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>';
        send(req, res, url, 200, page, counted, 'text/html; charset=utf-8', fault);
      } else {
        send(req, res, url, result.status, result.body, counted);
      }
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;

  const fake: FakePagerDuty = {
    url: `http://127.0.0.1:${port}`,
    get token() {
      return token;
    },
    world,
    requests,
    get responsesSent() {
      return responsesSent;
    },
    rateLimitNext({ count = 1, resetSeconds, retryAfterSeconds }) {
      forced429 = {
        count,
        ...(resetSeconds !== undefined ? { resetSeconds } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      };
    },
    injectFault(fault, opts = {}) {
      faults.push({ fault, pathPrefix: opts.pathPrefix ?? '/', times: opts.times ?? 1 });
    },
    setToken(next) {
      token = next;
    },
    triggerIncident(init) {
      const t = iso();
      const number = nextIncidentNumber++;
      const inc: FakeIncident = {
        id: `Q9NEW${String(number).padStart(9, '0')}`,
        incident_number: number,
        status: 'triggered',
        urgency: 'high',
        created_at: t,
        updated_at: t,
        last_status_change_at: t,
        incident_key: `vigil-fake-${number}`,
        escalationPolicyId: 'PEPMLPL',
        assigneeIds: [world.me],
        acknowledgements: [],
        lastStatusChangeBy: null,
        ...init,
      };
      world.incidents.push(inc);
      world.logEntries.push({
        id: `R${inc.id}T`,
        incidentId: inc.id,
        type: 'trigger_log_entry',
        created_at: inc.created_at,
        summary: 'Triggered through the API.',
        userId: null,
        channel: { type: 'api', summary: inc.title, incident_key: inc.incident_key },
      });
      return inc;
    },
    incident: (id) => world.incidents.find((i) => i.id === id),
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
  return fake;
}
