import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Incident } from '../../shared/domain/incident';
import { UserFacingError } from '../../shared/ipc/callHandler';
import type { EventName, EventPayload, RequestHandlers } from '../../shared/ipc/contract';
import type { PostMortemSummary } from '../../shared/ipc/postmortemContract';
import { draftPostMortem } from '../../shared/postmortem/draftPostMortem';
import { exportPostMortemMarkdown } from '../../shared/postmortem/exportPostMortemMarkdown';
import { openActionItems } from '../../shared/postmortem/openActionItems';
import {
  parsePostMortemMarkdown,
  type MarkdownProblem,
  type ParsePostMortemResult,
} from '../../shared/postmortem/parsePostMortemMarkdown';
import type { PostMortem } from '../../shared/postmortem/postMortemModel';
import type { ActionItemSuggestion } from '../../shared/runbooks/suggestActionItems';
import type { TimelineView } from '../../shared/timeline/buildTimeline';
import { incidentMetrics } from '../../shared/timeline/incidentMetrics';
import { writeFileAtomic } from '../store/atomicFile';
import {
  keepOriginalPostMortemBytes,
  POSTMORTEM_FILE,
  readStored,
  whyNot,
  type DecodedPostMortem,
} from '../store/postmortemFile';

export type PostMortemHandlers = Pick<
  RequestHandlers,
  'postmortem:open' | 'postmortem:save' | 'postmortems:list' | 'postmortems:action-items'
>;

export interface PostMortemServiceOptions {
  /** The incident's directory (incidentStore.dirOf): postmortem.md lives there. */
  incidentDir: (incidentId: string) => string;
  incidents: {
    get(id: string): Incident | undefined;
    /**
     * Every incident folder on disk (incidentStore.idsOnDisk): a post-mortem is listed whatever
     * happened to its incident.json (quarantined as unreadable, left memory). Retention never
     * removes a folder with a post-mortem.
     */
    ids(): Promise<string[]>;
  };
  timeline: { view(incidentId: string): TimelineView };
  /**
   * Action items the incident's runbook walkthroughs suggest (skipped and overrun steps). Absent
   * when runbooks are not wired: the draft is then made without them and says so.
   */
  runbookSuggestions?: (incidentId: string) => ActionItemSuggestion[];
  now: () => number;
  /** The author of a new draft (the display name in settings). */
  actor: () => string;
  emit: <K extends EventName>(event: K, payload: EventPayload<K>) => void;
  log: (message: string) => void;
}

export interface PostMortemService {
  handlers: PostMortemHandlers;
  /** Every post-mortem that parses, for the shift handoff and the insights (action items). */
  documents(): Promise<PostMortem[]>;
}

export { POSTMORTEM_FILE, NOT_UTF8_COPY_PREFIX, decodePostMortem } from '../store/postmortemFile';
/**
 * The parser promises never to throw; should it still (a bug), the text is saved anyway and the
 * person is told, instead of a save failing because of the checking.
 */
function check(markdown: string): ParsePostMortemResult {
  try {
    return parsePostMortemMarkdown(markdown);
  } catch (err) {
    const message = `Vigil could not check this text (${(err as Error).message}); it is saved as typed`;
    return { ok: false, problems: [{ line: 1, severity: 'error', message }] };
  }
}

/**
 * Post-mortems on disk, one Markdown file per incident (`incidents/<id>/postmortem.md`), which is
 * what the person edits: the text is saved exactly as typed, atomically (temp file, fsync,
 * rename), even while it does not parse, so nothing typed is ever refused or lost to a crash
 * mid-write. Nothing here needs a source: it all works with every source unreachable.
 *
 * A file Vigil cannot read (permissions...) is listed with the reason and its path, refused on
 * open and save with both, and never changed or moved. A file that is not UTF-8 (saved by a
 * Latin-1 editor) opens read as Windows-1252 where it is not UTF-8; its original bytes are copied
 * beside it (`postmortem.md.not-utf8-<time>`, never deleted) before a save rewrites it as UTF-8.
 */
