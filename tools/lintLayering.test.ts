import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/** Proves the layering rules of DESIGN.md section 1 are enforced: each wrong import is a lint error. */
const eslint = new ESLint({ cwd: process.cwd() });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering lint', () => {
  // The first lint loads the config, the TypeScript parser and the plugins: seconds on a busy
  // 2-core machine. Done once here, so no case's own time limit pays for it.
  beforeAll(() => errorsFor('shared/classify/warm.ts', 'export const x = 1;'), 120_000);

  it.each([
    ['shared/classify/bad.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ['shared/classify/bad.ts', "import fs from 'fs';\nexport const x = fs;"],
    ['shared/classify/bad.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['shared/classify/bad.ts', "import { useState } from 'react';\nexport const x = useState;"],
    ['shared/classify/bad.ts', "import { x as y } from '../../electron/sources/poller';\nexport const x = y;"],
    [
      'renderer/features/incidents/Bad.tsx',
      "import { createPoller } from '../../../electron/sources/poller';\nexport const x = createPoller;",
    ],
    ['renderer/features/incidents/Bad.tsx', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;"],
    ['electron/sources/bad.ts', "import { App } from '../../renderer/App';\nexport const x = App;"],
    ['electron/sources/bad.ts', "import { app } from 'electron';\nexport const x = app;"],
  ])('%s: %s is refused', async (file, code) => {
    const errors = await errorsFor(file, code);
    expect(errors.some((e) => e.startsWith('no-restricted-imports'))).toBe(true);
  });

  it('allows the imports each layer is meant to use', async () => {
    expect(await errorsFor('shared/classify/ok.ts', "import { z } from 'zod';\nexport const x = z;")).toEqual([]);
    expect(
      await errorsFor(
        'renderer/features/ok.ts',
        "import { requests } from '../../shared/ipc/contract';\nexport const x = requests;",
      ),
    ).toEqual([]);
    expect(await errorsFor('electron/shell/ok.ts', "import { app } from 'electron';\nexport const x = app;")).toEqual(
      [],
    );
  });

  it('refuses dangerouslySetInnerHTML in the renderer', async () => {
    const errors = await errorsFor(
      'renderer/features/Bad.tsx',
      'export const X = (p: { t: string }) => <div dangerouslySetInnerHTML={{ __html: p.t }} />;',
    );
    expect(errors.join()).toMatch(/never rendered as HTML/);
  });
});
