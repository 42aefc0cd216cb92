import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Field, Input } from './input';

describe('Field', () => {
  it('wires the label to its control and shows an error as an alert named after the field', () => {
    const html = renderToStaticMarkup(
      <Field label="Title" name="title" error="A live needs a title." hint="ignored while in error">
        {({ id, invalid, describedBy }) => <Input id={id} aria-invalid={invalid} aria-describedby={describedBy} />}
      </Field>,
    );
    const id = /<label[^>]* for="([^"]+)"/.exec(html)?.[1];
    expect(id).toBeTruthy();
    expect(html).toContain(`id="${id}"`);
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(`aria-describedby="${id}-message"`);
    expect(html).toMatch(/<p id="[^"]+-message"[^>]*data-field-error="title"[^>]*role="alert"[^>]*>A live needs a title\.<\/p>/);
    expect(html).not.toContain('ignored while in error');
  });

  it('shows the hint, not an alert, when the field is valid', () => {
    const html = renderToStaticMarkup(
      <Field label="Key" name="destinations.0.streamKey" hint="Stored in the keychain.">
        {({ id, invalid }) => <Input id={id} aria-invalid={invalid} type="password" />}
      </Field>,
    );
    expect(html).toContain('aria-invalid="false"');
    expect(html).toContain('Stored in the keychain.');
    expect(html).not.toContain('data-field-error');
  });
});
