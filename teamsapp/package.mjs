#!/usr/bin/env node
/**
 * Builds the Teams app package for SofS Companion (`npm run package`).
 *
 *   node teamsapp/package.mjs [--env <name>]
 *
 * Reads teamsapp/manifest.template.json, fills every ${{NAME}} placeholder and writes
 *   teamsapp/build/manifest.json
 *   teamsapp/build/appPackage.zip   (manifest.json, color.png, outline.png at the zip root)
 *
 * Each placeholder's value comes from, in order:
 *   1. the process environment;
 *   2. env/.env.<name>, overlaid by env/.env.<name>.user (KEY=VALUE lines, the Agents Toolkit's own
 *      files), where <name> is --env, else TEAMSFX_ENV, else "local";
 *   3. a built-in default: TEAMS_APP_ID is this app's fixed id; BOT_ID falls back to the all-zero
 *      GUID, which is only good for local testing (a warning says so).
 * Empty values count as unset. Offline, deterministic (fixed zip timestamps), no dependencies
 * beyond jszip. Exits 1 with a readable message on any problem.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSZip from 'jszip';

export const APP_DIR = dirname(fileURLToPath(import.meta.url));
export const PROJECT_DIR = resolve(APP_DIR, '..');
export const ENV_DIR = join(PROJECT_DIR, 'env');
export const TEMPLATE_PATH = join(APP_DIR, 'manifest.template.json');
export const BUILD_DIR = join(APP_DIR, 'build');
export const MANIFEST_OUT = join(BUILD_DIR, 'manifest.json');
export const ZIP_OUT = join(BUILD_DIR, 'appPackage.zip');

/** The Teams app id (manifest `id`): fixed for this app, not the bot's id. */
export const DEFAULT_TEAMS_APP_ID = '88861265-3364-43c5-8426-37fff0fd904c';
/** Stand-in bot id for a package that is only ever used locally. */
export const LOCAL_BOT_ID = '00000000-0000-0000-0000-000000000000';

/** Placeholders whose value must be a GUID. */
const GUID_NAMES = new Set(['TEAMS_APP_ID', 'BOT_ID']);
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
/** The Agents Toolkit's placeholder syntax: ${{NAME}}, spaces allowed inside the braces. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** Zip entries get this timestamp so the same inputs give the same bytes. */
const FIXED_DATE = new Date(Date.UTC(2020, 0, 1, 0, 0, 0));

/** A problem the user can fix; printed without a stack trace. */
export class PackageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PackageError';
  }
}

/** Parses KEY=VALUE lines (the Agents Toolkit's .env format): `#` comments, optional quotes, `export `. */
export function parseEnvFile(text) {
  const values = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, '').trim();
    values[match[1]] = value;
  }
  return values;
}

/** Values from env/.env.<name> overlaid with env/.env.<name>.user, plus the files that were read. */
export function readEnvFiles(envName, envDir = ENV_DIR) {
  const values = {};
  const files = [];
  for (const file of [join(envDir, `.env.${envName}`), join(envDir, `.env.${envName}.user`)]) {
    if (!existsSync(file)) continue;
    Object.assign(values, parseEnvFile(readFileSync(file, 'utf8')));
    files.push(file);
  }
  return { values, files };
}

function collectPlaceholders(value, found) {
  if (typeof value === 'string') {
    for (const m of value.matchAll(PLACEHOLDER)) found.add(m[1]);
  } else if (Array.isArray(value)) {
    for (const item of value) collectPlaceholders(item, found);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) collectPlaceholders(item, found);
  }
  return found;
}

function substitute(value, values) {
  if (typeof value === 'string') return value.replace(PLACEHOLDER, (whole, name) => values[name] ?? whole);
  if (Array.isArray(value)) return value.map((item) => substitute(item, values));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, values)]));
  }
  return value;
}

