import { finalizeConfig, loadConfigLayer, type ConfigResult } from './classificationConfig';

/**
 * Layers the user's override file over the shipped one. The override has the same format with
 * every section optional: a rule with a shipped id replaces it (`{ id, disabled: true }` switches
 * it off), a new id adds a rule, severity policies and the fallback map merge field by field, and
 * `incidents`, `escalation`, `inhibit` and `default` replace what they name (see finalizeConfig).
 *
 * Returns the merged config, or every problem with its line, column and file, so the caller can
 * keep the last good config in force and say why. An empty override (or one holding only
 * comments) means "no changes".
 */
export function mergeClassificationConfig(baseText: string, overrideText: string): ConfigResult {
  const base = loadConfigLayer(baseText, 'full', 'base');
  const override = isBlankYaml(overrideText) ? null : loadConfigLayer(overrideText, 'override', 'override');
  const problems = [...(base.ok ? [] : base.problems), ...(override && !override.ok ? override.problems : [])];
  if (!base.ok || (override && !override.ok)) return { ok: false, problems };
  return { ok: true, config: finalizeConfig(override ? [base.layer, override.layer] : [base.layer]) };
}

function isBlankYaml(text: string): boolean {
  return text.split('\n').every((line) => /^\s*(#.*)?$/.test(line) || /^\s*---\s*$/.test(line));
}
