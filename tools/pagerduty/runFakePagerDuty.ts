/**
 * Runs the fake PagerDuty on its own, for trying Vigil by hand or from a Playwright webServer:
 *
 *   npx tsx tools/pagerduty/runFakePagerDuty.ts [--port 8788] [--check]
 *
 * It prints the base URL and the token to configure as a PagerDuty source. With --check every
 * response is validated against the OpenAPI subset and a mismatch is printed to stderr.
 */
import { startFakePagerDuty } from './fakePagerDuty';
import { loadPagerDutyContract } from './pagerDutyContract';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;
const contract = args.includes('--check') ? loadPagerDutyContract() : null;

const fake = await startFakePagerDuty({
  port,
  onResponse: (record) => {
    const problems = contract && !record.fault ? contract.checkResponse(record) : [];
    for (const p of problems) console.error(`contract: ${p}`);
  },
});
console.log(`fake PagerDuty listening at ${fake.url}`);
console.log(`token: ${fake.token}`);

const shutdown = () => void fake.close().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
