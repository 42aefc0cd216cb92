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
/** exec/execSync always run a shell string; spawn/execFile take argument arrays. */
const SHELL_EXEC = ['child_process', 'node:child_process'].map((name) => ({
  name,
  importNames: ['exec', 'execSync'],
  message: 'Spawn with argument arrays (spawn/execFile), never a shell string.',
}));
const NO_SHELL = [
  {
    selector: "Property[key.name='shell'][value.type='Literal'][value.value!=false]",
    message: 'Spawn with argument arrays, never through a shell.',
  },
  {
    selector: "Property[key.value='shell'][value.type='Literal'][value.value!=false]",
    message: 'Spawn with argument arrays, never through a shell.',
  },
  {
    selector: "CallExpression[callee.name='execSync']",
    message: 'Spawn with argument arrays (execFile/spawn), never a shell string.',
  },
];
const NO_IPC_RENDERER_MEMBER = { selector: "MemberExpression[property.name='ipcRenderer']", message: IPC_RENDERER.message };
/** Catches what no-restricted-imports cannot see: import('node:x'), require('electron'). */
const NO_DYNAMIC_ELECTRON = [
  { selector: 'ImportExpression[source.value=/^(@?electron)($|\\/)/]', message: ELECTRON.message },
  { selector: 'CallExpression[arguments.length=1][arguments.0.value=/^(@?electron)($|\\/)/]', message: ELECTRON.message },
];
const NO_DYNAMIC_NODE = [{ selector: 'ImportExpression[source.value=/^node:/]', message: NODE_BUILTINS.message }];
/**
 * The IPC bridge (electron/main/ipc, electron/preload) is the only code that names a channel,
 * touches ipcMain, or sends to a webContents; everything else calls the contract.
 */
const IPC_BRIDGE_ONLY = 'Only the IPC bridge (electron/main/ipc, electron/preload) names IPC channels or sends to webContents.';
const IPC_MAIN = { name: 'electron', importNames: ['ipcMain'], message: IPC_BRIDGE_ONLY };
/** The system browser opens through electron/main/security/open-in-browser.ts, which checks the URL. */
const NO_OPEN_EXTERNAL = {
  selector: "CallExpression[callee.property.name='openExternal']",
  message: 'Open links with openInBrowser (electron/main/security/open-in-browser.ts): it checks the allow-list.',
};
const NO_RAW_IPC = [
  { selector: 'Literal[value=/^livemanager:/]', message: IPC_BRIDGE_ONLY },
  { selector: 'TemplateElement[value.raw=/^livemanager:/]', message: IPC_BRIDGE_ONLY },
  { selector: 'Identifier[name=/^IPC_(CALL|EVENT)$/]', message: IPC_BRIDGE_ONLY },
  { selector: "MemberExpression[property.name='ipcMain']", message: IPC_BRIDGE_ONLY },
  {
    selector: "MemberExpression[object.property.name='webContents'][property.name=/^(send|sendToFrame|postMessage)$/]",
    message: IPC_BRIDGE_ONLY,
  },
];

/** Product code never depends on test code: test kits and helpers live under tests/ (or a testing/ folder). */
const TEST_CODE = {
  paths: [{ name: 'vitest', message: 'Only tests import vitest; test helpers belong under tests/support/.' }],
  patterns: [
    { group: ['**/tests/**', '**/testing/**'], message: 'Product code never imports test code (tests/, testing/).' },
    { group: ['vitest/*', '@vitest/*'], message: 'Only tests import vitest.' },
  ],
};
/** FFmpeg is found, probed and run once through the engine's tools service (EngineDeps.ffmpeg), nothing else. */
const FFMPEG_INTERNALS = {
  group: ['**/ffmpeg/locate', '**/ffmpeg/probe', '**/ffmpeg/capabilities', '**/ffmpeg/run-once'],
  message: 'Use the FFmpeg tools service (EngineDeps.ffmpeg, ffmpeg/ffmpeg-tools.ts) to locate, probe or run FFmpeg once.',
};
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx'];
/**
 * Engine domains reach each other only through ports (`<domain>/ports.ts`, `<domain>/*-port.ts`:
 * the types of what a module exports), never through another domain's tables or internals.
 * The notice bus is an engine service that happens to live in notifications/.
 */
