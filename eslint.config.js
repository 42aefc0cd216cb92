// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Import rules that keep the layout from rotting (see DESIGN.md "Shape"). */
const NODE_BUILTINS = { group: ['node:*'], message: 'shared/ and renderer/ must not import Node built-ins.' };
const ELECTRON = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const IPC_RENDERER = {
  name: 'electron',
  importNames: ['ipcRenderer'],
  message: 'Only the preload touches ipcRenderer; everything else uses window.livemanager.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "Property[key.name='shell'][value.value=true]", message: 'Spawn with argument arrays, never through a shell.' },
        { selector: "CallExpression[callee.name='execSync']", message: 'Spawn with argument arrays (execFile/spawn), never a shell string.' },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON, { name: 'react', message: 'shared/ is pure: no UI.' }], patterns: [NODE_BUILTINS, { group: ['fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto'], message: 'shared/ must not import Node modules.' }] }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', '__dirname', 'require'],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/agent/**/*.ts', 'electron/webhost/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON], patterns: [{ group: ['electron/*', '@electron/*'], message: 'The engine is plain Node.' }] }],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', { paths: [IPC_RENDERER] }],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [ELECTRON], patterns: [NODE_BUILTINS, { group: ['fs', 'path', 'os', 'child_process'], message: 'The renderer has no Node.' }] }],
    },
  },
);
