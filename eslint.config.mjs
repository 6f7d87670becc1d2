// Lint rules that keep each process's code in its own place (the Signal Desktop habit):
// the core and the simulator never import Electron, the renderer never imports Node or the
// main process, and only the preload and the IPC binding touch ipcRenderer / ipcMain.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const noDefaultExport = {
  selector: 'ExportDefaultDeclaration',
  message: 'Use named exports only.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'test-results/', 'docs/screenshots/'] },
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
    files: ['eslint.config.mjs', 'vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['main/core/**', 'main/simulator/**', 'contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The core and the simulator run without Electron: take what you need as an argument.',
            },
          ],
          patterns: [
            { group: ['electron/*', 'electron-store'], message: 'No Electron in the core or the simulator.' },
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
    files: ['renderer/**/*.{ts,tsx}'],
  },
);
