import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROMPT_TRIGGERS, SUPERVISION_STAGES } from '../../src/content/schema';
import { realContent } from '../helpers/testBot';

/**
 * Rules a practice lead signs off, checked over the whole content pack: plain summaries, a source on
 * every term, no research-note hedging, and prompts that never assume what is not there.
 */
const content = realContent();
const root = join(__dirname, '../..');

/** Flesch reading ease from text-readability (an ES module, so it runs in its own node process). */
function fleschScores(texts: string[]): number[] {
  const out = execFileSync(process.execPath, [join(root, 'test/helpers/readability.mjs')], {
    input: JSON.stringify(texts),
  });
  return JSON.parse(out.toString()) as number[];
}

/** Triggers found only once people have scored and the scores are shown (inquiry.ts, fromScores). */
const SCORE_TRIGGERS: readonly string[] = [
  'score-doesnt-fit',
  'no-reasons',
  'score-spread',
  'one-point-higher',
  'all-high',
  'all-low',
  'high-score',
];
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('glossary reading level', () => {
  const terms = content.glossary.terms;
  const scores = fleschScores(terms.map((t) => t.summary));

  it('measures every term', () => {
    expect(scores).toHaveLength(terms.length);
    // The scorer itself: a plain sentence reads easily, a dense one does not.
    expect(fleschScores(['The cat sat on the mat.'])[0]).toBeGreaterThan(90);
    expect(
      fleschScores([
        'Multi-agency safeguarding arrangements necessitate comprehensive interdisciplinary collaboration.',
      ])[0],
    ).toBeLessThan(20);
  });

  it('keeps every summary to 25 words or fewer', () => {
    const long = terms.filter((t) => words(t.summary) > 25).map((t) => `${t.id} (${words(t.summary)} words)`);
    expect(long).toEqual([]);
  });

  it('gives every summary a Flesch reading ease of 60 or more', () => {
    const hard = terms.flatMap((t, i) => ((scores[i] ?? 0) < 60 ? [`${t.id} (${scores[i]})`] : []));
    expect(hard).toEqual([]);
  });
});

describe('sources', () => {
  it('names a source on every glossary term and guide', () => {
    const missing = [
      ...content.glossary.terms.filter((t) => !t.source.name.trim()).map((t) => t.id),
      ...content.guides.filter((g) => !g.source.name.trim()).map((g) => g.id),
    ];
    expect(missing).toEqual([]);
  });

  it('points the strategy discussion to Northamptonshire procedures, not another area', () => {
    const term = content.glossary.terms.find((t) => t.id === 'strategy-discussion');
    expect(term?.source.url).toMatch(/^https:\/\/northamptonshirechildcare\.proceduresonline\.com/);
    expect(JSON.stringify(term)).not.toMatch(/Durham/);
  });
});

/** What staff read: every value in the pack and every card, without the YAML comments for editors. */
function packText(): { file: string; text: string }[] {
  const dir = (d: string, ext: string) =>
    readdirSync(join(root, d))
      .filter((f) => f.endsWith(ext))
      .map((f) => ({ file: `${d}/${f}`, text: readFileSync(join(root, d, f), 'utf8') }));
  return [...dir('src/content', '.yaml'), ...dir('cards', '.json')].map(({ file, text }) => ({
    file,
    text: file.endsWith('.yaml')
      ? text
          .split('\n')
          .filter((line) => !line.trim().startsWith('#'))
          .join('\n')
      : text,
  }));
}

describe('one position, no hedging', () => {
  const HEDGES = [
    /as we understand it/i,
    /no detailed (published )?description/i,
    /labels? unverified/i,
    /\bunverified\b/i,
    /\bnot (been )?verified\b/i,
    /we have not (verified|found)/i,
    /our sources/i,
    /little detail/i,
    /not confirmed/i,
    /\bunconfirmed\b/i,
    /check the original source/i,
    /only the trust's guide names/i,
    /commonly attributed/i,
  ];

  it.each(HEDGES.map((h) => [h.source, h]))('has no "%s" anywhere staff read', (_label, hedge) => {
    const found = packText()
      .filter(({ text }) => hedge.test(text))
      .map(({ file }) => file);
    expect(found).toEqual([]);
  });

  it('calls pre-proceedings a formal chance to avoid court, not a last chance', () => {
    const text = packText()
      .map((f) => f.text)
      .join('\n');
    expect(text).not.toMatch(/last chance/i);
    expect(JSON.stringify(content.glossary.terms.find((t) => t.id === 'pre-proceedings'))).toMatch(
      /court can be avoided/,
    );
  });

  it('says "the trust" the same way everywhere', () => {
    const capitalised = packText()
      .filter(({ text }) => /\bthe Trust\b/.test(text))
      .map(({ file }) => file);
    expect(capitalised).toEqual([]);
  });
});

