import { formatDuration, parseDuration } from './duration';
import { roundForText } from './formatValue';
import type { ComparisonOp, ExpressionReading, ValueReading } from './readExpression';

/**
 * An alert's value in its own unit, for reasons a person reads at 3 a.m.:
 * "12 rule evaluation failures in 3 min", "7.2% http requests (status=~"5..")", "p99 1.2 s",
 * "target 10.0.0.7:9100 of node down". Nothing here is ever a percentage of a count.
 */
export function describeValue(
  reading: ValueReading,
  value: number | null,
  labels: Readonly<Record<string, string>>,
): string {
  const what = reading.what ?? 'value';
  const filtered = reading.filter ? `${what} (${reading.filter})` : what;
  if (reading.kind === 'availability') return availabilityText(reading, labels);
  if (value === null) return `${filtered} (the source reports no value)`;
  switch (reading.kind) {
    case 'ratio':
      return `${percentText(value * 100)} ${filtered}${ofText(reading)}`;
    case 'percent':
      return `${percentText(value)} ${filtered}${ofText(reading)}`;
    case 'count': {
      const n = roundForText(value * reading.scale);
      const window = windowText(reading.window);
      return window ? `${n} ${what}${reading.filter ? ` (${reading.filter})` : ''} in ${window}` : `${n} ${filtered}`;
    }
    case 'rate': {
      const v = value * reading.scale;
      // A rate of a bytes counter reads as throughput.
      if (what.endsWith(' bytes')) return `${what.slice(0, -6)} ${bytesText(v)}/s`;
      return `${roundForText(v)}/s ${filtered}`;
    }
    case 'seconds': {
      const q = reading.quantile === null ? '' : `${quantileText(reading.quantile)} `;
      return `${q}${what} ${secondsText(value * reading.scale)}`;
    }
    case 'bytes':
      return `${what} ${bytesText(value * reading.scale)}`;
    default:
      return `${filtered} ${roundForText(value)} (unit not known)`;
  }
}

/** The rule's own threshold in the same unit: "> 5%", "> 0 in 3 min", "< 10%". */
export function describeThreshold(reading: ValueReading, comparison: ExpressionReading['comparison']): string | null {
  if (!comparison || comparison.threshold === null) return null;
  const t = comparison.threshold;
  const op = comparison.op;
  switch (reading.kind) {
    case 'ratio':
      return `${op} ${percentText(t * 100)}`;
    case 'percent':
      return `${op} ${percentText(t)}`;
    case 'seconds':
      return `${op} ${secondsText(t * reading.scale)}`;
    case 'bytes':
      return `${op} ${bytesText(t * reading.scale)}`;
    case 'rate':
      return reading.what?.endsWith(' bytes')
        ? `${op} ${bytesText(t * reading.scale)}/s`
        : `${op} ${roundForText(t * reading.scale)}/s`;
    case 'count':
      return `${op} ${roundForText(t * reading.scale)}`;
    case 'availability':
      return null;
    default:
      return `${op} ${roundForText(t)}`;
  }
}

/** A value just past the threshold (for previews): what the alert carries when it first fires. */
export function justPast(op: ComparisonOp, threshold: number, whole = false): number {
  if (whole && (op === '>' || op === '<')) return op === '>' ? Math.floor(threshold) + 1 : Math.ceil(threshold) - 1;
  const step = Math.max(Math.abs(threshold) * 0.001, 1e-6);
  switch (op) {
    case '>':
      return threshold + step;
    case '<':
      return threshold - step;
    case '!=':
      return threshold + 1;
    default:
      return threshold;
  }
}

function ofText(reading: ValueReading): string {
  if (!reading.of || reading.of === reading.what || reading.filter) return '';
  return ` of ${reading.of}`;
}

function availabilityText(reading: ValueReading, labels: Readonly<Record<string, string>>): string {
  const job = labels.job;
  const instance = labels.instance;
  if (reading.availability === 'absent') return `no ${reading.what ?? 'series'} reported (absent)`;
  if (reading.what === 'every target') return job ? `every target of ${job} down` : 'every target down';
  if (instance && job) return `target ${instance} of ${job} down`;
  if (job) return `a target of ${job} down`;
  if (instance) return `target ${instance} down`;
  return 'target down';
}

function windowText(window: string | null): string | null {
  if (!window) return null;
  const ms = parseDuration(window);
  return ms === null ? window : formatDuration(ms);
}

export function percentText(pct: number): string {
  return `${roundForText(pct)}%`;
}

function quantileText(q: number): string {
  const pct = Math.round(q * 1000) / 10;
  return `p${String(pct).replace('.', '')}`;
}

export function secondsText(s: number): string {
  const abs = Math.abs(s);
  if (abs === 0) return '0 s';
  if (abs < 1) return `${roundForText(s * 1000)} ms`;
  if (abs < 120) return `${roundForText(s)} s`;
  if (abs < 2 * 3600) return `${roundForText(s / 60)} min`;
  if (abs < 2 * 86400) return `${roundForText(s / 3600)} h`;
  return `${roundForText(s / 86400)} d`;
}

export function bytesText(b: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = b;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${roundForText(v)} ${units[i]}`;
}
