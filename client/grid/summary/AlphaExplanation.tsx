/** What Krippendorff's alpha means, for people who are not statisticians: one wording wherever alpha is shown. */
export function AlphaExplanation() {
  return (
    <details>
      <summary>What does this number mean?</summary>
      <p>
        Alpha compares how often people chose different levels for the same criterion with how often they would if they
        picked levels at random from all the votes cast. 1 means everyone always chose the same level; 0 means no more
        agreement than chance; below 0 means systematic disagreement. Levels count by their order, so choosing Good
        against Outstanding is a smaller disagreement than Inadequate against Outstanding. 0.8 or more is usually taken
        as reliable; between 0.67 and 0.8 as good enough for tentative conclusions. The interval shows how much the
        number could move with a different set of rounds. “Not applicable” votes are left out.
      </p>
    </details>
  );
}
