import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Alert } from './alert';

describe('Alert', () => {
  it('announces a failure at once, with its title and sentence', () => {
    const html = renderToStaticMarkup(
      <Alert.Root tone="danger" data-testid="failure">
        <Alert.Title>The live failed</Alert.Title>
        <Alert.Description>The source file does not exist.</Alert.Description>
      </Alert.Root>,
    );
    expect(html).toMatch(/^<div role="alert" data-tone="danger"[^>]*data-testid="failure"/);
    expect(html).toContain('text-danger');
    expect(html).toContain('<p class="font-semibold">The live failed</p>');
    expect(html).toContain('The source file does not exist.');
    expect(html).toMatch(/<svg[^>]*aria-hidden="true"/);
  });

  it('says a warning politely and keeps an action at its end', () => {
    const html = renderToStaticMarkup(
      <Alert.Root tone="warning" action={<button type="button">Fix</button>}>
        <Alert.Description>Twitch has no stream key.</Alert.Description>
      </Alert.Root>,
    );
    expect(html).toMatch(/^<div role="status" data-tone="warning"/);
    expect(html.indexOf('Twitch has no stream key.')).toBeLessThan(html.indexOf('<button'));
  });

  it('lets a page add classes without losing its tone', () => {
    const html = renderToStaticMarkup(<Alert.Root tone="offline" className="rounded-none" />);
    expect(html).toContain('rounded-none');
    expect(html).not.toContain('rounded-lg');
    expect(html).toContain('role="alert"');
  });
});
