import { describe, expect, it } from 'vitest';
import { frameworkSchema, type Framework, type FrameworkInput } from '../framework/schema.ts';
import { DEFAULT_BEST_FIT_THRESHOLD, quote, suggestBestFit, thresholdOf } from './best-fit.ts';
import { NO_PHASE } from './keys.ts';
import { conditionRef, descriptorRef, statementsOf, type Mark } from './statements.ts';
import { builtInFrameworks } from './test-fixtures.ts';

const frameworks = new Map(builtInFrameworks().map((fw) => [fw.id, fw]));
const builtIn = (id: string): Framework => frameworks.get(id)!;

function variant(id: string, edit: (fw: FrameworkInput) => void): Framework {
  const copy = structuredClone(builtIn(id)) as FrameworkInput;
  edit(copy);
  return frameworkSchema.parse(copy);
}

const letters: Record<string, Mark | undefined> = { E: 'evidenced', P: 'partly', N: 'not-evidenced', '-': undefined };

/**
 * Marks written compactly: a level id (or `condition:<rule index>`) → one letter per statement in
 * order: E evidenced (for a condition: it applies), P partly, N not evidenced, - unmarked.
 */
type Spec = Record<string, string>;

function markOf(spec: Spec): (ref: string) => Mark | undefined {
  const map = new Map<string, Mark>();
  for (const [key, row] of Object.entries(spec)) {
    [...row.replace(/ /g, '')].forEach((letter, i) => {
      const mark = letters[letter];
      if (!mark) return;
      const ref = key.startsWith('condition:') ? conditionRef(Number(key.split(':')[1]), i) : descriptorRef(key, i);
      map.set(ref, mark);
    });
  }
  return (ref) => map.get(ref);
}

interface Case {
  name: string;
  fw: Framework;
  criterion: string;
  phase?: string;
  marks: Spec;
  level: string | null;
  text: string;
}

