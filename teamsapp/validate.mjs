#!/usr/bin/env node
/**
 * Checks the built Teams app package offline (`npm run validate:manifest`).
 *
 *   node teamsapp/validate.mjs
 *
 * Builds teamsapp/build/ first (as `npm run package` would) when it is missing or older than the
 * template or icons, then checks:
 *   - build/manifest.json against the Teams JSON schema bundled in @microsoft/app-manifest
 *     (AppManifestUtils.validateAgainstSchema; every error is listed; the network is never used);
 *   - $schema / manifestVersion agree and are 1.19 or newer; no ${{...}} placeholder is left;
 *   - bot command lists: at most 3 lists, 10 commands each, titles up to 32 characters,
 *     descriptions up to 128; message extensions: at most 1, with at most 10 commands;
 *   - the glossary search command the bot answers (searchGlossary, a query command whose first
 *     parameter is `query`) is there, on the same bot id;
 *   - appPackage.zip holds exactly manifest.json, color.png and outline.png at its root, and its
 *     manifest is build/manifest.json;
 *   - icons, read from the zip: color is a 192x192 PNG, outline a 32x32 PNG whose pixels are all
 *     white or fully transparent.
 * Exits 1 with the list of problems, or 0 with a one-line OK summary.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import JSZip from 'jszip';
import { APP_DIR, buildPackage, LOCAL_BOT_ID, MANIFEST_OUT, PackageError, TEMPLATE_PATH, ZIP_OUT } from './package.mjs';

const require = createRequire(import.meta.url);

// Offline only: anything that tries to fetch (e.g. a schema that is not bundled) fails loudly.
globalThis.fetch = async (url) => {
  throw new Error(`network access is disabled in validate.mjs (tried to fetch ${url})`);
};

const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'];
const MIN_MANIFEST_VERSION = [1, 19];
const LIMITS = {
  commandLists: 3,
  commandsPerList: 10,
  commandTitle: 32,
  commandDescription: 128,
  messageExtensions: 1,
  messageExtensionCommands: 10,
};
const ICONS = { color: { width: 192, height: 192 }, outline: { width: 32, height: 32 } };
const SCHEMA_URL =
  /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}-[a-z]{2}\/)?json-schemas\/teams\/v(\d+)\.(\d+)\/MicrosoftTeams\.schema\.json$/;

const rel = (p) => relative(process.cwd(), p) || '.';

// ---------------------------------------------------------------------------------------------
// PNG decoding (enough for icons: every colour type, bit depths 1-16, no interlacing)

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

let crcTable;
function crc32(buf) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(buf) >>> 0;
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Reads the PNG header and chunks; throws with a readable message if the file is not a sound PNG. */
function readPngChunks(buf) {
  if (buf.length < 8 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('not a PNG file');
  const chunks = [];
  let off = 8;
  while (off + 12 <= buf.length) {
    const length = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    if (off + 12 + length > buf.length) throw new Error(`truncated ${type} chunk`);
    const data = buf.subarray(off + 8, off + 8 + length);
    if (crc32(buf.subarray(off + 4, off + 8 + length)) !== buf.readUInt32BE(off + 8 + length)) {
      throw new Error(`bad CRC in ${type} chunk`);
    }
    chunks.push({ type, data });
    off += 12 + length;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR' || chunks[0].data.length !== 13) throw new Error('missing IHDR header');
  if (!chunks.some((c) => c.type === 'IEND')) throw new Error('missing IEND chunk');
  const h = chunks[0].data;
  return {
    width: h.readUInt32BE(0),
    height: h.readUInt32BE(4),
    bitDepth: h[8],
    colorType: h[9],
    interlace: h[12],
    chunks,
  };
}

/** Decodes a PNG to 8-bit RGBA. */
function decodePng(buf) {
  const png = readPngChunks(buf);
  const { width, height, bitDepth, colorType, interlace, chunks } = png;
  const channels = CHANNELS[colorType];
  const validDepths = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
  if (!channels || !validDepths[colorType].includes(bitDepth)) {
    throw new Error(`unsupported colour type ${colorType} / bit depth ${bitDepth}`);
  }
  if (interlace !== 0) throw new Error('interlaced PNGs are not supported by this check; save it non-interlaced');
  if (width === 0 || height === 0 || width > 4096 || height > 4096)
    throw new Error(`implausible size ${width}x${height}`);

  const palette = chunks.find((c) => c.type === 'PLTE')?.data;
  const trns = chunks.find((c) => c.type === 'tRNS')?.data;
  if (colorType === 3 && !palette) throw new Error('palette PNG without a PLTE chunk');

  const raw = zlib.inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const bitsPerPixel = channels * bitDepth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel / 8);
  if (raw.length < (stride + 1) * height) throw new Error('image data is shorter than the header says');

  // Undo the per-row filters.
  const rows = [];
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? row[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      let add;
      if (filter === 0) add = 0;
      else if (filter === 1) add = a;
      else if (filter === 2) add = b;
      else if (filter === 3) add = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`unknown row filter ${filter}`);
      row[i] = (row[i] + add) & 0xff;
    }
    rows.push(row);
    prev = row;
  }

  const maxSample = (1 << bitDepth) - 1;
  const sample = (row, index) => {
    if (bitDepth === 8) return row[index];
    if (bitDepth === 16) return row.readUInt16BE(index * 2);
    const bit = index * bitDepth;
    return (row[bit >> 3] >> (8 - bitDepth - (bit & 7))) & maxSample;
  };
  const to8 = (v) => (bitDepth === 16 ? v >> 8 : bitDepth === 8 ? v : Math.round((v * 255) / maxSample));

  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = rows[y];
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const s = (k) => sample(row, x * channels + k);
      let r;
      let g;
      let b;
      let a = 255;
      if (colorType === 0) {
        const v = s(0);
        r = g = b = to8(v);
        if (trns && trns.length >= 2 && v === trns.readUInt16BE(0)) a = 0;
      } else if (colorType === 2) {
        const [rv, gv, bv] = [s(0), s(1), s(2)];
        [r, g, b] = [to8(rv), to8(gv), to8(bv)];
        if (
          trns &&
          trns.length >= 6 &&
          rv === trns.readUInt16BE(0) &&
          gv === trns.readUInt16BE(2) &&
          bv === trns.readUInt16BE(4)
        )
          a = 0;
      } else if (colorType === 3) {
        const i = s(0);
        if (i * 3 + 2 >= palette.length) throw new Error(`palette index ${i} out of range`);
        [r, g, b] = [palette[i * 3], palette[i * 3 + 1], palette[i * 3 + 2]];
        if (trns && i < trns.length) a = trns[i];
      } else if (colorType === 4) {
        r = g = b = to8(s(0));
        a = to8(s(1));
      } else {
        [r, g, b, a] = [to8(s(0)), to8(s(1)), to8(s(2)), to8(s(3))];
      }
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
      rgba[o + 3] = a;
    }
  }
  return { width, height, colorType, bitDepth, rgba };
}

