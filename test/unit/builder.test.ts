import { say } from '../../src/content/pack';
import { builderRequested } from '../../src/features/builder';
import {
  checkStatement,
  emptyParts,
  flatText,
  givesEvidence,
  PART_MAX_CHARS,
  type StatementParts,
  soundsPlural,
} from '../../src/features/builder/statement';
import { saysHowLong } from '../../src/features/practiceText';
import { realContent } from '../helpers/testBot';

const words = (key: string, vars?: Record<string, string | number>) => say(realContent(), key, vars);
const danger = (parts: Partial<StatementParts>) => checkStatement('danger-statement', emptyParts(parts), words);
const goal = (parts: Partial<StatementParts>) => checkStatement('safety-goal', emptyParts(parts), words);

const fullDanger: Partial<StatementParts> = {
  who: "Children's services and the school",
  children: 'The baby, aged 8 months, and her brother, aged 7',
  worry: 'When the adults argue they shout, throw things and have pushed each other while the baby was in the room',
  impact: 'The baby could be hit or dropped, and her brother will keep feeling scared at home',
  because:
    'Because last month the baby fell from the sofa during an argument and bruised her head, and the arguments have grown since the family lost their home',
};
const fullGoal: Partial<StatementParts> = {
  parents: 'Dad only drinks when the children are staying with grandma',
  child: 'the children say home feels calm',
  professionals: 'The school sees them arriving fed and on time',
  duration: 'six months',
};

describe('assembling a danger statement', () => {
  it('puts who, which child, what, what could happen and why together in plain English', () => {
    const check = danger(fullDanger);
    expect(check).toMatchObject({ complete: true, blocking: [], flags: [] });
    expect(check.draft).toBe(
      "Children's services and the school are worried that when the adults argue they shout, throw things and have " +
        'pushed each other while the baby was in the room. We are worried for the baby, aged 8 months, and her ' +
        'brother, aged 7. If nothing changes, we are worried that the baby could be hit or dropped, and her brother ' +
        'will keep feeling scared at home. We say this because last month the baby fell from the sofa during an ' +
        'argument and bruised her head, and the arguments have grown since the family lost their home.',
    );
  });

  it('asks which child, and flags an answer that names no child', () => {
    expect(danger({ ...fullDanger, children: '' }).blocking).toEqual([{ code: 'Missing', parts: ['children'] }]);
    expect(danger({ ...fullDanger, children: 'the family' }).flags).toEqual([{ code: 'NoChild' }]);
    expect(danger({ ...fullDanger, children: 'both children' }).flags).toEqual([]);
  });

  it('asks for the "because" and flags one that is a label or a general fear, not what has happened', () => {
    expect(danger({ ...fullDanger, because: '' }).blocking).toEqual([{ code: 'Missing', parts: ['because'] }]);
    expect(danger({ ...fullDanger, because: 'because of neglect' }).flags).toEqual([{ code: 'NoEvidence' }]);
    expect(danger({ ...fullDanger, because: 'concerns about the home' }).flags).toEqual([{ code: 'NoEvidence' }]);
    expect(danger(fullDanger).flags).toEqual([]);
  });

  it('recognises safety already shown first and states disagreement openly last', () => {
    const check = danger({
      ...fullDanger,
      safety: "Mum has taken the children to grandma's when dad has been drinking",
      disagreement: 'dad says he has never been violent in front of the children',
    });
    expect(check.draft).toMatch(
      /^We recognise that Mum has taken the children to grandma's when dad has been drinking\. /,
    );
    expect(check.draft).toMatch(/ Dad says he has never been violent in front of the children\.$/);
  });

  it('uses "is" for one person or agency and "are" for several', () => {
    expect(danger({ ...fullDanger, who: 'The school' }).draft).toMatch(/^The school is worried that/);
    expect(danger({ ...fullDanger, who: 'the health visitor and the GP' }).draft).toMatch(
      /^The health visitor and the GP are worried that/,
    );
  });

  it.each([
    ['The school', false],
    ['Social care', false],
    ['Dad', false],
    ['Jess', false],
    ["Children's services", true],
    ['The police', true],
    ['Mum, dad and the school', true],
    ['We', true],
    ['The social workers', true],
  ])('reads "%s" as plural: %s', (who, plural) => {
    expect(soundsPlural(who)).toBe(plural);
  });

  it('does not repeat "worried that" when the worry already starts with it', () => {
    expect(danger({ ...fullDanger, worry: 'We are worried that mum leaves the baby alone at night' }).draft).toContain(
      'are worried that mum leaves the baby alone at night.',
    );
    expect(danger({ ...fullDanger, worry: 'about mum leaving the baby alone at night' }).draft).toContain(
      'are worried about mum leaving the baby alone at night.',
    );
  });

  it('says which required parts are missing, by name, and marks the gaps in the draft', () => {
    const check = danger({ who: 'The school' });
    expect(check.complete).toBe(false);
    expect(check.blocking).toEqual([{ code: 'Missing', parts: ['children', 'worry', 'impact', 'because'] }]);
    expect(check.draft).toBe(
      'The school is worried that [what we are worried about]. We are worried for [which child or children]. ' +
        'If nothing changes, we are worried that [what could happen to the child if nothing changes]. ' +
        'We say this because [what has already happened that makes us worried].',
    );
  });

  it('does not need the optional parts', () => {
    expect(danger(fullDanger).blocking).toEqual([]);
  });

  it('offers no draft when nothing was typed', () => {
    const check = danger({});
    expect(check.draft).toBe('');
    expect(check.blocking).toEqual([{ code: 'Missing', parts: ['who', 'children', 'worry', 'impact', 'because'] }]);
  });
});

