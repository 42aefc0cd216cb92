import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * Playlists and guides generated at test time (never committed): deterministic names with
 * accents and common words, so searches have known answers at any size.
 */
const NAMES = [
  'Eurosport',
  'Café Télé',
  'News 24',
  'Cinéma Club',
  'Kids Zone',
  'Música Latina',
  'Docu Plus',
  'Sky Sport',
  'Radio Vision',
  'Arte',
];
const GROUPS = ['Sports', 'Actualités', 'Cinéma', 'Enfants', 'Musique', 'Documentaires'];
const TITLES = ['Le Journal', 'Match de football', 'Film du soir', 'Météo', 'Dessin animé', 'Concert live'];

export function channelName(i: number): string {
  return `${NAMES[i % NAMES.length]} ${i}`;
}

export function groupName(i: number, groups: number): string {
  const g = i % groups;
  return `${GROUPS[g % GROUPS.length]} ${g}`;
}

/** The tvg-id / epg_channel_id of channel i (matched by the XMLTV fixture). */
export function epgIdOf(i: number): string {
  return `ch${i}.tv`;
}

export interface M3uFixture {
  readonly channels: number;
  readonly groups?: number;
  /** Where streams live, e.g. http://127.0.0.1:1234 */
  readonly streamOrigin: string;
  /** Xtream-style stream URLs /live/<user>/<pass>/<i>.ts; otherwise /hls/<i>/index.m3u8. */
  readonly login?: { user: string; pass: string };
  /** Attributes of the #EXTM3U line (url-tvg=…). */
  readonly header?: string;
}

export function* m3uChunks(f: M3uFixture): Generator<string> {
  const groups = f.groups ?? 50;
  yield `#EXTM3U${f.header ? ` ${f.header}` : ''}\n`;
  let chunk = '';
  for (let i = 0; i < f.channels; i++) {
    const url = f.login
      ? `${f.streamOrigin}/live/${f.login.user}/${f.login.pass}/${i}.ts`
      : `${f.streamOrigin}/hls/${i}/index.m3u8`;
    chunk += `#EXTINF:-1 tvg-id="${epgIdOf(i)}" tvg-name="${channelName(i)}" tvg-logo="${f.streamOrigin}/logos/${i}.png" group-title="${groupName(i, groups)}",${channelName(i)}\n${url}\n`;
    if (chunk.length > 64 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export interface XmltvFixture {
  readonly channels: number;
  readonly programmesPerChannel: number;
  readonly startMs: number;
  readonly programmeMs?: number;
  /** Characters of description per programme (sizes the document). */
  readonly descriptionChars?: number;
}

function xmltvTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())} +0000`;
}

export function programmeTitle(channel: number, index: number): string {
  return `${TITLES[(channel + index) % TITLES.length]} ${index}`;
}

export function* xmltvChunks(f: XmltvFixture): Generator<string> {
  const length = f.programmeMs ?? 3600_000;
  const description = 'Une émission & des invités. '
    .repeat(Math.ceil((f.descriptionChars ?? 60) / 28))
    .slice(0, f.descriptionChars ?? 60);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tv SYSTEM "xmltv.dtd">\n<tv generator-info-name="livemanager-tests">\n';
  let chunk = '';
  for (let c = 0; c < f.channels; c++)
    chunk += `  <channel id="${epgIdOf(c)}"><display-name>${channelName(c).replace('&', '&amp;')}</display-name></channel>\n`;
  yield chunk;
  chunk = '';
  for (let c = 0; c < f.channels; c++) {
    for (let j = 0; j < f.programmesPerChannel; j++) {
      const start = f.startMs + j * length;
      chunk += `  <programme start="${xmltvTime(start)}" stop="${xmltvTime(start + length)}" channel="${epgIdOf(c)}"><title lang="fr">${programmeTitle(c, j)}</title><desc lang="fr">${description.replaceAll('&', '&amp;')}</desc></programme>\n`;
      if (chunk.length > 64 * 1024) {
        yield chunk;
        chunk = '';
      }
    }
  }
  yield `${chunk}</tv>\n`;
}

/** Write generated text to a file (gzip-compressed when asked), chunk by chunk. */
export async function writeChunks(file: string, chunks: Iterable<string>, options: { gzip?: boolean } = {}): Promise<void> {
  const source = Readable.from(chunks);
  if (options.gzip) await pipeline(source, createGzip(), createWriteStream(file));
  else await pipeline(source, createWriteStream(file));
}
