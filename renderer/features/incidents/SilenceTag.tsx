import type { Incident } from '../../../shared/domain/incident';
import { clockTime } from '../../components/localTime';
import './silence.css';

/**
 * "silenced until 04:10": the incident's alerts still fire, Alertmanager holds them back. The
 * author and comment come from Alertmanager (untrusted text), so they are shown as text only.
 */
export function SilenceTag({ incident, long = false }: { incident: Incident; long?: boolean }) {
  const s = incident.silence;
  if (!s) return null;
  const short = s.kind === 'inhibition' ? 'inhibited' : s.until ? `silenced until ${clockTime(s.until)}` : 'silenced';
  const detail = [s.by && `by ${s.by}`, s.comment].filter(Boolean).join(': ');
  if (!long) {
    return (
      <span className="silence-tag" data-testid="silence-tag" title={detail || undefined}>
        {short}
      </span>
    );
  }
  return (
    <p className="silence-line" data-testid="silence-line">
      <span className="silence-tag">{short}</span>{' '}
      {s.kind === 'inhibition'
        ? 'Alertmanager inhibits every alert of it because a related alert fires: nobody is notified, the alerts still fire.'
        : `in Alertmanager${detail ? ` ${detail}` : ''}. Nobody is notified until it ends; the alerts still fire, so it is not resolved.`}
    </p>
  );
}
