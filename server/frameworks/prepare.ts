import { parseFrameworkText, type FrameworkIssue } from '../../shared/framework/validate.ts';
import { frameworkHash } from './hash.ts';
import { frameworkSummary } from './summary.ts';

/** A checked upload, ready to store: everything costly about it already done. */
export interface PreparedUpload {
  ok: true;
  id: string;
  version: number;
  /** The framework as stored: JSON. */
  body: string;
  hash: string;
  summary: ReturnType<typeof frameworkSummary>;
}

export type PrepareResult = PreparedUpload | { ok: false; file: string; issues: FrameworkIssue[] };

/**
 * Parse, validate, hash and serialise an uploaded file — run on the parsing thread, so the
 * event loop receives only strings (a framework object of 1,000 criteria takes tens of
 * milliseconds to copy between threads, and as long again to hash).
 */
export function prepareUpload(source: string, file: string): PrepareResult {
  const result = parseFrameworkText(source, file);
  if (!result.ok) return result;
  const fw = result.framework;
  return {
    ok: true,
    id: fw.id,
    version: fw.version,
    body: JSON.stringify(fw),
    hash: frameworkHash(fw),
    summary: frameworkSummary(fw, 'upload'),
  };
}
