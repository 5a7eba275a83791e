import { describe, expect, it } from 'vitest';

// Imported inside the test, not at the top: a module that throws as it loads then fails this test by
// name, where a static import would stop the whole file collecting and report no test at all.
describe('the root registry', () => {
  it('loads, with every shipped root declared and found by its name', async () => {
    const { rootModule, rootNames, shippedRoots } = await import('./registry.ts');
    expect(shippedRoots.length).toBeGreaterThan(0);
    for (const root of shippedRoots) {
      expect(root).toBeTypeOf('object');
      expect(rootModule(root.name)).toBe(root);
    }
    expect(rootNames).toEqual(shippedRoots.map((r) => r.name));
  });
});
