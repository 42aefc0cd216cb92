import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { IptvFailure } from '../iptv-failure';
import { parseXmltvTime } from './xmltv-time';

export interface XmltvProgramme {
  /** The XMLTV channel id, lower-cased (matched against tvg-id / epg_channel_id). */
  readonly channelKey: string;
  readonly startMs: number;
  readonly stopMs: number;
  readonly title: string;
  readonly subtitle: string | null;
  readonly description: string | null;
  readonly category: string | null;
}

/** Long texts are cut: a guide shows a few lines, and a runaway element must not grow without end. */
const TEXT_MAX: Record<string, number> = { title: 300, 'sub-title': 300, desc: 2000, category: 100 };
/** A programme without a stop time is given this length (the XMLTV DTD makes stop optional). */
const DEFAULT_LENGTH_MS = 60 * 60_000;

/**
 * XMLTV, read with a SAX parser as the text streams in: only the programme being read is held
 * (never the document). Programmes outside [fromMs, toMs] are skipped. Broken XML stops the read
 * with its line and column. Entities are not expanded beyond XML's own five (no XXE).
 */
export class XmltvReader {
  readonly #parser = new SaxesParser({ position: true, xmlns: false });
  #sawRoot = false;
  #programme: { channel: string; start: number; stop: number | null } | null = null;
  #field: string | null = null;
  #text = '';
  #fields = new Map<string, string>();
  channels = 0;
  skipped = 0;

  constructor(
    private readonly window: { fromMs: number; toMs: number },
    private readonly onProgramme: (programme: XmltvProgramme) => void,
  ) {
    this.#parser.on('opentag', (tag) => this.#open(tag));
    this.#parser.on('closetag', (tag) => this.#close(tag));
    this.#parser.on('text', (text) => this.#append(text));
    this.#parser.on('cdata', (text) => this.#append(text));
    this.#parser.on('error', (error) => {
      throw new IptvFailure(
        'epg-xml',
        `The EPG is not valid XML: ${error.message.replace(/^\d+:\d+:\s*/, '')} (line ${this.#parser.line}, column ${this.#parser.column}).`,
      );
    });
  }

  write(text: string): void {
    this.#parser.write(text);
  }

  close(): void {
    this.#parser.close();
    if (!this.#sawRoot) throw new IptvFailure('epg-xml', 'The EPG is empty: no <tv> element.');
  }

  #open(tag: SaxesTagPlain): void {
    if (!this.#sawRoot) {
      this.#sawRoot = true;
      if (tag.name !== 'tv')
        throw new IptvFailure('epg-xml', `This is not an XMLTV guide: its root element is <${tag.name.slice(0, 40)}>, not <tv>.`);
      return;
    }
    if (tag.name === 'programme') {
      const start = parseXmltvTime(String(tag.attributes.start ?? ''));
      const stop = parseXmltvTime(String(tag.attributes.stop ?? ''));
      const channel = String(tag.attributes.channel ?? '')
        .trim()
        .toLowerCase();
      this.#programme = start === null || channel === '' ? null : { channel, start, stop };
      if (!this.#programme) this.skipped++;
      this.#fields = new Map();
    } else if (tag.name === 'channel') {
      this.channels++;
    } else if (this.#programme && tag.name in TEXT_MAX && !this.#fields.has(tag.name)) {
      this.#field = tag.name;
      this.#text = '';
    }
  }

  #append(text: string): void {
    if (this.#field === null) return;
    const max = TEXT_MAX[this.#field] ?? 0;
    if (this.#text.length < max) this.#text += text.slice(0, max - this.#text.length);
  }

  #close(tag: SaxesTagPlain): void {
    if (this.#field !== null && tag.name === this.#field) {
      this.#fields.set(this.#field, this.#text.trim());
      this.#field = null;
      return;
    }
    if (tag.name !== 'programme' || !this.#programme) return;
    const { channel, start } = this.#programme;
    const stop = this.#programme.stop !== null && this.#programme.stop > start ? this.#programme.stop : start + DEFAULT_LENGTH_MS;
    this.#programme = null;
    const title = this.#fields.get('title');
    if (!title || stop < this.window.fromMs || start > this.window.toMs) {
      this.skipped++;
      return;
    }
    this.onProgramme({
      channelKey: channel,
      startMs: start,
      stopMs: stop,
      title,
      subtitle: this.#fields.get('sub-title') || null,
      description: this.#fields.get('desc') || null,
      category: this.#fields.get('category') || null,
    });
  }
}
