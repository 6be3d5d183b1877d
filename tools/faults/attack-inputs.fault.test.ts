// Attack cases on what Vigil reads from people and alerts (issue 17): catastrophic regexes in an
// override and in a runbook against a label an attacker chose, path-like ids, alert text in exports.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { callBridge, connectBridge, startTestHost, type TestHost } from '../../electron/host/testing/bridgeClient';
import { matchesLabels, parseMatcher } from '../../shared/classify/parseMatcher';
import { startFaultServer } from './faultServer';

// `(a+)+$` on 40 a's and a '!' takes a backtracking engine about 2^40 steps: the main process
// would stall for hours. RE2 answers in one pass; if it did not, this file would time out.
const EVIL = '(a+)+$';
const VICTIM = `${'a'.repeat(40)}!`;
const PLANTED = 'Fix[click](https://evil.example/x)![t](https://t.example/p.gif)<img src=x>';

/** Live Markdown a reader's viewer would turn into a link, an image, HTML or an autolink. */
const LIVE = /(?<!\\)\]\(|(?<!\\)<img|(?<![\\])https?:\/\/|(?<!\\)www\./;

let t: TestHost;
let ws: WebSocket;
let nextId = 1;
const call = (channel: string, input: unknown) => callBridge(ws, { id: nextId++, channel, input });
async function ok<T>(channel: string, input: unknown): Promise<T> {
  const r = await call(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${String(r.error)}`);
  return r.output as T;
}

let am: Awaited<ReturnType<typeof startFaultServer>>;
const runbookDir = mkdtempSync(join(tmpdir(), 'vigil-attack-runbooks-'));
beforeAll(async () => {
  t = await startTestHost();
  ws = await connectBridge(t.host.port);
  am = await startFaultServer();
  // An Alertmanager whose alert carries the label a backtracking engine chokes on.
  am.set((req, res) => {
    res.setHeader('Content-Type', 'application/json');
    if ((req.url ?? '').startsWith('/api/v2/alerts')) {
      res.end(
        JSON.stringify(
          [
            {
              fingerprint: 'evil1',
              labels: { alertname: 'EvilLabel', service: VICTIM, severity: 'warning' },
            },
            {
              fingerprint: 'plant1',
              // An alert whose name and summary try to plant a link, a tracking image and HTML in exports.
              labels: { alertname: PLANTED, service: 'www.evil.example', severity: 'warning' },
              annotations: {},
              startsAt: new Date().toISOString(),
              receivers: [],
              status: { state: 'active', silencedBy: [], inhibitedBy: [] },
            },
          ].map((a) => ({
            annotations: {},
            startsAt: new Date().toISOString(),
            receivers: [],
            status: { state: 'active', silencedBy: [], inhibitedBy: [] },
            ...a,
          })),
        ),
      );
    } else res.end('[]');
  });
});
afterAll(async () => {
  ws.close();
  await t.close();
  await am.close();
  rmSync(runbookDir, { recursive: true, force: true });
});

describe('attack: catastrophic regexes (RE2, linear time)', () => {
  it("a catastrophic regex in a matcher answers at once, with Alertmanager's meaning (anchored)", () => {
    const m = parseMatcher(`service=~"${EVIL}"`);
    expect(matchesLabels(m, { service: VICTIM })).toBe(false);
    expect(matchesLabels(m, { service: 'aaaa' })).toBe(true);
    // Anchored at both ends, as in Alertmanager: a partial match is no match.
    expect(matchesLabels(parseMatcher('service=~"fraud"'), { service: 'fraud-model' })).toBe(false);
  });

  it('what Alertmanager refuses (lookaround, backreferences) is refused here too, in words', () => {
    expect(() => parseMatcher('service=~"(?=fraud).*"')).toThrow(/invalid regular expression/);
    expect(() => parseMatcher('service=~"(a)\\\\1"')).toThrow(/invalid regular expression/);
  });

  it("a catastrophic regex in an override: classifying the attacker's label does not stall the host", async () => {
    const saved = await call('classification:override-set', {
      text: `rules:\n  - id: evil-override\n    severity: P1\n    match: ['service=~"${EVIL}"']\n    reason: evil\n`,
    });
    expect(saved.ok).toBe(true);
    await ok('sources:add', {
      kind: 'alertmanager',
      name: 'Evil AM',
      url: am.url,
      intervalSeconds: 2,
      pathPrefix: '',
      headers: {},
      basicAuthUser: null,
      caPem: null,
    });
    let list: { title: string; severity: string }[] = [];
    for (let i = 0; i < 200 && !list.some((x) => x.title.includes('EvilLabel')); i++) {
      await ok('sources:poll', {});
      list = (await ok<{ incidents: typeof list }>('incidents:page', { limit: 500 })).incidents;
      await new Promise((r) => setTimeout(r, 25));
    }
    // Classified (by the fallback: the evil rule does not match) and the host still answers.
    expect(list.find((x) => x.title.includes('EvilLabel'))).toMatchObject({ severity: 'P2' });
    expect((await call('app:info', {})).ok).toBe(true);
  });

  it("a catastrophic regex in a runbook: matching runbooks to the attacker's alert does not stall the host", async () => {
    mkdirSync(runbookDir, { recursive: true });
    writeFileSync(
      join(runbookDir, 'evil.md'),
      `---\nid: evil-runbook\ntitle: Evil\nowner: attacker\nmatch:\n  - service=~"${EVIL}"\n---\n\n# Evil\n\n## Step 1: Look (1 min)\n\nLook.\n`,
    );
    // Loaded (so it is matched against the alert), not refused as malformed.
    expect(JSON.stringify(await ok('runbooks:set-folder', { folder: runbookDir }))).toContain('evil-runbook');
    const { incidents: list } = await ok<{ incidents: { id: string; title: string }[] }>('incidents:page', {
      limit: 500,
    });
    const inc = list.find((x) => x.title.includes('EvilLabel'))!;
    const view = await ok<{ matches?: { runbook: { id: string } }[] }>('runbook:for-incident', { incidentId: inc.id });
    expect(JSON.stringify(view)).not.toContain('evil-runbook');
  });
});

