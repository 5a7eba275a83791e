/**
 * Descriptor items as text a person edits: one bullet per line; a line indented by spaces or a
 * tab is a sub-bullet of the bullet above it. Items carrying more than text (critical marks,
 * notes, sub-items) keep those fields when their text is kept or edited in place.
 */

type Obj = Record<string, unknown> & { text: string; items?: unknown[] };
type Item = string | Obj;

const textOf = (item: unknown): string => {
  if (typeof item === 'string') return item;
  const text = (item as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : '';
};

/** Items → text, one line each, sub-items indented by two spaces. */
export function itemsToLines(items: readonly unknown[] | undefined): string {
  const out: string[] = [];
  for (const item of items ?? []) {
    out.push(textOf(item));
    const subs = typeof item === 'object' && item !== null ? (item as Obj).items : undefined;
    for (const sub of subs ?? []) out.push(`  ${textOf(sub)}`);
  }
  return out.join('\n');
}

const bullet = /^[-*•–]\s+/;

interface Parsed {
  text: string;
  subs: string[];
}

function parse(source: string): Parsed[] {
  const parsed: Parsed[] = [];
  for (const raw of source.split('\n')) {
    if (!raw.trim()) continue;
    const indented = /^[ \t]/.test(raw);
    const text = raw.trim().replace(bullet, '').trim();
    const parent = parsed.at(-1);
    if (indented && parent) parent.subs.push(text);
    else parsed.push({ text, subs: [] });
  }
  return parsed;
}

/**
 * Match new texts to the old items: the same text first, else the item at the same place when
 * the count is unchanged (its text was edited).
 */
function match<T>(texts: string[], old: readonly T[]): (T | undefined)[] {
  const used = new Set<number>();
  const found = texts.map((t) => {
    const i = old.findIndex((o, j) => !used.has(j) && textOf(o) === t);
    if (i >= 0) used.add(i);
    return i >= 0 ? old[i] : undefined;
  });
  if (texts.length === old.length) return found.map((f, i) => (f === undefined && !used.has(i) ? old[i] : f));
  return found;
}

const rest = (item: unknown): Record<string, unknown> => {
  if (typeof item !== 'object' || item === null) return {};
  const copy: Record<string, unknown> = { ...(item as Obj) };
  delete copy.text;
  delete copy.items;
  return copy;
};

/** Text → items, keeping what the old items carried besides their text. */
export function linesToItems(source: string, old: readonly unknown[] | undefined): Item[] {
  const parsed = parse(source);
  const previous = old ?? [];
  const matched = match(
    parsed.map((p) => p.text),
    previous,
  );
  return parsed.map((p, i) => {
    const before = matched[i];
    const extra = rest(before);
    const oldSubs = typeof before === 'object' && before !== null ? ((before as Obj).items ?? []) : [];
    const subMatched = match(p.subs, oldSubs);
    const subs = p.subs.map((s, j) => {
      const extraSub = rest(subMatched[j]);
      return Object.keys(extraSub).length ? { text: s, ...extraSub } : s;
    });
    if (!Object.keys(extra).length && !subs.length) return p.text;
    return { text: p.text, ...extra, ...(subs.length ? { items: subs } : {}) };
  });
}

/** Evidence prompts and other plain lists: one per line. */
export const linesToList = (source: string): string[] =>
  source
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Link groups as lines: "Label: item | item". */
export function linksToLines(groups: readonly unknown[] | undefined): string {
  return (groups ?? [])
    .map((g) => {
      const group = g as { label?: unknown; items?: unknown };
      const items = Array.isArray(group.items) ? (group.items as unknown[]).map(textOf) : [];
      return `${textOf({ text: group.label })}: ${items.join(' | ')}`;
    })
    .join('\n');
}

/** Lines "Label: item | item" as link groups; a line without a label is a group labelled "Links". */
export function linesToLinks(source: string): { label: string; items: string[] }[] {
  return linesToList(source).map((line) => {
    const colon = line.indexOf(':');
    const label = colon > 0 ? line.slice(0, colon).trim() : 'Links';
    const rest = colon > 0 ? line.slice(colon + 1) : line;
    return {
      label,
      items: rest
        .split('|')
        .map((i) => i.trim())
        .filter(Boolean),
    };
  });
}
