import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { RpcErrorCode } from '@shared/contract/errors';
import { MESSAGES, placeholdersOf, type MessageCode } from '@shared/messages/catalog';
import { messageKeyOf } from '../lib/message';
import { TRANSLATIONS } from './resources';

function lookup(tree: Record<string, unknown>, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
}

const CODES = Object.keys(MESSAGES) as MessageCode[];

describe('engine messages: every code of the catalog is translated', () => {
  it.each(CODES)('%s has an English and a French sentence with the catalog’s placeholders', (code) => {
    const key = messageKeyOf(code);
    expect(key, `${code} is not of the form <domain>.<name>`).not.toBeNull();
    const expected = [...placeholdersOf(MESSAGES[code])].sort();
    for (const language of ['en', 'fr'] as const) {
      const text = lookup(TRANSLATIONS[language], key ?? '');
      expect(typeof text, `${language}: ${key} is missing`).toBe('string');
      expect([...placeholdersOf(text as string)].sort(), `${language}: ${key}`).toEqual(expected);
    }
  });

  it('every RPC error code has a sentence in both languages (for messages without a code)', () => {
    for (const code of RpcErrorCode.options) {
      for (const language of ['en', 'fr'] as const) {
        expect(typeof lookup(TRANSLATIONS[language], `rpcErrors.${code}`), `${language}: rpcErrors.${code}`).toBe('string');
      }
    }
  });

  it('no French message is left in English', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { fr: { translation: TRANSLATIONS.fr } }, lng: 'fr', fallbackLng: false });
    for (const code of CODES) {
      const fr = i18n.t(messageKeyOf(code) ?? '');
      expect(fr, code).not.toBe(MESSAGES[code].replace(/"/g, '“'));
      expect(fr, code).not.toMatch(/\b(the|this|your|is|has|live is)\b/i);
    }
  });
});
