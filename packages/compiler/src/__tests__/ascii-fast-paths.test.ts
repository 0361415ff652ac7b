// Names are checked and slugged with ASCII patterns when they are ASCII (compiling the Unicode
// classes costs every start about a millisecond): on ASCII text both patterns must agree.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWebhookName } from '../model/integration-target.js';
import { slug } from '../resolve/derive-name.js';

const ascii = fc.string({ unit: 'binary-ascii', maxLength: 40 });
/** ASCII built from what the patterns care about, so matches are common too. */
const nameLike = fc
  .array(fc.constantFrom('a', 'Z', '0', '9', '_', '-', ' ', '  ', '.', '/', '\t', 'é', 'Ä'), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('ASCII fast paths', () => {
  it('isWebhookName agrees with the Unicode pattern', () => {
    const unicode = /^[-\p{L}\p{N}\p{M}\p{Pc}]+(?: +[-\p{L}\p{N}\p{M}\p{Pc}]+)*$/u;
    fc.assert(
      fc.property(fc.oneof(ascii, nameLike), (name) => {
        expect(isWebhookName(name)).toBe(unicode.test(name));
      }),
      { numRuns: 2000 },
    );
    expect(isWebhookName('github dispatch_2')).toBe(true);
    expect(isWebhookName('Prüfung')).toBe(true);
    expect(isWebhookName(' a')).toBe(false);
  });

  it('slug agrees with the Unicode pattern', () => {
    const unicode = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}_]+/gu, '-')
        .replace(/^-+|-+$/g, '');
    fc.assert(
      fc.property(fc.oneof(ascii, nameLike), (text) => {
        expect(slug(text)).toBe(unicode(text));
      }),
      { numRuns: 2000 },
    );
    expect(slug('Val/Acc < 0.8')).toBe('val-acc-0-8');
    expect(slug('Größe Ä')).toBe('größe-ä');
  });
});