// ---------------------------------------------------------------------------------------------
// Checks

function checkIcon(kind, file, data, problems) {
  const want = ICONS[kind];
  let png;
  try {
    png = decodePng(data);
  } catch (err) {
    problems.push(`icons.${kind} (${file}): ${err.message}`);
    return undefined;
  }
  if (png.width !== want.width || png.height !== want.height) {
    problems.push(
      `icons.${kind} (${file}) is ${png.width}x${png.height}; Teams needs ${want.width}x${want.height}` +
        (kind === 'color' && png.width === 32 ? ' (are the colour and outline icons swapped?)' : '') +
        (kind === 'outline' && png.width === 192 ? ' (are the colour and outline icons swapped?)' : ''),
    );
  }
  if (kind === 'outline') {
    let bad = 0;
    let first;
    let visible = 0;
    for (let i = 0; i < png.rgba.length; i += 4) {
      const [r, g, b, a] = png.rgba.subarray(i, i + 4);
      if (a === 0) continue;
      visible++;
      if (r !== 255 || g !== 255 || b !== 255) {
        bad++;
        if (!first) {
          const p = i / 4;
          first = `x=${p % png.width}, y=${Math.floor(p / png.width)}: rgba(${r}, ${g}, ${b}, ${a})`;
        }
      }
    }
    if (bad > 0) {
      problems.push(
        `icons.outline (${file}) must be white (#FFFFFF) on transparent only; ${bad} pixel(s) are another colour (first at ${first})`,
      );
    }
    if (visible === 0) problems.push(`icons.outline (${file}) is fully transparent`);
  }
  return png;
}

