import { describeLintCases, type LintClean, type LintViolation } from '../support/lint-cases';

// The layout rules of DESIGN.md ("Shape") live in eslint.config.js. Each case lints a snippet as if
// it were a file in that folder: a violation must be reported, clean code must pass.

const violations: LintViolation[] = [
  {
    name: 'shared/ imports node:fs',
    file: 'shared/format/x.ts',
    code: "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'shared/ imports fs (bare)',
    file: 'shared/format/x.ts',
    code: "import fs from 'fs';\nexport const a = fs;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'shared/ imports electron',
    file: 'shared/rpc/x.ts',
    code: "import { app } from 'electron';\nexport const a = app;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'shared/ re-exports from node:path',
    file: 'shared/rpc/x.ts',
    code: "export { join } from 'node:path';\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'shared/ loads node:os dynamically',
    file: 'shared/rpc/x.ts',
    code: "export const os = () => import('node:os');\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'renderer/ loads node:fs dynamically',
    file: 'renderer/src/lib/x.ts',
    code: "export const fs = () => import('node:fs');\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'electron/engine loads electron dynamically',
    file: 'electron/engine/x.ts',
    code: "export const e = () => import('electron');\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'shared/ uses window',
    file: 'shared/format/x.ts',
    code: 'export const w = () => window.location.href;\n',
    rule: 'no-restricted-globals',
  },
  {
    name: 'shared/ uses document',
    file: 'shared/format/x.ts',
    code: 'export const d = () => document.title;\n',
    rule: 'no-restricted-globals',
  },
  {
    name: 'shared/ uses process',
    file: 'shared/format/x.ts',
    code: 'export const p = () => process.env.HOME;\n',
    rule: 'no-restricted-globals',
  },
  {
    name: 'electron/engine imports electron',
    file: 'electron/engine/lives/x.ts',
    code: "import { app } from 'electron';\nexport const a = app;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'electron/engine requires electron',
    file: 'electron/engine/lives/x.ts',
    code: "import { createRequire } from 'node:module';\nexport const e: unknown = createRequire(import.meta.url)('electron');\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'electron/agent imports electron',
    file: 'electron/agent/x.ts',
    code: "import * as electron from 'electron';\nexport const a = electron;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'electron/agent imports an electron subpath',
    file: 'electron/agent/x.ts',
    code: "import x from 'electron/main';\nexport const a = x;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'renderer/ imports electron',
    file: 'renderer/src/pages/X.tsx',
    code: "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'renderer/ imports node:path',
    file: 'renderer/src/lib/x.ts',
    code: "import path from 'node:path';\nexport const a = path;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'renderer/ imports child_process',
    file: 'renderer/src/lib/x.ts',
    code: "import cp from 'child_process';\nexport const a = cp;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'electron/main imports ipcRenderer',
    file: 'electron/main/x.ts',
    code: "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'electron/main reaches ipcRenderer through the module',
    file: 'electron/main/x.ts',
    code: "import electron from 'electron';\nexport const a = electron.ipcRenderer;\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'renderer/ reaches an ipcRenderer exposed on window',
    file: 'renderer/src/lib/x.ts',
    code: "export const a = (w: { ipcRenderer: { send(c: string): void } }) => w.ipcRenderer.send('x');\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'electron/engine reaches ipcRenderer on an object',
    file: 'electron/engine/x.ts',
    code: 'export const a = (e: { ipcRenderer: unknown }) => e.ipcRenderer;\n',
    rule: 'no-restricted-syntax',
  },
  {
    name: 'a test imports ipcRenderer',
    file: 'tests/e2e/x.test.ts',
    code: "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'a root script imports ipcRenderer',
    file: 'scripts/x.ts',
    code: "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'spawn with shell: true',
    file: 'electron/engine/ffmpeg/x.ts',
    code: "import { spawn } from 'node:child_process';\nexport const p = () => spawn('ffmpeg', ['-version'], { shell: true });\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: "spawn with 'shell': '/bin/sh'",
    file: 'electron/engine/ffmpeg/x.ts',
    code: "import { spawn } from 'node:child_process';\nexport const p = () => spawn('ffmpeg', [], { 'shell': '/bin/sh' });\n",
    rule: 'no-restricted-syntax',
  },
  {
    name: 'exec (always a shell) from child_process',
    file: 'electron/engine/ffmpeg/x.ts',
    code: "import { exec } from 'node:child_process';\nexport const p = () => exec('ffmpeg -version');\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'execSync in electron/main',
    file: 'electron/main/x.ts',
    code: "import { execSync } from 'child_process';\nexport const p = () => execSync('ls');\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'electron/main/targets/ssh imports electron (it is plain Node)',
    file: 'electron/main/targets/ssh/x.ts',
    code: "import { app } from 'electron';\nexport const a = app;\n",
    rule: 'no-restricted-imports',
  },
  {
    name: 'an engine domain runs ffprobe itself instead of the tools service',
    file: 'electron/engine/schedule/x.ts',
    code: "import { probeSource } from '../ffmpeg/probe';\nexport const p = probeSource;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    name: 'the agent locates FFmpeg itself',
    file: 'electron/agent/x.ts',
    code: "import { locateTool } from '../engine/ffmpeg/locate';\nexport const l = locateTool;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    name: 'engine code imports vitest',
    file: 'electron/engine/lives/x.ts',
    code: "import { expect } from 'vitest';\nexport const e = expect;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    name: 'engine code imports a test kit from tests/',
    file: 'electron/engine/lives/x.ts',
    code: "import { startLivesKit } from '../../../tests/support/engine/lives-kit';\nexport const k = startLivesKit;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    name: 'the FFmpeg folder imports a test helper',
    file: 'electron/engine/ffmpeg/x.ts',
    code: "import { waitFor } from '../../../tests/support/wait-for';\nexport const w = waitFor;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    name: 'shared/ imports from a testing/ folder',
    file: 'shared/format/x.ts',
    code: "import { fake } from '../testing/fake';\nexport const f = fake;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    name: 'renderer code imports vitest',
    file: 'renderer/src/lib/x.ts',
    code: "import { vi } from 'vitest';\nexport const v = vi;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    name: 'electron/main imports a vitest subpath',
    file: 'electron/main/x.ts',
    code: "import { defineConfig } from 'vitest/config';\nexport const d = defineConfig;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    name: 'the schedule domain reads the lives store itself',
    file: 'electron/engine/schedule/x.ts',
    code: "import { LiveStore } from '../lives/live-store';\nexport const s = LiveStore;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    name: 'the notifications domain reads the accounts table itself',
    file: 'electron/engine/notifications/x.ts',
    code: "import { UserStore } from '../accounts/user-store';\nexport const u = UserStore;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    name: 'a nested IPTV file reaches into the lives runtime',
    file: 'electron/engine/iptv/refresh/x.ts',
    code: "import { restreamRuntime } from '../../lives/runtime/restream-runtime';\nexport const r = restreamRuntime;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
  {
    name: 'the outputs domain reads the lives table itself',
    file: 'electron/engine/outputs/x.ts',
    code: "import { LiveStore } from '../lives/live-store';\nexport const s = LiveStore;\n",
    rule: '@typescript-eslint/no-restricted-imports',
  },
];

const clean: LintClean[] = [
  {
    name: 'the schedule domain using the lives port',
    file: 'electron/engine/schedule/x.ts',
    code: "import type { LivesPort } from '../lives/lives-port';\nexport const f = (p: LivesPort) => p.listScheduled();\n",
  },
  {
    name: 'the lives domain using the outputs port',
    file: 'electron/engine/lives/x.ts',
    code: "import type { OutputsPort } from '../outputs/outputs-port';\nexport const f = (p: OutputsPort) => p.feeds;\n",
  },
  {
    name: 'a domain using the IPTV port types and the notice bus',
    file: 'electron/engine/lives/runtime/x.ts',
    code: "import type { IptvPort } from '../../iptv/ports';\nimport type { NoticeBus } from '../../notifications/notice-bus';\nexport type A = [IptvPort, NoticeBus];\n",
  },
  {
    name: 'a domain importing its own files and engine services',
    file: 'electron/engine/lives/x.ts',
    code: "import { LiveStore } from './live-store';\nimport { Alarm } from '../time/alarm';\nexport const a = [LiveStore, Alarm];\n",
  },
  {
    name: 'a test beside engine code importing vitest and a test kit',
    file: 'electron/engine/lives/x.test.ts',
    code: "import { expect } from 'vitest';\nimport { startLivesKit } from '../../../tests/support/engine/lives-kit';\nexport const a = [expect, startLivesKit];\n",
  },
  {
    name: 'a renderer test importing vitest and the waitFor helper',
    file: 'renderer/src/lib/x.test.tsx',
    code: "import { vi } from 'vitest';\nimport { waitFor } from '../../../tests/support/wait-for';\nexport const a = [vi, waitFor];\n",
  },
  {
    name: 'an engine domain using the FFmpeg tools service',
    file: 'electron/engine/schedule/x.ts',
    code: "import type { FfmpegTools } from '../ffmpeg/ffmpeg-tools';\nexport const p = (t: FfmpegTools) => t.probe('a.mp4');\n",
  },
  {
    name: 'the FFmpeg folder itself using locate',
    file: 'electron/engine/ffmpeg/x.ts',
    code: "import { locateTool } from './locate';\nexport const l = locateTool;\n",
  },
  {
    name: 'shared/ pure code with zod',
    file: 'shared/format/x.ts',
    code: "import { z } from 'zod';\nexport const Bytes = z.number().int();\nexport const k = (n: number): string => `${n / 1024}K`;\n",
  },
  {
    name: 'electron/engine spawning ffmpeg with an argument array',
    file: 'electron/engine/ffmpeg/x.ts',
    code: "import { spawn } from 'node:child_process';\nexport const p = () => spawn('ffmpeg', ['-hide_banner', '-version'], { shell: false, stdio: 'pipe' });\n",
  },
  {
    name: 'electron/main importing app and BrowserWindow',
    file: 'electron/main/x.ts',
    code: "import { app, BrowserWindow } from 'electron';\nexport const a = [app, BrowserWindow];\n",
  },
  {
    name: 'the main IPC bridge importing ipcMain',
    file: 'electron/main/ipc/x.ts',
    code: "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
  },
  {
    name: 'renderer using window and the shared contract',
    file: 'renderer/src/lib/x.ts',
    code: "import { contract } from '@shared/contract';\nexport const a = () => [window.location.href, Object.keys(contract.methods)];\n",
  },
  {
    name: 'the preload using ipcRenderer',
    file: 'electron/preload/x.ts',
    code: "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\nexport const b = () => ipcRenderer.invoke('x');\n",
  },
];

describeLintCases('layout boundaries are enforced by lint', violations, clean);
