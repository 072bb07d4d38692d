import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContentError, contentDir, loadContent } from '../../src/content/pack';
import { loadContentCached } from '../../src/content/packCache';

describe('the content pack cached as JSON', () => {
  let dir: string;
  let content: string;
  let cache: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sofs-pack-'));
    content = join(dir, 'content');
    cpSync(contentDir(), content, { recursive: true });
    cache = join(dir, 'cache', 'pack.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is the same pack as the YAML gives, value for value', () => {
    const first = loadContentCached(content, cache);
    expect(first.source).toBe('yaml');
    expect(first.save()).toBe(true);
    const second = loadContentCached(content, cache);
    expect(second.source).toBe('cache');
    const fromYaml = loadContent(content);
    expect(second.pack).toStrictEqual(fromYaml);
    expect(JSON.stringify(second.pack)).toBe(JSON.stringify(fromYaml));
    // Nothing in the pack is lost in JSON (no undefined, Date, Map, RegExp...).
    expect(JSON.parse(JSON.stringify(fromYaml))).toStrictEqual(fromYaml);
  });

  it('is not used once a YAML file changes, and the YAML is checked again', () => {
    loadContentCached(content, cache).save();
    appendFileSync(join(content, 'help.yaml'), '\n# a comment a practice lead added\n');
    expect(loadContentCached(content, cache).source).toBe('yaml');

    loadContentCached(content, cache).save();
    const glossary = join(content, 'glossary.yaml');
    writeFileSync(
      glossary,
      readFileSync(glossary, 'utf8').replace(/^(\s*)category: \S+/m, '$1category: no-such-category'),
    );
    expect(() => loadContentCached(content, cache)).toThrow(ContentError);
  });

  it('is not used when a YAML file is added, and the new file is read', () => {
    loadContentCached(content, cache).save();
    writeFileSync(join(content, 'messages.extra.yaml'), 'an-added-message: Hello from an added file\n');
    const loaded = loadContentCached(content, cache);
    expect(loaded.source).toBe('yaml');
    expect(loaded.pack.messages['an-added-message']).toBe('Hello from an added file');
  });

  it('falls back to the YAML when the cache is damaged', () => {
    loadContentCached(content, cache).save();
    writeFileSync(cache, `${readFileSync(cache, 'utf8').split('\n')[0]}\n{"glossary":`);
    const loaded = loadContentCached(content, cache);
    expect(loaded.source).toBe('yaml');
    expect(loaded.pack).toStrictEqual(loadContent(content));
  });

  it('is not written where it cannot be, and the bot still has its pack', () => {
    writeFileSync(join(dir, 'cache'), 'a file where the folder should be');
    const loaded = loadContentCached(content, cache);
    expect(loaded.save()).toBe(false);
    expect(loadContentCached(content, cache).source).toBe('yaml');
  });
});
