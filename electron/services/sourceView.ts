// What the renderer is told about a running source: its settings, its health, and which secrets are set.
import type { DemoScenario } from '../../shared/demo/demoScenario';
import type { SourceView } from '../../shared/ipc/contract';
import type { SecretStore } from '../store/secretStore';
import { sharesAcks } from './buildSource';
import type { Entry } from './sourceEntry';
import { readSourceHeaders, storedSecretFields } from './sourceSecrets';

/**
 * A source as the renderer sees it. Secrets appear only as "set" or not, extra headers by name;
 * the caller still passes the view through the redactor on its way out.
 */
export function sourceView(entry: Entry, secrets: SecretStore, scenario: DemoScenario): SourceView {
  const health = entry.built.source.health();
  const base = { id: entry.id, health, lastError: entry.lastError };
  const config = entry.config;
  if (config === null) {
    return { ...base, kind: 'demo', name: 'Demo', url: scenario.title, intervalSeconds: 1 };
  }
  const stored = storedSecretFields(secrets, config.id, config.kind);
  const common = { ...base, name: config.name, url: config.url, intervalSeconds: config.intervalSeconds };
  if (config.kind === 'pagerduty') {
    return {
      ...common,
      kind: 'pagerduty',
      fromEmail: config.fromEmail,
      secrets: { token: { set: stored.has('token') } },
    };
  }
  const http = {
    ...common,
    pathPrefix: config.pathPrefix,
    headers: Object.fromEntries(Object.keys(readSourceHeaders(secrets, config.id)).map((n) => [n, { set: true }])),
    basicAuthUser: config.basicAuthUser,
    caPem: config.caPem,
    members: config.members,
    replicaLabels: config.replicaLabels,
    secrets: {
      bearerToken: { set: stored.has('bearerToken') },
      basicAuthPassword: { set: stored.has('basicAuthPassword') },
    },
  };
  return config.kind === 'prometheus'
    ? { ...http, kind: 'prometheus' }
    : { ...http, kind: 'alertmanager', shareAcks: sharesAcks(config) };
}
