import type { SshTargetRecord } from '@shared/contract/host-targets';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import fr from '../i18n/fr.json';
import { anyRetrying, targetStateText } from './target-state-text';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({ resources: { en: { translation: en }, fr: { translation: fr } }, lng: 'en', fallbackLng: false });
});

const vps: SshTargetRecord = {
  kind: 'ssh',
  id: 'paris',
  label: 'Paris',
  host: '203.0.113.7',
  port: 22,
  user: 'stream',
  auth: { kind: 'ssh-agent' },
  hasCredential: false,
  hostKeySha256: `SHA256:${'A'.repeat(43)}`,
  state: 'connected',
};

describe('targetStateText', () => {
  it('counts down to the next attempt of a retrying target, in both languages', async () => {
    const retrying: SshTargetRecord = { ...vps, state: 'failed', problem: { kind: 'retrying', retryAt: 10_000 } };
    expect(targetStateText(retrying, 5_600, i18n.t)).toBe('unreachable, retrying in 5 s');
    expect(targetStateText(retrying, 9_999, i18n.t)).toBe('unreachable, retrying in 1 s');
    expect(targetStateText(retrying, 10_000, i18n.t)).toBe('unreachable, retrying now');
    await i18n.changeLanguage('fr');
    expect(targetStateText(retrying, 5_600, i18n.t)).toBe('injoignable, nouvel essai dans 5 s');
    await i18n.changeLanguage('en');
    expect(anyRetrying([vps, retrying])).toBe(true);
    expect(anyRetrying([vps])).toBe(false);
  });

  it('says a changed host key, and the plain state otherwise', () => {
    const changed: SshTargetRecord = {
      ...vps,
      state: 'failed',
      problem: { kind: 'hostKeyChanged', pinned: vps.hostKeySha256!, presented: `SHA256:${'B'.repeat(43)}` },
    };
    expect(targetStateText(changed, 0, i18n.t)).toBe('host key changed');
    expect(targetStateText({ ...vps, state: 'failed' }, 0, i18n.t)).toBe('unreachable');
    expect(targetStateText({ ...vps, state: 'connecting' }, 0, i18n.t)).toBe('connecting');
  });
});
