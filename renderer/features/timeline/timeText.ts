/** The hover text of a time: local date and time, and UTC, which a post-mortem quotes. */
export function fullTime(iso: string): string {
  return `${new Date(iso).toLocaleString()} (${iso.slice(0, 19).replace('T', ' ')} UTC)`;
}

/** The value of an `<input type="datetime-local" step="1">` for a time, in local time. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Back from the input (local time, with or without seconds) to UTC ISO; null if not a time. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
