import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

export type PostMortemHandlers = Pick<
  RequestHandlers,
  'postmortem:open' | 'postmortem:save' | 'postmortems:list' | 'postmortems:action-items'
>;

export interface PostMortemServiceOptions {
  /** The incident's directory (incidentStore.dirOf): postmortem.md lives there. */
  incidentDir: (incidentId: string) => string;
  incidents: {
    get(id: string): Incident | undefined;
    /** Every incident Vigil keeps (retention never removes one with a post-mortem). */
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

export const POSTMORTEM_FILE = 'postmortem.md';

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
 */
export function createPostMortemService(opts: PostMortemServiceOptions): PostMortemService {
  const fileOf = (incidentId: string) => join(opts.incidentDir(incidentId), POSTMORTEM_FILE);
  const savedAtOf = (path: string) => statSync(path).mtime.toISOString();
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

  /** Each stored post-mortem with its parse; unreadable files are logged and skipped. */
  const readAll = async () => {
    const out: { incidentId: string; path: string; markdown: string; parsed: ParsePostMortemResult }[] = [];
    for (const incidentId of await opts.incidents.ids()) {
      const path = fileOf(incidentId);
      if (!existsSync(path)) continue;
      try {
        const markdown = readFileSync(path, 'utf8');
        out.push({ incidentId, path, markdown, parsed: check(markdown) });
      } catch (err) {
        opts.log(`could not read ${path}: ${(err as Error).message}`);
      }
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
      if (existsSync(path)) {
        const markdown = readFileSync(path, 'utf8');
        return {
          incidentId,
          markdown,
          savedAt: savedAtOf(path),
          drafted: false,
          notes: [],
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
      // A request may only write beside an incident Vigil knows (never create stray folders).
      if (!opts.incidents.get(incidentId) && !existsSync(path)) throw new UserFacingError(`no incident ${incidentId}`);
      const unchanged = existsSync(path) && readFileSync(path, 'utf8') === markdown;
      if (!unchanged) {
        write(incidentId, markdown);
        opts.emit('postmortems:changed', { incidentId });
      }
      return { savedAt: savedAtOf(path), problems: problemsOf(check(markdown)) };
    },
    'postmortems:list': async () => {
      const list: PostMortemSummary[] = (await readAll()).map(({ incidentId, path, parsed }) => {
        const incident = opts.incidents.get(incidentId);
        const doc = parsed.ok ? parsed.doc : null;
        return {
          incidentId,
          title: doc?.title ?? incident?.title ?? incidentId,
          severity: doc?.severity ?? incident?.severity ?? null,
          status: doc?.status ?? null,
          savedAt: savedAtOf(path),
          openActionItems: doc
            ? doc.actionItems.filter((a) => a.status === 'open' || a.status === 'in-progress').length
            : 0,
          problem: firstError(parsed),
        };
      });
      return list.sort((a, b) => b.savedAt.localeCompare(a.savedAt) || a.incidentId.localeCompare(b.incidentId));
    },
    'postmortems:action-items': async ({ today }) => {
      const all = await readAll();
      const docs = all.flatMap((p) => (p.parsed.ok ? [p.parsed.doc] : []));
      const unreadable = all.flatMap(({ incidentId, parsed }) =>
        parsed.ok
          ? []
          : [{ incidentId, title: opts.incidents.get(incidentId)?.title ?? incidentId, problem: firstError(parsed)! }],
      );
      return { items: openActionItems(docs, today), unreadable };
    },
  };

  return {
    handlers,
    documents: async () => (await readAll()).flatMap((p) => (p.parsed.ok ? [p.parsed.doc] : [])),
  };
}
