import { describe, expect, it } from 'vitest';
import { buildRunbookLibrary } from './runbookLibrary';
import { SHIPPED_RUNBOOK_TEXTS } from './testing/shippedRunbooks';

const shippedFiles = Object.entries(SHIPPED_RUNBOOK_TEXTS).map(([name, text]) => ({
  origin: 'shipped' as const,
  path: `resources/runbooks/${name}`,
  text,
}));

describe('buildRunbookLibrary', () => {
  it('loads all shipped runbooks', () => {
    const lib = buildRunbookLibrary(shippedFiles);
    expect(lib.failures).toEqual([]);
    expect(lib.entries).toHaveLength(8);
  });

  it('a bad user file is listed with its problems and breaks nothing else; a user runbook replaces a shipped one', () => {
    const mine = SHIPPED_RUNBOOK_TEXTS['gpu-oom-risk.md']!.replace('owner: ml-platform', 'owner: my-team');
    const lib = buildRunbookLibrary([
      ...shippedFiles,
      { origin: 'user', path: '/home/me/runbooks/broken.md', text: '# no front matter\n' },
      { origin: 'user', path: '/home/me/runbooks/gpu.md', text: mine },
      { origin: 'user', path: '/home/me/runbooks/gpu-copy.md', text: mine },
    ]);
    expect(lib.entries).toHaveLength(8);
    expect(lib.entries.find((e) => e.runbook.id === 'gpu-oom-risk')).toMatchObject({
      origin: 'user',
      path: '/home/me/runbooks/gpu-copy.md',
      runbook: { owner: 'my-team' },
    });
    expect(lib.overridden).toEqual([
      {
        id: 'gpu-oom-risk',
        shippedPath: 'resources/runbooks/gpu-oom-risk.md',
        userPath: '/home/me/runbooks/gpu-copy.md',
      },
    ]);
    expect(lib.failures).toEqual([
      {
        origin: 'user',
        path: '/home/me/runbooks/broken.md',
        problems: [{ line: 1, message: expect.stringContaining('missing front matter') }],
      },
      {
        origin: 'user',
        path: '/home/me/runbooks/gpu.md',
        problems: [
          {
            line: 2,
            message: 'id "gpu-oom-risk" is already used by /home/me/runbooks/gpu-copy.md: give each runbook its own id',
          },
        ],
      },
    ]);
  });

  it("names the line of the duplicate's id, wherever it stands in the front matter", () => {
    const mine = shippedFiles.find((f) => f.path.endsWith('gpu-oom-risk.md'))!.text;
    const moved = mine.replace(/^id: (.*)$/m, '').replace(/^---\n/, '---\n# mine\n\n\nid: gpu-oom-risk\n');
    const lib = buildRunbookLibrary([
      { origin: 'user', path: '/home/me/runbooks/a.md', text: mine },
      { origin: 'user', path: '/home/me/runbooks/b.md', text: moved },
    ]);
    expect(moved.split('\n')[4]).toBe('id: gpu-oom-risk');
    expect(lib.failures.map((f) => [f.path, f.problems[0]!.line])).toEqual([['/home/me/runbooks/b.md', 5]]);
  });
});
