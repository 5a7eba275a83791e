/**
 * Bounds on a framework file, checked before the work they would make expensive. The built-in
 * frameworks sit far inside them: at most 100 KiB, 21 criteria, nesting 10 deep and a few
 * thousand values.
 */
export const FrameworkLimits: {
  maxChars: number;
  maxDepth: number;
  maxAliasCount: number;
  maxValues: number;
  maxCriteria: number;
} = {
  /** Characters in the file (the API also refuses a body over this many bytes, with 413). */
  maxChars: 256 * 1024,
  /** Depth of the YAML structure (collections within collections), counted while it is read. */
  maxDepth: 32,
  /** yaml's own guard against alias bombs ("billion laughs"); the library's default. */
  maxAliasCount: 100,
  /** Values (objects, arrays and scalars) once aliases are expanded, checked before the schema. */
  maxValues: 100_000,
  /** Criteria across all sections, checked before the schema. */
  maxCriteria: 1_000,
};

/**
 * Built-in files come from the install's own disk, read once before the server listens: they may
 * be larger (the bench's 1,000-criterion framework is 600 KiB), but not deeper or alias bombs.
 */
export const builtInFrameworkLimits: typeof FrameworkLimits = {
  ...FrameworkLimits,
  maxChars: 16 * 1024 * 1024,
  maxValues: 10_000_000,
  maxCriteria: 20_000,
};
