import { DEFAULT_REPLICA_LABELS, type RequestInput, type SourceView } from '../../../shared/ipc/contract';

/**
 * The Sources form as plain data, and its translation into the contract's add / update / test
 * requests. Secrets are edits, never values read back: the form only knows whether one is set.
 */
export type FormKind = 'prometheus' | 'alertmanager' | 'pagerduty';
export type AuthMode = 'none' | 'basic' | 'bearer';

/** keep = leave the stored secret as it is (in an add form: none); replace = this new value; clear = delete it. */
export type SecretEdit = { mode: 'keep' } | { mode: 'replace'; value: string } | { mode: 'clear' };
export type SecretName = 'bearerToken' | 'basicAuthPassword' | 'token';

export interface SourceFormState {
  kind: FormKind;
  name: string;
  url: string;
  intervalSeconds: string;
  auth: AuthMode;
  basicAuthUser: string;
  pathPrefix: string;
  /** New extra headers, replacing the stored ones; empty keeps them (their values are never shown). */
  headersText: string;
  /** Names of the extra headers the edited source has stored (secrets: names only). */
  storedHeaders: string[];
  /** Remove the stored extra headers. */
  clearHeaders: boolean;
  caPem: string;
  /** The other members of an HA set (Alertmanager cluster, Prometheus pair), one URL per line. */
  membersText: string;
  /** Labels naming the replica that sent an alert, comma-separated. */
  replicaLabelsText: string;
  /** Alertmanager: the shared "ack" silence; auto = on for a cluster. */
  shareAcks: 'auto' | 'on' | 'off';
  fromEmail: string;
  secrets: Record<SecretName, SecretEdit>;
}

/** Which secrets the edited source has stored (all false when adding). */
export type StoredSecrets = Record<SecretName, boolean>;
export const NO_STORED_SECRETS: StoredSecrets = { bearerToken: false, basicAuthPassword: false, token: false };

export const KIND_LABEL: Record<FormKind, string> = {
  prometheus: 'Prometheus',
  alertmanager: 'Alertmanager',
  pagerduty: 'PagerDuty',
};

const DEFAULTS: Record<FormKind, { name: string; url: string; intervalSeconds: number; minInterval: number }> = {
  prometheus: { name: 'Prometheus', url: 'http://127.0.0.1:9090', intervalSeconds: 15, minInterval: 2 },
  alertmanager: { name: 'Alertmanager', url: 'http://127.0.0.1:9093', intervalSeconds: 15, minInterval: 2 },
  // PagerDuty's request budget is shared by every tool using the token: poll gently.
  pagerduty: { name: 'PagerDuty', url: 'https://api.pagerduty.com', intervalSeconds: 30, minInterval: 10 },
};
export const minInterval = (kind: FormKind) => DEFAULTS[kind].minInterval;

const keepAll = (): Record<SecretName, SecretEdit> => ({
  bearerToken: { mode: 'keep' },
  basicAuthPassword: { mode: 'keep' },
  token: { mode: 'keep' },
});

export function emptyForm(kind: FormKind = 'prometheus'): SourceFormState {
  const d = DEFAULTS[kind];
  return {
    kind,
    name: d.name,
    url: d.url,
    intervalSeconds: String(d.intervalSeconds),
    auth: 'none',
    basicAuthUser: '',
    pathPrefix: '',
    headersText: '',
    storedHeaders: [],
    clearHeaders: false,
    caPem: '',
    membersText: '',
    replicaLabelsText: DEFAULT_REPLICA_LABELS.join(', '),
    shareAcks: 'auto',
    fromEmail: '',
    secrets: keepAll(),
  };
}

/** Switching kind in an add form: fields still at the old kind's defaults take the new kind's. */
export function switchKind(form: SourceFormState, kind: FormKind): SourceFormState {
  const old = DEFAULTS[form.kind];
  const next = DEFAULTS[kind];
  return {
    ...form,
    kind,
    name: form.name === old.name || form.name.trim() === '' ? next.name : form.name,
    url: form.url === old.url || form.url.trim() === '' ? next.url : form.url,
    intervalSeconds:
      form.intervalSeconds === String(old.intervalSeconds) ? String(next.intervalSeconds) : form.intervalSeconds,
  };
}

type ConfiguredView = Exclude<SourceView, { kind: 'demo' }>;

export function storedSecretsOf(view: ConfiguredView): StoredSecrets {
  if (view.kind === 'pagerduty') return { ...NO_STORED_SECRETS, token: view.secrets.token.set };
  return {
    ...NO_STORED_SECRETS,
    bearerToken: view.secrets.bearerToken.set,
    basicAuthPassword: view.secrets.basicAuthPassword.set,
  };
}

