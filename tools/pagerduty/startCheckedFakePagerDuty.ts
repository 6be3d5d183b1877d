import {
  startFakePagerDuty,
  type FakePagerDuty,
  type FakePagerDutyOptions,
  type FakeResponseRecord,
} from './fakePagerDuty';
import { loadPagerDutyContract, type PagerDutyContract } from './pagerDutyContract';

/**
 * Faults that break the contract on purpose (the client must cope with them). Their responses
 * are not held to the spec, but the contract must notice them, which proves the check has teeth.
 */
const OFF_CONTRACT_FAULTS = new Set(['malformed-json', 'wrong-content-type', 'html-page']);

export interface CheckedFakePagerDuty {
  fake: FakePagerDuty;
  contract: PagerDutyContract;
  /** Contract violations so far, in words. */
  readonly violations: string[];
  /** Responses checked (every response the fake sent). */
  readonly checked: number;
  /** Every response the fake sent, in order. */
  readonly records: FakeResponseRecord[];
  /**
   * Closes the fake, then throws if any response or request body broke the contract, if a
   * response escaped the check, or if a deliberately broken response went unnoticed.
   */
  finish(): Promise<void>;
}

let contract: PagerDutyContract | null = null;

/** The fake PagerDuty with every response validated against PagerDuty's OpenAPI description. */
export async function startCheckedFakePagerDuty(
  options: Omit<FakePagerDutyOptions, 'onResponse'> = {},
): Promise<CheckedFakePagerDuty> {
  // Compiling the schemas takes a moment; one contract serves every fake in the process.
  contract ??= loadPagerDutyContract();
  const spec = contract;
  const violations: string[] = [];
  let checked = 0;
  const records: FakeResponseRecord[] = [];
  const onResponse = (record: FakeResponseRecord) => {
    checked += 1;
    records.push(record);
    const problems = spec.checkResponse(record);
    if (record.fault && OFF_CONTRACT_FAULTS.has(record.fault)) {
      if (problems.length === 0) {
        violations.push(`${record.method} ${record.path}: injected fault ${record.fault} passed the contract check`);
      }
      return;
    }
    violations.push(...problems);
  };
  const fake = await startFakePagerDuty({ ...options, onResponse });
  return {
    fake,
    contract: spec,
    violations,
    records,
    get checked() {
      return checked;
    },
    async finish() {
      await fake.close();
      for (const r of fake.requests) {
        // Writes (PUT ack/resolve, POST notes): what the client sends is held to the spec too.
        if (r.method !== 'PUT' && r.method !== 'POST') continue;
        let body: unknown;
        try {
          body = JSON.parse(r.body);
        } catch {
          violations.push(`${r.method} ${r.path}: the request body is not JSON`);
          continue;
        }
        violations.push(...spec.checkRequestBody(r.method, r.path, body));
      }
      if (checked !== fake.responsesSent) {
        violations.push(`${fake.responsesSent - checked} responses were sent without a contract check`);
      }
      if (violations.length > 0) {
        throw new Error(`The fake PagerDuty broke the OpenAPI contract:\n${violations.join('\n')}`);
      }
    },
  };
}

export type { FakePagerDuty, FakeResponseRecord };
