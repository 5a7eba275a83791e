/**
 * pdfmake lays text out word by word and then writes every word as a text object of its own: font,
 * size, colour, opacity and position set again for each (its renderer notes the missing step:
 * "lines without differently styled inlines should be written to pdf as one stream"). For a
 * 1,000-row review that is some 90,000 text objects. Here each line's neighbouring words of one
 * style are joined into one run before it is drawn: the same text at the same places, written a
 * run at a time. Only words that sit exactly end to end are joined, so justified text, links,
 * decorations, page references and raised or lowered text are drawn as before.
 */
import { createRequire } from 'node:module';

/** The fields of a laid-out word that decide how pdfmake draws it. */
interface Inline {
  text: string;
  x: number;
  width: number;
  font: unknown;
  fontSize: number;
  color?: unknown;
  opacity?: number;
  characterSpacing?: number;
  fontFeatures?: unknown;
  link?: unknown;
  linkToPage?: unknown;
  linkToDestination?: unknown;
  background?: unknown;
  decoration?: unknown;
  sup?: boolean;
  sub?: boolean;
  _pageNodeRef?: unknown;
  lineEnd?: boolean;
}

interface Line {
  inlines: Inline[];
  id?: unknown;
}

interface RendererClass {
  prototype: { renderLine?: (this: unknown, line: Line, x: number, y: number) => void };
}

// Sub-point slack: x positions are sums of the same widths, so joined words differ only by rounding.
const EPSILON = 0.01;

/** Nothing about this word's drawing differs from the run it follows, and it starts where that run ends. */
function joins(run: Inline, next: Inline): boolean {
  return (
    run.font === next.font &&
    run.fontSize === next.fontSize &&
    run.color === next.color &&
    (run.opacity ?? 1) === (next.opacity ?? 1) &&
    !run.characterSpacing &&
    !next.characterSpacing &&
    !run.fontFeatures &&
    !next.fontFeatures &&
    !next.link &&
    !next.linkToPage &&
    !next.linkToDestination &&
    !next.background &&
    !next.decoration &&
    !next.sup &&
    !next.sub &&
    next._pageNodeRef === undefined &&
    Math.abs(run.x + run.width - next.x) < EPSILON
  );
}

/** A word that may start a run: nothing the renderer treats one word at a time. */
const plain = (inline: Inline): boolean =>
  !inline.link &&
  !inline.linkToPage &&
  !inline.linkToDestination &&
  !inline.background &&
  !inline.decoration &&
  !inline.sup &&
  !inline.sub &&
  !inline.characterSpacing &&
  !inline.fontFeatures &&
  inline._pageNodeRef === undefined;

/** The line's words with neighbouring words of one style joined; the line itself is left as laid out. */
export function joinRuns(inlines: Inline[]): Inline[] {
  const out: Inline[] = [];
  let run: Inline | null = null;
  for (const inline of inlines) {
    if (run && joins(run, inline)) {
      run.text += inline.text;
      run.width = inline.x + inline.width - run.x;
      continue;
    }
    run = plain(inline) ? { ...inline } : null;
    out.push(run ?? inline);
  }
  return out;
}

let installed = false;

/** Draw each line run by run. Installed once per process, before the first PDF is drawn. */
export function installRunRenderer(): void {
  if (installed) return;
  installed = true;
  const renderer = (createRequire(import.meta.url)('pdfmake/js/Renderer.js') as { default?: RendererClass }).default;
  const draw = renderer?.prototype.renderLine;
  // Another pdfmake draws in its own way: leave it to do so.
  if (!renderer || typeof draw !== 'function') return;
  renderer.prototype.renderLine = function (line: Line, x: number, y: number) {
    if (line.inlines.length < 2) return draw.call(this, line, x, y);
    // The line is drawn once; its words are put back all the same, as the page laid them out.
    const words = line.inlines;
    line.inlines = joinRuns(words);
    try {
      draw.call(this, line, x, y);
    } finally {
      line.inlines = words;
    }
  };
}
