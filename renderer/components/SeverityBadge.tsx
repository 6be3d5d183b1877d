import type { Severity } from '../../shared/domain/severity';

/** The P-level always carries its text; colour is a second cue, never the only one. */
export function SeverityBadge({ severity, title }: { severity: Severity; title?: string }) {
  return (
    <span className={`sev sev-${severity}`} title={title} aria-label={`severity ${severity}`}>
      {severity}
    </span>
  );
}
