import { formatDuration } from '../../shared/classify/duration';

/** "14 min" with the absolute local and UTC time on hover. */
export function RelativeTime({ iso, now, suffix = '' }: { iso: string; now: number; suffix?: string }) {
  const t = Date.parse(iso);
  const local = new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  const utc = new Date(t).toISOString().replace('T', ' ').slice(0, 19);
  return (
    <time dateTime={iso} title={`${local} (${utc} UTC)`} className="num">
      {formatDuration(now - t)}
      {suffix}
    </time>
  );
}

export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}
