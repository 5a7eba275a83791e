/**
 * pdfmake looks up some twenty style properties for every word it measures (font, size, colour,
 * decoration, link…), and each lookup pushes the word onto the style stack and walks the stack
 * from the top through the named styles down to the default style: for a 1,000-row review, tens of
 * millions of steps that all find the same answers. Here a lookup for a word without named styles
 * of its own skips the push (the word's own properties are checked first, so pushing it changes
 * nothing), and while one text is measured, the stack's answer for each property is looked up once
 * and reused for every word. The answers, and so the layout, are those pdfmake would find.
 */
import { createRequire } from 'node:module';

type Item = Record<string, unknown> & { style?: unknown };

interface Stack {
  styleOverrides: unknown[];
  getProperty(property: string): unknown;
}

interface StackClass {
  getStyleProperty?: (item: Item, stack: Stack | null | undefined, property: string, fallback: unknown) => unknown;
}

interface InlinesClass {
  prototype: { measure?: (this: unknown, items: Item[], stack: Stack) => Item[] };
}

const isValue = (v: unknown): boolean => v !== undefined && v !== null;

/** The stack being measured and its answers so far; valid only while its depth is unchanged. */
let memo: { stack: Stack; depth: number; answers: Map<string, unknown> } | null = null;

function stackAnswer(stack: Stack, property: string): unknown {
  if (!memo || memo.stack !== stack || memo.depth !== stack.styleOverrides.length) return stack.getProperty(property);
  if (memo.answers.has(property)) return memo.answers.get(property);
  const value = stack.getProperty(property);
  memo.answers.set(property, value);
  return value;
}

let installed = false;

/** Installed once per process, before the first PDF is laid out. */
export function installStyleLookups(): void {
  if (installed) return;
  installed = true;
  const load = createRequire(import.meta.url);
  const stacks = (load('pdfmake/js/StyleContextStack.js') as { default?: StackClass }).default;
  const inlines = (load('pdfmake/js/TextInlines.js') as { default?: InlinesClass }).default;
  const lookup = stacks?.getStyleProperty;
  const measure = inlines?.prototype.measure;
  // Another pdfmake looks styles up in its own way: leave it to do so.
  if (!stacks || typeof lookup !== 'function' || !inlines || typeof measure !== 'function') return;

  stacks.getStyleProperty = (item, stack, property, fallback) => {
    if (isValue(item[property])) return item[property];
    if (!stack) return fallback;
    // Named styles of the word's own go on the stack above it: pdfmake's own way.
    if (item.style || typeof item !== 'object') return lookup(item, stack, property, fallback);
    const value = stackAnswer(stack, property);
    return isValue(value) ? value : fallback;
  };

  inlines.prototype.measure = function (items: Item[], stack: Stack) {
    // Measuring writes only to the words (fresh objects), never to what is on the stack.
    const outer = memo;
    memo = stack ? { stack, depth: stack.styleOverrides.length, answers: new Map() } : null;
    try {
      return measure.call(this, items, stack);
    } finally {
      memo = outer;
    }
  };
}
