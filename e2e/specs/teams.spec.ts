import type { Page } from '@playwright/test';
import type WebSocket from 'ws';
import { callBridge, connectBridge } from '../../electron/host/testing/bridgeClient';
import {
  startAlertmanager,
  startPrometheusSendingTo,
} from '../../electron/sources/alertmanager/testing/startAlertmanager';
import { freeLoopbackPort, type Daemon } from '../../electron/sources/alertmanager/testing/spawnDaemon';
import { startCheckedFakePagerDuty } from '../../tools/pagerduty/startCheckedFakePagerDuty';
import type { RunningHost } from '../fixtures/startHost';
import { screenshotPath } from '../fixtures/paths';
import { expect, test } from '../fixtures/vigilTest';

/**
 * Two teammates, two Vigils, no server of our own: a real 2-member Alertmanager cluster gossiping
 * on loopback, an HA pair of real Prometheus replicas (external label `replica` a / b) sending to
 * both members, the contract-checked PagerDuty fake, and two browser hosts with their own data
 * directories and names. One incident per alert in each; a silence and an ack set in A show in
 * B; a note typed in A reaches B's timeline and post-mortem draft through PagerDuty; a member
 * down leaves one incident and a "degraded" source, and heals when it comes back.
 */

const PD_TOKEN = 'pd-e2e-teams-7Hq2Lx0Z';
const RULES = [
  'groups:',
  '  - name: vigil-team',
  '    rules:',
  '      - alert: TeamSharedCanary',
  // A selector, so the alert is not read as a heartbeat (an expression without series is one).
  '        expr: absent(vigil_team_canary_ok)',
  '        labels: { service: team-canary, severity: critical }',
  '        annotations: { summary: "fired by both replicas of the pair" }',
  // The alert PagerDuty's incident #1043 was raised by (the fake's data): the incident is linked.
  '      - alert: FraudModelHighErrorRate',
  '        expr: absent(vigil_fraud_model_ok) * 0.072',
  '        labels: { service: fraud-model, severity: critical }',
  '        annotations: { summary: "Fraud model error rate exceeds 5%" }',
  '',
].join('\n');

async function call(ws: WebSocket, channel: string, input: unknown) {
  const reply = await callBridge(ws, { id: Math.floor(Math.random() * 1e9), channel, input });
  if (!reply.ok) throw new Error(`${channel}: ${JSON.stringify(reply)}`);
  return reply.output;
}

async function addPagerDuty(host: RunningHost, pdUrl: string, fromEmail: string) {
  const ws = await connectBridge(host.port, { token: host.token });
  try {
    await call(ws, 'sources:add', {
      kind: 'pagerduty',
      name: 'PagerDuty',
      url: pdUrl,
      intervalSeconds: 10,
      fromEmail,
      token: PD_TOKEN,
    });
  } finally {
    ws.close();
  }
}

const rows = (page: Page, title: string) => page.getByTestId('incident-row').filter({ hasText: title });

