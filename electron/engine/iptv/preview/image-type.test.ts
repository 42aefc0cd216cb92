import { describe, expect, it } from 'vitest';
import { imageTypeOf } from './image-type';

const bytes = (head: number[] | string, pad = 16): Buffer =>
  Buffer.concat([typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head), Buffer.alloc(pad)]);

describe('logo bytes → image type (by signature, never by the server’s word)', () => {
  it('recognises the image formats logos come in', () => {
    expect(imageTypeOf(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(imageTypeOf(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(imageTypeOf(bytes('GIF89a'))).toBe('image/gif');
    expect(imageTypeOf(bytes('RIFF\x00\x00\x00\x00WEBPVP8 '))).toBe('image/webp');
    expect(imageTypeOf(bytes('\x00\x00\x00\x1cftypavif'))).toBe('image/avif');
    expect(imageTypeOf(bytes([0, 0, 1, 0, 1, 0]))).toBe('image/x-icon');
    expect(imageTypeOf(Buffer.from('<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBe(
      'image/svg+xml',
    );
  });

  it('refuses what is not an image: an HTML page, a script, a video, an SVG-looking HTML, too few bytes', () => {
    expect(imageTypeOf(Buffer.from('<!doctype html><html><body>Login</body></html>'))).toBeNull();
    expect(imageTypeOf(Buffer.from('alert(document.cookie) // a script'))).toBeNull();
    expect(imageTypeOf(bytes([0x47, 0x40, 0x11, 0x10]))).toBeNull();
    expect(imageTypeOf(Buffer.from('<html><svg></svg></html>'))).toBeNull();
    expect(imageTypeOf(Buffer.from('GIF8'))).toBeNull();
  });
});
