import type { Classification } from '../domain/incident';
import type { Signal } from '../domain/signal';
import type { ClassificationConfig, ClassificationRule } from './classificationConfig';
import { conditionHolds } from './condition';
import { formatDuration } from './duration';
import { matchesLabels } from './parseMatcher';

/**
 * Classifies one signal: the first rule (most severe first) whose matchers, value condition and
 * duration all hold decides. Otherwise the alert's own severity label is mapped, otherwise the default.
 * Pure: `now` is passed in so a replay classifies exactly as it did live.
 */
export function classifySignal(signal: Signal, config: ClassificationConfig, now: number): Classification {
  const activeMs = signal.activeAt ? now - Date.parse(signal.activeAt) : null;
  for (const rule of config.rules) {
    if (!rule.matchers.every((m) => matchesLabels(m, signal.labels))) continue;
    const sla = slaOf(signal, rule);
    if (rule.condition && !conditionHolds(rule.condition, signal.value, sla)) continue;
    if (rule.forMs !== null && (activeMs === null || activeMs < rule.forMs)) continue;
    return {
      severity: rule.severity,
      ruleId: rule.id,
      reason: `${renderReason(rule, signal, sla, activeMs)}: ${rule.severity}`,
    };
  }
  const labelValue = signal.labels[config.fallback.label];
  const mapped = labelValue !== undefined ? config.fallback.map[labelValue.toLowerCase()] : undefined;
  if (mapped) {
    return {
      severity: mapped,
      ruleId: `fallback:${config.fallback.label}`,
      reason: `no matrix rule matched; ${config.fallback.label}="${labelValue}" maps to ${mapped}`,
    };
  }
  return {
    severity: config.default,
    ruleId: 'default',
    reason: `no matrix rule matched and no ${config.fallback.label} label: default ${config.default}`,
  };
}

function slaOf(signal: Signal, rule: ClassificationRule): number | null {
  const fromAlert = Number(signal.labels.sla_seconds ?? signal.annotations.sla_seconds ?? NaN);
  if (Number.isFinite(fromAlert) && fromAlert > 0) return fromAlert;
  return rule.slaSeconds;
}

/** Fills {value}, {value|pct}, {value|s}, {sla}, {ratio}, {for} and {label:NAME} in a rule's reason. */
function renderReason(rule: ClassificationRule, signal: Signal, sla: number | null, activeMs: number | null): string {
  const v = signal.value;
  return rule.reason.replace(/\{([a-z_]+)(?:[|:]([A-Za-z_][A-Za-z0-9_]*))?\}/g, (whole, key: string, arg?: string) => {
    switch (key) {
      case 'value':
        if (v === null) return 'n/a';
        if (arg === 'pct') return `${round(v * 100)}%`;
        if (arg === 's') return `${round(v)} s`;
        return String(round(v));
      case 'sla':
        return sla === null ? 'n/a' : `${round(sla)} s`;
      case 'ratio':
        return v === null || sla === null ? 'n/a' : `${round(v / sla)}x`;
      case 'for':
        return activeMs === null ? 'unknown time' : formatDuration(activeMs);
      case 'label':
        return arg ? (signal.labels[arg] ?? '') : whole;
      default:
        return whole;
    }
  });
}

function round(n: number): string {
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(n.toFixed(digits)));
}