export function createPostMortemService(opts: PostMortemServiceOptions): PostMortemService {
  const fileOf = (incidentId: string) => join(opts.incidentDir(incidentId), POSTMORTEM_FILE);
  const savedAtOf = (path: string) => statSync(path).mtime.toISOString();
  /** For a file that cannot be read: its time, else its folder's, else none (the epoch). */
  const lastChangedOf = (path: string) => {
    for (const p of [path, dirname(path)]) {
      try {
        return savedAtOf(p);
      } catch {
        // The next one.
      }
    }
    return new Date(0).toISOString();
  };
  const problemsOf = (parsed: ParsePostMortemResult): MarkdownProblem[] =>
    parsed.ok ? parsed.warnings : parsed.problems;

  const write = (incidentId: string, markdown: string) => {
    mkdirSync(opts.incidentDir(incidentId), { recursive: true, mode: 0o700 });
    try {
      writeFileAtomic(fileOf(incidentId), markdown);
    } catch (err) {
      throw new UserFacingError(
        `Could not save the post-mortem (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): your text is still in the editor. Check free disk space; Vigil keeps trying.`,
      );
    }
  };

  const draft = (incident: Incident): { markdown: string; notes: string[] } => {
    const view = opts.timeline.view(incident.id);
    const notes: string[] = [];
    let suggestions: ActionItemSuggestion[] = [];
    if (!opts.runbookSuggestions) {
      notes.push('Drafted without runbook suggestions: runbooks are not available in this build.');
    } else {
      try {
        suggestions = opts.runbookSuggestions(incident.id);
      } catch (err) {
        notes.push(
          `Drafted without runbook suggestions: the walkthrough could not be read (${(err as Error).message}).`,
        );
      }
    }
    const doc = draftPostMortem(incident, view, incidentMetrics(view.milestones), suggestions, opts.now(), {
      author: opts.actor(),
    });
    return { markdown: exportPostMortemMarkdown(doc), notes };
  };

  const keepOriginalBytes = (path: string, bytes: Buffer) =>
    keepOriginalPostMortemBytes(path, bytes, opts.now(), opts.log);

  /** What the person is told on opening a post-mortem that is not UTF-8. */
  const notUtf8Note = (path: string, bytes: Buffer, notUtf8: NonNullable<DecodedPostMortem['notUtf8']>) => {
    const what =
      `This post-mortem is not valid UTF-8 (${notUtf8.bytes} byte${notUtf8.bytes === 1 ? '' : 's'}, ` +
      `the first on line ${notUtf8.firstLine}; another editor may have saved it as Latin-1): Vigil read ` +
      `${notUtf8.bytes === 1 ? 'it' : 'each of them'} as Windows-1252 (Latin-1), so check accented letters and symbols.`;
    try {
      const copy = keepOriginalBytes(path, bytes);
      return `${what} The original bytes are kept, unchanged, in ${copy}; saving writes the post-mortem as UTF-8.`;
    } catch (err) {
      return `${what} Vigil could not keep a copy of the original bytes (${whyNot(err)}), so it will not save over them until it can: free disk space or fix the folder's permissions.`;
    }
  };

  type Stored = { incidentId: string; path: string; savedAt: string } & (
    { ok: true; parsed: ParsePostMortemResult } | { ok: false; problem: string }
  );

  /**
   * Each stored post-mortem with its parse. One that cannot be read is listed with the reason in
   * words, never skipped, and never touched.
   */
  const readAll = async (): Promise<Stored[]> => {
    let ids: string[];
    try {
      ids = [...new Set(await opts.incidents.ids())];
    } catch (err) {
      throw new UserFacingError(`Could not list the incident folders to find the post-mortems: ${whyNot(err)}.`);
    }
    const out: Stored[] = [];
    for (const incidentId of ids) {
      const path = fileOf(incidentId);
      const r = readStored(path);
      if (r.kind === 'missing') continue;
      if (r.kind === 'unreadable') {
        opts.log(r.problem);
        out.push({ incidentId, path, savedAt: lastChangedOf(path), ok: false, problem: r.problem });
        continue;
      }
      out.push({ incidentId, path, savedAt: lastChangedOf(path), ok: true, parsed: check(r.decoded.text) });
    }
    return out;
  };

  const firstError = (parsed: ParsePostMortemResult): string | null => {
    if (parsed.ok) return null;
    const p = parsed.problems[0];
    return p ? `line ${p.line}: ${p.message}` : 'it does not read as a post-mortem';
  };

  const handlers: PostMortemHandlers = {
    'postmortem:open': async ({ incidentId }) => {
      const path = fileOf(incidentId);
      const stored = readStored(path);
      // Never drafted over, moved or changed: the person is told where it is and why it cannot be read.
      if (stored.kind === 'unreadable') throw new UserFacingError(stored.problem);
      if (stored.kind === 'ok') {
        const { text: markdown, notUtf8 } = stored.decoded;
        return {
          incidentId,
          markdown,
          savedAt: savedAtOf(path),
          drafted: false,
          notes: notUtf8 ? [notUtf8Note(path, stored.bytes, notUtf8)] : [],
          problems: problemsOf(check(markdown)),
        };
      }
      const incident = opts.incidents.get(incidentId);
      if (!incident) throw new UserFacingError(`no incident ${incidentId}`);
      const { markdown, notes } = draft(incident);
      // Saved at once: the draft is the person's document from now on, listed with the others.
      write(incidentId, markdown);
      opts.emit('postmortems:changed', { incidentId });
      return {
        incidentId,
        markdown,
        savedAt: savedAtOf(path),
        drafted: true,
        notes,
        problems: problemsOf(check(markdown)),
      };
    },
    'postmortem:save': async ({ incidentId, markdown }) => {
      const path = fileOf(incidentId);
      const stored = readStored(path);
      // A request may only write beside an incident Vigil knows, or over a post-mortem on disk
      // whatever happened to its incident.json (never create stray folders).
      if (stored.kind === 'missing' && !opts.incidents.get(incidentId)) {
        throw new UserFacingError(`no incident ${incidentId}`);
      }
      // A file Vigil cannot read is not replaced: it may hold what the editor never saw.
      if (stored.kind === 'unreadable') {
        throw new UserFacingError(
          `Could not save the post-mortem: ${stored.problem} Your text is still in the editor.`,
        );
      }
      if (stored.kind === 'ok' && stored.decoded.notUtf8) {
        // Its original bytes are kept beside it (on open already, as a rule) before the save replaces them.
        try {
          keepOriginalBytes(path, stored.bytes);
        } catch (err) {
          throw new UserFacingError(
            `Could not save the post-mortem: ${path} is not UTF-8 and Vigil could not keep a copy of its original bytes first (${whyNot(err)}), so it leaves them as they are. Your text is still in the editor; free disk space or fix the folder's permissions.`,
          );
        }
      }
      const unchanged = stored.kind === 'ok' && !stored.decoded.notUtf8 && stored.decoded.text === markdown;
      if (!unchanged) {
        write(incidentId, markdown);
        opts.emit('postmortems:changed', { incidentId });
      }
      return { savedAt: savedAtOf(path), problems: problemsOf(check(markdown)) };
    },
    'postmortems:list': async () => {
      const list: PostMortemSummary[] = (await readAll()).map((p) => {
        const incident = opts.incidents.get(p.incidentId);
        const doc = p.ok && p.parsed.ok ? p.parsed.doc : null;
        return {
          incidentId: p.incidentId,
          title: doc?.title ?? incident?.title ?? p.incidentId,
          severity: doc?.severity ?? incident?.severity ?? null,
          status: doc?.status ?? null,
          savedAt: p.savedAt,
          openActionItems: doc
            ? doc.actionItems.filter((a) => a.status === 'open' || a.status === 'in-progress').length
            : 0,
          problem: p.ok ? firstError(p.parsed) : p.problem,
          cannotRead: !p.ok,
        };
      });
      return list.sort((a, b) => b.savedAt.localeCompare(a.savedAt) || a.incidentId.localeCompare(b.incidentId));
    },
    'postmortems:action-items': async ({ today }) => {
      const all = await readAll();
      const docs = all.flatMap((p) => (p.ok && p.parsed.ok ? [p.parsed.doc] : []));
      const unreadable = all.flatMap((p) =>
        p.ok && p.parsed.ok
          ? []
          : [
              {
                incidentId: p.incidentId,
                title: opts.incidents.get(p.incidentId)?.title ?? p.incidentId,
                problem: p.ok ? firstError(p.parsed)! : p.problem,
                cannotRead: !p.ok,
              },
            ],
      );
      return { items: openActionItems(docs, today), unreadable };
    },
  };

  return {
    handlers,
    documents: async () => (await readAll()).flatMap((p) => (p.ok && p.parsed.ok ? [p.parsed.doc] : [])),
  };
}