function parseVersion(text) {
  const m = /^(\d+)\.(\d+)$/.exec(String(text ?? ''));
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function atLeast([a, b], [c, d]) {
  return a > c || (a === c && b >= d);
}

async function checkSchema(manifest, problems) {
  const schemaUrl = manifest.$schema;
  const m = SCHEMA_URL.exec(String(schemaUrl ?? ''));
  if (!m) {
    problems.push(
      `$schema must be the official Teams schema URL, https://developer.microsoft.com/en-us/json-schemas/teams/vX.Y/MicrosoftTeams.schema.json (got ${JSON.stringify(schemaUrl)})`,
    );
    return undefined;
  }
  const schemaVersion = `${m[1]}.${m[2]}`;
  if (manifest.manifestVersion !== schemaVersion) {
    problems.push(`manifestVersion "${manifest.manifestVersion}" does not match the $schema URL (v${schemaVersion})`);
  }
  if (!atLeast(parseVersion(schemaVersion), MIN_MANIFEST_VERSION)) {
    problems.push(`manifest schema v${schemaVersion} is too old: use ${MIN_MANIFEST_VERSION.join('.')} or newer`);
  }

  let AppManifestUtils;
  try {
    ({ AppManifestUtils } = require('@microsoft/app-manifest'));
  } catch (err) {
    problems.push(`cannot load @microsoft/app-manifest (it also needs fs-extra): ${err.message}`);
    return schemaVersion;
  }
  // Refuse to validate against anything but a schema file shipped in the package.
  const suffix = AppManifestUtils.getLocalSchemaSuffix(schemaUrl);
  const packageDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const localSchema = suffix ? join(packageDir, 'build', suffix) : undefined;
  if (!localSchema || !existsSync(localSchema)) {
    problems.push(`@microsoft/app-manifest has no bundled schema for v${schemaVersion}; pick a bundled version`);
    return schemaVersion;
  }
  let errors;
  try {
    errors = await AppManifestUtils.validateAgainstSchema(manifest);
  } catch (err) {
    problems.push(`schema validation failed to run: ${err.message}`);
    return schemaVersion;
  }
  for (const error of errors) {
    const text = error.trim();
    problems.push(`schema v${schemaVersion}: ${text.startsWith('/') ? text : `(root) ${text}`}`);
  }
  return schemaVersion;
}

function checkBots(manifest, problems) {
  const bots = manifest.bots ?? [];
  if (bots.length !== 1) problems.push(`expected exactly 1 bot, found ${bots.length}`);
  const bot = bots[0];
  if (!bot) return { lists: 0, commands: [] };
  const lists = bot.commandLists ?? [];
  if (lists.length > LIMITS.commandLists) {
    problems.push(`bots[0].commandLists has ${lists.length} lists; the limit is ${LIMITS.commandLists}`);
  }
  const seenScopes = new Map();
  lists.forEach((list, i) => {
    const where = `bots[0].commandLists[${i}]`;
    const commands = list.commands ?? [];
    if (commands.length === 0) problems.push(`${where} has no commands`);
    if (commands.length > LIMITS.commandsPerList) {
      problems.push(`${where} has ${commands.length} commands; the limit is ${LIMITS.commandsPerList}`);
    }
    for (const scope of list.scopes ?? []) {
      if (!(bot.scopes ?? []).includes(scope))
        problems.push(`${where} is for scope "${scope}", which the bot does not declare`);
      if (seenScopes.has(scope))
        problems.push(`${where} repeats scope "${scope}" (also in commandLists[${seenScopes.get(scope)}])`);
      else seenScopes.set(scope, i);
    }
    const titles = new Set();
    commands.forEach((command, j) => {
      const title = String(command.title ?? '');
      const cw = `${where}.commands[${j}] ("${title}")`;
      if (title.trim() === '') problems.push(`${where}.commands[${j}] has no title`);
      if (title.length > LIMITS.commandTitle) {
        problems.push(`${cw}: title is ${title.length} characters; the limit is ${LIMITS.commandTitle}`);
      }
      const description = command.description ?? '';
      if (description.length > LIMITS.commandDescription) {
        problems.push(
          `${cw}: description is ${description.length} characters; the limit is ${LIMITS.commandDescription}`,
        );
      }
      if (titles.has(title.toLowerCase())) problems.push(`${cw}: duplicate title in this list`);
      titles.add(title.toLowerCase());
    });
  });
  return { lists: lists.length, commands: lists.map((l) => (l.commands ?? []).length) };
}

function checkMessageExtensions(manifest, problems) {
  const extensions = manifest.composeExtensions ?? [];
  if (extensions.length > LIMITS.messageExtensions) {
    problems.push(`composeExtensions has ${extensions.length} extensions; the limit is ${LIMITS.messageExtensions}`);
  }
  const botId = manifest.bots?.[0]?.botId;
  let commandCount = 0;
  extensions.forEach((extension, i) => {
    const where = `composeExtensions[${i}]`;
    if (extension.botId !== botId)
      problems.push(`${where}.botId must be the bot's id (${botId}), got ${extension.botId}`);
    const commands = extension.commands ?? [];
    commandCount += commands.length;
    if (commands.length > LIMITS.messageExtensionCommands) {
      problems.push(`${where} has ${commands.length} commands; the limit is ${LIMITS.messageExtensionCommands}`);
    }
    const ids = new Set();
    commands.forEach((command, j) => {
      const cw = `${where}.commands[${j}] ("${command.id}")`;
      if (ids.has(command.id)) problems.push(`${cw}: duplicate command id`);
      ids.add(command.id);
      if (String(command.title ?? '').length > LIMITS.commandTitle) {
        problems.push(
          `${cw}: title is ${String(command.title).length} characters; the limit is ${LIMITS.commandTitle}`,
        );
      }
    });
  });
  // The bot answers composeExtension/query for commandId "searchGlossary" and reads parameters[0] ("query").
  const search = extensions[0]?.commands?.find((c) => c.id === 'searchGlossary');
  if (!search) {
    problems.push('composeExtensions[0] must have the "searchGlossary" command the bot answers');
  } else {
    if ((search.type ?? 'query') !== 'query')
      problems.push(`searchGlossary must be a query command, not "${search.type}"`);
    if (search.parameters?.[0]?.name !== 'query') {
      problems.push(
        `searchGlossary's first parameter must be named "query" (the bot reads it), got ${JSON.stringify(search.parameters?.[0]?.name)}`,
      );
    }
  }
  return commandCount;
}

function checkDeveloper(manifest, problems) {
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
    const url = manifest.developer?.[key];
    if (typeof url !== 'string' || !/^https:\/\/[^\s/]+\.[^\s]+$/.test(url)) {
      problems.push(`developer.${key} must be an https URL (got ${JSON.stringify(url)})`);
    }
  }
}

