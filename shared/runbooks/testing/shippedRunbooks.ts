import featureStaleness from '../../../resources/runbooks/feature-staleness.md?raw';
import gpuOomRisk from '../../../resources/runbooks/gpu-oom-risk.md?raw';
import llmCostBudget from '../../../resources/runbooks/llm-cost-budget.md?raw';
import modelAccuracyDrop from '../../../resources/runbooks/model-accuracy-drop.md?raw';
import modelHighErrorRate from '../../../resources/runbooks/model-high-error-rate.md?raw';
import modelHighLatency from '../../../resources/runbooks/model-high-latency.md?raw';
import predictionDrift from '../../../resources/runbooks/prediction-drift.md?raw';
import predictionVolumeDrop from '../../../resources/runbooks/prediction-volume-drop.md?raw';
import { parseRunbook } from '../parseRunbook';
import type { Runbook } from '../runbookModel';

/**
 * The shipped runbooks as tests load them (Vite raw imports, so this runs wherever the tests do).
 * parseRunbook.test.ts checks that this list and resources/runbooks/ hold the same files.
 */
export const SHIPPED_RUNBOOK_TEXTS: Readonly<Record<string, string>> = {
  'feature-staleness.md': featureStaleness,
  'gpu-oom-risk.md': gpuOomRisk,
  'llm-cost-budget.md': llmCostBudget,
  'model-accuracy-drop.md': modelAccuracyDrop,
  'model-high-error-rate.md': modelHighErrorRate,
  'model-high-latency.md': modelHighLatency,
  'prediction-drift.md': predictionDrift,
  'prediction-volume-drop.md': predictionVolumeDrop,
};

export function shippedRunbook(file: string): Runbook {
  const result = parseRunbook(SHIPPED_RUNBOOK_TEXTS[file]!);
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.problems)}`);
  return result.runbook;
}

export function allShippedRunbooks(): Runbook[] {
  return Object.keys(SHIPPED_RUNBOOK_TEXTS).map(shippedRunbook);
}
