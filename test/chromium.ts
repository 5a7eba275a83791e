/**
 * Finds the Chromium the browser tests drive, or installs Debian's where that is possible.
 * `npm test` (its `pretest` step, and so `.ci/run`) runs this file; test/helpers/browser.ts and
 * the bench call `findChromium()` so they launch the browser found here.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Commands looked for on PATH, in order: Debian's, Ubuntu's, then Google's. */
export const BROWSER_COMMANDS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

/** Where Playwright puts the executable inside a `chromium-<revision>` folder (newer builds first). */
const PLAYWRIGHT_EXECUTABLES = [
  ['chrome-linux64', 'chrome'],
  ['chrome-linux', 'chrome'],
  ['chrome-linux-arm64', 'chrome'],
] as const;

export const NOT_FOUND_MESSAGE =
  'No Chromium found for the browser tests: set CHROMIUM_PATH to a Chromium or Chrome executable, ' +
  'install one (apt-get install -y chromium, or google-chrome), ' +
  'or download Playwright\'s (npx playwright-core install chromium); as root on Debian or Ubuntu, "npm test" installs chromium itself.';

/** What the finder reads from the machine; tests pass their own. */
export interface FinderEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  isExecutable(path: string): boolean;
  /** Folder names in `dir`, or none if it cannot be read. */
  listDir(dir: string): readonly string[];
}

export interface Found {
  readonly path: string;
  /** Which rule found it, for the line printed. */
  readonly via: 'CHROMIUM_PATH' | 'PATH' | 'Playwright';
}

export const machine: FinderEnvironment = {
  env: process.env,
  homeDir: homedir(),
  isExecutable(path) {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  },
  listDir(dir) {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  },
};

/** Playwright's browser folder: PLAYWRIGHT_BROWSERS_PATH, else its folder in the user's cache. */
function playwrightCache(m: FinderEnvironment): string {
  const set = m.env.PLAYWRIGHT_BROWSERS_PATH;
  if (set && set !== '0') return set;
  return join(m.env.XDG_CACHE_HOME || join(m.homeDir, '.cache'), 'ms-playwright');
}

/**
 * The first of: CHROMIUM_PATH; chromium, chromium-browser, google-chrome on PATH; the newest
 * Chromium in Playwright's cache. A CHROMIUM_PATH that is not an executable is an error, not a
 * reason to look elsewhere, so a typo never runs the tests with another browser.
 */
export function findChromium(m: FinderEnvironment = machine): Found | null {
  const set = m.env.CHROMIUM_PATH;
  if (set) {
    if (!m.isExecutable(set)) throw new Error(`CHROMIUM_PATH is ${set}, which is not an executable file`);
    return { path: set, via: 'CHROMIUM_PATH' };
  }
  const dirs = (m.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const command of BROWSER_COMMANDS) {
    for (const dir of dirs) {
      const path = join(dir, command);
      if (m.isExecutable(path)) return { path, via: 'PATH' };
    }
  }
  const cache = playwrightCache(m);
  const revisions = m
    .listDir(cache)
    .map((name) => /^chromium-(\d+)$/.exec(name))
    .filter((match) => match !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]));
  for (const [name] of revisions) {
    for (const parts of PLAYWRIGHT_EXECUTABLES) {
      const path = join(cache, name, ...parts);
      if (m.isExecutable(path)) return { path, via: 'Playwright' };
    }
  }
  return null;
}

/** Whether this machine can install Debian's chromium itself: apt-get on PATH, and root. */
export function canAptInstall(m: FinderEnvironment, uid: number | undefined): boolean {
  if (uid !== 0) return false;
  const dirs = (m.env.PATH ?? '').split(delimiter).filter(Boolean);
  return dirs.some((dir) => m.isExecutable(join(dir, 'apt-get')));
}

/** apt-get update && apt-get install -y chromium, quietly; apt's errors still reach stderr. */
export function aptInstallChromium(): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

export interface EnsureOptions {
  readonly machine?: FinderEnvironment;
  readonly uid?: number | undefined;
  readonly install?: () => void;
  readonly log?: (line: string) => void;
}

/** The Chromium to use: found, or installed from Debian where we may; otherwise one line naming the options. */
export function ensureChromium(options: EnsureOptions = {}): Found {
  const m = options.machine ?? machine;
  const log = options.log ?? ((line) => console.log(line));
  const found = findChromium(m);
  if (found) return found;
  if (!canAptInstall(m, 'uid' in options ? options.uid : process.getuid?.())) throw new Error(NOT_FOUND_MESSAGE);
  log("No Chromium found: installing Debian's chromium for the browser tests (apt-get install -y chromium)");
  try {
    (options.install ?? aptInstallChromium)();
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new Error(`apt-get install -y chromium failed (${reason}). ${NOT_FOUND_MESSAGE}`, { cause: error });
  }
  const installed = findChromium(m);
  if (!installed) throw new Error(NOT_FOUND_MESSAGE);
  return installed;
}

// Run as a script (`npm test`'s pretest): print what will be used, or the one line saying why not.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { path, via } = ensureChromium();
    console.log(`Browser tests use ${path} (${via === 'PATH' ? 'found on PATH' : `from ${via}`})`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
