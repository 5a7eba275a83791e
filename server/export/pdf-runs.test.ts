import { describe, expect, it } from 'vitest';
import { joinRuns } from './pdf-runs.ts';

const font = { name: 'Roboto' };
const bold = { name: 'Roboto-Medium' };
const word = (text: string, x: number, extra: object = {}) => ({
  text,
  x,
  width: text.length,
  font,
  fontSize: 8,
  color: '#1a1a1a',
  ...extra,
});

describe('joining the words of a line into runs', () => {
  it('joins neighbouring words of one style into one run at the first word’s place', () => {
    const runs = joinRuns([word('Focus ', 10), word('track ', 16), word('zq', 22)]);
    expect(runs.map((r) => [r.text, r.x, r.width])).toEqual([['Focus track zq', 10, 14]]);
  });

  it('starts a new run where the font, size or colour changes', () => {
    const runs = joinRuns([
      word('Evidence: ', 0, { font: bold }),
      word('minutes ', 10),
      word('of ', 18),
      word('March', 21, { color: '#ff0000' }),
      word('data', 26, { color: '#ff0000', fontSize: 9 }),
    ]);
    expect(runs.map((r) => r.text)).toEqual(['Evidence: ', 'minutes of ', 'March', 'data']);
  });

  it('leaves spaced-out (justified) words, links, decorations and raised text a word at a time', () => {
    const runs = joinRuns([
      word('wide ', 0),
      word('apart ', 8),
      word('link ', 14, { link: 'https://example.org' }),
      word('under ', 19, { decoration: 'underline' }),
      word('up', 25, { sup: true }),
      word('after ', 27),
      word('ref', 33, { _pageNodeRef: {} }),
    ]);
    expect(runs.map((r) => r.text)).toEqual(['wide ', 'apart ', 'link ', 'under ', 'up', 'after ', 'ref']);
  });

  it('never changes the words it was given', () => {
    const words = [word('one ', 0), word('two', 4)];
    joinRuns(words);
    expect(words.map((w) => [w.text, w.width])).toEqual([
      ['one ', 4],
      ['two', 3],
    ]);
  });
});