async function checkZip(manifestText, manifest, problems) {
  let zip;
  try {
    zip = await JSZip.loadAsync(readFileSync(ZIP_OUT));
  } catch (err) {
    problems.push(`${rel(ZIP_OUT)} is not a readable zip: ${err.message}`);
    return {};
  }
  const names = Object.keys(zip.files).sort();
  const expected = [...PACKAGE_FILES].sort();
  const extra = names.filter((n) => !expected.includes(n));
  const absent = expected.filter((n) => !names.includes(n));
  if (extra.length > 0 || absent.length > 0) {
    problems.push(
      `${rel(ZIP_OUT)} must contain exactly ${PACKAGE_FILES.join(', ')} at its root` +
        (extra.length ? `; unexpected: ${extra.join(', ')}` : '') +
        (absent.length ? `; missing: ${absent.join(', ')}` : ''),
    );
  }
  const zipManifest = zip.file('manifest.json');
  if (zipManifest && (await zipManifest.async('string')) !== manifestText) {
    problems.push(`manifest.json in ${rel(ZIP_OUT)} differs from ${rel(MANIFEST_OUT)}; run npm run package`);
  }
  const icons = {};
  for (const kind of ['color', 'outline']) {
    const file = manifest.icons?.[kind];
    const entry = typeof file === 'string' ? zip.file(file) : null;
    if (!entry) {
      problems.push(`icons.${kind} is ${JSON.stringify(file)}, which is not in ${rel(ZIP_OUT)}`);
      continue;
    }
    icons[kind] = checkIcon(kind, file, await entry.async('nodebuffer'), problems);
  }
  if (manifest.icons?.color && manifest.icons.color === manifest.icons.outline) {
    problems.push('icons.color and icons.outline must be different files');
  }
  return icons;
}

