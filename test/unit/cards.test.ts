import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CardError, cardTemplate, loadCardTemplates, MAX_PREVIEW_CHARS, renderCard, shorten } from '../../src/cards';
import { cardSamples } from '../fixtures/cardSamples';
import { cardProblems, cardText } from '../helpers/cardCheck';

const templates = readdirSync(join(__dirname, '..', '..', 'cards'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5));

describe('card templates', () => {
  it('all compile at start-up', () => {
    expect(loadCardTemplates().sort()).toEqual([...templates].sort());
  });

  it('each has sample data in the card test fixtures', () => {
    expect(templates.filter((t) => !cardSamples[t]?.length)).toEqual([]);
  });

  describe.each(templates)('%s', (name) => {
    it.each((cardSamples[name] ?? []).map((data, i) => [i, data]))(
      'renders sample %i into a card Teams accepts',
      (_i, data) => {
        const card = renderCard(cardTemplate<unknown>(name), data);
        expect(cardProblems(card)).toEqual([]);
        // Every card has a one-line preview for Teams' chat list and notifications.
        expect(typeof card.fallbackText).toBe('string');
        expect(String(card.fallbackText).trim().length).toBeGreaterThan(0);
        expect(String(card.fallbackText).length).toBeLessThanOrEqual(MAX_PREVIEW_CHARS);
        expect(String(card.fallbackText)).not.toMatch(/\*\*|\$\{/);
      },
    );
  });
});

describe('preparing templates after the server listens (start-up speed)', () => {
  it('prepares the first-answer cards at once and the rest one per turn of the event loop', async () => {
    let cards: typeof import('../../src/cards') | undefined;
    jest.isolateModules(() => {
      cards = require('../../src/cards');
    });
    if (!cards) throw new Error('no fresh copy of src/cards');
    cards.prepareCardTemplates(cards.FIRST_ANSWER_TEMPLATES);
    let otherWork = 0;
    const ticks = setInterval(() => otherWork++, 0);
    await cards.warmCardTemplates();
    clearInterval(ticks);
    // Other work ran while the templates were prepared: no single long block.
    expect(otherWork).toBeGreaterThan(0);
    expect(cards.loadCardTemplates().sort()).toEqual([...templates].sort());
  });
});

describe('expressions parsed once and shared between templates (start-up speed)', () => {
  it('expands every sample exactly as a template prepared on its own, with nothing shared, does', () => {
    loadCardTemplates();
    // The bot's copy of the package (its parser now shares parsed expressions) and an untouched copy.
    const shared = require('adaptivecards-templating') as typeof import('adaptivecards-templating');
    let own: typeof import('adaptivecards-templating') | undefined;
    jest.isolateModules(() => {
      own = require('adaptivecards-templating');
    });
    if (!own) throw new Error('no untouched copy of adaptivecards-templating');
    expect(own.Template).not.toBe(shared.Template);
    let compared = 0;
    for (const name of templates) {
      const json = JSON.parse(readFileSync(join(__dirname, '..', '..', 'cards', `${name}.json`), 'utf8'));
      for (const data of cardSamples[name] ?? []) {
        const a = new shared.Template(json).expand({ $root: data });
        const b = new own.Template(json).expand({ $root: data });
        expect(a).toEqual(b);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(templates.length);
  });
});

describe('renderCard', () => {
  it('keeps user text that looks like template syntax as plain text', () => {
    const card = renderCard(cardTemplate<unknown>('help'), {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: user text that looks like template syntax
      title: 'Item ${oops} and ${$root}',
      intro: 'x',
      footer: 'y',
      commands: [],
    });
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('Item $\u200b{oops} and $\u200b{$root}');
  });

  it('adds an Action.Submit fallback with the same verb to every Action.Execute', () => {
    const card = renderCard(cardTemplate<unknown>('welcome'), { privacySummary: 'p' });
    const action = (
      card.actions as { type: string; verb: string; fallback: { type: string; data: { verb: string } } }[]
    )[0];
    expect(action?.type).toBe('Action.Execute');
    expect(action?.fallback).toMatchObject({ type: 'Action.Submit', data: { verb: action?.verb } });
  });

  it('refuses a card over the size limit instead of sending it', () => {
    const huge = 'x'.repeat(30 * 1024);
    expect(() =>
      renderCard(cardTemplate<unknown>('help'), { title: huge, intro: 'x', footer: 'y', commands: [] }),
    ).toThrow(CardError);
  });

  it('refuses a template that does not exist', () => {
    expect(() => renderCard(cardTemplate<unknown>('no-such-card'), {})).toThrow(CardError);
  });
});

describe('shorten', () => {
  it('puts text on one line with single spaces, then cuts it with an ellipsis', () => {
    const texts = [
      'one line already',
      'two  spaces',
      'a\ttab',
      'new\nline',
      'crlf\r\nline',
      'no\u00a0break',
      'line\u2028separator',
      ' leading and trailing ',
      '   ',
      '',
      'é accents and €',
      'emoji 😀 inside',
    ];
    for (const text of texts)
      for (const max of [1, 5, 12, 200]) {
        const flat = text.replace(/\s+/g, ' ');
        const expected = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
        expect({ text, max, out: shorten(text, max) }).toEqual({ text, max, out: expected });
      }
    // A cut never leaves half of a character written as two UTF-16 units (an emoji).
    for (const max of [2, 3, 4, 5, 6]) {
      const out = shorten('a😀😀😀😀😀', max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.endsWith('…')).toBe(true);
      expect(out.slice(0, -1)).toBe(`a${'😀'.repeat(Math.floor((out.length - 2) / 2))}`);
      expect(out).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
    expect(shorten('a\n\nb', Number.POSITIVE_INFINITY)).toBe('a\n\nb');
    expect(shorten('anything', 0)).toBe('…');
  });
});
