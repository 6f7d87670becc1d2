// Lint rules that keep each layer's code in its own place (the Signal Desktop habit). Layers
// point one way: contract ← core ← shell/harness, and renderer ← contract. The contract imports
// nothing of main/ or renderer/; the core never imports Electron or the simulator; the renderer
// never imports Node or the main process; only the preload and the IPC binding touch
// ipcRenderer / ipcMain.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

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
    rules: {
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
    // The contract is the bottom layer: everyone derives from it, it derives from no one.
    files: ['contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The contract is shared by every process.' }],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**', 'node:*'],
              message: 'contract/ imports nothing from main/ or renderer/: they import it.',
            },
          ],
        },
      ],
    },
  },
  {
    // The core: plain Node, given its dependencies (the simulator included) by its host.
    files: ['main/core/**'],
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
            { group: ['electron/*', 'electron-store'], message: 'No Electron in the core.' },
            {
              group: ['**/simulator/**'],
              message: 'The core never imports the simulator: the host passes startSimulator in.',
            },
            {
              group: ['**/renderer/**', '**/preload/**', '**/shell/**'],
              message: 'The core does not reach into other processes.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/simulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The simulator runs without Electron.' }],
          patterns: [
            { group: ['electron/*', 'electron-store'], message: 'No Electron in the simulator.' },
            {
              group: ['**/renderer/**', '**/preload/**', '**/shell/**', '**/core/**'],
              message: 'The simulator plays Stripe: it knows nothing of the app.',
            },
          ],
        },
      ],
    },
  },
  {
    // The hub is its own server: it shares the contract's vocabulary and base/'s dependency-free
    // modules (logger, backoff), never the app's code. Only its dev-simulator.ts may start the
    // simulator (Stripe's stand-in when no key is given).
    files: ['hub/**'],
    ignores: ['hub/src/dev-simulator.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The hub runs without Electron.' }],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message:
                'The hub imports contract/ and base/ only (hub/src/dev-simulator.ts alone starts the simulator).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['hub/src/dev-simulator.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/core/**', '**/main/shell/**', '**/renderer/**', '**/preload/**'],
              message: 'The hub may start the simulator, nothing else of the app.',
            },
          ],
        },
      ],
    },
  },
  {
    // The fleet page runs in the admin's browser: no Node; it shares only the contract and the
    // overview's type (hub/src/fleet-overview.ts, import-free).
    files: ['hub/fleet/src/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'No Node in the fleet page.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'The fleet page shares the contract only with the app.',
            },
          ],
        },
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
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The renderer only shares the contract with main.',
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