/** True when build/ is missing or older than the template or the icons it was made from. */
function buildIsStale() {
  if (!existsSync(MANIFEST_OUT) || !existsSync(ZIP_OUT)) return 'missing';
  const built = Math.min(statSync(MANIFEST_OUT).mtimeMs, statSync(ZIP_OUT).mtimeMs);
  const inputs = [TEMPLATE_PATH, join(APP_DIR, 'color.png'), join(APP_DIR, 'outline.png')].filter((p) => existsSync(p));
  return inputs.some((p) => statSync(p).mtimeMs > built) ? 'older than its sources' : undefined;
}

export async function validate() {
  const problems = [];
  const stale = buildIsStale();
  if (stale) {
    console.warn(`validate:manifest: ${rel(ZIP_OUT)} is ${stale}; building it first`);
    const result = await buildPackage();
    for (const warning of result.warnings) console.warn(`package: warning: ${warning}`);
  }

  const manifestText = readFileSync(MANIFEST_OUT, 'utf8');
  let manifest;
  try {
    manifest = JSON.parse(manifestText);
  } catch (err) {
    return { problems: [`${rel(MANIFEST_OUT)} is not valid JSON: ${err.message}`] };
  }
  if (manifestText.includes('${{')) {
    const names = [...new Set([...manifestText.matchAll(/\$\{\{[^}]*\}\}/g)].map((x) => x[0]))];
    problems.push(`unfilled placeholder(s) in ${rel(MANIFEST_OUT)}: ${names.join(', ')}`);
  }

  const schemaVersion = await checkSchema(manifest, problems);
  checkDeveloper(manifest, problems);
  const bots = checkBots(manifest, problems);
  const extensionCommands = checkMessageExtensions(manifest, problems);
  const icons = await checkZip(manifestText, manifest, problems);

  const botId = manifest.bots?.[0]?.botId;
  const summary =
    `OK: ${rel(ZIP_OUT)}: manifest v${schemaVersion} valid against the bundled schema; ` +
    `app ${manifest.id}; bot ${botId}${botId === LOCAL_BOT_ID ? ' (local-testing placeholder)' : ''}; ` +
    `${bots.lists} command list(s) [${bots.commands.join('/')}], ${extensionCommands} message-extension command(s); ` +
    `icons ${icons.color?.width}x${icons.color?.height} colour, ${icons.outline?.width}x${icons.outline?.height} outline`;
  return { problems, summary };
}

async function main() {
  const { problems, summary } = await validate();
  if (problems.length > 0) {
    console.error(`validate:manifest: ${problems.length} problem(s) in the Teams app package:`);
    for (const problem of problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  console.log(summary);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(`validate:manifest: error: ${err instanceof PackageError ? err.message : (err?.stack ?? err)}`);
    process.exit(1);
  });
}
