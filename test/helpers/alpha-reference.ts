/**
 * Alpha by its definition, written independently of shared/review/alpha.ts: every ordered pair of
 * values within a unit, weighted 1/(m−1), against every ordered pair across all pairable values.
 * Ordinal distance from the pooled frequencies of each rank.
 */
export function referenceOrdinalAlpha(units: number[][]): number {
  const pairable = units.filter((u) => u.length >= 2);
  const all = pairable.flat();
  const n = all.length;
  const freq = (v: number) => all.filter((x) => x === v).length;
  const delta = (a: number, b: number) => {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    let sum = 0;
    for (let g = lo; g <= hi; g++) sum += freq(g);
    return (sum - (freq(lo) + freq(hi)) / 2) ** 2;
  };
  let observed = 0;
  for (const u of pairable)
    for (let i = 0; i < u.length; i++)
      for (let j = 0; j < u.length; j++) if (i !== j) observed += delta(u[i]!, u[j]!) / (u.length - 1);
  let expected = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) expected += delta(all[i]!, all[j]!);
  return 1 - ((n - 1) * observed) / expected;
}
