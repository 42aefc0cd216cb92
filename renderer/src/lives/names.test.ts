import { describe, expect, it } from 'vitest';
import { listOfNames } from './names';

describe('listOfNames', () => {
  it('quotes destination names the way each language does', () => {
    expect(listOfNames(['Twitch'], 'en')).toBe('“Twitch”');
    expect(listOfNames(['Twitch', 'YouTube', 'RTMP server'], 'en')).toBe('“Twitch”, “YouTube”, and “RTMP server”');
    expect(listOfNames(['Twitch', 'Serveur RTMP'], 'fr')).toBe('« Twitch » et « Serveur RTMP »');
  });
});
