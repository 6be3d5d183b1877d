import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseClassificationConfig,
  type ClassificationConfig,
  type ConfigProblem,
} from '../../shared/classify/classificationConfig';
import { mergeClassificationConfig } from '../../shared/classify/mergeClassificationConfig';
import type { RequestHandlers } from '../../shared/ipc/contract';
import type { ClassificationOverrideView } from '../../shared/ipc/classificationContract';
import { writeFileAtomic } from '../store/atomicFile';

export interface ClassificationService {
  /**
   * The rules in force now. A new object each time the override changes (never mutated: the
   * classifier caches its rule indexes per config object), so callers ask for it at each step.
   */
  current(): ClassificationConfig;
  handlers: Pick<RequestHandlers, 'classification:override-get' | 'classification:override-set'>;
}

const where = (p: ConfigProblem) =>
  `${p.file === 'base' ? 'shipped file, ' : ''}line ${p.line ?? '?'}, column ${p.column ?? '?'}: ${p.message}`;

/**
 * The shipped matrix (resources/classification.yaml) with the user's override layered over it
 * (`<dataDir>/classification.override.yaml`, editable by hand or from Settings). An override that
 * does not validate never takes effect: the last good one (kept beside it) stays in force, and the
 * user is told where the error is.
 */
export function createClassificationService(opts: {
  resourcesDir: string;
  dataDir: string;
  notice: (message: string) => void;
}): ClassificationService {
  const shippedPath = join(opts.resourcesDir, 'classification.yaml');
  const shipped = readFileSync(shippedPath, 'utf8');
  const base = parseClassificationConfig(shipped);
  if (!base.ok) {
    const p = base.problems[0]!;
    throw new Error(`The shipped ${shippedPath} is invalid at line ${p.line}, column ${p.column}: ${p.message}`);
  }
  const overridePath = join(opts.dataDir, 'classification.override.yaml');
  const lastGoodPath = join(opts.dataDir, 'classification.override.last-good.yaml');
  let config: ClassificationConfig = base.config;
  let inForce: ClassificationOverrideView['inForce'] = 'shipped';
  let problems: ConfigProblem[] = [];

  const apply = (next: ClassificationConfig, source: typeof inForce) => {
    config = next;
    inForce = source;
  };

  if (existsSync(overridePath)) {
    const merged = mergeClassificationConfig(shipped, readFileSync(overridePath, 'utf8'));
    if (merged.ok) {
      apply(merged.config, 'override');
    } else {
      problems = merged.problems;
      const lastGood = existsSync(lastGoodPath)
        ? mergeClassificationConfig(shipped, readFileSync(lastGoodPath, 'utf8'))
        : null;
      if (lastGood?.ok) apply(lastGood.config, 'last-good');
      opts.notice(
        `Your severity matrix override ${overridePath} has errors (${where(problems[0]!)}); ${
          lastGood?.ok ? 'your last good override' : 'the shipped matrix'
        } stays in force. Fix it in Settings > Severity matrix.`,
      );
    }
  }

  const view = (): ClassificationOverrideView => ({
    text: existsSync(overridePath) ? readFileSync(overridePath, 'utf8') : '',
    inForce,
    problems,
    path: overridePath,
  });

  return {
    current: () => config,
    handlers: {
      'classification:override-get': async () => view(),
      'classification:override-set': async ({ text }) => {
        if (!text.trim()) {
          if (existsSync(overridePath)) unlinkSync(overridePath);
          problems = [];
          apply(base.config, 'shipped');
          return { ok: true, view: view(), problems: [] };
        }
        const merged = mergeClassificationConfig(shipped, text);
        if (!merged.ok) return { ok: false, view: view(), problems: merged.problems };
        writeFileAtomic(overridePath, text);
        writeFileAtomic(lastGoodPath, text);
        problems = [];
        apply(merged.config, 'override');
        return { ok: true, view: view(), problems: [] };
      },
    },
  };
}