const ENGINE_DOMAINS = ['accounts', 'chat', 'iptv', 'library', 'lives', 'notifications', 'outputs', 'schedule', 'system'];
const SHARED_FROM_DOMAINS = { notifications: ['notice-bus'] };
function otherDomains(domain) {
  return ENGINE_DOMAINS.filter((other) => other !== domain).map((other) => ({
    group: [
      `**/engine/${other}/**`,
      `../${other}/**`,
      `../../${other}/**`,
      `!**/${other}/ports`,
      `!**/${other}/*-port`,
      ...(SHARED_FROM_DOMAINS[other] ?? []).map((file) => `!**/${other}/${file}`),
    ],
    message: `Reach the ${other} domain through its port (deps.ports.get('${other}'), ${other}/*-port.ts), not its internals.`,
  }));
}

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
      // Defaults for every file; the folder blocks below replace them with stricter lists.
      'no-restricted-syntax': ['error', ...NO_SHELL, NO_IPC_RENDERER_MEMBER, ...NO_RAW_IPC, NO_OPEN_EXTERNAL],
      'no-restricted-imports': ['error', { paths: [IPC_RENDERER, IPC_MAIN, ...SHELL_EXEC] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON, { name: 'react', message: 'shared/ is pure: no UI.' }],
          patterns: [
            NODE_BUILTINS,
            {
              group: ['fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto'],
              message: 'shared/ must not import Node modules.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...NO_SHELL,
        NO_IPC_RENDERER_MEMBER,
        ...NO_DYNAMIC_ELECTRON,
        ...NO_DYNAMIC_NODE,
        ...NO_RAW_IPC,
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'process',
        'Buffer',
        '__dirname',
        'require',
      ],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/agent/**/*.ts', 'electron/webhost/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON, ...SHELL_EXEC],
          patterns: [{ group: ['electron/*', '@electron/*'], message: 'The engine is plain Node.' }],
        },
      ],
      'no-restricted-syntax': ['error', ...NO_SHELL, NO_IPC_RENDERER_MEMBER, ...NO_DYNAMIC_ELECTRON, ...NO_RAW_IPC],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', '*.config.{ts,js}', 'scripts/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', { paths: [IPC_RENDERER, IPC_MAIN, ...SHELL_EXEC] }],
    },
  },
  {
    // The main half of the IPC bridge: mounts the contract on ipcMain and sends events.
    files: ['electron/main/ipc/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [IPC_RENDERER, ...SHELL_EXEC] }],
      'no-restricted-syntax': ['error', ...NO_SHELL, NO_IPC_RENDERER_MEMBER, NO_OPEN_EXTERNAL],
    },
  },
  {
    // The SSH side of VPS targets is plain Node, so tests drive it against a real sshd without Electron.
    files: ['electron/main/targets/ssh/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ELECTRON, ...SHELL_EXEC] }],
      'no-restricted-syntax': [
        'error',
        ...NO_SHELL,
        NO_IPC_RENDERER_MEMBER,
        ...NO_DYNAMIC_ELECTRON,
        ...NO_RAW_IPC,
        NO_OPEN_EXTERNAL,
      ],
    },
  },
  {
    files: ['electron/main/security/open-in-browser.ts'],
    rules: { 'no-restricted-syntax': ['error', ...NO_SHELL, NO_IPC_RENDERER_MEMBER, ...NO_RAW_IPC] },
  },
  {
    files: ['electron/preload/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': ['error', { paths: SHELL_EXEC }],
      'no-restricted-syntax': ['error', ...NO_SHELL],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON],
          patterns: [NODE_BUILTINS, { group: ['fs', 'path', 'os', 'child_process'], message: 'The renderer has no Node.' }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...NO_SHELL,
        NO_IPC_RENDERER_MEMBER,
        ...NO_DYNAMIC_ELECTRON,
        ...NO_DYNAMIC_NODE,
        ...NO_RAW_IPC,
      ],
    },
  },
  {
    // Where the two channel names are declared, once.
    files: ['shared/rpc/ipc-channels.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...NO_SHELL, NO_IPC_RENDERER_MEMBER, ...NO_DYNAMIC_ELECTRON, ...NO_DYNAMIC_NODE],
    },
  },
  {
    // A second rule name, so these lists add to each folder's own no-restricted-imports instead of replacing them.
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: TEST_FILES,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', TEST_CODE] },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: [...TEST_FILES, 'electron/engine/ffmpeg/**'],
    rules: {
      // Replaces the block above for these files, so it repeats its lists.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: TEST_CODE.paths, patterns: [...TEST_CODE.patterns, FFMPEG_INTERNALS] },
      ],
    },
  },
  ...ENGINE_DOMAINS.map((domain) => ({
    files: [`electron/engine/${domain}/**/*.ts`],
    ignores: TEST_FILES,
    rules: {
      // Replaces the blocks above for these files, so it repeats their lists.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: TEST_CODE.paths, patterns: [...TEST_CODE.patterns, FFMPEG_INTERNALS, ...otherDomains(domain)] },
      ],
    },
  })),
);
