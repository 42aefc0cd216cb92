import { describe, expect, it } from 'vitest';
import { XmltvReader, type XmltvProgramme } from './xmltv-reader';
import { parseXmltvTime } from './xmltv-time';

describe('XMLTV times', () => {
  it.each([
    ['20240101120000 +0100', '2024-01-01T11:00:00.000Z'],
    ['20240101120000 -0530', '2024-01-01T17:30:00.000Z'],
    ['20240101120000 +01:00', '2024-01-01T11:00:00.000Z'],
    ['20240101120000', '2024-01-01T12:00:00.000Z'],
    ['202401011200 Z', '2024-01-01T12:00:00.000Z'],
    ['20240101003000 +0200', '2023-12-31T22:30:00.000Z'],
  ])('%s is %s', (text, iso) => {
    expect(new Date(parseXmltvTime(text) ?? Number.NaN).toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', '20241301120000 +0000', '2024-01-01T12:00:00Z'])('%j is unreadable', (text) => {
    expect(parseXmltvTime(text)).toBeNull();
  });
});

function read(xml: string | string[], window = { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER }) {
  const programmes: XmltvProgramme[] = [];
  const reader = new XmltvReader(window, (p) => programmes.push(p));
  for (const part of Array.isArray(xml) ? xml : [xml]) reader.write(part);
  reader.close();
  return { programmes, reader };
}

describe('XMLTV reader (SAX)', () => {
  it('reads programmes fed in arbitrary pieces, entities and CDATA included', () => {
    const xml = `<?xml version="1.0"?><tv><channel id="A.tv"><display-name>A</display-name></channel>
      <programme start="20240101120000 +0000" stop="20240101130000 +0000" channel="A.tv"><title lang="fr">Tom &amp; Jerry</title><title lang="en">ignored</title><sub-title>S1</sub-title><desc><![CDATA[<b>bold</b>]]></desc><category>Kids</category></programme></tv>`;
    const pieces = xml.match(/[\s\S]{1,7}/g) ?? [];
    const { programmes, reader } = read(pieces);
    expect(reader.channels).toBe(1);
    expect(programmes).toEqual([
      {
        channelKey: 'a.tv',
        startMs: Date.parse('2024-01-01T12:00:00Z'),
        stopMs: Date.parse('2024-01-01T13:00:00Z'),
        title: 'Tom & Jerry',
        subtitle: 'S1',
        description: '<b>bold</b>',
        category: 'Kids',
      },
    ]);
  });

  it('keeps only programmes inside the window', () => {
    const xml = `<tv><programme start="20240101000000" stop="20240101010000" channel="a"><title>Old</title></programme><programme start="20240105000000" channel="a"><title>Kept</title></programme></tv>`;
    const { programmes, reader } = read(xml, {
      fromMs: Date.parse('2024-01-02T00:00:00Z'),
      toMs: Date.parse('2024-01-06T00:00:00Z'),
    });
    expect(programmes.map((p) => [p.title, new Date(p.stopMs).toISOString()])).toEqual([['Kept', '2024-01-05T01:00:00.000Z']]);
    expect(reader.skipped).toBe(1);
  });

  it('stops on broken XML with the line and column', () => {
    expect(() => read('<tv>\n<programme start="20240101000000" channel="a"><title>Cut</title></tv>')).toThrow(
      /The EPG is not valid XML: unexpected close tag\. \(line 2, column \d+\)/,
    );
  });

  it('refuses a document that is not XMLTV, and one with no element', () => {
    expect(() => read('<rss><channel/></rss>')).toThrow('This is not an XMLTV guide: its root element is <rss>, not <tv>.');
    expect(() => read('   ')).toThrow(/The EPG is empty|not valid XML/);
  });
});
