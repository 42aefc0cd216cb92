import { describe, expect, it } from 'vitest';
import { errorsStillStanding } from './field-errors';

describe('errorsStillStanding', () => {
  const sent = {
    title: '',
    destinations: [{ name: 'Preview' }, { name: 'RTMP server', url: 'http://x' }],
    start: { kind: 'once', at: '' },
  };
  const errors = { title: 'A live needs a title.', 'destinations.1.url': 'Use rtmp://.', 'start.at': 'Choose a date.' };

  it('keeps every error while nothing changed', () => {
    expect(errorsStillStanding(errors, sent, structuredClone(sent))).toEqual(errors);
  });

  it('drops the error of a field that changed, and only that one', () => {
    const fixed = structuredClone(sent);
    fixed.destinations[1]!.url = 'rtmp://x/live';
    expect(errorsStillStanding(errors, sent, fixed)).toEqual({ title: errors.title, 'start.at': errors['start.at'] });
    const titled = { ...structuredClone(sent), title: 'Friday' };
    expect(Object.keys(errorsStillStanding(errors, sent, titled))).toEqual(['destinations.1.url', 'start.at']);
  });

  it('drops an error whose field went away (another start kind)', () => {
    const manual = { ...structuredClone(sent), start: { kind: 'manual' } };
    expect(errorsStillStanding(errors, sent, manual)).not.toHaveProperty('start.at');
  });
});
