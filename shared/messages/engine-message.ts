import { MESSAGES, type MessageCode, type MessageParams } from './catalog';

/** A sentence as the engine sends it: a code the UI translates, and its parameters. */
export interface EngineMessage {
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
}

/** A message of the catalog; a code without placeholders takes no parameters. */
export function engineMessage<Code extends MessageCode>(
  code: Code,
  ...params: keyof MessageParams<Code> extends never ? [] : [MessageParams<Code>]
): EngineMessage {
  return { code, params: params[0] ?? {} };
}

/** Fill `{{name}}` placeholders (unknown ones stay as they are). */
export function fillTemplate(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The English sentence of a message (logs, the CLI, `RpcError.message`). */
export function englishOf(message: EngineMessage): string {
  const template = Object.hasOwn(MESSAGES, message.code) ? MESSAGES[message.code as MessageCode] : message.code;
  return fillTemplate(template, message.params);
}

/** The English sentence of a catalog message, for text that stays a string (a zod issue, a plan reason). */
export function sentenceOf<Code extends MessageCode>(
  code: Code,
  ...params: keyof MessageParams<Code> extends never ? [] : [MessageParams<Code>]
): string {
  return englishOf({ code, params: params[0] ?? {} });
}
