// Lint rules that keep each layer's code in its own place (the Signal Desktop habit). Which of
// the project's folders may import which is one table, scripts/import-rules.mjs, enforced here by
// the local rule countersign/import-rules (and over the whole tree by
// test/unit/repo/boundaries.test.ts). The rules below add what packages each layer may load:
// the contract and the renderer no Node, the core and the simulator no Electron; only the
// preload and the IPC binding touch ipcRenderer / ipcMain.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { countersignPlugin } from './scripts/eslint-import-rules.mjs';

const noDefaultExport = {
  selector: 'ExportDefaultDeclaration',
  message: 'Use named exports only.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'hub/dist/',
      'release/',
      'test-results/',
      'docs/screenshots/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { countersign: countersignPlugin },
    rules: {
      'countersign/import-rules': 'error',
      'no-restricted-syntax': ['error', noDefaultExport],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Config files of tools that require a default export.
    files: ['eslint.config.mjs', 'electron.vite.config.ts', 'hub/fleet/vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // base/ is shared by every program, the windows included: no Node, no Electron, no packages.
    files: ['base/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'electron', 'electron/*', 'zod'], message: 'base/ depends on nothing.' },
          ],
        },
      ],
    },
  },
  {
    // The contract is the bottom layer of the app: every process loads it.
    files: ['contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The contract is shared by every process.' }],
          patterns: [{ group: ['node:*'], message: 'The contract runs in the windows too: no Node.' }],
        },
      ],
    },
  },
  {
    // The core and the simulator: plain Node, given their dependencies by their host.
    files: ['main/core/**', 'main/simulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The core runs without Electron: take what you need as an argument.',
            },
          ],
          patterns: [
            { group: ['electron/*', 'electron-store'], message: 'No Electron in the core or the simulator.' },
          ],
        },
      ],
    },
  },
  {
    files: ['hub/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The hub runs without Electron.' }] },
      ],
    },
  },
  {
    // The fleet page runs in the admin's browser.
    files: ['hub/fleet/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'No Node in the fleet page.' }] },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to main only through window.countersign.' },
          ],
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto'],
              message: 'No Node in the renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/shell/**', 'preload/**'],
    ignores: ['main/shell/ipc-binding.ts', 'preload/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Only main/shell/ipc-binding.ts and preload/index.ts touch IPC, through the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // The rules of hooks and the React Compiler's checks (stale dependencies, state set during
    // render or in effects, impure render), for the renderer only.
    ...reactHooks.configs.flat.recommended,
    files: ['renderer/**/*.{ts,tsx}', 'hub/fleet/src/**/*.{ts,tsx}'],
  },
);