// Leicestershire's rules: 0 best fit, 1 "attendance inadequate if any" (criterion 1), 2 (criterion 3), 3 (criterion 4).
const cases: Case[] = [
  {
    name: 'B&A SEF: the highest level with three quarters of its statements evidenced',
    fw: builtIn('ba-partnership-sef'),
    criterion: '1.1',
    marks: { developing: 'EEEEE', developed: 'EEEEEN', established: 'ENN' },
    level: 'developed',
    text: 'Developed: 5 of 6 statements evidenced',
  },
  {
    name: 'B&A SEF: every statement marked and none evidenced',
    fw: builtIn('ba-partnership-sef'),
    criterion: '1.3',
    marks: { developing: 'N', developed: 'N', established: 'NN', enhancing: 'N' },
    level: 'developing',
    text: 'No statement evidenced → Developing',
  },
  {
    name: 'B&A SEF: nothing marked, nothing suggested',
    fw: builtIn('ba-partnership-sef'),
    criterion: '1.3',
    marks: {},
    level: null,
    text: 'No statements marked yet',
  },
  {
    name: 'Leicestershire: good evidenced, but an "inadequate if any" condition applies',
    fw: builtIn('leicestershire-behaviour-qa'),
    criterion: '1',
    marks: { outstanding: 'EEPNNN', good: 'EEEEE', 'condition:1': 'E' },
    level: 'inadequate',
    text:
      'Good: 5 of 5 statements evidenced; ' +
      "'The recording of attendance by the Partnership is not reliable' applies → capped at Inadequate",
  },
  {
    name: 'Leicestershire: a long condition is quoted up to a word',
    fw: builtIn('leicestershire-behaviour-qa'),
    criterion: '1',
    marks: { good: 'EEEEN', 'condition:1': 'NE' },
    level: 'inadequate',
    text:
      'Good: 4 of 5 statements evidenced; ' +
      "'The Partnership is not using the data to track the progress…' applies → capped at Inadequate",
  },
  {
    name: 'Leicestershire: conditions marked as not applying change nothing',
    fw: builtIn('leicestershire-behaviour-qa'),
    criterion: '3',
    marks: { outstanding: 'EEEEEEPP', 'condition:2': 'NNNNN' },
    level: 'outstanding',
    text: 'Outstanding: 6 of 8 statements evidenced, 2 partly',
  },
  {
    name: 'Leicestershire: a criterion whose descriptors are still to be added',
    fw: builtIn('leicestershire-behaviour-qa'),
    criterion: '2',
    marks: {},
    level: null,
    text: 'No descriptors yet to judge against',
  },
  {
    name: 'LA quality standards: a critical criterion for good not evidenced caps the level',
    fw: builtIn('ns-la-quality-standards'),
    criterion: '2.5',
    phase: 'primary',
    marks: { good: 'EEN EEEEEEEEE' },
    level: 'some-improvement',
    text: "Good: 11 of 12 statements evidenced; critical 'timely' not evidenced → capped at Requires some improvement",
  },
  {
    name: 'LA quality standards: outstanding needs good’s critical criteria; partly is not enough',
    fw: builtIn('ns-la-quality-standards'),
    criterion: '2.4',
    phase: 'secondary',
    marks: { outstanding: 'EEEEE', good: 'EEEEE NP EEEEE E' },
    level: 'some-improvement',
    text:
      'Outstanding: 5 of 5 statements evidenced; ' +
      "critical 'timeliness', 'accuracy and supported by evidence' not evidenced → capped at Requires some improvement",
  },
  {
    name: 'LA quality standards: every critical criterion evidenced',
    fw: builtIn('ns-la-quality-standards'),
    criterion: '2.5',
    phase: 'secondary',
    marks: { outstanding: 'EEE', good: 'EEEEEEEEEEEE' },
    level: 'outstanding',
    text: 'Outstanding: 3 of 3 statements evidenced',
  },
  {
    name: 'LA quality standards: a criterion not judged in the phase',
    fw: builtIn('ns-la-quality-standards'),
    criterion: '1.4',
    phase: 'early-years',
    marks: { good: 'EEEEEEEEEE' },
    level: null,
    text: 'Not judged in Early Years',
  },
  {
    name: 'LA quality standards: the same criterion in a phase it is judged in',
    fw: builtIn('ns-la-quality-standards'),
    criterion: '1.4',
    phase: 'primary',
    marks: { good: 'EEEEEENNNN', 'some-improvement': 'EEEE' },
    level: 'some-improvement',
    text: 'Requires some improvement: 4 of 4 statements evidenced',
  },
  {
    name: 'Milton Keynes: partly counts half',
    fw: builtIn('milton-keynes-sif'),
    criterion: 'level-of-need',
    marks: { la1: 'EEEENNN', la2: 'EEEPP' },
    level: 'la2',
    text: 'Good: 3 of 5 statements evidenced, 2 partly',
  },
  {
    name: 'Milton Keynes: some evidence, no level reaching the threshold',
    fw: builtIn('milton-keynes-sif'),
    criterion: 'level-of-need',
    marks: { la1: 'ENNNNNN', la2: 'EENNN', la3: 'PP' },
    level: 'la4b',
    text: 'Outstanding: 1 of 7 statements evidenced; no level substantially evidenced → Inadequate (causing concern)',
  },
  {
    name: 'PMQS: one statement per level',
    fw: builtIn('pmqs-3'),
    criterion: '1.1',
    marks: { enhancing: 'N', established: 'P', developing: 'E' },
    level: 'developing',
    text: 'Developing / Satisfactory: 1 of 1 statement evidenced',
  },
  {
    name: 'PMQS: exactly at the threshold',
    fw: builtIn('pmqs-3'),
    criterion: '2.2',
    marks: { enhancing: 'EP' },
    level: 'enhancing',
    text: 'Enhancing / Outstanding: 1 of 2 statements evidenced, 1 partly',
  },
  {
    name: 'PMQS with its own threshold of every statement',
    fw: variant('pmqs-3', (fw) => {
      fw.rules = [{ kind: 'best-fit', text: 'Every statement.', threshold: 1 }];
    }),
    criterion: '2.2',
    marks: { enhancing: 'EP', established: 'EE' },
    level: 'established',
    text: 'Established / Good: 2 of 2 statements evidenced',
  },
  {
    name: 'A critical criterion below the threshold, evidenced, is a cap',
    fw: variant('ns-la-quality-standards', (fw) => {
      const c = fw.sections.flatMap((s) => s.criteria).find((x) => x.id === '2.5')!;
      c.descriptors['some-improvement']![1] = { text: 'Two of the critical criteria are missing.', critical: true };
    }),
    criterion: '2.5',
    phase: 'primary',
    marks: { good: 'EEEEEEEEEEEE', 'some-improvement': 'NE' },
    level: 'some-improvement',
    text:
      'Good: 12 of 12 statements evidenced; ' +
      "critical 'Two of the critical criteria are missing.' evidenced → capped at Requires some improvement",
  },
];

