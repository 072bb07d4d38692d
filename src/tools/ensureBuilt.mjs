// `npm start`'s prestart: builds only when the build in dist/ is missing or older than a source file,
// so a start after a build does not wait for the TypeScript compiler (a no-change `tsc` took 3-6 s on
// the 2-core test machine). Plain JavaScript, as it runs before there is a build. With no TypeScript
// installed (`npm ci --omit=dev`) it starts the build that is there, or says how to make one.
// `node src/tools/ensureBuilt.mjs [--stamp] [root]`: `--stamp` only notes that a build just finished (`npm run
// build` ends with it). ENSURE_BUILT_TSC names the compiler (tests).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const stampOnly = args.includes('--stamp');
const root = args.find((a) => a !== '--stamp') ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// tsc rewrites only the files whose output changed (and nothing at all when no source's content did, though
// a file was touched), so each finished build is noted in a file of its own, whose time the check reads.
const stamp = join(root, 'dist', '.build-stamp');
const stampNow = () => {
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
};
if (stampOnly) {
  stampNow();
  process.exit(0);
}
const built = join(root, 'dist', 'src', 'index.js');
const tsc = process.env.ENSURE_BUILT_TSC ?? join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** The newest modification time among the files tsc reads (src/**\/*.ts and the config). */
function newestSource() {
  let newest = statSync(join(root, 'tsconfig.json')).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, 'src'));
  return newest;
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);
const builtAt = existsSync(built)
  ? Math.max(mtime(built), mtime(join(root, 'dist', '.tsbuildinfo')), mtime(stamp))
  : undefined;
if (builtAt !== undefined && builtAt >= newestSource()) process.exit(0);

if (!existsSync(tsc)) {
  if (builtAt !== undefined) {
    console.error(
      'SofS Companion: a source file is newer than the build, but TypeScript is not installed: starting the build in dist/.',
    );
    process.exit(0);
  }
  console.error(
    'SofS Companion cannot start: there is no build in dist/ and TypeScript is not installed (npm ci --omit=dev).\n' +
      'Build first, then drop the development packages: npm ci && npm run build && npm prune --omit=dev',
  );
  process.exit(1);
}

console.error(
  builtAt === undefined
    ? 'SofS Companion: building (there is no build in dist/ yet) ...'
    : 'SofS Companion: building (a source file is newer than the build) ...',
);
const build = spawnSync(
  process.execPath,
  [tsc, '-p', join(root, 'tsconfig.json'), '--incremental', '--tsBuildInfoFile', join(root, 'dist', '.tsbuildinfo')],
  { stdio: 'inherit' },
);
if (build.status !== 0) {
  // A failed build with an older one in place starts the older one, as before (a type error must not stop a restart).
  if (builtAt !== undefined) {
    console.error('SofS Companion: the build failed; starting the previous build in dist/.');
    process.exit(0);
  }
  process.exit(build.status ?? 1);
}
stampNow();
