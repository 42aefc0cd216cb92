/**
 * What Jellyfin, Kodi and VLC read to list the outputs as TV channels: an extended M3U (one
 * `#EXTINF` per output with `tvg-id`, logo and group) and an XMLTV guide whose channel ids match
 * the `tvg-id`s. Pure text builders; the routes decide which outputs and tokens go in.
 */
export interface ListedChannel {
  /** `tvg-id` and XMLTV channel id: stable, from the output's address name. */
  readonly id: string;
  readonly name: string;
  readonly group: string;
  readonly logo: string;
  /** The playlist address, with its token if the output needs one. */
  readonly url: string;
}

export interface GuideProgramme {
  readonly channelId: string;
  readonly startMs: number;
  readonly stopMs: number;
  readonly title: string;
  readonly description?: string;
}

export const channelIdOf = (slug: string): string => `${slug}.livemanager`;

/** Attribute values are quoted: a quote inside would end them early (and a line break is never there: titles refuse control characters). */
function attribute(value: string): string {
  return value.replace(/["\r\n]/g, (c) => (c === '"' ? "'" : ' '));
}

export function buildM3u(channels: readonly ListedChannel[], guideUrl: string): string {
  const lines = [`#EXTM3U url-tvg="${attribute(guideUrl)}" x-tvg-url="${attribute(guideUrl)}"`];
  for (const c of channels) {
    lines.push(
      `#EXTINF:-1 tvg-id="${attribute(c.id)}" tvg-name="${attribute(c.name)}" tvg-logo="${attribute(c.logo)}" group-title="${attribute(c.group)}",${c.name.replace(/[\r\n]/g, ' ')}`,
      c.url,
    );
  }
  return `${lines.join('\n')}\n`;
}

function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** XMLTV's date format: `20260329180000 +0000`. */
export function xmltvTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-03-29T18:00:00.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)} +0000`;
}

export function buildXmltv(channels: readonly ListedChannel[], programmes: readonly GuideProgramme[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<tv generator-info-name="LiveManager">'];
  for (const c of channels) {
    lines.push(
      `  <channel id="${xml(c.id)}">`,
      `    <display-name>${xml(c.name)}</display-name>`,
      `    <icon src="${xml(c.logo)}"/>`,
      '  </channel>',
    );
  }
  for (const p of programmes) {
    lines.push(
      `  <programme start="${xmltvTime(p.startMs)}" stop="${xmltvTime(p.stopMs)}" channel="${xml(p.channelId)}">`,
      `    <title>${xml(p.title)}</title>`,
      ...(p.description ? [`    <desc>${xml(p.description)}</desc>`] : []),
      '  </programme>',
    );
  }
  lines.push('</tv>');
  return `${lines.join('\n')}\n`;
}
