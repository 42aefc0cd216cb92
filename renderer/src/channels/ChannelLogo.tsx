import type { Channel } from '@shared/contract/iptv';
import { useState } from 'react';
import { cn } from '../lib/cn';

/** Up to two letters from a channel's name: `Café Télé 4` → `CT`. */
export function initialsOf(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !/^\d+$/.test(w));
  const letters = words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : (words[0]?.slice(0, 2) ?? '');
  return (letters || name.slice(0, 2)).toUpperCase();
}

const HUES = [210, 260, 330, 20, 150, 45, 190, 290];

function hueOf(name: string): number {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  return HUES[Math.abs(hash) % HUES.length] ?? 210;
}

/**
 * The channel's logo, loaded from the engine (which fetched it: the renderer never contacts a
 * provider's logo host), or its initials when it has none, the engine has no preview server, or
 * the logo cannot be shown.
 */
export function ChannelLogo({ channel, base, className }: { channel: Channel; base: string | null; className?: string }) {
  const src = base && channel.logo ? `${base}/${encodeURIComponent(channel.providerId)}/${encodeURIComponent(channel.id)}` : null;
  const [failed, setFailed] = useState<string | null>(null);
  const box = cn('flex size-9 shrink-0 items-center justify-center overflow-hidden rounded-md', className);
  if (src && failed !== src) {
    return (
      <span className={cn(box, 'bg-white/90 p-0.5 dark:bg-white/10')}>
        <img
          src={src}
          alt=""
          loading="lazy"
          decoding="async"
          className="max-h-full max-w-full object-contain"
          onError={() => setFailed(src)}
        />
      </span>
    );
  }
  return (
    <span
      className={cn(box, 'text-xs font-semibold text-white')}
      style={{ backgroundColor: `hsl(${hueOf(channel.name)} 45% 42%)` }}
      aria-hidden
      data-testid="channel-initials"
    >
      {initialsOf(channel.name)}
    </span>
  );
}
