import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { installStyleLookups } from './pdf-styles.ts';

type Item = Record<string, unknown>;
interface Stack {
  push(style: unknown): void;
  auto(item: unknown, then: () => unknown): unknown;
  getProperty(property: string): unknown;
}
const load = createRequire(import.meta.url);
const StackClass = (load('pdfmake/js/StyleContextStack.js') as { default: new (styles: object, base: object) => Stack })
  .default;
const Inlines = (load('pdfmake/js/TextInlines.js') as { default: new (doc: object) => object }).default;

installStyleLookups();

const styles = { h1: { fontSize: 14, bold: true }, quiet: { color: '#555555', extends: 'h1' } };
const base = { font: 'Roboto', fontSize: 8.5, color: '#1a1a1a', lineHeight: 1.15 };

/** pdfmake's own answer: the word pushed (with its named styles) above the stack, then looked up. */
const pdfmakeAnswer = (stack: Stack, item: Item, property: string): unknown =>
  item[property] ?? stack.auto(item, () => stack.getProperty(property));

/** A stand-in font: each character is 1/1000 em wide, so widths follow the text. */
const font = {
  widthOfString: (text: string, size: number) => (text.length * size) / 1000,
  lineHeight: (s: number) => s,
};
const doc = { provideFont: (name: string, bold: boolean, italics: boolean) => ({ ...font, name, bold, italics }) };

function stackOf(...layers: unknown[]): Stack {
  const stack = new StackClass(styles, base);
  for (const layer of layers) stack.push(layer);
  return stack;
}

const words = (): Item[] => [
  { text: 'Plain ' },
  { text: 'own size ', fontSize: 11 },
  { text: 'named ', style: 'quiet' },
  { text: 'both ', style: ['h1', 'quiet'], italics: true },
  { text: 'plain again' },
];

describe('style lookups while measuring', () => {
  it('gives every word the properties pdfmake resolves through the stack, named styles included', () => {
    const stack = stackOf('h1', { color: '#ff0000', italics: false }, { fontSize: 7.5 });
    const measured = (
      Inlines as unknown as { prototype: { measure(items: Item[], s: Stack): Item[] } }
    ).prototype.measure.call(new Inlines(doc), words(), stack);
    const expected = words();
    for (const [i, word] of measured.entries())
      for (const p of ['fontSize', 'color', 'decoration', 'opacity'])
        expect([word.text, p, word[p]]).toEqual([
          expected[i]!.text,
          p,
          pdfmakeAnswer(stack, expected[i]!, p) ?? (p === 'opacity' ? 1 : null),
        ]);
    // Fonts are picked from the resolved bold and italics.
    expect(measured.map((w) => [(w.font as Item).bold, (w.font as Item).italics])).toEqual(
      expected.map((w) => [pdfmakeAnswer(stack, w, 'bold'), pdfmakeAnswer(stack, w, 'italics')]),
    );
    expect(measured.map((w) => w.fontSize)).toEqual([7.5, 11, 14, 14, 7.5]);
  });

  it('answers from the stack as it is after a push, not as it was when measuring began', () => {
    const stack = stackOf({ fontSize: 9 });
    const lookup = (StackClass as unknown as { getStyleProperty: (...a: unknown[]) => unknown }).getStyleProperty;
    expect(lookup({}, stack, 'fontSize', 12)).toBe(9);
    stack.push({ fontSize: 10 });
    expect(lookup({}, stack, 'fontSize', 12)).toBe(10);
    expect(lookup({ style: 'h1' }, stack, 'fontSize', 12)).toBe(14);
    expect(lookup({}, stack, 'decoration', 'none')).toBe('none');
  });
});
