import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentDir, loadContent, say } from '../../src/content/pack';
import {
  checkRound,
  cleanText,
  draft,
  findPreset,
  fromPreset,
  nextPoint,
  parseScore,
  type ScaleDraft,
  scaleText,
} from '../../src/features/scale/model';
import { realContent } from '../helpers/testBot';

const words = (key: string, vars?: Record<string, string | number>) => say(realContent(), key, vars);
const asked: ScaleDraft = draft({ question: 'How settled is the child at school?', zero: 'not at all', ten: 'fully' });

describe('the ready-made scaling questions (scales.yaml)', () => {
  it('validate, with the four presets in order', () => {
    const scales = loadContent().scales;
    expect(scales.presets.map((p) => p.id)).toEqual(['safety', 'confidence', 'willingness', 'progress']);
  });

  it("use the trust's own anchors for safety, and call the others commonly used rather than attributing them", () => {
    const scales = loadContent().scales;
    const safety = findPreset(scales.presets, 'safety');
    expect(safety).toMatchObject({
      basis: 'trust',
      zero: 'the child is not safe and their needs are not being met at all',
      ten: 'the child is safe, has all their needs met and is thriving',
    });
    for (const id of ['confidence', 'willingness', 'progress'])
      expect(findPreset(scales.presets, id)?.basis).toBe('common');
    expect(JSON.stringify(scales)).not.toMatch(/Turnell|Edwards/);
  });

  describe('a bad file', () => {
    let dir: string;
    const real = readFileSync(join(contentDir(), 'scales.yaml'), 'utf8');
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'sofs-scales-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    // The whole pack, with only scales.yaml changed: start-up reads it with everything else.
    const loadWith = (text: string) => {
      cpSync(contentDir(), dir, { recursive: true });
      writeFileSync(join(dir, 'scales.yaml'), text);
      return () => loadContent(dir);
    };

    it('stops start-up naming the entry and field at fault', () => {
      const bad = real.replace('zero: no confidence at all', `zero: ${'much too long '.repeat(20)}`);
      expect(loadWith(bad)).toThrow('scales.yaml: presets[1] (confidence).zero must be at most 160 characters');
    });

    it('refuses a preset id used twice', () => {
      expect(loadWith(real.replace('id: willingness', 'id: confidence'))).toThrow(
        /presets\[2\] \(confidence\)\.id "confidence" is used twice/,
      );
    });

    it('refuses a file without the safety question', () => {
      expect(loadWith(real.replace('id: safety', 'id: safety-today'))).toThrow(/must include the "safety" question/);
    });

    it('refuses a missing builder question', () => {
      const withoutGoal = real.slice(0, real.indexOf('  safety-goal:'));
      expect(loadWith(withoutGoal)).toThrow(/statements\.safety-goal/);
    });

    it('refuses a file that is not YAML', () => {
      expect(loadWith('presets: [oops')).toThrow(/scales\.yaml: cannot be read as YAML/);
    });
  });

  it('finds a preset by its id or its title', () => {
    const { presets } = loadContent().scales;
    expect(findPreset(presets, 'Confidence in the plan')?.id).toBe('confidence');
    expect(findPreset(presets, 'willingness')?.id).toBe('willingness');
    expect(findPreset(presets, 'how safe is she')).toBeUndefined();
  });
});

describe('scores', () => {
  it.each([
    ['0', 0],
    ['10', 10],
    [' 7 ', 7],
    ['11', undefined],
    ['-1', undefined],
    ['5.5', undefined],
    ['five', undefined],
    ['', undefined],
  ])('reads "%s" as %s', (raw, score) => {
    expect(parseScore(raw)).toBe(score);
  });

  it('knows the next point up, and that there is none above 10', () => {
    expect(nextPoint(4)).toBe(5);
    expect(nextPoint(10)).toBeUndefined();
  });
});

