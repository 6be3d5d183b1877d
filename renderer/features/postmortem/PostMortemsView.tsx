import { useEffect, useState } from 'react';
import type { OpenActionItemView, PostMortemSummary } from '../../../shared/ipc/postmortemContract';
import { CATEGORY_WORDS, STATUS_WORDS } from '../../../shared/postmortem/postMortemMarkdownFormat';
import { useClient } from '../../api/ClientContext';
import { SeverityBadge } from '../../components/SeverityBadge';
import { usePostMortemStore } from '../../store/postmortemSlice';
import { openPostMortem } from './postmortemActions';
import { STATUS_LABEL } from './postMortemStatus';

interface Loaded {
  list: PostMortemSummary[];
  items: OpenActionItemView[];
  unreadable: { incidentId: string; title: string; problem: string; cannotRead: boolean }[];
}

/** "Due by" is a day where the owner is: the person's local calendar day. */
function localToday(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Every post-mortem with its status, and the action items still open across all of them. */
export function PostMortemsView() {
  const client = useClient();
  const revision = usePostMortemStore((s) => s.revision);
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([
      client.request('postmortems:list', {}),
      client.request('postmortems:action-items', { today: localToday() }),
    ])
      .then(([list, actions]) => live && setData({ list, items: actions.items, unreadable: actions.unreadable }))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [client, revision]);

  return (
    <main className="pm-lists" aria-label="Post-mortems">
      <h1>Post-mortems</h1>
      {error && <p className="result-error">Could not list the post-mortems: {error}</p>}
      {!data && !error && <p className="muted">Loading…</p>}
      {data && data.list.length === 0 && (
        <p className="muted">
          No post-mortem yet. Open an incident and choose “Write post-mortem” (or press <kbd>p</kbd>): it is drafted
          from the incident’s timeline.
        </p>
      )}
      {data && data.list.length > 0 && (
        <table className="sources-table pm-table" aria-label="All post-mortems">
          <thead>
            <tr>
              <th>Incident</th>
              <th>Status</th>
              <th>Open actions</th>
              <th>Saved</th>
            </tr>
          </thead>
          <tbody>
            {data.list.map((p) => (
              <tr key={p.incidentId} data-testid="postmortem-row">
                <td>
                  {p.severity && <SeverityBadge severity={p.severity} />}{' '}
                  <button type="button" className="link-button" onClick={() => openPostMortem(p.incidentId)}>
                    {p.title}
                  </button>
                  {p.problem && (
                    <div className="small result-error">
                      {p.cannotRead ? p.problem : `Does not parse yet: ${p.problem}`}
                    </div>
                  )}
                </td>
                <td>
                  {p.status ? (
                    <span className={`pm-status-pill pm-status-${p.status}`}>{STATUS_LABEL[p.status]}</span>
                  ) : (
                    <span className="muted">unknown</span>
                  )}
                </td>
                <td className="num">{p.openActionItems}</td>
                <td className="num" title={p.savedAt}>
                  {new Date(p.savedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="open-action-items">Open action items</h2>
      {data && data.items.length === 0 && (
        <p className="muted">None open. Action items come from the post-mortems’ “Action items” tables.</p>
      )}
      {data && data.items.length > 0 && (
        <table className="sources-table pm-table" aria-labelledby="open-action-items">
          <thead>
            <tr>
              <th>Action</th>
              <th>Owner</th>
              <th>Due</th>
              <th>Kind</th>
              <th>Status</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((a) => (
              <tr
                key={`${a.incidentId}/${a.id}`}
                className={a.overdue ? 'pm-overdue' : undefined}
                data-testid="action-item-row"
                data-overdue={a.overdue || undefined}
              >
                <td>
                  <span className="muted num">{a.id}</span> {a.what}
                </td>
                <td>{a.owner ?? <span className="muted">nobody yet</span>}</td>
                <td className="num pm-due">
                  {a.due ?? <span className="muted">no date</span>}
                  {a.overdue && <span className="pm-overdue-tag"> overdue</span>}
                </td>
                <td>{CATEGORY_WORDS[a.category]}</td>
                <td>{STATUS_WORDS[a.status]}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => openPostMortem(a.incidentId)}>
                    {a.from}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data?.unreadable.map((u) => (
        <p key={u.incidentId} className="small result-error">
          {u.cannotRead
            ? `The action items of “${u.title}” are not counted: ${u.problem}`
            : `The action items of “${u.title}” cannot be read until its post-mortem parses (${u.problem}).`}
        </p>
      ))}
    </main>
  );
}