describe('checking the behaviour part', () => {
  it.each([
    ['neglect', 'neglect'],
    ['Domestic abuse', 'domestic abuse'],
    ['DV', 'DV'],
    ['poor home conditions', 'poor home conditions'],
    ['substance misuse concerns', 'substance misuse concerns'],
  ])('flags "%s" as a label and reads it as a topic', (worry, topic) => {
    const check = danger({ ...fullDanger, worry });
    expect(check.flags).toEqual([{ code: 'LooksLikeLabel', part: 'worry' }]);
    expect(check.complete).toBe(true);
    expect(check.draft).toContain(`are worried about ${topic}.`);
  });

  it('flags a very short description that is not a label', () => {
    expect(danger({ ...fullDanger, worry: 'Dad shouts loudly' }).flags).toEqual([{ code: 'TooShort', part: 'worry' }]);
  });

  it('accepts specific behaviour in plain words', () => {
    expect(danger({ ...fullDanger, worry: 'Mum leaves the children alone overnight' }).flags).toEqual([]);
  });
});

describe('limits', () => {
  it('refuses a part over the limit, naming it, and offers no draft', () => {
    const check = danger({ ...fullDanger, impact: 'x'.repeat(PART_MAX_CHARS + 1) });
    expect(check.complete).toBe(false);
    expect(check.blocking).toEqual([{ code: 'TooLong', part: 'impact', length: 601, max: 600 }]);
    expect(check.draft).toBe('');
  });

  it('accepts a part exactly at the limit', () => {
    expect(danger({ ...fullDanger, safety: 'y'.repeat(PART_MAX_CHARS) }).complete).toBe(true);
  });

  it('counts characters after tidying, so spaces and line breaks do not push a part over', () => {
    expect(danger({ ...fullDanger, impact: `  ${'z '.repeat(300)}\n\n\n` }).blocking).toEqual([]);
  });
});

describe('tidying typed text', () => {
  it('flattens line breaks, drops control characters and restores a typed ${', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: user text that looks like template syntax
    expect(flatText('  one\r\ntwo\u0007 $\u200b{three}  ')).toBe('one two ${three}');
  });
});

describe('assembling a safety goal', () => {
  it('puts the adults, the child, the professionals and the duration together', () => {
    const check = goal(fullGoal);
    expect(check).toMatchObject({ complete: true, blocking: [], flags: [] });
    expect(check.draft).toBe(
      'We will know things are safe enough for the child when Dad only drinks when the children are staying with ' +
        'grandma. The children say home feels calm. The school sees them arriving fed and on time. All of this will ' +
        'have been happening for six months.',
    );
  });

  it('treats a missing duration as missing, by name', () => {
    expect(goal({ ...fullGoal, duration: '' }).blocking).toEqual([{ code: 'Missing', parts: ['duration'] }]);
  });

  it('flags a duration that names no length of time', () => {
    const check = goal({ ...fullGoal, duration: 'a good while' });
    expect(check.flags).toEqual([{ code: 'NoDuration' }]);
    expect(check.complete).toBe(true);
  });

  it.each([
    ['6 months', 'for 6 months'],
    ['until the review in the spring', 'until the review in the spring'],
    ['For at least a year', 'for at least a year'],
  ])('words the duration "%s" as "%s"', (duration, phrase) => {
    expect(goal({ ...fullGoal, duration }).draft).toContain(`happening ${phrase}.`);
  });

  it.each([
    ['six months', true],
    ['3 weeks', true],
    ['until Christmas', true],
    ['the next school term', true],
    ['a good while', false],
    ['ongoing', false],
  ])('knows whether "%s" says how long', (duration, says) => {
    expect(saysHowLong(duration)).toBe(says);
  });

  it('flags a goal for the adults that only lists services attended', () => {
    expect(goal({ ...fullGoal, parents: 'Mum attends all her appointments and completes the course' }).flags).toEqual([
      { code: 'ServicesOnly' },
    ]);
  });
});

describe('spotting a request to build', () => {
  it.each([
    ['help me write a danger statement', 'danger-statement'],
    ['can you help me build a safety goal', 'safety-goal'],
    ['how do i write a worry statement', 'danger-statement'],
    ['draft a success goal please', 'safety-goal'],
    ['help me with a danger statement', 'danger-statement'],
    ['write a danger statement and a safety goal', 'danger-statement'],
    ['make a safety goal for my danger statement', 'safety-goal'],
  ])('"%s" opens the %s builder', (said, kind) => {
    expect(builderRequested(said)).toBe(kind);
  });

  it.each([
    'danger statement',
    'what is a safety goal',
    'what makes a good danger statement',
    'help me understand danger statements',
    'difference between harm statement and danger statement',
    'how do i write a safety plan',
  ])('"%s" stays a question for the glossary', (said) => {
    expect(builderRequested(said)).toBeUndefined();
  });
});

describe('the "because" of a danger statement', () => {
  it('needs evidence: what has happened, not the worry said again or a label', () => {
    expect(givesEvidence('we are worried')).toBe(false);
    expect(givesEvidence('of the concerns')).toBe(false);
    expect(givesEvidence('neglect')).toBe(false);
    expect(givesEvidence('last month a thrown glass cut his arm and dad was drinking')).toBe(true);
  });
});