describe('checking a round', () => {
  it('needs a question and what both ends mean before anyone scores', () => {
    expect(checkRound(draft({ zero: 'a' }), 'setup')).toEqual({
      ok: false,
      step: 'setup',
      problems: [
        { code: 'Missing', field: 'question' },
        { code: 'Missing', field: 'ten' },
      ],
    });
  });

  it.each([
    ['question', 200],
    ['zero', 160],
    ['ten', 160],
    ['about', 3600],
  ] as const)('refuses a %s over %i characters', (field, max) => {
    const check = checkRound({ ...asked, [field]: 'q'.repeat(max + 1) }, 'setup');
    expect(check).toEqual({
      ok: false,
      step: 'setup',
      problems: [{ code: 'TooLong', field, length: max + 1, max }],
    });
    expect(checkRound({ ...asked, [field]: 'q'.repeat(max) }, 'setup').ok).toBe(true);
  });

  it('refuses a score outside 0 to 10 or not a whole number', () => {
    for (const score of ['11', 'ten', '', '3.5'])
      expect(checkRound({ ...asked, score }, 'score')).toEqual({
        ok: false,
        step: 'score',
        problems: [{ code: 'OutOfRange' }],
      });
  });

  it('refuses a reason or a "one point higher" over 600 characters', () => {
    expect(checkRound({ ...asked, score: '4', reason: 'r'.repeat(601) }, 'score')).toMatchObject({
      ok: false,
      problems: [{ code: 'TooLong', field: 'reason', length: 601, max: 600 }],
    });
    expect(checkRound({ ...asked, score: '4', higher: 'h'.repeat(601) }, 'higher')).toMatchObject({
      ok: false,
      step: 'higher',
      problems: [{ code: 'TooLong', field: 'higher' }],
    });
  });

  it('re-checks the question even when the card was only sending a score', () => {
    expect(checkRound({ ...asked, question: '', score: '4' }, 'higher')).toMatchObject({ ok: false, step: 'setup' });
  });

  it('lets the reason and "one point higher" be left blank', () => {
    expect(checkRound({ ...asked, score: '0' }, 'higher')).toMatchObject({ ok: true, round: { score: 0, reason: '' } });
  });

  it('tidies the text it accepts and restores a typed ${', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: user text that looks like template syntax
    expect(cleanText('  a\r\nb\u0000 $\u200b{c} ')).toBe('a\nb ${c}');
    const check = checkRound({ ...asked, question: '  How safe?\r\n', score: ' 6 ' }, 'score');
    expect(check).toMatchObject({ ok: true, round: { question: 'How safe?', score: 6 } });
  });

  it('starts a round from a ready-made question, keeping what it is about', () => {
    const safety = findPreset(loadContent().scales.presets, 'safety');
    if (!safety) throw new Error('no safety preset');
    expect(fromPreset(safety, 'the worries about night times')).toEqual(
      draft({ question: safety.question, zero: safety.zero, ten: safety.ten, about: 'the worries about night times' }),
    );
  });
});

describe('the round as text', () => {
  it('has the question, what it is about, both ends, the number and the reasons', () => {
    const check = checkRound(
      { ...asked, about: 'School mornings', score: '6', reason: 'She goes most days', higher: 'She stays all day' },
      'higher',
    );
    if (!check.ok) throw new Error('round should pass');
    expect(scaleText(check.round, words)).toBe(
      [
        'Scaling question: How settled is the child at school?',
        'About: School mornings',
        '0 means: not at all',
        '10 means: fully',
        'Score: 6 out of 10',
        'Why 6 and not lower: She goes most days',
        'What 7 would look like: She stays all day',
      ].join('\n'),
    );
  });

  it('says when no reason was given, and asks how a 10 stays a 10', () => {
    const check = checkRound({ ...asked, score: '10', higher: 'Keep the network going' }, 'higher');
    if (!check.ok) throw new Error('round should pass');
    const text = scaleText(check.round, words);
    expect(text).toContain('Why 10 and not lower: not given');
    expect(text).toContain('What will help it stay at 10: Keep the network going');
    expect(text).not.toContain('About:');
  });
});
