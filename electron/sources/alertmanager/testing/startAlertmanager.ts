import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freeLoopbackPort, startDaemon, type Daemon } from './spawnDaemon';

/**
 * The Debian package's Alertmanager on a free loopback port with its own temp config and
 * storage. Routing sends everything to a receiver with no integrations (nothing leaves the
 * machine) and groups fast; a critical alert inhibits a warning one on the same service, so a
 * test can see an inhibited alert. Clustering is switched off: it would bind 0.0.0.0:9094.
 */
export interface ClusterMembership {
  /** This member's gossip port on 127.0.0.1. */
  listenPort: number;
  /** The other members' gossip ports on 127.0.0.1. */
  peerPorts: number[];
}

export async function startAlertmanager(
  opts: {
    binary?: string;
    startTimeoutMs?: number;
    /** Gossip with other members on loopback, as a cluster (default: clustering off). */
    cluster?: ClusterMembership;
    /** The web port (a restarted member keeps its address); default: a free one. */
    port?: number;
  } = {},
): Promise<Daemon> {
  const binary = opts.binary ?? process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';
  if (!existsSync(binary)) {
    throw new Error(
      `Alertmanager is not installed at ${binary} (install the "prometheus-alertmanager" package or set ALERTMANAGER_BIN)`,
    );
  }
  return withPortRetry(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-int-alertmanager-'));
    mkdirSync(join(dir, 'data'));
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      stringify({
        route: {
          receiver: 'vigil-test-null',
          group_by: ['alertname', 'service'],
          group_wait: '1s',
          group_interval: '1s',
          repeat_interval: '1h',
        },
        receivers: [{ name: 'vigil-test-null' }],
        inhibit_rules: [
          { source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['service'] },
        ],
      }),
    );
    const port = opts.port ?? (await freeLoopbackPort());
    const cluster = opts.cluster
      ? [
          `--cluster.listen-address=127.0.0.1:${opts.cluster.listenPort}`,
          `--cluster.advertise-address=127.0.0.1:${opts.cluster.listenPort}`,
          ...opts.cluster.peerPorts.map((p) => `--cluster.peer=127.0.0.1:${p}`),
          // Gossip fast, so a silence set on one member shows on the other within a poll.
          '--cluster.gossip-interval=100ms',
          '--cluster.pushpull-interval=2s',
          '--cluster.settle-timeout=2s',
        ]
      : ['--cluster.listen-address='];
    return startDaemon({
      name: `Alertmanager on 127.0.0.1:${port}`,
      binary,
      args: [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        ...cluster,
        '--log.level=warn',
      ],
      dir,
      port,
      readyPath: '/-/ready',
      startTimeoutMs: opts.startTimeoutMs ?? 30_000,
    });
  });
}

/**
 * A real Prometheus that evaluates `rules` every second and sends firing alerts to the given
 * Alertmanager: the production path, so the test sees what Alertmanager makes of Prometheus's
 * alerts (generatorURL, startsAt), not a hand-posted imitation.
 */
export async function startPrometheusSendingTo(
  alertmanager: Daemon | readonly Daemon[],
  rules: string,
  opts: {
    binary?: string;
    startTimeoutMs?: number;
    /** Added to every alert it sends, e.g. `{ replica: 'a' }` for one of an HA pair. */
    externalLabels?: Record<string, string>;
  } = {},
): Promise<Daemon> {
  const targets = (Array.isArray(alertmanager) ? alertmanager : [alertmanager]).map(
    (a: Daemon) => `127.0.0.1:${a.port}`,
  );
  const binary = opts.binary ?? process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
  if (!existsSync(binary)) {
    throw new Error(
      `Prometheus is not installed at ${binary} (install the "prometheus" package or set PROMETHEUS_BIN)`,
    );
  }
  return withPortRetry(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-int-prometheus-'));
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'rules.yml'), rules);
    writeFileSync(
      join(dir, 'prometheus.yml'),
      stringify({
        global: {
          scrape_interval: '1s',
          scrape_timeout: '1s',
          evaluation_interval: '1s',
          ...(opts.externalLabels ? { external_labels: opts.externalLabels } : {}),
        },
        rule_files: [join(dir, 'rules.yml')],
        alerting: {
          alertmanagers: [{ api_version: 'v2', static_configs: [{ targets }] }],
        },
      }),
    );
    const port = await freeLoopbackPort();
    return startDaemon({
      name: `Prometheus on 127.0.0.1:${port}`,
      binary,
      args: [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        // Prometheus's first send can race its Alertmanager discovery and be dropped; the default
        // resend delay (1 m) would then hold the alert back for a minute.
        '--rules.alert.resend-delay=1s',
        '--log.level=warn',
      ],
      dir,
      port,
      readyPath: '/-/ready',
      startTimeoutMs: opts.startTimeoutMs ?? 30_000,
    });
  });
}

/**
 * The port is free when chosen but the daemon binds it a moment later; if something took it in
 * between, try once more with a new port and a new temp dir rather than fail the test.
 */
async function withPortRetry(start: () => Promise<Daemon>): Promise<Daemon> {
  try {
    return await start();
  } catch (err) {
    if (!/address already in use/i.test((err as Error).message)) throw err;
    return start();
  }
}
