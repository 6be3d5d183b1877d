import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/domain/incident';
import type { EventName } from '../../shared/ipc/contract';
import { parsePostMortemMarkdown } from '../../shared/postmortem/parsePostMortemMarkdown';
import type { ActionItemSuggestion } from '../../shared/runbooks/suggestActionItems';
import { schemaChangeIncident } from '../../shared/timeline/testing/incidentFixtures';
import { UserFacingError } from '../../shared/ipc/callHandler';
import { openIncidentStore } from '../store/incidentStore';
import {
  createPostMortemService,
  decodePostMortem,
  NOT_UTF8_COPY_PREFIX,
  POSTMORTEM_FILE,
  type PostMortemServiceOptions,
} from './postmortemService';
import { createTimelineService } from './timelineService';

const NOW = Date.parse('2026-03-15T09:00:00Z');
const dirs: string[] = [];
const chmodded: string[] = [];
afterEach(() => {
  for (const f of chmodded.splice(0)) chmodSync(f, 0o600);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** Root reads a mode-000 file anyway: the permission test needs an ordinary user. */
const asRoot = process.getuid?.() === 0;

const skipped: ActionItemSuggestion = {
  kind: 'skipped-step',
  runbookId: 'score-drift',
  stepKey: '2',
  reason: 'no deploy in 24 h',
  spentMs: null,
  timeboxMs: null,
  text: 'Step 2 "Compare with last deploy" of runbook "Score drift" was skipped (no deploy in 24 h): remove what stopped it, or change or drop the step',
};

/** Post-mortems over a temp dir, the timeline of seed 002's recorded incident behind them. */
function setup(
  opts: { dataDir?: string; runbookSuggestions?: PostMortemServiceOptions['runbookSuggestions'] | null } = {},
) {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-postmortem-'));
  dirs.push(dataDir);
  const { incident, events } = schemaChangeIncident();
  const incidents = new Map<string, Incident>([[incident.id, incident]]);
  const emitted: { event: EventName; payload: unknown }[] = [];
  const incidentDir = (id: string) => join(dataDir, 'incidents', id);
  let n = 0;
  const timeline = createTimelineService({
    incidentDir,
    incidents: { get: (id) => incidents.get(id), timelineEvents: () => ({ events, problems: [] }) },
    now: () => NOW,
    newId: () => String(++n),
    actor: () => 'ben',
    emit: () => {},
  });
  const service = createPostMortemService({
    incidentDir,
    incidents: { get: (id) => incidents.get(id), ids: async () => [...incidents.keys()] },
    timeline,
    runbookSuggestions: opts.runbookSuggestions === null ? undefined : (opts.runbookSuggestions ?? (() => [skipped])),
    now: () => NOW,
    actor: () => 'ben',
    emit: (event, payload) => emitted.push({ event, payload }),
    log: () => {},
  });
  return {
    service,
    timeline,
    incident,
    incidents,
    emitted,
    dataDir,
    file: join(incidentDir(incident.id), POSTMORTEM_FILE),
  };
}

describe('postmortemService', () => {
  it('drafts from the timeline on first open: starred entries, milestones, metrics, suggestions; saved at once', async () => {
    const a = setup();
    const id = a.incident.id;
    const skippedStep = (await a.timeline.handlers['timeline:list']({ incidentId: id })).entries.find(
      (e) => e.kind === 'runbook-step-skipped',
    )!;
    const view = await a.timeline.handlers['timeline:annotate']({
      incidentId: id,
      annotation: { type: 'note', text: 'the upstream table renamed a column' },
    });
    const note = view.entries.find((e) => e.origin === 'note')!;
    for (const entryId of [note.id, skippedStep.id]) {
      await a.timeline.handlers['timeline:annotate']({
        incidentId: id,
        annotation: { type: 'star', entryId, starred: true },
      });
    }

    const opened = await a.service.handlers['postmortem:open']({ incidentId: id });
    expect(opened).toMatchObject({ incidentId: id, drafted: true, notes: [], problems: [] });
    expect(readFileSync(a.file, 'utf8')).toBe(opened.markdown);
    expect(a.emitted).toEqual([{ event: 'postmortems:changed', payload: { incidentId: id } }]);

    const parsed = parsePostMortemMarkdown(opened.markdown);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const doc = parsed.doc;
    expect(doc).toMatchObject({ incidentId: id, status: 'draft', author: 'ben', severity: 'P1' });
    // Chronological: milestones and the starred entries (the note is stamped "now", the next day).
    expect(doc.timeline.map((t) => [t.at.slice(11, 16), t.milestones.join('+')])).toEqual([
      ['14:22', 'first-symptom'],
      ['14:47', 'detected'],
      ['14:47', 'declared'],
      ['15:02', 'acknowledged'],
      ['15:09', ''],
      ['15:41', 'mitigated'],
      ['15:48', 'resolved'],
      ['09:00', ''],
    ]);
    expect(doc.timeline.at(-1)!.text).toBe('the upstream table renamed a column');
    expect(doc.metrics).toEqual({
      detect: 25 * 60_000,
      acknowledge: 15 * 60_000,
      mitigate: 54 * 60_000,
      resolve: 61 * 60_000,
      duration: 86 * 60_000,
    });
    expect(doc.suggestions).toContainEqual({ section: 'action-items', source: 'runbook', text: skipped.text });
    expect(doc.suggestions.some((s) => s.source === 'evidence' && s.section === 'impact')).toBe(true);
    expect(opened.markdown).toMatch(/^---\nvigil-postmortem: 1\nincident: inc-psi\n/);
  });

  it('says so when it drafts without runbook suggestions', async () => {
    const none = setup({ runbookSuggestions: null });
    const opened = await none.service.handlers['postmortem:open']({ incidentId: none.incident.id });
    expect(opened.notes).toEqual(['Drafted without runbook suggestions: runbooks are not available in this build.']);

    const broken = setup({
      runbookSuggestions: () => {
        throw new Error('runbook.json is unreadable');
      },
    });
    const again = await broken.service.handlers['postmortem:open']({ incidentId: broken.incident.id });
    expect(again.notes).toEqual([
      'Drafted without runbook suggestions: the walkthrough could not be read (runbook.json is unreadable).',
    ]);
    expect(again.drafted).toBe(true);
  });

  it('saves the raw text even when it does not parse, reports problems by line, and reloads it as typed', async () => {
    const a = setup();
    const id = a.incident.id;
    const { markdown } = await a.service.handlers['postmortem:open']({ incidentId: id });
    const broken = markdown.replace('## What went well', 'stray text outside any section\n## What went well');
    // Not a parse error: prose before "What went well" belongs to the previous section. Break the table instead.
    const badRow = broken.replace(
      '| ID | Action | Owner | Due | Category | Status |\n| --- | --- | --- | --- | --- | --- |',
      '| ID | Action | Owner | Due | Category | Status |\n| --- | --- | --- | --- | --- | --- |\n| A1 | add a schema check | data-eng | next week | systemic | open |',
    );
    const saved = await a.service.handlers['postmortem:save']({ incidentId: id, markdown: badRow });
    const line = badRow.split('\n').findIndex((l) => l.startsWith('| A1 ')) + 1;
    expect(saved.problems).toContainEqual({
      line,
      severity: 'error',
      message: '"next week" is not a due day: write it as 2026-03-21, or leave the cell empty',
    });
    expect(readFileSync(a.file, 'utf8')).toBe(badRow);
    // No temp file left behind by the atomic write.
    expect(readdirSync(join(a.dataDir, 'incidents', id)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const b = setup({ dataDir: a.dataDir });
    const reopened = await b.service.handlers['postmortem:open']({ incidentId: id });
    expect(reopened).toMatchObject({ markdown: badRow, drafted: false });
    expect(reopened.problems.map((p) => p.line)).toContain(line);

    const list = await b.service.handlers['postmortems:list']({});
    expect(list).toEqual([
      expect.objectContaining({ incidentId: id, status: null, problem: expect.stringMatching(`^line ${line}: `) }),
    ]);
  });

  it('refuses to save beside an incident it does not know', async () => {
    const a = setup();
    await expect(a.service.handlers['postmortem:save']({ incidentId: 'ghost', markdown: 'x' })).rejects.toThrow(
      'no incident ghost',
    );
    expect(existsSync(join(a.dataDir, 'incidents', 'ghost'))).toBe(false);
  });

  it('lists post-mortems with status and their open action items, overdue first', async () => {
    const a = setup();
    const id = a.incident.id;
    const { markdown } = await a.service.handlers['postmortem:open']({ incidentId: id });
    const withItems = markdown
      .replace('status: draft', 'status: in-review')
      .replace(
        '| --- | --- | --- | --- | --- | --- |',
        [
          '| --- | --- | --- | --- | --- | --- |',
          '| A1 | Add a schema contract check to the feature pipeline | data-eng | 2026-03-10 | systemic | open |',
          '| A2 | Alert on null rate of input features | ml-platform | 2026-04-01 | monitoring | in progress |',
          '| A3 | Redeploy the pipeline | ana | 2026-03-14 | immediate fix | done |',
        ].join('\n'),
      );
    await a.service.handlers['postmortem:save']({ incidentId: id, markdown: withItems });

    const list = await a.service.handlers['postmortems:list']({});
    expect(list).toEqual([
      expect.objectContaining({
        incidentId: id,
        title: 'FraudModelScorePSI',
        severity: 'P1',
        status: 'in-review',
        openActionItems: 2,
        problem: null,
      }),
    ]);
    const { items, unreadable } = await a.service.handlers['postmortems:action-items']({ today: '2026-03-15' });
    expect(unreadable).toEqual([]);
    expect(items.map((i) => [i.id, i.owner, i.due, i.overdue, i.incidentId])).toEqual([
      ['A1', 'data-eng', '2026-03-10', true, id],
      ['A2', 'ml-platform', '2026-04-01', false, id],
    ]);
    expect((await a.service.documents()).map((d) => d.status)).toEqual(['in-review']);
  });

  describe('a post-mortem Vigil cannot read', () => {
    it.skipIf(asRoot)(
      'mode 000 (EACCES) is listed and counted with why and where, refused on open and save, and left as it is (skipped as root, who reads a mode-000 file anyway)',
      async () => {
        const a = setup();
        const id = a.incident.id;
        const { markdown } = await a.service.handlers['postmortem:open']({ incidentId: id });
        chmodSync(a.file, 0o000);
        chmodded.push(a.file);
        const mtime = statSync(a.file).mtimeMs;
        const why = `Vigil cannot read ${a.file}: permission denied (EACCES). Vigil has not changed or moved it.`;

        const list = await a.service.handlers['postmortems:list']({});
        expect(list).toEqual([
          expect.objectContaining({
            incidentId: id,
            title: 'FraudModelScorePSI',
            status: null,
            cannotRead: true,
            problem: expect.stringContaining(why),
          }),
        ]);
        expect(list[0]!.problem).toContain(`chmod u+rw "${a.file}"`);
        const { unreadable } = await a.service.handlers['postmortems:action-items']({ today: '2026-03-15' });
        expect(unreadable).toEqual([
          { incidentId: id, title: 'FraudModelScorePSI', problem: expect.stringContaining(why), cannotRead: true },
        ]);
        const open = a.service.handlers['postmortem:open']({ incidentId: id });
        await expect(open).rejects.toBeInstanceOf(UserFacingError);
        await expect(open).rejects.toThrow(why);
        const save = a.service.handlers['postmortem:save']({ incidentId: id, markdown: 'typed' });
        await expect(save).rejects.toBeInstanceOf(UserFacingError);
        await expect(save).rejects.toThrow(`Could not save the post-mortem: ${why}`);

        // Untouched: same mode, same time, same bytes, nothing beside it.
        expect(statSync(a.file).mode & 0o777).toBe(0);
        expect(statSync(a.file).mtimeMs).toBe(mtime);
        expect(readdirSync(join(a.dataDir, 'incidents', id))).toEqual([POSTMORTEM_FILE]);
        chmodSync(a.file, 0o600);
        expect(readFileSync(a.file, 'utf8')).toBe(markdown);
      },
    );

    it('a folder where the file should be (EISDIR, unreadable even as root) is listed, counted and refused, and kept', async () => {
      const a = setup();
      const id = a.incident.id;
      mkdirSync(a.file, { recursive: true });
      writeFileSync(join(a.file, 'notes.md'), 'mine');
      const why = `Vigil cannot read ${a.file}: it is a folder, not a file (EISDIR). Vigil has not changed or moved it.`;

      expect(await a.service.handlers['postmortems:list']({})).toEqual([
        expect.objectContaining({ incidentId: id, cannotRead: true, problem: why }),
      ]);
      expect((await a.service.handlers['postmortems:action-items']({ today: '2026-03-15' })).unreadable).toEqual([
        { incidentId: id, title: 'FraudModelScorePSI', problem: why, cannotRead: true },
      ]);
      // Not drafted over: opening says why, as words the page shows (not "internal error").
      await expect(a.service.handlers['postmortem:open']({ incidentId: id })).rejects.toThrow(new UserFacingError(why));
      await expect(a.service.handlers['postmortem:save']({ incidentId: id, markdown: 'x' })).rejects.toBeInstanceOf(
        UserFacingError,
      );
      expect(readFileSync(join(a.file, 'notes.md'), 'utf8')).toBe('mine');
      expect(a.emitted).toEqual([]);
    });
  });

  it('lists, opens and saves a post-mortem whose incident.json was quarantined as unreadable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-postmortem-'));
    dirs.push(dataDir);
    const store = openIncidentStore(dataDir, () => new Date(NOW));
    const a = setup({ dataDir });
    store.save(a.incident);
    const { markdown } = await a.service.handlers['postmortem:open']({ incidentId: a.incident.id });
    const incidentFile = join(store.dirOf(a.incident.id), 'incident.json');
    writeFileSync(incidentFile, readFileSync(incidentFile, 'utf8').slice(0, 100));
    // At start the store keeps the torn file aside: the incident is known no more.
    expect(store.loadAll()).toMatchObject({ incidents: [], problems: [expect.stringContaining('kept as')] });

    const service = createPostMortemService({
      incidentDir: (id) => store.dirOf(id),
      incidents: { get: () => undefined, ids: () => store.idsOnDisk() },
      timeline: a.timeline,
      now: () => NOW,
      actor: () => 'ben',
      emit: () => {},
      log: () => {},
    });
    expect(await service.handlers['postmortems:list']({})).toEqual([
      expect.objectContaining({
        incidentId: a.incident.id,
        title: 'FraudModelScorePSI',
        severity: 'P1',
        problem: null,
        cannotRead: false,
      }),
    ]);
    expect(await service.handlers['postmortem:open']({ incidentId: a.incident.id })).toMatchObject({
      markdown,
      drafted: false,
    });
    const edited = markdown.replace('status: draft', 'status: in-review');
    await service.handlers['postmortem:save']({ incidentId: a.incident.id, markdown: edited });
    expect(readFileSync(a.file, 'utf8')).toBe(edited);
    expect((await service.documents()).map((d) => d.status)).toEqual(['in-review']);
  });

  describe('a post-mortem that is not UTF-8', () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');

    it('opens read as Windows-1252 where it is not UTF-8, keeps the original bytes beside it once, and says where', async () => {
      const a = setup();
      const id = a.incident.id;
      const { markdown } = await a.service.handlers['postmortem:open']({ incidentId: id });
      // Vigil's UTF-8 draft, a UTF-8 line, then a line from a Latin-1 editor (é = 0xE9, € = 0x80 in Windows-1252).
      const original = Buffer.concat([
        Buffer.from(`${markdown}\nOwner: Jürgen — data\n`),
        latin1('Root cause: Caf\xe9 r\xe9seau latency, '),
        Buffer.from([0x80]),
        latin1('40k lost\n'),
      ]);
      writeFileSync(a.file, original);
      const line = markdown.split('\n').length + 2;

      const opened = await a.service.handlers['postmortem:open']({ incidentId: id });
      expect(opened.markdown).toBe(`${markdown}\nOwner: Jürgen — data\nRoot cause: Café réseau latency, €40k lost\n`);
      const copy = join(a.dataDir, 'incidents', id, `${NOT_UTF8_COPY_PREFIX}2026-03-15T09-00-00-000Z`);
      expect(opened.notes).toEqual([
        `This post-mortem is not valid UTF-8 (3 bytes, the first on line ${line}; another editor may have saved it as Latin-1): Vigil read each of them as Windows-1252 (Latin-1), so check accented letters and symbols. The original bytes are kept, unchanged, in ${copy}; saving writes the post-mortem as UTF-8.`,
      ]);
      expect(readFileSync(copy).equals(original)).toBe(true);
      // Opening again keeps no second copy.
      expect((await a.service.handlers['postmortem:open']({ incidentId: id })).notes[0]).toContain(copy);

      const typed = `${opened.markdown}x`;
      await a.service.handlers['postmortem:save']({ incidentId: id, markdown: typed });
      expect(readFileSync(a.file, 'utf8')).toBe(typed);
      expect(readFileSync(copy).equals(original)).toBe(true);
      const files = () => readdirSync(join(a.dataDir, 'incidents', id)).sort();
      expect(files()).toEqual([POSTMORTEM_FILE, `${NOT_UTF8_COPY_PREFIX}2026-03-15T09-00-00-000Z`]);
      expect((await a.service.handlers['postmortem:open']({ incidentId: id })).notes).toEqual([]);
    });

    it('a save keeps the original bytes first even without an open, and never over another file', async () => {
      const a = setup();
      const id = a.incident.id;
      const { markdown } = await a.service.handlers['postmortem:open']({ incidentId: id });
      const original = Buffer.concat([Buffer.from(markdown), latin1('\nNa\xefve retry\n')]);
      writeFileSync(a.file, original);
      // A file of the person's already has the name the copy would take.
      const taken = join(a.dataDir, 'incidents', id, `${NOT_UTF8_COPY_PREFIX}2026-03-15T09-00-00-000Z`);
      writeFileSync(taken, 'something else');

      await a.service.handlers['postmortem:save']({ incidentId: id, markdown: 'rewritten' });
      expect(readFileSync(a.file, 'utf8')).toBe('rewritten');
      expect(readFileSync(taken, 'utf8')).toBe('something else');
      expect(readFileSync(`${taken}-2`).equals(original)).toBe(true);
    });

    it('decodes UTF-8 as UTF-8 (a byte-order mark kept) and counts the bytes that are not', () => {
      expect(decodePostMortem(Buffer.from('\ufeffCafé\n'))).toEqual({ text: '\ufeffCafé\n', notUtf8: null });
      // A UTF-8 sequence cut short, an overlong one, a surrogate: each byte read on its own.
      expect(decodePostMortem(Buffer.from([0x61, 0x0a, 0xe2, 0x82, 0x0a, 0xc0, 0xaf, 0xed, 0xa0, 0x80]))).toEqual({
        text: 'a\nâ‚\nÀ¯í\u00a0€',
        notUtf8: { bytes: 7, firstLine: 2 },
      });
    });
  });
});
