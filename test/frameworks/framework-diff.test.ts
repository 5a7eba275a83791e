import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compareFrameworks } from '../../shared/framework/diff.ts';
import { frameworkSchema, type Framework } from '../../shared/framework/schema.ts';

const sef = (): Framework =>
  frameworkSchema.parse(
    parse(readFileSync(new URL('../../frameworks/ba-partnership-sef.yaml', import.meta.url), 'utf8')),
  );

describe('comparing two versions of a framework', () => {
  it('finds nothing between a framework and itself', () => {
    expect(compareFrameworks(sef(), sef())).toEqual([]);
  });

  it('lists criteria added, removed and changed, with descriptor bullets added and removed per level', () => {
    const a = sef();
    const b = structuredClone(a);
    const c = b.sections[0]!.criteria[0]!;
    c.title = 'Engagement of all schools and colleges';
    c.descriptors.developing = [...c.descriptors.developing!.slice(1), 'Colleges attend each term.'];
    const removed = b.sections[1]!.criteria.pop()!;
    b.sections[0]!.criteria.push({ id: 'new', code: '1.9', title: 'New one', descriptors: { developing: ['x'] } });
    b.scale.levels[0]!.label = 'Starting';
    const changes = compareFrameworks(a, b);
    expect(changes.map((x) => `${x.kind} ${x.subject}`)).toEqual([
      'changed level Starting',
      `removed criterion ${removed.code} ${removed.title}`,
      'changed criterion 1.1 Engagement of all schools and colleges',
      'added criterion 1.9 New one',
    ]);
    expect(changes[2]!.details).toEqual([
      'title: “Engagement of all schools” → “Engagement of all schools and colleges”',
      'Starting: removed “Partnership details are publicised and basic targets are identified.”',
      'Starting: added “Colleges attend each term.”',
    ]);
  });

  it('names marks and order changed where the texts are the same, and rules as a whole', () => {
    const a = sef();
    const b = structuredClone(a);
    b.sections[0]!.criteria[0]!.descriptors.developing!.reverse();
    b.rules = [...(b.rules ?? []), { kind: 'note', text: 'A new rule' }];
    expect(compareFrameworks(a, b)).toEqual([
      {
        kind: 'changed',
        subject: 'criterion 1.1 Engagement of all schools',
        details: ['Developing: order or marks changed'],
      },
      { kind: 'changed', subject: 'rules', details: [] },
    ]);
  });

  it('names critical marks added and taken away', () => {
    const a = sef();
    const b = structuredClone(a);
    const items = b.sections[0]!.criteria[0]!.descriptors.developed!;
    items[0] = { text: items[0] as string, critical: true };
    expect(compareFrameworks(a, b)[0]!.details).toEqual([`Developed: “${items[0].text}” now critical`]);
    expect(compareFrameworks(b, a)[0]!.details).toEqual([`Developed: “${items[0].text}” no longer critical`]);
  });
});
