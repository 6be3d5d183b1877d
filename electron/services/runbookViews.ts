import type { RunbookBlockView, RunbookStepView, RunbookSummary, RunbookView } from '../../shared/ipc/runbookContract';
import type { RunbookEntry } from '../../shared/runbooks/runbookLibrary';
import { defaultNext, type Block, type Runbook, type Step } from '../../shared/runbooks/runbookModel';

/**
 * The runbook model as it crosses the contract: matchers and conditions as written (a compiled
 * RegExp does not survive JSON and the screen only shows them), and without the per-kind lists
 * (items, checks...) that repeat the blocks: the renderer derives them.
 */
export function toRunbookView(runbook: Runbook): RunbookView {
  const step = (s: Step): RunbookStepView => ({
    key: s.key,
    kind: s.kind,
    label: s.label,
    title: s.title,
    line: s.line,
    timeboxMs: s.timeboxMs,
    blocks: s.blocks.map(toBlockView),
    elseTarget: s.elseTarget,
    next: s.next,
    targets: s.targets,
    defaultNext: defaultNext(runbook, s),
  });
  return {
    id: runbook.id,
    title: runbook.title,
    severity: runbook.severity,
    owner: runbook.owner,
    timeboxMs: runbook.timeboxMs,
    match: runbook.match.map((m) => m.text),
    intro: runbook.intro.map(toBlockView),
    steps: runbook.steps.map(step),
    escalation: runbook.escalation ? step(runbook.escalation) : null,
    rollback: runbook.rollback ? step(runbook.rollback) : null,
    notes: runbook.notes.map((n) => ({ title: n.title, line: n.line, blocks: n.blocks.map(toBlockView) })),
    revision: runbook.revision,
  };
}

function toBlockView(block: Block): RunbookBlockView {
  if (block.kind !== 'promql') return block;
  return {
    kind: 'promql',
    id: block.id,
    line: block.line,
    label: block.label,
    query: block.query,
    labels: block.labels,
    rules: block.rules.map((r) => ({ line: r.line, condition: r.condition?.text ?? null, target: r.target })),
  };
}

export function toRunbookSummary(entry: RunbookEntry): RunbookSummary {
  const { runbook } = entry;
  return {
    id: runbook.id,
    title: runbook.title,
    owner: runbook.owner,
    severity: runbook.severity,
    timeboxMs: runbook.timeboxMs,
    match: runbook.match.map((m) => m.text),
    stepCount: runbook.steps.length,
    origin: entry.origin,
    path: entry.path,
  };
}
