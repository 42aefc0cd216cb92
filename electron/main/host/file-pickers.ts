import type { BrowserWindow, Dialog, OpenDialogOptions } from 'electron';
import type { HostHandlers } from '@shared/rpc/host-routing';
import type { CallContext } from '../../engine/context';

export interface FilePickerOptions {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  /** The window the picker is modal to (none: a free-standing dialog). */
  parent: () => BrowserWindow | undefined;
}

type PickerHandlers = Pick<HostHandlers<CallContext>, 'shell.pickFile' | 'shell.pickFolder'>;

/** `shell.pickFile` / `shell.pickFolder` with the OS's own dialogs. Cancelling is not an error. */
export function filePickers(options: FilePickerOptions): PickerHandlers {
  const open = async (settings: OpenDialogOptions): Promise<string[]> => {
    const parent = options.parent();
    const result = parent ? await options.dialog.showOpenDialog(parent, settings) : await options.dialog.showOpenDialog(settings);
    return result.canceled ? [] : result.filePaths;
  };
  return {
    'shell.pickFile': async (input) => {
      const settings: OpenDialogOptions = { properties: input?.multiple ? ['openFile', 'multiSelections'] : ['openFile'] };
      if (input?.title !== undefined) settings.title = input.title;
      if (input?.defaultPath !== undefined) settings.defaultPath = input.defaultPath;
      if (input?.filters !== undefined) settings.filters = input.filters;
      return { paths: await open(settings) };
    },
    'shell.pickFolder': async (input) => {
      const settings: OpenDialogOptions = { properties: ['openDirectory', 'createDirectory'] };
      if (input?.title !== undefined) settings.title = input.title;
      if (input?.defaultPath !== undefined) settings.defaultPath = input.defaultPath;
      return { path: (await open(settings))[0] ?? null };
    },
  };
}
