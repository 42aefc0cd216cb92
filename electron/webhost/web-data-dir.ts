import os from 'node:os';
import path from 'node:path';

/**
 * Where `npm run dev:web` keeps its lives between starts: the per-user data folder of each OS
 * (XDG on Linux). Apart from the desktop app's own folder: both may run at once, and one engine
 * owns a data folder.
 */
export function defaultWebDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'win32')
    return path.win32.join(env.LOCALAPPDATA || path.win32.join(home, 'AppData', 'Local'), 'LiveManager Web');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'LiveManager Web');
  const dataHome =
    env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(home, '.local', 'share');
  return path.join(dataHome, 'livemanager-web');
}