describe('attack: alert text in Markdown exports', () => {
  it('a post-mortem draft and the shift handoff carry the planted alert text inert: no link, image, HTML or autolink', async () => {
    let list: { id: string; title: string }[] = [];
    for (let i = 0; i < 200 && !list.some((x) => x.title.includes('Fix')); i++) {
      await ok('sources:poll', {});
      list = (await ok<{ incidents: typeof list }>('incidents:page', { limit: 500 })).incidents;
      await new Promise((r) => setTimeout(r, 25));
    }
    const inc = list.find((x) => x.title.includes('Fix'))!;
    const { markdown } = await ok<{ markdown: string }>('postmortem:open', { incidentId: inc.id });
    expect(markdown).toContain('Fix\\[click\\](https\\://evil.example/x)');
    // The body, as a Markdown viewer renders it (the YAML front matter keeps the labels as data).
    const body = markdown.slice(markdown.indexOf('\n---\n', 4) + 5);
    expect(body).toContain('Fix\\[click\\]');
    expect(body).not.toMatch(LIVE);
    const { markdown: handoff } = await ok<{ markdown: string }>('insights:handoff', { hours: 4 });
    expect(handoff).toContain('Fix\\[click\\]');
    expect(handoff).not.toMatch(LIVE);
  });
});

describe('attack: path-like ids', () => {
  it('incident ids ".", "..", "../x", ".hidden" and "a/b" are refused by the contract before any file is touched', async () => {
    for (const id of ['.', '..', '../settings', '.hidden', 'a/b', 'a\\\\b', 'x..y']) {
      for (const [channel, input] of [
        ['incident:ack', { id }],
        ['timeline:list', { incidentId: id }],
        ['postmortem:open', { incidentId: id }],
        ['incident:silence-preview', { id }],
      ] as const) {
        const r = await call(channel, input);
        // Refused by the id schema itself, not later by a lookup that happens to find nothing.
        expect(r, `${channel} ${id}`).toMatchObject({
          ok: false,
          error: expect.stringMatching(
            /^invalid .* request: .*(not starting with a dot|must not contain "\.\."|letters, digits)/,
          ),
        });
      }
    }
  });
});
