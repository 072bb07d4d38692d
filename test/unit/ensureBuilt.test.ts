import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', 'src', 'tools', 'ensureBuilt.mjs');

/** A project folder with a source file and, if asked, a build; times in seconds since the epoch. */
function project(times: { source: number; build?: number }): string {
  const root = mkdtempSync(join(tmpdir(), 'sofs-ensure-'));
  mkdirSync(join(root, 'src', 'bot'), { recursive: true });
  writeFileSync(join(root, 'tsconfig.json'), '{}');
  utimesSync(join(root, 'tsconfig.json'), 1_000, 1_000);
  writeFileSync(join(root, 'src', 'bot', 'a.ts'), 'export {};');
  utimesSync(join(root, 'src', 'bot', 'a.ts'), times.source, times.source);
  if (times.build !== undefined) {
    mkdirSync(join(root, 'dist', 'src'), { recursive: true });
    writeFileSync(join(root, 'dist', 'src', 'index.js'), '');
    utimesSync(join(root, 'dist', 'src', 'index.js'), times.build, times.build);
  }
  return root;
}

/** A stand-in compiler that notes it ran and exits with `code`. */
function compiler(root: string, code: number): string {
  const file = join(root, 'tsc.cjs');
  writeFileSync(
    file,
    `require('fs').writeFileSync(${JSON.stringify(join(root, 'ran'))}, 'yes'); process.exit(${code});`,
  );
  return file;
}

function run(root: string, tsc: string) {
  const out = spawnSync(process.execPath, [SCRIPT, root], {
    env: { ...process.env, ENSURE_BUILT_TSC: tsc },
    encoding: 'utf8',
  });
  return { status: out.status, stderr: out.stderr, compiled: existsSync(join(root, 'ran')) };
}

describe("npm start's build check (prestart)", () => {
  const roots: string[] = [];
  const made = (root: string) => {
    roots.push(root);
    return root;
  };
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('starts at once when the build is newer than every source file', () => {
    const root = made(project({ source: 2_000, build: 3_000 }));
    expect(run(root, compiler(root, 0))).toEqual({ status: 0, stderr: '', compiled: false });
  });

  it('builds when a source file is newer than the build, saying so', () => {
    const root = made(project({ source: 4_000, build: 3_000 }));
    const out = run(root, compiler(root, 0));
    expect(out).toMatchObject({ status: 0, compiled: true });
    expect(out.stderr).toContain('building (a source file is newer than the build)');
  });

  it('counts the build info tsc writes on every build that changed something', () => {
    const root = made(project({ source: 4_000, build: 3_000 }));
    writeFileSync(join(root, 'dist', '.tsbuildinfo'), '{}');
    utimesSync(join(root, 'dist', '.tsbuildinfo'), 5_000, 5_000);
    expect(run(root, compiler(root, 0))).toMatchObject({ status: 0, compiled: false });
  });

  it('notes a finished build, so a touched file whose output tsc leaves unchanged is built once, not on every start', () => {
    const root = made(project({ source: 4_000, build: 3_000 }));
    // The stand-in compiler writes nothing, as tsc when no source's content changed.
    expect(run(root, compiler(root, 0))).toMatchObject({ status: 0, compiled: true });
    rmSync(join(root, 'ran'));
    expect(run(root, compiler(root, 0))).toMatchObject({ status: 0, compiled: false });
  });

  it('notes a build `npm run build` made (--stamp), so the next start does not build again', () => {
    const root = made(project({ source: 4_000, build: 3_000 }));
    expect(spawnSync(process.execPath, [SCRIPT, '--stamp', root]).status).toBe(0);
    expect(run(root, compiler(root, 0))).toMatchObject({ status: 0, compiled: false });
  });

  it('starts the build there is when the compiler fails or is not installed', () => {
    const failing = made(project({ source: 4_000, build: 3_000 }));
    const failed = run(failing, compiler(failing, 2));
    expect(failed).toMatchObject({ status: 0, compiled: true });
    expect(failed.stderr).toMatch(/the build failed; starting the previous build/);
    const pruned = made(project({ source: 4_000, build: 3_000 }));
    const without = run(pruned, join(pruned, 'no-such-tsc.js'));
    expect(without).toMatchObject({ status: 0, compiled: false });
    expect(without.stderr).toMatch(/TypeScript is not installed: starting the build in dist/);
  });

  it('says how to build when there is no build and no compiler (npm ci --omit=dev on a fresh clone)', () => {
    const root = made(project({ source: 2_000 }));
    const out = run(root, join(root, 'no-such-tsc.js'));
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('npm ci && npm run build && npm prune --omit=dev');
  });

  it("passes the compiler's failure on when there is no build to fall back to", () => {
    const root = made(project({ source: 2_000 }));
    expect(run(root, compiler(root, 3))).toMatchObject({ status: 3, compiled: true });
    expect(readFileSync(join(root, 'ran'), 'utf8')).toBe('yes');
  });
});
