import type { z } from 'zod';
import type { SourceTestInput } from '../../shared/ipc/contract';
import { testAlertmanager } from '../sources/alertmanager/alertmanagerSource';
import { createPagerDutyClient, PagerDutyTokenRejectedError } from '../sources/pagerduty/pagerDutyClient';
import { describePagerDutyFailure } from '../sources/pagerduty/pagerDutySource';
import { testPrometheus } from '../sources/prometheusSource';
import { httpAccess } from './buildSource';
import type { SourceSecrets } from './sourceSecrets';

/** A validated sources:test request (its secret fields are resolved separately into SourceSecrets). */
export type TestTarget = z.infer<typeof SourceTestInput>;

export interface TestResult {
  ok: boolean;
  message: string;
}

/**
 * "Test connection": one request with exactly what the form holds (settings and secrets), and
 * the answer in words: connected to what, or what is wrong (DNS, refused, TLS, 401, 403, not
 * this kind of server).
 */
export async function testSourceConnection(
  target: TestTarget,
  secrets: SourceSecrets,
  timeoutMs = 5000,
): Promise<TestResult> {
  if (target.kind === 'pagerduty') return testPagerDutyToken(target.url, secrets.token, timeoutMs);
  const access = httpAccess({ ...target, headers: target.headers ?? {} }, secrets);
  try {
    const http = { headers: access.headers, fetch: access.ca?.fetch };
    const test = (url: string) =>
      target.kind === 'prometheus' ? testPrometheus(url, timeoutMs, http) : testAlertmanager(url, timeoutMs, http);
    if (access.memberUrls.length === 1) return await test(access.baseUrl);
    // An HA set: every member is asked; it works while one answers, and the rest is said.
    const results = await Promise.all(access.memberUrls.map(test));
    const answering = results.filter((r) => r.ok).length;
    const head = `${answering} of ${results.length} members answering`;
    return { ok: answering > 0, message: `${head}. ${results.map((r) => r.message).join('. ')}` };
  } finally {
    await access.ca?.close();
  }
}

async function testPagerDutyToken(url: string, token: string | undefined, timeoutMs: number): Promise<TestResult> {
  const base = url.replace(/\/+$/, '');
  if (!token) return { ok: false, message: 'Enter the PagerDuty API token to test it.' };
  // No retries and no waiting: a test says at once what PagerDuty answered.
  const client = createPagerDutyClient({ token, baseUrl: base, timeoutMs, maxRetries: 0, maxInlineWaitMs: 0 });
  try {
    const user = await client.getCurrentUser();
    const budget = client.state().budget;
    const left = budget ? `; ${budget.remaining} of ${budget.limit} requests left this minute` : '';
    return { ok: true, message: `Connected to PagerDuty as ${user.name} (${user.email})${left}` };
  } catch (err) {
    if (err instanceof PagerDutyTokenRejectedError) {
      return {
        ok: false,
        message: `PagerDuty at ${base} rejected the token (HTTP 401): check that it is a REST API key, copied whole`,
      };
    }
    return { ok: false, message: describePagerDutyFailure(base, err, timeoutMs).message };
  }
}
