import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/**
 * The project folder (the one holding package.json), found from this file whether it runs from
 * src/ under ts-jest or from dist/src/ after a build, so cards/ and src/content/ are always found.
 */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'cards'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the project folder (package.json beside cards/)');
    dir = parent;
  }
  root = dir;
  return dir;
}
