/**
 * `npm run bench`: the project's server against the reference y-websocket server, scenario by
 * scenario (see bench/README.md), writing bench/results/<time>.json and bench/results/latest.md
 * and printing the table, the ratios and which goals are met. Every loop in the suite is bounded
 * in count and time; all traffic is on 127.0.0.1.
 */
import { rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { parseArgs, type Options } from './lib/args.ts';
import { Context } from './lib/context.ts';
import { goalsList, machine, machineLine, markdownTable, type Machine, type ScenarioReport } from './lib/report.ts';
import { pinningLine, toLoadCores } from './lib/pinning.ts';
import { killServers, repoRoot, type ServerKind } from './lib/servers.ts';
import { stockPresenceCheck } from './scenarios/preflight.ts';
import { reportLatency, runLatency, type LatencyRun } from './scenarios/s1-latency.ts';
import { bestRate, reportRamp, runRamp, type RampRun } from './scenarios/s2-fanout.ts';
import { reportPresence, runPresence } from './scenarios/s3-presence.ts';
import { reportMany, runMany } from './scenarios/s4-many.ts';
import { reportStorm, runStorm } from './scenarios/s5-storm.ts';
import { reportDurability, runKill, type KillResult } from './scenarios/s6-durability.ts';
import { reportFrontend, runFrontend } from './scenarios/s7-frontend.ts';
import { reportHostile, runHostile, type HostileSend } from './scenarios/s8-hostile.ts';
import { reportExport, runExport, type ExportRun } from './scenarios/s9-export.ts';
import { reportOverview, runOverview, type OverviewSend } from './scenarios/s10-overview.ts';
import { runCluster, type ClusterRun } from './scenarios/s11-cluster.ts';
import { reportCluster } from './scenarios/s11-report.ts';

const titles: Record<number, string> = {
  1: 'Edit-to-visible latency',
  2: 'Fan-out throughput',
  3: 'Presence',
  4: 'Many reviews',
  5: 'Join storm',
  6: 'Durability cost',
  7: 'Front end',
  8: 'Hostile uploads',
  9: 'Exports',
  10: 'Portfolio overview',
  11: 'Several processes',
};

interface Results {
  startedAt: string;
  seconds: number;
  options: Options;
  machine: Machine;
  /** Which cores the servers and the load ran on. */
  pinning?: string;
  warnings: string[];
  /** CPU (cores) other processes used during measurements: median and max. */
  background: { median: number; max: number };
  scenarios: ScenarioReport[];
}

const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';

/** The scenario reports again, from the raw data of an earlier run (after changing how they are shown). */
async function rerender(file: string, options: Options): Promise<void> {
  const old = JSON.parse(await readFile(file, 'utf8')) as Results;
  const map = <T>(raw: unknown) => new Map(Object.entries((raw ?? {}) as Record<string, T>)) as Map<ServerKind, T>;
  const rawOf = (n: number) => old.scenarios.find((s) => s.scenario === n)?.raw;
  const scenarios = old.scenarios.map((r): ScenarioReport => {
    if (r.error) return r;
    switch (r.scenario) {
      case 1:
        return reportLatency(map(r.raw), r.seconds);
      case 2:
        return reportRamp(map(r.raw), r.seconds);
      case 3:
        return reportPresence(map(r.raw), r.seconds);
      case 4:
        return reportMany(map(r.raw), r.seconds);
      case 5:
        return reportStorm(map(r.raw), r.seconds);
      case 6: {
        const raw = r.raw as { kill: KillResult | null; latency?: unknown; ramp?: unknown };
        return reportDurability(map(raw.latency ?? rawOf(1)), map(raw.ramp ?? rawOf(2)), raw.kill, r.seconds);
      }
      case 7:
        return reportFrontend(r.raw as Parameters<typeof reportFrontend>[0], r.seconds);
      case 8:
        return reportHostile(r.raw as HostileSend[][], r.seconds);
      case 9:
        return reportExport(r.raw as ExportRun[], r.seconds);
      case 10:
        return reportOverview(r.raw as OverviewSend[][], r.seconds);
      case 11:
        return reportCluster(map<ClusterRun[]>(r.raw), r.seconds);
      default:
        return r;
    }
  });
  const results: Results = { ...old, options: { ...old.options, outDir: options.outDir }, scenarios };
  await writeResults(results, false);
  if (options.updateReadme) await updateReadme(results);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2), join(repoRoot, 'bench/results'));
  if (options.reportFrom) return rerender(options.reportFrom, options);
  const m = machine();
  const startedAt = new Date();
  const t0 = Date.now();
  const want = (n: number) => options.only.includes(n);
  console.log(
    `Bestfit benchmark — scenarios ${options.only.join(', ')}, ${options.repeat}× each${options.quick ? ' (quick)' : ''}`,
  );
  // The orchestrator and every load process it forks run on the load cores, away from the server's.
  toLoadCores(process.pid);
  console.log(`Machine: ${machineLine(m)}; ${pinningLine()}\n`);

  const ctx = await Context.create(options);
  // Interrupted: the servers and load processes get the signal too; remove the temporary files.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killServers();
      rmSync(ctx.root, { recursive: true, force: true });
      process.exit(130);
    });
  }
  const reports: ScenarioReport[] = [];
  const warnings: string[] = [];
  let latency: Map<ServerKind, LatencyRun[][]> | null = null;
  let ramp: Map<ServerKind, RampRun[]> | null = null;
  let kill: KillResult | null = null;

  async function scenario(n: number, body: (started: number) => Promise<ScenarioReport | null>): Promise<void> {
    if (!want(n) && !(n <= 2 && want(6))) return;
    const started = Date.now();
    console.log(`${n}. ${titles[n]}`);
    try {
      const report = await body(started);
      if (report) {
        reports.push(report);
        console.log(markdownTable([report]).split('\n').slice(2).join('\n'));
      }
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`   scenario ${n} failed: ${message}`);
      if (want(n))
        reports.push({
          scenario: n,
          title: titles[n] ?? '',
          rows: [],
          goals: [],
          raw: null,
          notes: [],
          seconds: (Date.now() - started) / 1000,
          error: message,
        });
    }
  }
  const secs = (started: number) => (Date.now() - started) / 1000;

  try {
    console.log('Checking that stock clients stay connected…');
    warnings.push(...(await stockPresenceCheck(ctx)));
    for (const w of warnings) console.log(`  warning: ${w}`);

    // Scenario 6 reuses scenarios 1 and 2, run a third time per repetition on the in-memory store.
    const kinds: ServerKind[] = want(6) ? ['candidate', 'reference', 'memory'] : ['candidate', 'reference'];
    const kinds12 = (n: number): ServerKind[] => (want(n) ? kinds : ['candidate', 'memory']);
    await scenario(1, async (started) => {
      // The floors only where scenario 1 is reported: they place the others (the stored floor
      // also scenario 6's durability cost).
      latency = await runLatency(ctx, want(1) ? [...kinds12(1), 'floor', 'stored-floor'] : kinds12(1));
      return want(1) ? reportLatency(latency, secs(started)) : null;
    });
    await scenario(2, async (started) => {
      // The floor likewise only where scenario 2 is reported, at its fixed rates.
      ramp = await runRamp(ctx, want(2) ? [...kinds12(2), 'floor'] : kinds12(2));
      return want(2) ? reportRamp(ramp, secs(started)) : null;
    });
    await scenario(3, async (started) => reportPresence(await runPresence(ctx), secs(started)));
    await scenario(4, async (started) => reportMany(await runMany(ctx), secs(started)));
    await scenario(5, async (started) => reportStorm(await runStorm(ctx), secs(started)));
    await scenario(6, async (started) => {
      // Kill at half the rate the SQLite server sustained (it must not be failing already).
      const best = ramp ? bestRate(ramp.get('candidate')) : Number.NaN;
      const rate = Number.isFinite(best) && best > 0 ? Math.round(best / 2) : 200;
      await ctx.waitQuiet();
      kill = await runKill(ctx, rate);
      if (!latency || !ramp) throw new Error('scenarios 1 and 2 did not complete, so their durability cost is unknown');
      const report = reportDurability(latency, ramp, kill, secs(started));
      // Keep the runs behind it when scenarios 1 and 2 are not reported themselves (for --report).
      report.raw = {
        kill,
        ...(want(1) ? {} : { latency: Object.fromEntries(latency) }),
        ...(want(2) ? {} : { ramp: Object.fromEntries(ramp) }),
      };
      return report;
    });
    await scenario(7, async (started) => {
      return reportFrontend(await runFrontend(ctx), secs(started));
    });
    await scenario(8, async (started) => reportHostile(await runHostile(ctx), secs(started)));
    await scenario(9, async (started) => reportExport(await runExport(ctx), secs(started)));
    await scenario(10, async (started) => reportOverview(await runOverview(ctx), secs(started)));
    await scenario(11, async (started) => reportCluster(await runCluster(ctx), secs(started)));
  } finally {
    await ctx.cleanup();
  }

  reports.sort((a, b) => a.scenario - b.scenario);
  const bg = [...ctx.backgroundSeen].filter(Number.isFinite).sort((a, b) => a - b);
  const results: Results = {
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - t0) / 1000,
    options,
    machine: m,
    pinning: pinningLine(),
    warnings,
    background: { median: bg[Math.floor(bg.length / 2)] ?? Number.NaN, max: bg.at(-1) ?? Number.NaN },
    scenarios: reports,
  };
  await writeResults(results);
  if (options.updateReadme) await updateReadme(results);
  const failed = reports.filter((r) => r.error);
  if (failed.length > 0) process.exitCode = 1;
}

