/** Command-line options of `npm run bench`. */
export interface Options {
  quick: boolean;
  /** Scenario numbers to run (1–11). */
  only: number[];
  /** Runs of each scenario per server. */
  repeat: number;
  /** Distinct edits per N in scenarios 1 and 6, over all runs (0 until defaulted). */
  edits: number;
  /** Where results go. */
  outDir: string;
  /** Seconds to watch memory after everyone leaves (scenario 4). */
  settleSeconds: number;
  /** Write the table into README.md's Performance section. */
  updateReadme: boolean;
  /** Measure nothing: render the tables again from a results file's raw data. */
  reportFrom: string | null;
}

export const usage = `npm run bench [-- options]

  --quick          shorter runs, one repetition (a few minutes)
  --only=1,3       run only these scenarios (1-11)
  --repeat=N       repetitions of each scenario per server (default 3, quick 1)
  --edits=N        distinct edits per N in scenarios 1 and 6, over the repetitions (default 1,000,
                   quick 100): more narrows their 95 % intervals, at 20 edits/s per N and server
  --settle=S       seconds to watch memory after the last participant leaves (default 60, quick 20)
  --out=DIR        results folder (default bench/results)
  --readme         also write the table into README.md's Performance section
  --report=FILE    measure nothing: render the table again from a results .json file
`;

export function parseArgs(argv: string[], defaultOut: string): Options {
  const options: Options = {
    quick: false,
    only: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
    repeat: 0,
    edits: 0,
    outDir: defaultOut,
    settleSeconds: 0,
    updateReadme: false,
    reportFrom: null,
  };
  for (const arg of argv) {
    const [key, value] = arg.split('=', 2) as [string, string | undefined];
    switch (key) {
      case '--quick':
        options.quick = true;
        break;
      case '--only':
        options.only = (value ?? '')
          .split(',')
          .map(Number)
          .filter((n) => Number.isInteger(n) && n >= 1 && n <= 11);
        if (options.only.length === 0) throw new Error(`--only needs scenario numbers 1-11, not "${value}"`);
        break;
      case '--repeat':
        options.repeat = Number(value);
        if (!Number.isInteger(options.repeat) || options.repeat < 1 || options.repeat > 10)
          throw new Error('--repeat must be 1-10');
        break;
      case '--edits':
        options.edits = Number(value);
        if (!Number.isInteger(options.edits) || options.edits < 20 || options.edits > 100_000)
          throw new Error('--edits must be a whole number of edits, 20-100,000');
        break;
      case '--settle':
        options.settleSeconds = Number(value);
        if (!Number.isFinite(options.settleSeconds) || options.settleSeconds < 1 || options.settleSeconds > 600)
          throw new Error('--settle must be 1-600 seconds');
        break;
      case '--out':
        if (!value) throw new Error('--out needs a folder');
        options.outDir = value;
        break;
      case '--readme':
        options.updateReadme = true;
        break;
      case '--report':
        if (!value) throw new Error('--report needs a results .json file');
        options.reportFrom = value;
        break;
      case '--help':
      case '-h':
        console.log(usage);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg}\n\n${usage}`);
    }
  }
  if (options.repeat === 0) options.repeat = options.quick ? 1 : 3;
  if (options.edits === 0) options.edits = options.quick ? 100 : 1_000;
  if (options.settleSeconds === 0) options.settleSeconds = options.quick ? 20 : 60;
  return options;
}
