import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Layering (DESIGN.md section 1) is enforced here, so a wrong import fails `npm test`:
 *   shared/   pure: no electron, no node builtins, no react, nothing from electron/ or renderer/
 *   renderer/ no electron, no node builtins, nothing from electron/ (talks through shared/ipc)
 *   electron/ nothing from renderer/; only electron/shell/ may import 'electron'
 */
const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];
const noNode = [
  { group: ['node:*'], message: 'node builtins are not allowed in this layer' },
  ...NODE_BUILTINS.map((name) => ({
    regex: `^${name.replace('/', '\\/')}$`,
    message: 'node builtins are not allowed in this layer',
  })),
];
const noElectron = { regex: '^electron(/.*)?$', message: 'only electron/shell/ may import electron' };
const intoElectronDir = {
  regex: '(^|/)\\.\\.?/(.*/)?electron(/|$)',
  message: 'renderer/ and shared/ must not import electron/: go through shared/ipc',
};
const intoRendererDir = {
  regex: '(^|/)\\.\\.?/(.*/)?renderer(/|$)',
  message: 'only the renderer may import renderer/',
};
const noReact = { regex: '^react(-dom)?(/.*)?$', message: 'shared/ is pure: no react' };

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'e2e/report/**',
      'bench/results*.json',
      // Deliberately insecure Electron code the security scanner must flag (see tools/electronegativity.mjs).
      'tools/electronegativity-canary/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'untrusted text is never rendered as HTML',
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...noNode, noElectron, noReact, intoElectronDir, intoRendererDir] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', { patterns: [...noNode, noElectron, intoElectronDir] }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/shell/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noElectron, intoRendererDir] }] },
  },
  {
    files: ['electron/shell/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [intoRendererDir] }] },
  },
);
