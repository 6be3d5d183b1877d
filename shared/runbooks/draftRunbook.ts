import type { SignalForLinking } from './matchRunbooks';
import { isSafeHref } from './parseInline';

/**
 * A starting point for "no runbook for this alert": a file that parses, matches the alert by
 * name, and carries what the alert already says (summary, description, links) for the author
 * to turn into real steps. The alert's text goes into a fenced block so nothing in it (headings,
 * arrows, fences) can change the structure of the draft.
 */
export function draftRunbook(signal: SignalForLinking): string {
  const alertname = signal.labels.alertname ?? signal.name;
  const summary = oneLine(signal.annotations.summary ?? '') || alertname;
  const owner = oneLine(signal.labels.team ?? '') || 'unassigned';
  const id = toId(alertname);
  const matcher = `alertname="${alertname.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  const links = ['runbook_url', 'runbook', 'dashboard']
    .map((k) => signal.annotations[k]?.trim() ?? '')
    .filter((u) => isSafeHref(u));
  const quote = (text: string) => {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return [`${fence}text`, text, fence].join('\n');
  };
  const lines = [
    '---',
    `id: ${id}`,
    `title: ${JSON.stringify(summary)}`,
    'match:',
    `  - ${JSON.stringify(matcher)}`,
    `owner: ${JSON.stringify(owner)}`,
    'timebox: 30m',
    '---',
    '',
    `# ${summary}`,
    '',
    'Drafted by Vigil from the alert. What the alert says:',
    '',
    quote(
      [`alert: ${alertname}`, ...Object.entries(signal.annotations).map(([k, v]) => `${k}: ${v}`)]
        .join('\n')
        .replace(/\r/g, ''),
    ),
    '',
    '## Step 1: Confirm the alert and its impact (5 min)',
    '',
    ...links.map((href) => `- [ ] Open ${href}`),
    '- [ ] Check the dashboard for the affected service',
    '',
    '```promql firing instances of this alert',
    `count(ALERTS{alertname="${alertname.replace(/[\\"]/g, (c) => `\\${c}`)}", alertstate="firing"})`,
    '```',
    '',
    '## Step 2: Mitigate (15 min)',
    '',
    '- [ ] Write the first thing to try here',
    '',
    '## Escalation',
    '',
    `- [ ] Page the ${owner} on-call lead with what you ruled out`,
    '',
  ];
  return lines.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function toId(name: string): string {
  const dashed = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return dashed || 'new-runbook';
}