export function formFromView(view: ConfiguredView): SourceFormState {
  const form: SourceFormState = {
    ...emptyForm(view.kind),
    name: view.name,
    url: view.url,
    intervalSeconds: String(view.intervalSeconds),
  };
  if (view.kind === 'pagerduty') return { ...form, fromEmail: view.fromEmail ?? '' };
  return {
    ...form,
    auth: view.basicAuthUser !== null ? 'basic' : view.secrets.bearerToken.set ? 'bearer' : 'none',
    basicAuthUser: view.basicAuthUser ?? '',
    pathPrefix: view.pathPrefix,
    headersText: '',
    storedHeaders: Object.keys(view.headers),
    caPem: view.caPem ?? '',
    membersText: view.members.join('\n'),
    replicaLabelsText: view.replicaLabels.join(', '),
    // The view says what is in force; "auto" is kept when that is what a cluster would do anyway.
    shareAcks:
      view.kind === 'alertmanager'
        ? view.shareAcks === view.members.length > 0
          ? 'auto'
          : view.shareAcks
            ? 'on'
            : 'off'
        : 'auto',
  };
}

/** "Name: value" per line; blank lines are skipped. */
export function parseHeaders(
  text: string,
): { ok: true; headers: Record<string, string> } | { ok: false; message: string } {
  const headers: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return { ok: false, message: `Extra headers, line ${i + 1}: write it as Name: value` };
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { ok: true, headers };
}

type Result<T> = { ok: true; input: T } | { ok: false; message: string };

/** A secret edit as the contract wants it: string = replace, null = clear, undefined = keep. */
function secretChange(edit: SecretEdit, wanted: boolean, stored: boolean): string | null | undefined {
  // A secret the chosen authentication does not use is cleared rather than left behind.
  if (!wanted) return stored ? null : undefined;
  if (edit.mode === 'replace') return edit.value === '' ? undefined : edit.value;
  if (edit.mode === 'clear') return stored ? null : undefined;
  return undefined;
}

function settingsOf(form: SourceFormState, stored: StoredSecrets) {
  const intervalSeconds = Number(form.intervalSeconds);
  const common = { name: form.name.trim(), url: form.url.trim(), intervalSeconds };
  if (form.kind === 'pagerduty') {
    const token = secretChange(form.secrets.token, true, stored.token);
    return {
      ok: true as const,
      input: {
        kind: 'pagerduty' as const,
        ...common,
        fromEmail: form.fromEmail.trim() || null,
        ...(token === undefined ? {} : { token }),
      },
    };
  }
  const parsed = parseHeaders(form.headersText);
  if (!parsed.ok) return parsed;
  if (form.auth === 'basic' && !form.basicAuthUser.trim()) {
    return { ok: false as const, message: 'Enter the user for basic auth, or choose another authentication.' };
  }
  const bearerToken = secretChange(form.secrets.bearerToken, form.auth === 'bearer', stored.bearerToken);
  const basicAuthPassword = secretChange(
    form.secrets.basicAuthPassword,
    form.auth === 'basic',
    stored.basicAuthPassword,
  );
  return {
    ok: true as const,
    input: {
      kind: form.kind,
      ...common,
      pathPrefix: form.pathPrefix.trim(),
      // Typed headers replace the stored ones; none typed keeps them, unless removing was asked.
      ...(form.headersText.trim() !== '' || form.clearHeaders || form.storedHeaders.length === 0
        ? { headers: form.clearHeaders && form.headersText.trim() === '' ? {} : parsed.headers }
        : {}),
      basicAuthUser: form.auth === 'basic' ? form.basicAuthUser.trim() : null,
      caPem: form.caPem.trim() || null,
      members: form.membersText
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
      replicaLabels: form.replicaLabelsText.split(/[\s,]+/).filter(Boolean),
      ...(form.kind === 'alertmanager'
        ? { shareAcks: form.shareAcks === 'auto' ? null : form.shareAcks === 'on' }
        : {}),
      ...(bearerToken === undefined ? {} : { bearerToken }),
      ...(basicAuthPassword === undefined ? {} : { basicAuthPassword }),
    },
  };
}

export function toAddInput(form: SourceFormState): Result<RequestInput<'sources:add'>> {
  if (form.kind === 'pagerduty' && !(form.secrets.token.mode === 'replace' && form.secrets.token.value)) {
    return { ok: false, message: 'Enter the PagerDuty API token.' };
  }
  return settingsOf(form, NO_STORED_SECRETS) as Result<RequestInput<'sources:add'>>;
}

export function toUpdateInput(
  form: SourceFormState,
  id: string,
  stored: StoredSecrets,
): Result<RequestInput<'sources:update'>> {
  const r = settingsOf(form, stored);
  return r.ok ? { ok: true, input: { ...r.input, id } as RequestInput<'sources:update'> } : r;
}

/** What "Test connection" sends: the form as it is, with the stored secrets of `id` for the ones not retyped. */
export function toTestInput(
  form: SourceFormState,
  id: string | null,
  stored: StoredSecrets,
): Result<RequestInput<'sources:test'>> {
  const r = settingsOf(form, stored);
  if (!r.ok) return r;
  const { name: _name, intervalSeconds: _interval, ...target } = r.input;
  return { ok: true, input: { ...target, ...(id ? { id } : {}) } as RequestInput<'sources:test'> };
}
