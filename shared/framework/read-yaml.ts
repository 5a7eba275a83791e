import { Composer, Lexer, LineCounter, Parser, YAMLParseError, type CST } from 'yaml';
import { FrameworkLimits } from './limits.ts';

export interface ReadIssue {
  path: string;
  message: string;
}

export type ReadResult = { ok: true; data: unknown } | { ok: false; issue: ReadIssue };

class TooDeep extends Error {
  constructor(readonly offset: number) {
    super('too deep');
  }
}

const at = (lines: LineCounter, offset: number): string => {
  const { line, col } = lines.linePos(offset);
  return `line ${line}, column ${col}`;
};

/** The parser's tokens, refusing the file as soon as its structure nests deeper than the limit. */
function* boundedTokens(source: string, parser: Parser, maxDepth: number): Generator<CST.Token> {
  for (const lexeme of new Lexer().lex(source)) {
    yield* parser.next(lexeme);
    // The parser keeps its open collections on an explicit stack; composing them is recursive.
    if (parser.stack.length > maxDepth) throw new TooDeep(parser.offset);
  }
  yield* parser.end();
}

/**
 * Read one YAML (or JSON) document within the limits: its depth is checked while it is
 * tokenised, before anything recursive runs, and alias expansion is capped.
 */
export function readYaml(source: string, limits = FrameworkLimits): ReadResult {
  if (source.length > limits.maxChars) {
    return {
      ok: false,
      issue: {
        path: '(file)',
        message: `the file is ${Math.ceil(source.length / 1024)} KiB; a framework may be at most ${limits.maxChars / 1024} KiB`,
      },
    };
  }
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  const composer = new Composer({ uniqueKeys: true });
  try {
    const docs = [...composer.compose(boundedTokens(source, parser, limits.maxDepth), true, source.length)];
    const doc = docs[0];
    if (!doc) return { ok: true, data: null };
    if (docs.length > 1) {
      return {
        ok: false,
        issue: { path: at(lines, docs[1]!.range[0]), message: 'a framework file holds one YAML document, not several' },
      };
    }
    const error = doc.errors[0];
    if (error) return { ok: false, issue: { path: at(lines, error.pos[0]), message: error.message.split('\n')[0]! } };
    return { ok: true, data: doc.toJS({ maxAliasCount: limits.maxAliasCount }) };
  } catch (error) {
    if (error instanceof TooDeep) {
      return {
        ok: false,
        issue: {
          path: at(lines, error.offset),
          message: `nested deeper than ${limits.maxDepth} levels; a framework needs about 10`,
        },
      };
    }
    // yaml throws a ReferenceError for an alias bomb or an alias to a missing anchor.
    if (error instanceof ReferenceError || error instanceof YAMLParseError) {
      const message = /resource exhaustion/.test(error.message)
        ? `aliases (*name) expand too far: more than ${limits.maxAliasCount} copies; write the repeated content out or use fewer aliases`
        : error.message.split('\n')[0]!;
      return { ok: false, issue: { path: '(aliases)', message } };
    }
    throw error;
  }
}

/**
 * Count values, aliases expanded, stopping at the limit: shared (aliased) objects are counted
 * each time they are reached, as the schema will walk them. Depth is already bounded.
 */
export function countValues(data: unknown, limit: number): number {
  let count = 1;
  const pending: unknown[] = [data];
  while (pending.length && count <= limit) {
    const value = pending.pop();
    if (value === null || typeof value !== 'object') continue;
    const children = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
    count += children.length;
    for (const child of children) if (child !== null && typeof child === 'object') pending.push(child);
  }
  return count;
}