describe('safe uncertainty', () => {
  it("is Mason's own term, not an alias of professional curiosity", () => {
    const terms = content.glossary.terms;
    const safe = terms.find((t) => t.id === 'safe-uncertainty');
    expect(safe?.source.name).toMatch(/Mason/);
    const curiosity = terms.find((t) => t.id === 'professional-curiosity');
    expect(curiosity?.aliases).not.toContain('safe uncertainty');
  });
});

describe('aliases are true synonyms', () => {
  const terms = content.glossary.terms;
  const lower = (s: string) =>
    s
      .toLowerCase()
      .replace(/\s*\([^)]*\)/g, '')
      .trim();
  // Things staff name that are a different order, meeting, role, plan or position from any term they sit
  // beside: each must be its own entry or no alias at all, never "another name for" a neighbour.
  const DIFFERENT_THINGS = [
    'supervision order',
    'supervision orders',
    'child arrangements order',
    'unsafe certainty',
    'safe certainty',
    'unsafe uncertainty',
    'independent chair',
    'conference chair',
    'child protection chair',
    'virtual school',
    'virtual school head',
    'designated teacher',
    'line manager',
    'team manager',
    'interim care order',
  ];
  // The kind of thing a name ends in: an alias ending in another kind names something else.
  const KINDS = ['order', 'conference', 'officer', 'chair', 'review', 'school', 'proceedings', 'assessment'];
  // Reviewed: each is the same thing under another kind's word (the UK name of FGDM, the order that makes a special guardian).
  const SAME_KIND = [
    'family group conference',
    'family group conferences',
    'early help assessment',
    'special guardianship order',
    'special guardianship orders',
  ];
  const kindOf = (phrase: string) => KINDS.find((k) => new RegExp(`\\b${k}s?$`).test(phrase));

  it("never lists another entry's name as an alias", () => {
    const names = new Map(terms.map((t) => [lower(t.term), t.id]));
    for (const t of terms)
      for (const a of t.aliases) {
        const owner = names.get(a);
        if (owner && owner !== t.id) throw new Error(`${t.id}: alias "${a}" is the name of ${owner}`);
      }
  });

  it('never lists a known different thing as an alias, except on its own entry', () => {
    for (const t of terms)
      for (const a of t.aliases)
        if (DIFFERENT_THINGS.includes(a) && !lower(t.term).includes(a.replace(/^interim /, '').replace(/s$/, '')))
          throw new Error(`${t.id}: alias "${a}" names a different thing`);
  });

  it('gives an order, conference, officer or review alias only to a term of that kind', () => {
    const mismatched = terms.flatMap((t) =>
      t.aliases
        .filter((a) => {
          const kind = kindOf(a);
          return kind !== undefined && !t.term.toLowerCase().includes(kind) && !SAME_KIND.includes(a);
        })
        .map((a) => `${t.id}: "${a}"`),
    );
    expect(mismatched).toEqual([]);
  });

  it('describes every term in plain words, for people who do not know its name', () => {
    const thin = terms.filter((t) => (t.describes ?? []).length === 0).map((t) => t.id);
    expect(thin).toEqual([]);
  });

  it('answers the care order and the supervision order as two orders, with what sets them apart', () => {
    const ids = new Set(terms.map((t) => t.id));
    expect(ids.has('supervision-order')).toBe(true);
    expect(terms.find((t) => t.id === 'care-order')?.aliases).not.toContain('supervision order');
    const pair = content.glossaryWords.comparisons.find(
      (c) => c.terms.includes('care-order') && c.terms.includes('supervision-order'),
    );
    expect(pair?.difference).toMatch(/not in care/);
  });
});

describe('comparisons', () => {
  const terms = content.glossary.terms;
  const byId = new Map(terms.map((t) => [t.id, t]));
  const differences = new Map(
    content.glossaryWords.comparisons.map((c) => [[...c.terms].sort().join(' and '), c.difference]),
  );

  it('says what sets apart every pair of terms that list each other as related', () => {
    const pairs = new Set(
      terms.flatMap((t) =>
        t.related.filter((r) => byId.get(r)?.related.includes(t.id)).map((r) => [t.id, r].sort().join(' and ')),
      ),
    );
    expect(pairs.size).toBeGreaterThan(50);
    expect([...pairs].filter((pair) => !differences.has(pair))).toEqual([]);
  });

  it('says "They are the same" when the two are one tool under two names', () => {
    expect(differences.get('three-houses and wizards-and-fairies')).toMatch(/^They are the same/);
  });
});

