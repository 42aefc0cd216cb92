import type { MediaInfo } from '@shared/contract/library';
import { AudioLines, Captions, ListOrdered, Video } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Card } from '../components/ui/card';
import { formatBitrate, formatDuration } from '../lib/format';
import { cn } from '../lib/cn';

export interface TrackChoice {
  /** The chosen audio track's language (`fra`), or '' for the first track. */
  audioLanguage: string;
  /** The subtitle language burnt in, or '' for none. */
  burnInLanguage: string;
}

/**
 * Every track the probe found, video, audio, subtitles and chapters; the audio track a live plays
 * and the subtitles it burns in are chosen here (by language: what a live's source names).
 */
export function TracksCard({
  media,
  choice,
  onChoice,
}: {
  media: MediaInfo;
  choice: TrackChoice;
  onChoice: (choice: TrackChoice) => void;
}) {
  const { t, i18n } = useTranslation();
  const video = media.video;
  const chosenAudio = choice.audioLanguage ? media.audio.findIndex((a) => (a.language ?? 'und') === choice.audioLanguage) : 0;
  return (
    <Card.Root data-testid="item-tracks">
      <Card.Header>
        <Card.Title>{t('library.item.tracks')}</Card.Title>
      </Card.Header>
      <Card.Body className="space-y-4 text-sm">
        {video && (
          <TrackGroup icon={<Video aria-hidden />} title={t('library.item.video')}>
            <p data-testid="video-track">
              {[
                video.codec.toUpperCase(),
                video.profile,
                video.level ? `${t('library.item.level')} ${levelOf(video.codec, video.level)}` : null,
                video.width && video.height ? `${video.width}×${video.height}` : null,
                video.fps ? `${Math.round(video.fps * 100) / 100} fps${video.variableFrameRate ? ' (VFR)' : ''}` : null,
                video.bitRate ? formatBitrate(video.bitRate / 1000, i18n.language) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
          </TrackGroup>
        )}
        {media.audio.length > 0 && (
          <TrackGroup icon={<AudioLines aria-hidden />} title={t('library.item.audio')}>
            <ul className="space-y-1" role="radiogroup" aria-label={t('library.item.audio')}>
              {media.audio.map((a) => {
                // A live names its track by language: of two tracks in one language, only the first can be chosen.
                const language = a.language ?? 'und';
                const reachable = media.audio.findIndex((x) => (x.language ?? 'und') === language) === a.position;
                return (
                  <li key={a.index}>
                    <ChoiceRow
                      checked={a.position === chosenAudio}
                      disabled={!reachable}
                      onSelect={() => onChoice({ ...choice, audioLanguage: a.position === 0 ? '' : language })}
                      testId={`audio-${a.position}`}
                    >
                      <span className="font-medium">{a.language ?? t('library.item.untagged')}</span>
                      <span className="text-muted-foreground">
                        {[a.codec.toUpperCase(), a.channelLayout ?? (a.channels ? `${a.channels} ch` : null), a.title]
                          .filter(Boolean)
                          .join(' · ')}
                      </span>
                    </ChoiceRow>
                  </li>
                );
              })}
            </ul>
          </TrackGroup>
        )}
        <TrackGroup icon={<Captions aria-hidden />} title={t('library.item.subtitles')}>
          {media.subtitles.length === 0 ? (
            <p className="text-muted-foreground">{t('library.item.noSubtitles')}</p>
          ) : (
            <ul className="space-y-1" role="radiogroup" aria-label={t('library.item.burnIn')}>
              <li>
                <ChoiceRow
                  checked={choice.burnInLanguage === ''}
                  onSelect={() => onChoice({ ...choice, burnInLanguage: '' })}
                  testId="subtitles-none"
                >
                  {t('library.item.noBurnIn')}
                </ChoiceRow>
              </li>
              {media.subtitles.map((s) => (
                <li key={s.index}>
                  <ChoiceRow
                    checked={choice.burnInLanguage !== '' && choice.burnInLanguage === s.language}
                    disabled={s.language === null}
                    onSelect={() => onChoice({ ...choice, burnInLanguage: s.language ?? '' })}
                    testId={`subtitles-${s.position}`}
                  >
                    <span className="font-medium">
                      {t('library.item.burnInTrack', { language: s.language ?? t('library.item.untagged') })}
                    </span>
                    <span className="text-muted-foreground">
                      {[s.codec, t(`library.item.subtitleKind.${s.kind}`), s.title].filter(Boolean).join(' · ')}
                    </span>
                  </ChoiceRow>
                </li>
              ))}
            </ul>
          )}
        </TrackGroup>
        {media.chapters.length > 0 && (
          <TrackGroup icon={<ListOrdered aria-hidden />} title={t('library.item.chapters', { count: media.chapters.length })}>
            <ol className="max-h-40 space-y-0.5 overflow-y-auto text-xs">
              {media.chapters.map((c, i) => (
                <li key={i} className="flex gap-3">
                  <span className="font-mono text-muted-foreground">{formatDuration(c.startSec * 1000)}</span>
                  <span className="truncate">{c.title ?? t('library.item.chapter', { n: i + 1 })}</span>
                </li>
              ))}
            </ol>
          </TrackGroup>
        )}
      </Card.Body>
    </Card.Root>
  );
}

function TrackGroup({ icon, title, children }: { icon: React.ReactNode; title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-1.5">
      <h3 className="flex items-center gap-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase [&_svg]:size-3.5">
        {icon}
        {title}
      </h3>
      {children}
    </section>
  );
}

function ChoiceRow({
  checked,
  disabled,
  onSelect,
  testId,
  children,
}: {
  checked: boolean;
  disabled?: boolean;
  onSelect: () => void;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      role="radio"
      aria-checked={checked}
      disabled={disabled}
      onClick={onSelect}
      data-testid={testId}
      className={cn(
        'flex w-full items-center gap-2.5 rounded-md border px-2.5 py-1.5 text-left disabled:opacity-50',
        checked ? 'border-primary/60 bg-primary/10' : 'border-transparent hover:bg-muted',
      )}
    >
      <span
        className={cn(
          'size-3.5 shrink-0 rounded-full border-2',
          checked ? 'border-primary bg-primary shadow-[inset_0_0_0_2px_var(--color-card)]' : 'border-muted-foreground/50',
        )}
      />
      <span className="flex min-w-0 flex-wrap items-baseline gap-x-2">{children}</span>
    </button>
  );
}

/** ffprobe's level as the codec names it: H.264 counts tenths (42 = 4.2), HEVC thirtieths (93 = 3.1). */
function levelOf(codec: string, level: number): string {
  return (codec === 'hevc' ? level / 30 : level / 10).toFixed(1);
}