const nonEmpty = (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const rel = (p) => relative(process.cwd(), p) || '.';

/**
 * Fills the template and writes build/manifest.json and build/appPackage.zip.
 * Returns what it did; throws PackageError on anything the user must fix.
 */
export async function buildPackage({ env = process.env, envName, templatePath = TEMPLATE_PATH } = {}) {
  const name = nonEmpty(envName) ?? nonEmpty(env.TEAMSFX_ENV) ?? 'local';
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new PackageError(`invalid environment name "${name}"`);
  const appDir = dirname(templatePath);

  let template;
  try {
    template = JSON.parse(readFileSync(templatePath, 'utf8'));
  } catch (err) {
    throw new PackageError(`cannot read ${rel(templatePath)}: ${err.message}`);
  }

  const fromFiles = readEnvFiles(name);
  const defaults = { TEAMS_APP_ID: DEFAULT_TEAMS_APP_ID, BOT_ID: LOCAL_BOT_ID };
  const values = {};
  const sources = {};
  const missing = [];
  const warnings = [];
  for (const key of [...collectPlaceholders(template, new Set())].sort()) {
    const candidates = [
      [nonEmpty(env[key]), 'environment'],
      [nonEmpty(fromFiles.values[key]), `env/.env.${name}(.user)`],
      [defaults[key], 'default'],
    ];
    const hit = candidates.find(([v]) => v !== undefined);
    if (!hit) {
      missing.push(key);
      continue;
    }
    values[key] = hit[0];
    sources[key] = hit[1];
    if (GUID_NAMES.has(key) && !GUID.test(hit[0])) {
      throw new PackageError(`${key} must be a GUID (got "${hit[0]}" from ${hit[1]})`);
    }
  }
  if (missing.length > 0) {
    throw new PackageError(
      `no value for ${missing.map((k) => `\${{${k}}}`).join(', ')}: set ${missing.join(', ')} in the environment or in env/.env.${name}`,
    );
  }
  if (sources.BOT_ID === 'default') {
    warnings.push(
      `BOT_ID is not set, so the bot id is ${LOCAL_BOT_ID}: this package is for local testing only, not for upload to Teams`,
    );
  }

  const manifest = substitute(template, values);
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  const leftover = [...new Set([...manifestText.matchAll(/\$\{\{[^}]*\}\}/g)].map((m) => m[0]))];
  if (leftover.length > 0) throw new PackageError(`unfilled placeholder(s) in the manifest: ${leftover.join(', ')}`);

  const icons = [];
  for (const kind of ['color', 'outline']) {
    const file = manifest.icons?.[kind];
    if (typeof file !== 'string' || file === '') throw new PackageError(`manifest icons.${kind} is missing`);
    if (file.includes('/') || file.includes('\\') || file === 'manifest.json') {
      throw new PackageError(`manifest icons.${kind} must be a file name at the package root (got "${file}")`);
    }
    const source = join(appDir, file);
    if (!existsSync(source)) throw new PackageError(`icons.${kind} file not found: ${rel(source)}`);
    icons.push({ file, data: readFileSync(source) });
  }

  const zip = new JSZip();
  const options = { date: FIXED_DATE, createFolders: false };
  zip.file('manifest.json', manifestText, options);
  for (const icon of icons) zip.file(icon.file, icon.data, options);
  const zipData = await zip.generateAsync({
    type: 'nodebuffer',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
    platform: 'DOS',
  });

  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(MANIFEST_OUT, manifestText);
  writeFileSync(ZIP_OUT, zipData);

  return {
    envName: name,
    envFiles: fromFiles.files,
    manifestPath: MANIFEST_OUT,
    zipPath: ZIP_OUT,
    manifest,
    values,
    sources,
    warnings,
  };
}

function parseArgs(argv) {
  const args = { envName: undefined, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let value;
    if (arg === '--env' || arg === '-e') value = argv[++i] ?? '';
    else if (arg.startsWith('--env=')) value = arg.slice('--env='.length);
    else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new PackageError(`unknown argument "${arg}" (usage: node teamsapp/package.mjs [--env <name>])`);
    if (value !== undefined) {
      if (nonEmpty(value) === undefined || value.startsWith('-'))
        throw new PackageError('--env needs a name, e.g. --env dev');
      args.envName = value;
    }
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log('usage: node teamsapp/package.mjs [--env <name>]  (see the comment at the top of this file)');
    return;
  }
  const result = await buildPackage({ envName: args.envName });
  for (const warning of result.warnings) console.warn(`package: warning: ${warning}`);
  console.log(
    `package: wrote ${rel(result.zipPath)} and ${rel(result.manifestPath)} ` +
      `(app ${result.values.TEAMS_APP_ID}, bot ${result.values.BOT_ID}, env "${result.envName}")`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`package: error: ${err instanceof PackageError ? err.message : (err?.stack ?? err)}`);
    process.exit(1);
  });
}
