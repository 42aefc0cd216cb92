import type { LinkAddresses } from '@shared/contract/outputs';
import { useTranslation } from 'react-i18next';
import { CopyAddress } from './CopyAddress';

/** A link's addresses with its token: the watch page for people, the playlist and channel list for players. */
export function LinkAddressList({ addresses }: { addresses: LinkAddresses }) {
  const { t } = useTranslation();
  return (
    <div className="space-y-1.5">
      <CopyAddress label={t('outputs.address.watch')} url={addresses.watch} testId="link-watch" />
      <CopyAddress label={t('outputs.address.playlist')} url={addresses.playlist} testId="link-playlist" />
      <CopyAddress label={t('outputs.address.m3u')} url={addresses.m3u} testId="link-m3u" />
      <CopyAddress label={t('outputs.address.xmltv')} url={addresses.xmltv} testId="link-xmltv" />
    </div>
  );
}
