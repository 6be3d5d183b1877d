import { cloneElement, useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { SourceView } from '../../../shared/ipc/contract';
import { useClient } from '../../api/ClientContext';
import { refreshSources } from './refreshSources';
import { SecretField } from './SecretField';
import {
  emptyForm,
  formFromView,
  KIND_LABEL,
  minInterval,
  NO_STORED_SECRETS,
  storedSecretsOf,
  switchKind,
  toAddInput,
  toTestInput,
  toUpdateInput,
  type AuthMode,
  type FormKind,
  type SecretEdit,
  type SecretName,
  type SourceFormState,
} from './sourceFormModel';

type ConfiguredView = Exclude<SourceView, { kind: 'demo' }>;

const URL_LABEL: Record<FormKind, string> = {
  prometheus: 'Prometheus URL',
  alertmanager: 'Alertmanager URL',
  pagerduty: 'PagerDuty API URL',
};
const URL_HINT: Record<FormKind, string> = {
  prometheus: 'Thanos, Cortex and Mimir speak the same API: use their query URL (and a path prefix below if needed).',
  alertmanager: 'The address Alertmanager serves its web UI and API on.',
  pagerduty: 'https://api.pagerduty.com, or https://api.eu.pagerduty.com for an EU account.',
};
const AUTH_LABEL: Record<AuthMode, string> = { none: 'No authentication', basic: 'Basic auth', bearer: 'Bearer token' };

/**
 * Add or edit a Prometheus, Alertmanager or PagerDuty source, with "Test connection" for exactly
 * what the form holds. Secrets are typed here and sent once; afterwards the form only knows
 * whether each is set, and offers to replace or clear it.
 */
export function SourceForm({
  editing = null,
  onDone,
  onCancel,
}: {
  /** The source being edited, or null to add one. */
  editing?: ConfiguredView | null;
  onDone?: () => void;
  onCancel?: () => void;
}) {
  const client = useClient();
  const [form, setForm] = useState<SourceFormState>(() => (editing ? formFromView(editing) : emptyForm()));
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLParagraphElement>(null);
  // The answer appears below the buttons; on a laptop screen that can be under the fold.
  useEffect(() => {
    resultRef.current?.scrollIntoView({ block: 'nearest' });
  }, [result]);
  const stored = editing ? storedSecretsOf(editing) : NO_STORED_SECRETS;
  const set = (patch: Partial<SourceFormState>) => setForm((f) => ({ ...f, ...patch }));
  const setSecret = (name: SecretName) => (edit: SecretEdit) =>
    setForm((f) => ({ ...f, secrets: { ...f.secrets, [name]: edit } }));
  const http = form.kind !== 'pagerduty';

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (err) {
      setResult({ ok: false, message: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const test = () =>
    run(async () => {
      const input = toTestInput(form, editing?.id ?? null, stored);
      if (!input.ok) return setResult(input);
      setResult(null);
      setResult(await client.request('sources:test', input.input));
    });

  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      if (editing) {
        const input = toUpdateInput(form, editing.id, stored);
        if (!input.ok) return setResult(input);
        await client.request('sources:update', input.input);
      } else {
        const input = toAddInput(form);
        if (!input.ok) return setResult(input);
        await client.request('sources:add', input.input);
        // Nothing typed, the token least of all, stays in the page once it has been handed over.
        setForm(emptyForm(form.kind));
      }
      setResult(null);
      await refreshSources(client);
      onDone?.();
    });
  };

  return (
    <form
      className="source-form"
      onSubmit={save}
      aria-label={editing ? `Edit ${editing.name}` : 'Add a source'}
      autoComplete="off"
    >
      {editing ? (
        <p className="form-kind">{KIND_LABEL[editing.kind]} source</p>
      ) : (
        <Choice
          legend="Kind"
          value={form.kind}
          options={(['prometheus', 'alertmanager', 'pagerduty'] as const).map((k) => [k, KIND_LABEL[k]])}
          onChange={(kind) => setForm((f) => switchKind(f, kind))}
        />
      )}
      <div className="field-row">
        <Field label="Name">
          <input value={form.name} onChange={(e) => set({ name: e.target.value })} maxLength={80} required />
        </Field>
        <Field label="Poll every (seconds)" narrow>
          <input
            value={form.intervalSeconds}
            onChange={(e) => set({ intervalSeconds: e.target.value })}
            type="number"
            min={minInterval(form.kind)}
            max={3600}
            required
          />
        </Field>
      </div>
      <Field label={URL_LABEL[form.kind]} hint={URL_HINT[form.kind]}>
        <input value={form.url} onChange={(e) => set({ url: e.target.value })} type="url" required spellCheck={false} />
      </Field>

      {http ? (
        <>
          <Choice
            legend="Authentication"
            value={form.auth}
            options={(['none', 'basic', 'bearer'] as const).map((a) => [a, AUTH_LABEL[a]])}
            onChange={(auth) => set({ auth })}
          />
          {form.auth === 'basic' && (
            <div className="field-row">
              <Field label="User">
                <input
                  value={form.basicAuthUser}
                  onChange={(e) => set({ basicAuthUser: e.target.value })}
                  autoComplete="off"
                  spellCheck={false}
                  required
                />
              </Field>
              <SecretField
                label="Password"
                edit={form.secrets.basicAuthPassword}
                stored={stored.basicAuthPassword}
                editing={editing !== null}
                onChange={setSecret('basicAuthPassword')}
              />
            </div>
          )}
          {form.auth === 'bearer' && (
            <SecretField
              label="Token"
              edit={form.secrets.bearerToken}
              stored={stored.bearerToken}
              editing={editing !== null}
              onChange={setSecret('bearerToken')}
            />
          )}
          <details className="advanced" open={form.membersText.trim() !== ''}>
            <summary>
              High availability: other members, replica labels{form.kind === 'alertmanager' ? ', shared acks' : ''}
            </summary>
            <div className="advanced-fields">
              <Field
                label={form.kind === 'alertmanager' ? 'Other cluster members' : 'Other replicas of this Prometheus'}
                hint={
                  form.kind === 'alertmanager'
                    ? 'One URL per line. The cluster is one source: alerts from every member, each silence set once and seen through all.'
                    : 'One URL per line: the other Prometheus of an HA pair, polled too; each alert is listed once.'
                }
              >
                <textarea
                  value={form.membersText}
                  onChange={(e) => set({ membersText: e.target.value })}
                  rows={2}
                  spellCheck={false}
                  placeholder={form.kind === 'alertmanager' ? 'http://127.0.0.1:9094' : 'http://127.0.0.1:9091'}
                />
              </Field>
              <Field label="Replica labels" hint="Labels that only say which replica sent an alert, comma-separated.">
                <input
                  value={form.replicaLabelsText}
                  onChange={(e) => set({ replicaLabelsText: e.target.value })}
                  spellCheck={false}
                />
              </Field>
              {form.kind === 'alertmanager' && (
                <Choice
                  legend="Acknowledging also sets a short “ack” silence naming you"
                  value={form.shareAcks}
                  options={[
                    ['auto', 'For a cluster'],
                    ['on', 'Always'],
                    ['off', 'Never'],
                  ]}
                  onChange={(shareAcks) => set({ shareAcks })}
                />
              )}
            </div>
          </details>
          <details
            className="advanced"
            open={editing !== null && (!!form.pathPrefix || form.storedHeaders.length > 0 || !!form.caPem)}
          >
            <summary>Path prefix, extra headers, CA certificate</summary>
            <div className="advanced-fields">
              <Field label="Path prefix" hint="When the API is served under a sub-path, e.g. /prometheus.">
                <input
                  value={form.pathPrefix}
                  onChange={(e) => set({ pathPrefix: e.target.value })}
                  spellCheck={false}
                />
              </Field>
              <Field
                label="Extra headers"
                hint={
                  form.storedHeaders.length > 0
                    ? `Set: ${form.storedHeaders.join(', ')} (values hidden). Type them all again to replace them; leave empty to keep them.`
                    : 'One per line as Name: value, e.g. X-Scope-OrgID: team-ml for Cortex or Mimir. Kept as secrets, sent only to this address.'
                }
              >
                <textarea
                  value={form.headersText}
                  onChange={(e) => set({ headersText: e.target.value })}
                  rows={2}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder={form.storedHeaders.map((n) => `${n}: ••••••`).join('\n') || undefined}
                />
              </Field>
              {form.storedHeaders.length > 0 && (
                <label className="check">
                  <input
                    type="checkbox"
                    checked={form.clearHeaders}
                    onChange={(e) => set({ clearHeaders: e.target.checked })}
                  />{' '}
                  Remove the stored extra headers
                </label>
              )}
              <Field
                label="CA certificate (PEM)"
                hint="Only for a server signed by your own CA; the system's CAs are trusted too."
              >
                <textarea
                  value={form.caPem}
                  onChange={(e) => set({ caPem: e.target.value })}
                  rows={3}
                  spellCheck={false}
                  placeholder="-----BEGIN CERTIFICATE-----"
                />
              </Field>
            </div>
          </details>
        </>
      ) : (
        <>
          <SecretField
            label="API token"
            edit={form.secrets.token}
            stored={stored.token}
            editing={editing !== null}
            canClear={false}
            required={editing === null}
            onChange={setSecret('token')}
            hint="A PagerDuty REST API key. It goes to Vigil's secret store and is never shown again."
          />
          <Field label="From email" hint="Who acknowledges and resolves; by default the token's user.">
            <input
              value={form.fromEmail}
              onChange={(e) => set({ fromEmail: e.target.value })}
              type="email"
              spellCheck={false}
            />
          </Field>
        </>
      )}

      <div className="form-actions">
        <button type="button" onClick={test} disabled={busy}>
          Test connection
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {editing ? 'Save changes' : 'Add source'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
        {busy && <span className="muted small">checking…</span>}
      </div>
      {result && (
        <p
          ref={resultRef}
          className={result.ok ? 'result-ok' : 'result-error'}
          role="status"
          data-testid="source-test-result"
        >
          {result.message}
        </p>
      )}
    </form>
  );
}

function Field({
  label,
  hint,
  narrow,
  children,
}: {
  label: string;
  hint?: string;
  narrow?: boolean;
  children: ReactElement<{ 'aria-describedby'?: string }>;
}) {
  const hintId = useId();
  // The hint sits outside the <label> so that it is not read as part of the field's name.
  return (
    <div className={narrow ? 'field narrow' : 'field'}>
      <label>
        <span className="field-label">{label}</span>
        {hint ? cloneElement(children, { 'aria-describedby': hintId }) : children}
      </label>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
    </div>
  );
}

function Choice<T extends string>({
  legend,
  value,
  options,
  onChange,
}: {
  legend: string;
  value: T;
  options: [T, string][];
  onChange: (value: T) => void;
}) {
  const name = useId();
  return (
    <fieldset className="choice">
      <legend>{legend}</legend>
      {options.map(([v, label]) => (
        <label key={v} className={v === value ? 'on' : undefined}>
          <input type="radio" name={name} value={v} checked={v === value} onChange={() => onChange(v)} />
          {label}
        </label>
      ))}
    </fieldset>
  );
}