describe('prompt premises', () => {
  const prompts = content.prompts.prompts;

  it('tags every prompt that speaks of several people scoring with several-scorers', () => {
    const untagged = prompts
      .filter((p) =>
        /\b(each person|everyone's (score|number)|everyone scor|with everyone|anyone place)\b/i.test(p.text),
      )
      .filter((p) => !p.needs?.includes('several-scorers'))
      .map((p) => p.id);
    expect(untagged).toEqual([]);
  });

  it('never asks staff to score privately or assumes the family is scoring', () => {
    for (const p of prompts) {
      expect(p.text).not.toMatch(/score (down )?privately|write their score down/i);
      expect(p.text).not.toMatch(/the family and the professionals are scoring/i);
    }
  });

  it('offers a question about the scores only once someone has scored, and one about their values once shown', () => {
    // "the score", "this number", "one point higher": someone's actual score.
    const aboutAScore =
      /\b(the score|this number|that number|one point (higher|lower)|our numbers|numbers and ours)\b/i;
    // "With scores this high", "scores of 8 or above": what the scores are.
    const whatTheyAre = /\b(scores? (this|of \d)|a score of \d|scores? (are|is) (high|low))\b/i;
    const scored = (p: (typeof prompts)[number]) => p.needs?.includes('scored') || p.needs?.includes('several-scorers');
    expect(prompts.filter((p) => aboutAScore.test(p.text) && !scored(p)).map((p) => p.id)).toEqual([]);
    expect(
      prompts
        .filter((p) => whatTheyAre.test(p.text) && !(scored(p) && p.needs?.includes('scores-revealed')))
        .map((p) => p.id),
    ).toEqual([]);
    // "scores" (several people's) or "everyone"/"each person" scoring: more than one person scored.
    expect(
      prompts
        .filter((p) => /\bscores\b|each person place|everyone (scor|at)/i.test(p.text))
        .filter((p) => !p.needs?.includes('several-scorers'))
        .map((p) => p.id),
    ).toEqual([]);
  });

  it('keeps prompts that need a map out of supervision stages', () => {
    const leaking = prompts.filter(
      (p) => p.needs && p.stages.some((s) => (SUPERVISION_STAGES as readonly string[]).includes(s)),
    );
    expect(leaking.map((p) => p.id)).toEqual([]);
  });

  it('has a prompt for every trigger, and one usable by a single person wherever one person can meet it', () => {
    for (const trigger of PROMPT_TRIGGERS) {
      const tagged = prompts.filter((p) => p.triggers?.includes(trigger));
      expect(tagged.length).toBeGreaterThan(0);
      // A spread needs several scorers, and a lone high score a map of one's own: their prompts may say so.
      if (trigger === 'score-spread' || trigger === 'high-score') continue;
      // Triggers about scores are found only once scores are in and shown: those premises then hold.
      const holds = SCORE_TRIGGERS.includes(trigger) ? ['scored', 'scores-revealed'] : [];
      expect(tagged.some((p) => (p.needs ?? []).every((n) => holds.includes(n)))).toBe(true);
    }
  });

  it('asks first, for a child who may be unsafe now, what must happen before this conversation ends', () => {
    const first = prompts.find((p) => p.triggers?.includes('unsafe-now'));
    expect(first?.text).toMatch(/before this conversation ends/);
    expect(first?.text).toMatch(/manager/);
  });
});

describe('training links and attribution', () => {
  const links = content.training.links;

  it('says only what the guide says about booking the briefing', () => {
    const book = links.find((l) => l.id === 'book-briefing');
    expect(book?.description).toMatch(/through the training pages/);
    expect(book?.description).not.toMatch(/explains how/);
  });

  it("shows the Knowledge Bank link as the trust's guide gives it", () => {
    const bank = links.find((l) => l.id === 'knowledge-bank');
    expect(bank).toMatchObject({
      title: 'Home - Signs of Safety Knowledge Bank',
      url: 'https://www.northamptonshirescb.org.uk/home',
    });
  });

  it.each(['welcome', 'help'])('carries the trademark attribution on the %s card', (name) => {
    const card = readFileSync(join(root, 'cards', `${name}.json`), 'utf8');
    expect(card).toContain(
      "Signs of Safety® is a trademark of Elia; this is the trust's own aid, not endorsed by Elia.",
    );
    expect(card).toMatch(/Safety House is © Sonja Parker/);
  });
});
