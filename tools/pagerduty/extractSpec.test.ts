import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OUT, DEFAULT_SPEC, extractSubset, OPERATIONS, serialiseSubset } from './extractSpec.mjs';

/**
 * The committed resources/pagerduty/openapi-subset.json must be exactly what the extractor makes
 * from PagerDuty's full spec. The full spec lives in ../shared, which a plain clone of this
 * repository does not have: then the comparison is skipped (with the reason printed) and only the
 * checks that need the subset alone run.
 */
const committed = readFileSync(DEFAULT_OUT, 'utf8');
const subset = JSON.parse(committed) as {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
};
const haveFullSpec = existsSync(DEFAULT_SPEC);
if (!haveFullSpec) {
  console.log(
    `extractSpec: ${DEFAULT_SPEC} is not here (a clone without ../shared), so the committed subset is not compared with a fresh extract`,
  );
}

describe('PagerDuty OpenAPI subset', () => {
  it.skipIf(!haveFullSpec)('is identical to a fresh extract from the full spec', () => {
    const full = JSON.parse(readFileSync(DEFAULT_SPEC, 'utf8')) as unknown;
    expect(serialiseSubset(extractSubset(full)) === committed).toBe(true);
  });

  it('holds exactly the operations Vigil uses', () => {
    const listed = Object.entries(subset.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`));
    expect(listed.sort()).toEqual(OPERATIONS.map(([path, method]) => `${method} ${path}`).sort());
  });

  it('every $ref resolves inside the subset', () => {
    const refs = new Set<string>();
    JSON.stringify(subset, (key, value: unknown) => {
      if (key === '$ref' && typeof value === 'string') refs.add(value);
      return value;
    });
    expect(refs.size).toBeGreaterThan(50);
    for (const ref of refs) {
      const target = ref
        .slice(2)
        .split('/')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], subset);
      expect(target, ref).toBeDefined();
    }
  });

  it('carries no prose: descriptions, summaries and examples are only ever property names', () => {
    const prose: string[] = [];
    const walk = (node: unknown, path: string, namesHere: boolean) => {
      if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}/${i}`, false));
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (!namesHere && ['description', 'summary', 'example', 'examples', 'title'].includes(key))
          prose.push(`${path}/${key}`);
        if (['enum', 'default', 'required'].includes(key)) continue;
        walk(
          value,
          `${path}/${key}`,
          ['properties', 'responses', 'content', 'schemas', 'parameters'].includes(key) && !Array.isArray(value),
        );
      }
    };
    // `info.title` is OpenAPI's required document name, not prose about the API.
    walk(subset.paths, '/paths', true);
    walk(subset.components, '/components', false);
    expect(prose).toEqual([]);
    // ...while the base every PagerDuty object extends keeps its `summary` property (a name, not prose).
    expect(JSON.stringify(subset.components.schemas!.Tag)).toContain('"summary"');
  });

  it('strips prose in keyword positions but keeps properties that happen to be called so', () => {
    const made = extractSubset({
      openapi: '3.0.2',
      info: { title: 'T', version: '1', description: 'long text' },
      paths: OPERATIONS.reduce<Record<string, Record<string, unknown>>>(
        // Two operations can share a path (GET and POST /incidents/{id}/notes): one path item holds both.
        (paths, [path, method]) => ({
          ...paths,
          [path]: {
            ...paths[path],
            description: 'path prose',
            [method]: {
              summary: 'op prose',
              tags: ['x'],
              'x-pd-requires-scope': 'incidents.read',
              responses: {
                '200': {
                  description: 'ok',
                  content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
                },
              },
            },
          },
        }),
        {},
      ),
      components: {
        schemas: {
          Thing: {
            type: 'object',
            description: 'prose',
            example: { description: 'x' },
            properties: { description: { type: 'string', description: 'prose' }, summary: { type: 'string' } },
            required: ['description'],
          },
          Unused: { type: 'string' },
        },
      },
    }) as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(made.components.schemas).toEqual({
      Thing: {
        type: 'object',
        properties: { description: { type: 'string' }, summary: { type: 'string' } },
        required: ['description'],
      },
    });
    expect(JSON.stringify(made.paths)).not.toMatch(/prose|x-pd|tags/);
  });
});
