import type { Incident } from '../../../shared/domain/incident';
import { whoIsOnIt, type Acknowledger } from '../../../shared/incidents/whoIsOnIt';
import { RelativeTime } from '../../components/RelativeTime';
import './people.css';

const VIA: Record<Acknowledger['via'], string> = {
  vigil: 'in this Vigil',
  alertmanager: "through Alertmanager (a teammate's ack silence)",
  pagerduty: 'in PagerDuty',
};

/**
 * Who is on the incident, in the detail: acknowledged by whom and through what, PagerDuty's
 * assignees, the latest note's author and age. Every name is a teammate's typed text: shown as text.
 */
export function PeopleLine({ incident, now }: { incident: Incident; now: number }) {
  const people = whoIsOnIt(incident);
  if (!people.acknowledged.length && !people.assigned.length && !people.lastNote) return null;
  return (
    <p className="people-line" data-testid="people-on-it">
      {people.acknowledged.length > 0 && (
        <span className="people-part">
          acknowledged by{' '}
          {people.acknowledged.map((a, i) => (
            <span key={`${a.via}-${a.name}`} className="person" title={VIA[a.via]}>
              {i > 0 ? ', ' : ''}
              {a.name}
            </span>
          ))}
        </span>
      )}
      {people.assigned.length > 0 && <span className="people-part">assigned to {people.assigned.join(', ')}</span>}
      {people.lastNote && (
        <span className="people-part">
          last note by <span className="person">{people.lastNote.author}</span>,{' '}
          <RelativeTime iso={people.lastNote.at} now={now} suffix=" ago" />
        </span>
      )}
    </p>
  );
}

/** The same, one short piece for the list row: who acknowledged it, and the latest note's author and age. */
export function RowPeople({ incident, now }: { incident: Incident; now: number }) {
  const people = whoIsOnIt(incident);
  const names = people.acknowledged.map((a) => a.name);
  const who = names.length ? names.join(', ') : people.assigned.join(', ');
  if (!who && !people.lastNote) return null;
  const title = [
    names.length ? `acknowledged by ${names.join(', ')}` : '',
    people.assigned.length ? `assigned to ${people.assigned.join(', ')}` : '',
    people.lastNote ? `last note by ${people.lastNote.author}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return (
    <span className="row-people" title={title} data-testid="row-people">
      {who && <span className="row-people-who">{names.length ? `ack ${who}` : who}</span>}
      {people.lastNote && (
        <span className="row-people-note">
          {' '}
          ✎ {people.lastNote.author} <RelativeTime iso={people.lastNote.at} now={now} />
        </span>
      )}
    </span>
  );
}
