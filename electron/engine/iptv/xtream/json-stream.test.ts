import { describe, expect, it } from 'vitest';
import { jsonArrayItems } from './json-stream';

async function* bytes(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

async function items(...parts: string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const batch of jsonArrayItems(bytes(...parts), 'The panel', (v) => {
    throw new Error(`other: ${JSON.stringify(v)}`);
  })) {
    out.push(...batch);
  }
  return out;
}

describe('streamed JSON arrays', () => {
  it('parses each element on its own, whatever the chunk boundaries, strings with brackets and escapes', async () => {
    const doc = JSON.stringify([{ a: 1, s: 'x],{"y' }, { b: [1, [2]], q: 'say \\"hi\\"' }, 3, 'é']);
    const split = doc.match(/[\s\S]{1,5}/g) ?? [];
    expect(await items(...split)).toEqual(JSON.parse(doc));
    expect(await items('  [ ]  ')).toEqual([]);
  });

  it('hands an object answer to onOther (a panel refusing the login)', async () => {
    await expect(items('{"user_info":', '{"auth":0}}')).rejects.toThrow('other: {"user_info":{"auth":0}}');
  });

  it('says so when the list is cut short or not JSON', async () => {
    await expect(items('[{"a":1},{"b":')).rejects.toThrow('The panel ended in the middle of its JSON list.');
    await expect(items('[{"a":1},nope]')).rejects.toThrow('The panel sent a list entry that is not JSON');
    await expect(items('<!DOCTYPE html><html>login</html>')).rejects.toThrow(/web page \(HTML\)/);
  });
});