test('two teammates share one cluster and PagerDuty: one incident each, acks, silences and notes seen by both', async ({
  page: pageA,
  browser,
  kit,
}) => {
  test.setTimeout(240_000);
  const gossip = [await freeLoopbackPort(), await freeLoopbackPort()] as const;
  const am1 = await startAlertmanager({ cluster: { listenPort: gossip[0], peerPorts: [gossip[1]] } });
  kit.defer(() => am1.stop());
  let am2: Daemon = await startAlertmanager({ cluster: { listenPort: gossip[1], peerPorts: [gossip[0]] } });
  kit.defer(() => am2.stop());
  const replicas: Daemon[] = [];
  for (const replica of ['a', 'b']) {
    const p = await startPrometheusSendingTo([am1, am2], RULES, { externalLabels: { replica } });
    kit.defer(() => p.stop());
    replicas.push(p);
  }
  const pd = await startCheckedFakePagerDuty({ token: PD_TOKEN });
  kit.defer(() => pd.finish());

  const sources = [
    {
      id: 'prom-pair',
      kind: 'prometheus' as const,
      name: 'Prometheus pair',
      url: replicas[0]!.url,
      members: [replicas[1]!.url],
    },
    { id: 'am-cluster', kind: 'alertmanager' as const, name: 'Alertmanager cluster', url: am1.url, members: [am2.url] },
  ];
  const hostA = await kit.startHost({ displayName: 'Ada', sources });
  const hostB = await kit.startHost({ displayName: 'Bo', sources });
  await addPagerDuty(hostA, pd.fake.url, 'ada.okafor@example.com');
  await addPagerDuty(hostB, pd.fake.url, 'ravi.menon@example.com');
  const contextB = await browser.newContext();
  kit.defer(() => contextB.close());
  const pageB = await contextB.newPage();
  await pageA.goto(hostA.url);
  await pageB.goto(hostB.url);

  // ---- one incident per alert in each host, whatever the replicas and members report ----
  for (const page of [pageA, pageB]) {
    await expect(rows(page, 'TeamSharedCanary')).toHaveCount(1, { timeout: 30_000 });
    await expect(rows(page, 'FraudModelHighErrorRate')).toHaveCount(1, { timeout: 30_000 });
  }
  // Each member holds both replicas' copies: the collapsing is real.
  const copies = async () =>
    ((await (await fetch(`${am2.url}/api/v2/alerts?filter=alertname%3D%22TeamSharedCanary%22`)).json()) as unknown[])
      .length;
  await expect.poll(copies, { timeout: 15_000 }).toBe(2);

  // ---- an ack in A: a short ack silence in the cluster, "acknowledged by Ada" in B ----
  await rows(pageA, 'TeamSharedCanary').click();
  await pageA.locator('.detail h1').click();
  await pageA.keyboard.press('a');
  await expect(pageA.locator('.detail .state-pill')).toHaveText('acknowledged');
  await expect(rows(pageB, 'TeamSharedCanary').getByTestId('row-people')).toContainText('ack Ada', { timeout: 15_000 });
  await rows(pageB, 'TeamSharedCanary').click();
  await expect(pageB.getByTestId('people-on-it')).toContainText('acknowledged by Ada');
  // Acknowledged, not silenced: B still lists it as an incident reported by the cluster.
  await expect(rows(pageB, 'TeamSharedCanary')).toHaveCount(1);
  await pageB.screenshot({ path: screenshotPath('teams-ack-seen-by-teammate.png') });

  // ---- a silence from A appears in B's incident ----
  await pageA.keyboard.press('s');
  const dialog = pageA.getByRole('dialog', { name: /^Silence in Alertmanager/ });
  await expect(dialog).toBeVisible();
  // Both replicas' copies are this incident's own alert: nothing outside it needs confirming.
  await expect(dialog.getByTestId('silence-preview')).toContainText(/2 alerts in Alertmanager cluster/);
  await dialog.getByLabel('Comment').fill('e2e teams: canary under investigation');
  await dialog.getByRole('button', { name: 'Silence', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(pageB.getByTestId('silences')).toContainText('e2e teams: canary under investigation', {
    timeout: 15_000,
  });
  await expect(rows(pageB, 'TeamSharedCanary')).toHaveCount(1);

  // ---- a note typed in A reaches B's timeline (once) and B's post-mortem draft, through PagerDuty ----
  await rows(pageB, 'FraudModelHighErrorRate').click();
  await rows(pageA, 'FraudModelHighErrorRate').click();
  await pageA.locator('.detail h1').click();
  await pageA.keyboard.press('n');
  await pageA.keyboard.type('Rolled back fraud-model to v2.4.0 <b>not bold</b>');
  await pageA.keyboard.press('Enter');
  const note = (page: Page) =>
    page
      .getByRole('region', { name: 'Timeline' })
      .locator('li')
      .filter({ hasText: 'Rolled back fraud-model to v2.4.0' });
  await expect(note(pageB)).toHaveCount(1, { timeout: 30_000 });
  await expect(note(pageB)).toContainText('Ada Okafor (PagerDuty): Rolled back fraud-model to v2.4.0 <b>not bold</b>');
  await expect(pageB.getByTestId('people-on-it')).toContainText('last note by Ada Okafor');
  await expect(rows(pageB, 'FraudModelHighErrorRate').getByTestId('row-people')).toContainText('Ada Okafor');
  // Posted once: A's own note is not read back as a teammate's.
  await expect(note(pageA)).toHaveCount(1);
  expect(pd.fake.world.notes.filter((n) => n.content.startsWith('Rolled back fraud-model'))).toHaveLength(1);
  await pageB.screenshot({ path: screenshotPath('teams-note-from-teammate.png') });
  const ws = await connectBridge(hostB.port, { token: hostB.token });
  kit.defer(() => ws.close());
  const incidentsB = (
    (await call(ws, 'incidents:page', { limit: 500 })) as { incidents: { id: string; title: string }[] }
  ).incidents;
  const fraudB = incidentsB.find((i) => i.title === 'FraudModelHighErrorRate')!;
  const draft = (await call(ws, 'postmortem:open', { incidentId: fraudB.id })) as { markdown: string };
  expect(draft.markdown).toContain('Ada Okafor (PagerDuty note): Rolled back fraud-model to v2.4.0');
  await expect(note(pageB)).toHaveCount(1);

  // ---- one member down: still one incident in each host, the source degraded; back, it heals ----
  const port = am2.port;
  await am2.stop();
  for (const page of [pageA, pageB]) {
    await page.getByRole('button', { name: 'Sources', exact: true }).click();
    const row = page.getByTestId('source-row').filter({ hasText: 'Alertmanager cluster' });
    await expect(row).toHaveAttribute('data-status', 'degraded', { timeout: 20_000 });
    await expect(row.locator('.health-message')).toHaveText(/^1 of 2 members answering: Alertmanager at /);
  }
  await pageB.screenshot({ path: screenshotPath('teams-member-down.png') });
  for (const page of [pageA, pageB]) {
    await page.getByRole('button', { name: 'Incidents', exact: true }).click();
    await expect(rows(page, 'TeamSharedCanary')).toHaveCount(1);
    await expect(rows(page, 'FraudModelHighErrorRate')).toHaveCount(1);
  }
  am2 = await startAlertmanager({ port, cluster: { listenPort: gossip[1], peerPorts: [gossip[0]] } });
  for (const page of [pageA, pageB]) {
    await page.getByRole('button', { name: 'Sources', exact: true }).click();
    await expect(page.getByTestId('source-row').filter({ hasText: 'Alertmanager cluster' })).toHaveAttribute(
      'data-status',
      'ok',
      { timeout: 30_000 },
    );
  }

  // The form for the cluster, as a teammate would add it.
  await pageB.getByRole('button', { name: 'Edit' }).first().click();
  await pageB.screenshot({ path: screenshotPath('teams-source-form.png') });
});
