import { useEffect, useState, type FormEvent } from 'react';
import { SEVERITIES, type Severity } from '../../../shared/domain/severity';
import type { Preferences } from '../../../shared/ipc/preferencesContract';
import { useClient } from '../../api/ClientContext';
import { useAppStore } from '../../store/appSlice';
import { SeverityMatrixEditor } from './SeverityMatrixEditor';

type Route = 'page' | 'quiet' | 'none';
const ROUTE_WORDS: Record<Route, string> = {
  page: 'page (sound, stays until dismissed)',
  quiet: 'quiet notification',
  none: 'only in Vigil',
};

/** Notifications, history and identity: everything a person tunes once and then trusts. */
export function PreferencesPanel() {
  const client = useClient();
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [canStartAtLogin, setCanStartAtLogin] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    client
      .request('preferences:get', {})
      .then((r) => {
        setPrefs(r.preferences);
        setCanStartAtLogin(r.canStartAtLogin);
      })
      .catch((err: Error) => setStatus({ ok: false, text: `Could not load the settings: ${err.message}` }));
  }, [client]);

  if (!prefs) {
    return (
      <main className="settings-panel" role="status">
        {status?.text ?? 'Loading settings…'}
      </main>
    );
  }
  const n = prefs.notifications;
  const setN = (patch: Partial<Preferences['notifications']>) =>
    setPrefs({ ...prefs, notifications: { ...n, ...patch } });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await client.request('preferences:update', prefs);
      setPrefs(r.preferences);
      setStatus({ ok: true, text: 'Saved.' });
    } catch (err) {
      setStatus({ ok: false, text: (err as Error).message });
    }
  };
  const pause = async (minutes: 0 | 15 | 60) => {
    try {
      const { pausedUntil } = await client.request('notifications:pause', { minutes });
      setN({ pausedUntil });
      setStatus({
        ok: true,
        text: pausedUntil
          ? `Notifications paused until ${new Date(pausedUntil).toLocaleTimeString()} (P0 still pages).`
          : 'Notifications resumed.',
      });
    } catch (err) {
      useAppStore.getState().setError((err as Error).message);
    }
  };
  const paused = n.pausedUntil && Date.parse(n.pausedUntil) > Date.now();

  return (
    <main className="settings-panel">
      <h1>Settings</h1>
      <form onSubmit={save} aria-label="Settings">
        <fieldset>
          <legend>Notifications per severity</legend>
          <table className="settings-table">
            <thead>
              <tr>
                <th>Severity</th>
                <th>Desktop notification</th>
                <th>Remind until acknowledged</th>
              </tr>
            </thead>
            <tbody>
              {SEVERITIES.map((sev: Severity) => (
                <tr key={sev}>
                  <td>
                    <span className={`sev sev-${sev}`}>{sev}</span>
                  </td>
                  <td>
                    <select
                      aria-label={`${sev} notification`}
                      value={n.routing[sev]}
                      onChange={(e) => setN({ routing: { ...n.routing, [sev]: e.target.value as Route } })}
                    >
                      {(['page', 'quiet', 'none'] as Route[])
                        .filter((r) => sev !== 'P0' || r !== 'none')
                        .map((r) => (
                          <option key={r} value={r}>
                            {ROUTE_WORDS[r]}
                          </option>
                        ))}
                    </select>
                  </td>
                  <td>
                    <label className="inline">
                      every
                      <input
                        type="number"
                        min={1}
                        max={1440}
                        aria-label={`${sev} reminder minutes`}
                        value={n.renotifyMinutes[sev] ?? ''}
                        placeholder="off"
                        onChange={(e) =>
                          setN({
                            renotifyMinutes: {
                              ...n.renotifyMinutes,
                              [sev]: e.target.value === '' ? null : Number(e.target.value),
                            },
                          })
                        }
                      />
                      min
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            A P0 always notifies: quiet hours, do-not-disturb and pauses never hold it back.
          </p>
        </fieldset>

        <fieldset>
          <legend>Quiet time</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={n.quietHours.enabled}
              onChange={(e) => setN({ quietHours: { ...n.quietHours, enabled: e.target.checked } })}
            />
            Quiet hours from
            <input
              type="time"
              aria-label="Quiet hours start"
              value={n.quietHours.start}
              onChange={(e) => setN({ quietHours: { ...n.quietHours, start: e.target.value } })}
            />
            to
            <input
              type="time"
              aria-label="Quiet hours end"
              value={n.quietHours.end}
              onChange={(e) => setN({ quietHours: { ...n.quietHours, end: e.target.value } })}
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={n.quietHours.includeP1}
              onChange={(e) => setN({ quietHours: { ...n.quietHours, includeP1: e.target.checked } })}
            />
            Quiet hours and do-not-disturb also hold back P1
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={n.doNotDisturb}
              onChange={(e) => setN({ doNotDisturb: e.target.checked })}
            />
            Do not disturb (P2 and P3)
          </label>
          <div className="form-actions">
            <span>
              {paused ? `Paused until ${new Date(n.pausedUntil!).toLocaleTimeString()}` : 'Pause notifications:'}
            </span>
            <button type="button" onClick={() => pause(15)}>
              15 min
            </button>
            <button type="button" onClick={() => pause(60)}>
              60 min
            </button>
            {paused && (
              <button type="button" onClick={() => pause(0)}>
                Resume
              </button>
            )}
          </div>
          <label className="inline">
            More new incidents than
            <input
              type="number"
              min={1}
              max={100}
              aria-label="Storm threshold"
              value={n.stormThreshold}
              onChange={(e) => setN({ stormThreshold: Number(e.target.value) })}
            />
            in one poll become one summary notification
          </label>
        </fieldset>

        <fieldset>
          <legend>You and your history</legend>
          <label>
            Your name on the timeline
            <input
              value={prefs.displayName}
              maxLength={80}
              onChange={(e) => setPrefs({ ...prefs, displayName: e.target.value })}
            />
          </label>
          <label className="inline">
            Keep resolved incidents for
            <input
              type="number"
              min={1}
              max={3650}
              aria-label="Retention days"
              value={prefs.retentionDays}
              onChange={(e) => setPrefs({ ...prefs, retentionDays: Number(e.target.value) })}
            />
            days (those with a post-mortem are always kept)
          </label>
          <label className="check">
            <input
              type="checkbox"
              disabled={!canStartAtLogin}
              checked={prefs.startAtLogin}
              onChange={(e) => setPrefs({ ...prefs, startAtLogin: e.target.checked })}
            />
            Start Vigil when I log in{!canStartAtLogin && <span className="muted"> (desktop app only)</span>}
          </label>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="primary">
            Save settings
          </button>
          {status && (
            <span role="status" className={status.ok ? 'result-ok' : 'result-error'}>
              {status.text}
            </span>
          )}
        </div>
      </form>
      <SeverityMatrixEditor />
    </main>
  );
}
