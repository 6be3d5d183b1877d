import { formatDuration } from '../../shared/classify/duration';
import { dateTimeMedium } from './localTime';

/** "14 min" with the absolute local and UTC time on hover. */
export function RelativeTime({ iso, now, suffix = '' }: { iso: string; now: number; suffix?: string }) {
  const t = Date.parse(iso);
  const local = dateTimeMedium(t);
  const utc = new Date(t).toISOString().replace('T', ' ').slice(0, 19);
  return (
    <time dateTime={iso} title={`${local} (${utc} UTC)`} className="num">
      {formatDuration(now - t)}
      {suffix}
    </time>
  );
}
