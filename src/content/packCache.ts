import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths';
import { type ContentPack, contentDir, loadContent } from './pack';

/**
 * The checked content pack kept as JSON beside the built code (`dist/.content-cache/pack.json`), so a
 * start reads one JSON file instead of parsing sixteen YAML files and checking them with zod (~6% of
 * start-up). The YAML stays the source practice leads edit: the cache carries a key made from every
 * YAML file's name and bytes and from the code that checks them (this folder's built modules), and is
 * used only while that key matches; any edit, added file or new build makes it stale, and the pack is
 * loaded and checked from the YAML as before. Content is public wording, never user data.
 */
export interface CachedContent {
  pack: ContentPack;
  /** Where the pack came from. */
  source: 'cache' | 'yaml';
  /** Writes the cache when the pack came from the YAML (call it after listening); never throws. */
  save(): boolean;
}

export function contentCacheFile(): string {
  return join(projectRoot(), 'dist', '.content-cache', 'pack.json');
}

/** The key of the YAML in `dir` as the code now running checks it. */
export function contentKey(dir: string = contentDir()): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.yaml')) continue;
    hash
      .update(`${file}\u0000`)
      .update(readFileSync(join(dir, file)))
      .update('\u0000');
  }
  // The schemas and checks: a new build that changes them makes the cache stale.
  for (const file of readdirSync(__dirname).sort()) {
    if (!/\.(js|ts)$/.test(file)) continue;
    hash
      .update(`${file}\u0000`)
      .update(readFileSync(join(__dirname, file)))
      .update('\u0000');
  }
  return hash.digest('hex');
}

/** The pack from the cache when its key matches, else from the YAML (checked, throwing ContentError as loadContent does). */
export function loadContentCached(dir: string = contentDir(), file: string = contentCacheFile()): CachedContent {
  const key = contentKey(dir);
  const cached = readCache(file, key);
  if (cached) return { pack: cached, source: 'cache', save: () => false };
  const pack = loadContent(dir);
  return { pack, source: 'yaml', save: () => writeCache(file, key, pack) };
}

/** The cache's first line is its key; the rest is the pack. */
function readCache(file: string, key: string): ContentPack | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  if (newline < 0 || text.slice(0, newline) !== key) return undefined;
  try {
    return JSON.parse(text.slice(newline + 1)) as ContentPack;
  } catch {
    return undefined;
  }
}

/** Written to a temporary file and renamed, so a reader (another process) never sees half a file. */
function writeCache(file: string, key: string, pack: ContentPack): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(tmp, `${key}\n${JSON.stringify(pack)}`);
    renameSync(tmp, file);
    return true;
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
    return false;
  }
}
