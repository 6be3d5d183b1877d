import { DONE, defaultNext, walkableSteps, type Runbook, type Target } from './runbookModel';

export interface BranchTrap {
  /** Step keys in the order the loop runs, e.g. ['2', '3'] for 2 -> 3 -> 2. */
  loop: string[];
  /** The line of the branch (or step heading) that closes the loop. */
  line: number;
  message: string;
}

interface Edge {
  to: Target;
  line: number;
}

/**
 * A loop of steps is fine ("restart Redis, then -> step 1 to re-check") as long as one of its
 * steps can lead out of it. What cannot be walked is a group of steps whose every branch leads
 * back into the group: once entered, the walkthrough can never reach the end, Escalation or
 * Rollback. Those groups are reported. Skipping a step or jumping to another is an escape hatch
 * for the person, not a way out the runbook offers, so it does not count.
 *
 * Edges of a step: with if/else/choice lines, each of their targets plus its `->` line;
 * without any, its `->` line or else the next numbered step (the end after the last one).
 */
export function findBranchTraps(runbook: Runbook): BranchTrap[] {
  const steps = walkableSteps(runbook);
  const edges = new Map<string, Edge[]>();
  for (const step of steps) {
    const out: Edge[] = [];
    for (const rule of step.checks.flatMap((c) => c.rules)) out.push({ to: rule.target, line: rule.line });
    for (const choice of step.choices) out.push({ to: choice.target, line: choice.line });
    const gotoBlock = step.blocks.find((b) => b.kind === 'goto');
    if (out.length === 0) out.push({ to: defaultNext(runbook, step), line: gotoBlock?.line ?? step.line });
    else if (gotoBlock) out.push({ to: gotoBlock.target, line: gotoBlock.line });
    edges.set(step.key, out);
  }

  const traps: BranchTrap[] = [];
  for (const component of stronglyConnected(
    steps.map((s) => s.key),
    edges,
  )) {
    const members = new Set(component);
    const first = component[0]!;
    const isLoop = component.length > 1 || edges.get(first)!.some((e) => e.to === first);
    if (!isLoop) continue;
    const leaves = component.some((key) => edges.get(key)!.some((e) => e.to === DONE || !members.has(e.to)));
    if (leaves) continue;
    const loop = loopThrough(first, members, edges);
    const closing = edges.get(loop[loop.length - 1]!)!.find((e) => e.to === first)!;
    const names = [...loop, first].map((k) => stepName(runbook, k)).join(' -> ');
    traps.push({
      loop,
      line: closing.line,
      message: `${names} is a loop with no way out: give one of these steps a branch to another step, "-> done" or "-> escalation"`,
    });
  }
  return traps;
}

function stepName(runbook: Runbook, key: string): string {
  return walkableSteps(runbook).find((s) => s.key === key)?.label ?? key;
}

/** Tarjan's algorithm; components come out with their members in document order. */
function stronglyConnected(keys: string[], edges: Map<string, Edge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const { to } of edges.get(v) ?? []) {
      if (!edges.has(to)) continue;
      if (!index.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(v, Math.min(low.get(v)!, index.get(to)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      out.push(component.sort((a, b) => keys.indexOf(a) - keys.indexOf(b)));
    }
  };
  for (const k of keys) if (!index.has(k)) visit(k);
  return out;
}

/** A shortest path from `start` back to itself inside the component, for the message. */
function loopThrough(start: string, members: Set<string>, edges: Map<string, Edge[]>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const { to } of edges.get(v)!) {
      if (to === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return path;
      }
      if (members.has(to) && !previous.has(to) && to !== start) {
        previous.set(to, v);
        queue.push(to);
      }
    }
  }
  return [start];
}