describe('suggested best fit on the built-in frameworks', () => {
  it('covers every built-in framework', () => {
    expect(new Set(cases.map((c) => c.fw.id))).toEqual(new Set(frameworks.keys()));
  });

  it.each(cases)('$name', ({ fw, criterion, phase, marks, level, text }) => {
    const fit = suggestBestFit(fw, criterion, phase ?? NO_PHASE, markOf(marks));
    expect(fit.text).toBe(text);
    expect(fit.level).toBe(level);
    expect(fit.reasons.join('; ')).toBe(text);
  });

  it('tallies each level with statements, in the source’s order', () => {
    const fit = suggestBestFit(builtIn('ba-partnership-sef'), '1.1', NO_PHASE, markOf({ developed: 'EPN' }));
    expect(fit.tallies).toEqual([
      { level: 'developing', statements: 5, evidenced: 0, partly: 0, met: false },
      { level: 'developed', statements: 6, evidenced: 1, partly: 1, met: false },
      { level: 'established', statements: 3, evidenced: 0, partly: 0, met: false },
      { level: 'enhancing', statements: 3, evidenced: 0, partly: 0, met: false },
    ]);
  });

  it('has a documented default threshold a framework may override', () => {
    expect(DEFAULT_BEST_FIT_THRESHOLD).toBe(0.75);
    expect(thresholdOf(builtIn('leicestershire-behaviour-qa'))).toBe(0.75);
    expect(() =>
      variant('pmqs-3', (fw) => {
        fw.rules = [{ kind: 'best-fit', text: 'x', threshold: 0 }];
      }),
    ).toThrow();
  });

  it('quotes short statements whole and cuts long ones at a word', () => {
    expect(quote('timely')).toBe("'timely'");
    expect(quote('a '.repeat(40))).toBe(`'${'a '.repeat(30).trim()}…'`);
  });
});

describe('statements of a criterion', () => {
  it('lists descriptor bullets per level, then the conditions of the rules that cover it', () => {
    const fw = builtIn('leicestershire-behaviour-qa');
    const one = statementsOf(fw, '1');
    expect(one.filter((s) => s.kind === 'descriptor')).toHaveLength(16);
    expect(one.filter((s) => s.kind === 'condition').map((s) => s.ref)).toEqual([
      'condition:1:0',
      'condition:1:1',
      'condition:1:2',
      'condition:1:3',
    ]);
    expect(statementsOf(fw, '3').filter((s) => s.kind === 'condition')).toHaveLength(5);
    expect(statementsOf(fw, '5').filter((s) => s.kind === 'condition')).toHaveLength(0);
    const critical = statementsOf(builtIn('ns-la-quality-standards'), '2.5').filter((s) => s.critical);
    expect(critical.map((s) => [s.ref, s.text])).toEqual([
      ['level:good:2', 'timely'],
      ['level:good:3', 'accurate'],
      ['level:good:4', 'useful'],
      ['level:good:5', 'accessible'],
      ['level:good:6', 'uncluttered.'],
    ]);
  });
});
