import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import { SECRET_STORE_KINDS, secretStoreKindOf } from './secret-store';

describe('the secret store wording', () => {
  it('follows what the host reports, and promises nothing it did not report', () => {
    expect(secretStoreKindOf({ secretStorage: 'keychain' })).toBe('keychain');
    expect(secretStoreKindOf({ secretStorage: 'encrypted-file' })).toBe('encrypted-file');
    expect(secretStoreKindOf({ secretStorage: 'something-new' })).toBe('unknown');
    expect(secretStoreKindOf({})).toBe('unknown');
    expect(secretStoreKindOf(undefined)).toBe('unknown');
  });

  it('has a sentence for every kind in both languages, and only the keychain one names the keychain', () => {
    for (const tree of [en, fr]) {
      expect(Object.keys(tree.secretStore).sort()).toEqual([...SECRET_STORE_KINDS].sort());
    }
    for (const kind of SECRET_STORE_KINDS.filter((k) => k !== 'keychain')) {
      expect(en.secretStore[kind]).not.toMatch(/keychain/i);
      expect(fr.secretStore[kind]).not.toMatch(/trousseau/i);
    }
  });
});
