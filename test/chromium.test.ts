import { describe, expect, it } from 'vitest';
import { ensureChromium, findChromium, NOT_FOUND_MESSAGE, type FinderEnvironment } from './chromium.ts';

/** A machine with exactly these executables and folders, and this environment. */
function fakeMachine(
  executables: string[],
  env: Record<string, string | undefined> = {},
  dirs: Record<string, string[]> = {},
): FinderEnvironment & { executables: Set<string> } {
  const set = new Set(executables);
  return {
    executables: set,
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', ...env },
    homeDir: '/home/tester',
    isExecutable: (path) => set.has(path),
    listDir: (dir) => dirs[dir] ?? [],
  };
}

const cache = '/home/tester/.cache/ms-playwright';

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH over everything else', () => {
    const m = fakeMachine(['/opt/chrome/chrome', '/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/chrome/chrome' });
    expect(findChromium(m)).toEqual({ path: '/opt/chrome/chrome', via: 'CHROMIUM_PATH' });
  });

  it('refuses a CHROMIUM_PATH that is not an executable rather than using another browser', () => {
    const m = fakeMachine(['/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/typo/chrome' });
    expect(() => findChromium(m)).toThrow('CHROMIUM_PATH is /opt/typo/chrome, which is not an executable file');
  });

  it('looks for chromium, then chromium-browser, then google-chrome on PATH', () => {
    const all = ['/usr/bin/google-chrome', '/usr/bin/chromium-browser', '/usr/bin/chromium'];
    expect(findChromium(fakeMachine(all))?.path).toBe('/usr/bin/chromium');
    expect(findChromium(fakeMachine(all.slice(0, 2)))?.path).toBe('/usr/bin/chromium-browser');
    expect(findChromium(fakeMachine(all.slice(0, 1)))?.path).toBe('/usr/bin/google-chrome');
  });

  it('takes a command from the first PATH folder that has it', () => {
    const m = fakeMachine(['/usr/bin/chromium', '/usr/local/bin/chromium']);
    expect(findChromium(m)).toEqual({ path: '/usr/local/bin/chromium', via: 'PATH' });
  });

  it("falls back to the newest Chromium in Playwright's cache", () => {
    const m = fakeMachine(
      [`${cache}/chromium-1100/chrome-linux/chrome`, `${cache}/chromium-1200/chrome-linux64/chrome`],
      {},
      { [cache]: ['chromium-1100', 'chromium_headless_shell-1300', 'chromium-1200', 'ffmpeg-1011'] },
    );
    expect(findChromium(m)).toEqual({ path: `${cache}/chromium-1200/chrome-linux64/chrome`, via: 'Playwright' });
  });

  it('reads the older chrome-linux layout and honours PLAYWRIGHT_BROWSERS_PATH', () => {
    const m = fakeMachine(
      ['/pw/chromium-1090/chrome-linux/chrome'],
      { PLAYWRIGHT_BROWSERS_PATH: '/pw' },
      { '/pw': ['chromium-1090'] },
    );
    expect(findChromium(m)?.path).toBe('/pw/chromium-1090/chrome-linux/chrome');
  });

  it('prefers a browser on PATH over Playwright’s cache', () => {
    const m = fakeMachine(
      ['/usr/bin/google-chrome', `${cache}/chromium-1200/chrome-linux64/chrome`],
      {},
      { [cache]: ['chromium-1200'] },
    );
    expect(findChromium(m)?.path).toBe('/usr/bin/google-chrome');
  });

  it('finds nothing on a machine without a browser', () => {
    expect(findChromium(fakeMachine(['/usr/bin/apt-get']))).toBeNull();
  });
});

describe('ensureChromium', () => {
  it('installs nothing when a browser is found', () => {
    const installs: string[] = [];
    const found = ensureChromium({
      machine: fakeMachine(['/usr/bin/chromium', '/usr/bin/apt-get']),
      uid: 0,
      install: () => installs.push('apt'),
      log: (line) => installs.push(line),
    });
    expect(found.path).toBe('/usr/bin/chromium');
    expect(installs).toEqual([]);
  });

  it("installs Debian's chromium as root where apt-get exists, saying so in one line", () => {
    const m = fakeMachine(['/usr/bin/apt-get']);
    const lines: string[] = [];
    const found = ensureChromium({
      machine: m,
      uid: 0,
      install: () => m.executables.add('/usr/bin/chromium'),
      log: (line) => lines.push(line),
    });
    expect(found).toEqual({ path: '/usr/bin/chromium', via: 'PATH' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('apt-get install -y chromium');
  });

  it.each([
    ['not root', ['/usr/bin/apt-get'], 1000],
    ['no apt-get', [], 0],
    ['no user id (not POSIX)', ['/usr/bin/apt-get'], undefined],
  ])('stops with one line naming the options when %s', (_case, executables, uid) => {
    let installed = false;
    const run = () =>
      ensureChromium({ machine: fakeMachine(executables), uid, install: () => (installed = true), log: () => {} });
    expect(run).toThrow(NOT_FOUND_MESSAGE);
    expect(installed).toBe(false);
    expect(NOT_FOUND_MESSAGE).not.toContain('\n');
    for (const option of ['CHROMIUM_PATH', 'apt-get install -y chromium', 'google-chrome', 'playwright-core install'])
      expect(NOT_FOUND_MESSAGE).toContain(option);
  });

  it('stops with one line when the install fails or leaves no browser', () => {
    const m = fakeMachine(['/usr/bin/apt-get']);
    const quiet = { machine: m, uid: 0, log: () => {} };
    expect(() =>
      ensureChromium({
        ...quiet,
        install: () => {
          throw new Error('Command failed: apt-get install\nE: Unable to locate package chromium');
        },
      }),
    ).toThrow(/^apt-get install -y chromium failed \(Command failed: apt-get install\)\. No Chromium found/);
    expect(() => ensureChromium({ ...quiet, install: () => {} })).toThrow(NOT_FOUND_MESSAGE);
  });
});
