import { useEffect, useState, type FormEvent } from 'react';
import type { InsightsSettings } from '../../../shared/ipc/insightsContract';
import { useClient } from '../../api/ClientContext';

const DAYS: [number, string][] = [
  [1, 'Mon'],
  [2, 'Tue'],
  [3, 'Wed'],
  [4, 'Thu'],
  [5, 'Fri'],
  [6, 'Sat'],
  [0, 'Sun'],
];

/**
 * Business hours, the rotation size and the time zone: what "outside business hours" and "per
 * engineer" mean in the report. Folded away: set once, then trusted.
 */
export function TeamSettings({ onSaved }: { onSaved: () => void }) {
  const client = useClient();
  const [form, setForm] = useState<InsightsSettings | null>(null);
  const [zone, setZone] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    client.request('insights:settings', {}).then(
      (r) => {
        setForm(r.settings);
        setZone(r.effectiveTimeZone);
      },
      (err: Error) => setStatus({ ok: false, text: `Could not load the team settings: ${err.message}` }),
    );
  }, [client]);

  if (!form) return status ? <p className="result-error">{status.text}</p> : null;
  const hours = form.businessHours;
  const setHours = (patch: Partial<InsightsSettings['businessHours']>) =>
    setForm({ ...form, businessHours: { ...hours, ...patch } });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await client.request('insights:settings-update', form);
      setForm(r.settings);
      setZone(r.effectiveTimeZone);
      setStatus({ ok: true, text: 'Saved: the report is made again with these settings.' });
      onSaved();
    } catch (err) {
      setStatus({ ok: false, text: (err as Error).message });
    }
  };

  return (
    <details className="team-settings">
      <summary>
        Business hours and rotation: {DAYS.filter(([d]) => hours.days.includes(d)).length} days, {hours.start}-
        {hours.end} ({zone}), {form.engineersOnRotation} engineer{form.engineersOnRotation === 1 ? '' : 's'} on the
        rotation
      </summary>
      <form onSubmit={save} aria-label="Business hours and rotation">
        <fieldset>
          <legend>Business hours</legend>
          <label>
            From{' '}
            <input type="time" value={hours.start} required onChange={(e) => setHours({ start: e.target.value })} />
          </label>{' '}
          <label>
            to <input type="time" value={hours.end} required onChange={(e) => setHours({ end: e.target.value })} />
          </label>
          <span className="day-picks">
            {DAYS.map(([d, name]) => (
              <label key={d} className="day-pick">
                <input
                  type="checkbox"
                  checked={hours.days.includes(d)}
                  onChange={(e) =>
                    setHours({ days: e.target.checked ? [...hours.days, d] : hours.days.filter((x) => x !== d) })
                  }
                />
                {name}
              </label>
            ))}
          </span>
        </fieldset>
        <label>
          Engineers on the rotation{' '}
          <input
            type="number"
            min={1}
            max={100}
            value={form.engineersOnRotation}
            onChange={(e) => setForm({ ...form, engineersOnRotation: Math.max(1, Number(e.target.value) || 1) })}
          />
        </label>{' '}
        <label>
          Time zone{' '}
          <input
            type="text"
            placeholder={`this computer's (${zone})`}
            value={form.timeZone ?? ''}
            onChange={(e) => setForm({ ...form, timeZone: e.target.value.trim() ? e.target.value : null })}
          />
        </label>{' '}
        <button type="submit">Save</button>{' '}
        {status && (
          <span role="status" className={status.ok ? 'export-status' : 'result-error'}>
            {status.text}
          </span>
        )}
      </form>
    </details>
  );
}
