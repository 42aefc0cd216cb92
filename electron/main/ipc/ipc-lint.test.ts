import { describeLintCases, type LintClean, type LintViolation } from '../../../tests/support/lint-cases';

// Channel names, ipcMain and webContents.send belong to the IPC bridge alone
// (electron/main/ipc, electron/preload). Each snippet is linted as if it were a file there.

const outside: LintViolation[] = [
  {
    name: 'a raw channel string in main',
    file: 'electron/main/tray/x.ts',
    code: "export const c = 'livemanager:call';\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'a raw channel template in main',
    file: 'electron/main/x.ts',
    code: 'export const c = `livemanager:${"event"}`;\n',
    rule: 'no-restricted-syntax',
  },
  {
    name: 'a raw channel string in the renderer',
    file: 'renderer/src/lib/x.ts',
    code: "export const c = 'livemanager:event';\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'a raw channel string in the engine',
    file: 'electron/engine/lives/x.ts',
    code: "export const c = 'livemanager:event';\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'the channel constants used in main',
    file: 'electron/main/x.ts',
    code: "import { IPC_EVENT } from '@shared/rpc/ipc-channels';\nexport const c = IPC_EVENT;\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'the channel constants used in shared/',
    file: 'shared/rpc/x.ts',
    code: "import { IPC_CALL } from './ipc-channels';\nexport const c = IPC_CALL;\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'ipcMain imported outside electron/main/ipc',
    file: 'electron/main/tray/x.ts',
    code: "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'ipcMain reached through the module',
    file: 'electron/main/x.ts',
    code: "import electron from 'electron';\nexport const a = electron.ipcMain;\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'webContents.send outside the bridge',
    file: 'electron/main/windows/x.ts',
    code: "import type { BrowserWindow } from 'electron';\nexport const f = (w: BrowserWindow) => w.webContents.send('x', 1);\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'webContents.postMessage outside the bridge',
    file: 'electron/main/x.ts',
    code: "import type { BrowserWindow } from 'electron';\nexport const f = (w: BrowserWindow) => w.webContents.postMessage('x', 1);\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'shell.openExternal outside open-in-browser.ts',
    file: 'electron/main/tray/x.ts',
    code: "import { shell } from 'electron';\nexport const f = (u: string) => shell.openExternal(u);\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'ipcMain in a test outside the bridge',
    file: 'tests/e2e/x.test.ts',
    code: "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
    rule: 'no-restricted-imports',
  },
];

const inside: LintClean[] = [
  {
    name: 'electron/main/ipc mounting on ipcMain and sending events',
    file: 'electron/main/ipc/x.ts',
    code: "import { ipcMain, type BrowserWindow } from 'electron';\nimport { IPC_CALL, IPC_EVENT } from '@shared/rpc/ipc-channels';\nexport const f = (w: BrowserWindow) => { ipcMain.handle(IPC_CALL, () => 1); w.webContents.send(IPC_EVENT, 'e', 1); };\n",
  },
  {
    name: 'the preload invoking the call channel',
    file: 'electron/preload/x.ts',
    code: "import { ipcRenderer } from 'electron';\nimport { IPC_CALL } from '@shared/rpc/ipc-channels';\nexport const f = () => ipcRenderer.invoke(IPC_CALL, 'system.info');\n",
  },
  {
    name: 'open-in-browser.ts calling shell.openExternal',
    file: 'electron/main/security/open-in-browser.ts',
    code: "import { shell } from 'electron';\nexport const f = (u: string) => shell.openExternal(u);\n",
  },
  {
    name: 'the channel declarations themselves',
    file: 'shared/rpc/ipc-channels.ts',
    code: "export const IPC_CALL = 'livemanager:call';\n",
  },
  {
    name: 'main using the contract API, not channels',
    file: 'electron/main/tray/x.ts',
    code: 'export const label = (n: number): string => `${n} lives running`;\n',
  },
];

describeLintCases('IPC stays inside the bridge (lint)', outside, inside);