function summary(results: Results): string {
  const { machine: m, seconds, options } = results;
  const lines = [
    `Measured ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC on ${machineLine(m)}; \`npm run bench${options.quick ? ' -- --quick' : ''}\`; ${results.pinning ?? 'not pinned'}; ${options.repeat} run(s) of each scenario per server, alternating; ${Math.round(seconds / 60)} min in all. ${Number.isFinite(results.background.max) ? `Other processes on the machine used ${results.background.median.toFixed(2)} cores (median; max ${results.background.max.toFixed(2)}) while the scenarios ran.` : ''}`,
    '',
    markdownTable(results.scenarios),
    '',
    'Goals:',
    '',
    goalsList(results.scenarios),
  ];
  if (results.warnings.length > 0) lines.push('', 'Warnings:', '', ...results.warnings.map((w) => `- ${w}`));
  return lines.join('\n');
}

/** Markdown as the project's Prettier settings format it, so `npm run format:check` stays clean. */
async function formatMarkdown(text: string, path: string): Promise<string> {
  const config = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...config, parser: 'markdown' });
}

async function writeResults(results: Results, json = true): Promise<void> {
  const dir = results.options.outDir;
  await mkdir(dir, { recursive: true });
  const stamp = results.startedAt.replace(/[:.]/g, '-');
  if (json) await writeFile(join(dir, `${stamp}.json`), JSON.stringify(results, null, 1));
  const notes = results.scenarios
    .filter((r) => r.notes.length > 0 || r.error)
    .map((r) =>
      [
        `### ${r.scenario}. ${r.title} (${Math.round(r.seconds)} s)`,
        '',
        ...(r.error ? [`Failed: ${r.error}`] : r.notes.map((n) => `- ${n}`)),
      ].join('\n'),
    );
  const md = ['# Bestfit benchmark', '', summary(results), '', '## Notes', '', ...notes.flatMap((n) => [n, ''])].join(
    '\n',
  );
  await writeFile(join(dir, 'latest.md'), await formatMarkdown(md, join(repoRoot, 'README.md')));
  console.log(`\n${summary(results)}\n`);
  console.log(
    `Results: ${json ? `${join(dir, `${stamp}.json`)} and ` : ''}${join(dir, 'latest.md')} (${Math.round(results.seconds)} s).`,
  );
}

async function updateReadme(results: Results): Promise<void> {
  const path = join(repoRoot, 'README.md');
  const readme = await readFile(path, 'utf8');
  const begin = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (begin < 0 || end < begin) {
    console.log(`README.md has no ${BEGIN} … ${END} block; not updated.`);
    return;
  }
  const text = `${readme.slice(0, begin + BEGIN.length)}\n\n${summary(results)}\n\n${readme.slice(end)}`;
  await writeFile(path, await formatMarkdown(text, path));
  console.log('README.md: Performance table updated.');
}

const deadline = setTimeout(
  () => {
    console.error('The benchmark ran for over an hour; stopping.');
    process.exit(2);
  },
  60 * 60 * 1000,
);
deadline.unref();

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
