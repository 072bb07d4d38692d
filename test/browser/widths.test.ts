/**
 * Every card template, rendered as Teams renders it: Microsoft's own `adaptivecards` renderer with the
 * Teams light host config (test/fixtures/teams-host-config.json, from microsoft/AdaptiveCards
 * samples/HostConfig/microsoft-teams-light.json) and the button styles of the Adaptive Cards designer's
 * Teams container, in headless Chromium at Teams' two card widths: 450 px (desktop chat) and 320 px
 * (mobile). It fails on
 * - any label cut off: a button (in the card, an ActionSet, a Show card or the "…" overflow menu), a
 *   choice or a toggle, or any other text the renderer ellipsizes; hidden parts (Action.ToggleVisibility
 *   targets, Action.ShowCard cards) are shown for this check, and actions past Teams' limit of 6 go to the
 *   overflow menu rather than silently vanishing;
 * - any card taller than 700 px at 450 px with the realistic samples (cardSamples.typical.ts), as first
 *   shown (toggled parts collapsed).
 * Teams' font is Segoe UI; where it is missing (Linux) the host config's fallbacks apply, which run wider,
 * so a label that fits here fits in Teams. Screenshots: test-results/widths/<sample>-<width>.png.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { type AdaptiveCard, cardTemplate, renderCard } from '../../src/cards';
import { cardSamples } from '../fixtures/cardSamples';
import { templateOf, typicalCardSamples } from '../fixtures/cardSamples.typical';
import { launchChromium } from '../helpers/browser';

jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '../..');
const OUT = join(ROOT, 'test-results', 'widths');
const WIDTHS = [450, 320] as const;
const MAX_HEIGHT = 700;
const hostConfig = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/teams-host-config.json'), 'utf8')) as unknown;
const templates = readdirSync(join(ROOT, 'cards'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();

/** Button and menu styles of the designer's Teams container (adaptivecards-designer teams-container-light.css). */
const TEAMS_CSS = `
  .ac-textBlock p { margin: 0; }
  body { margin: 0; background: #fff; font-family: 'Segoe UI', Tahoma, Geneva, Verdana, sans-serif; }
  #host { border: 2px solid #F1F0EF; border-top-color: #ACCEEF; border-radius: 4px; box-sizing: content-box; }
  .ac-pushButton { overflow: hidden; text-overflow: ellipsis; text-align: center; vertical-align: middle;
    font-family: "Segoe UI", sans-serif; font-size: 14px; font-weight: 600; padding: 4px 10px 5px 10px; height: 32px;
    background-color: white; color: #252424; border: 2px solid #E1DFDD; border-radius: 4px; }
  .ac-pushButton.style-positive, .ac-pushButton.style-emphasis { background-color: #6264A7; border-color: #6264A7; color: white; }
  .ac-pushButton.style-destructive { color: #C4314B; }
  .ac-input { font-family: "Segoe UI", sans-serif; font-size: 14px; color: black; }
  .ac-input.ac-textInput, .ac-input.ac-numberInput, .ac-input.ac-dateInput { height: 32px; box-sizing: border-box; }
  .ac-input.ac-textInput.ac-multiline { height: 72px; }
  .ac-multichoiceInput { height: 32px; }
  .ac-ctrl-popup-container { position: absolute; background: white; border: 1px solid #EEE; box-shadow: 0 0 4px #ccc; }
  .ac-ctrl-dropdown-item { width: 100%; text-overflow: ellipsis; overflow: hidden; white-space: nowrap; display: block;
    padding: 0 12px; line-height: 30px; font-size: 14px; box-sizing: border-box; }
`;

/** Runs in the page: renders one card with the Teams host config at a width, measures its height and
 * finds every cut-off label, opening each "…" overflow menu. Plain JavaScript (the page has no TypeScript). */
const MEASURE = `async ({ card, hostConfig, width }) => {
  const AC = window.AdaptiveCards;
  AC.GlobalSettings.allowMoreThanMaxActionsInOverflowMenu = true;
  // Teams renders TextBlock markdown (bold, links, line breaks): a small stand-in for it.
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    result.outputHtml = \`<p>\${esc
      .replace(/\\*\\*(.+?)\\*\\*/g, '<strong>$1</strong>')
      .replace(/\\[([^\\]]+)\\]\\(([^)\\s]+)\\)/g, '<a href="$2">$1</a>')
      .replace(/\\n/g, '<br>')}</p>\`;
    result.didProcess = true;
  };
  for (const p of document.querySelectorAll('.ac-ctrl-overlay, .ac-ctrl-popup-container')) p.remove();
  const host = document.getElementById('host');
  host.innerHTML = '';
  host.style.width = \`\${width}px\`;
  const ac = new AC.AdaptiveCard();
  ac.hostConfig = new AC.HostConfig(hostConfig);
  ac.parse(card);
  const el = ac.render();
  host.appendChild(el);
  await new Promise((r) => requestAnimationFrame(() => r(null)));
  const cut = [];
  const seen = new Set();
  const check = (root, menu = false) => {
    for (const e of root.querySelectorAll('*')) {
      if (e.offsetParent === null || !e.textContent?.trim()) continue;
      const cs = getComputedStyle(e);
      const clips = cs.textOverflow === 'ellipsis' || (cs.overflowX === 'hidden' && cs.whiteSpace === 'nowrap');
      if (!clips || e.scrollWidth <= e.clientWidth + 1) continue;
      const owner = e.closest('button, [role="menuitem"], .ac-ctrl-dropdown-item') ?? e;
      if (seen.has(owner)) continue;
      seen.add(owner);
      const kind = menu
        ? 'overflow menu'
        : e.closest('button')
          ? 'button'
          : e.closest('.ac-choiceSetInput-expanded, .ac-choiceSetInput-multiSelect')
            ? 'choice'
            : e.closest('.ac-toggleInput')
              ? 'toggle'
              : 'text';
      cut.push({ kind, text: (owner.textContent ?? '').trim().slice(0, 60) });
    }
  };
  check(el);
  // The "…" overflow buttons: open each menu (at most the card's width) and check its items.
  const overflowButtons = [...el.querySelectorAll('button[aria-expanded="false"]')].filter(
    (b) => b.textContent?.trim() === '...',
  );
  for (const b of overflowButtons) {
    b.click();
    const popup = document.querySelector('.ac-ctrl-popup-container');
    if (popup) {
      popup.style.maxWidth = \`\${width}px\`;
      check(popup, true);
      popup.remove();
    }
    for (const o of document.querySelectorAll('.ac-ctrl-overlay')) o.remove();
  }
  return { height: Math.round(host.getBoundingClientRect().height), cut };
}`;

interface Cut {
  kind: string;
  text: string;
}
interface Measured {
  height: number;
  cut: Cut[];
}

/** Every Action.ShowCard's card, and the card with every hidden element shown. */
function unfolded(card: AdaptiveCard): AdaptiveCard[] {
  const shown = JSON.parse(JSON.stringify(card)) as AdaptiveCard;
  const subCards: AdaptiveCard[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const n of node) walk(n);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.isVisible === false) o.isVisible = true;
      if (o.type === 'Action.ShowCard' && o.card && typeof o.card === 'object') {
        subCards.push({ ...(o.card as AdaptiveCard), version: '1.5' });
      }
      for (const [k, v] of Object.entries(o)) if (k !== 'fallback' && k !== 'data') walk(v);
    }
  };
  walk(shown);
  return [shown, ...subCards];
}

describe('every card at Teams widths (adaptivecards renderer, Teams light host config)', () => {
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  const truncated: Record<number, string[]> = { 450: [], 320: [] };
  const heights: { name: string; height: number }[] = [];

  beforeAll(async () => {
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    profile = join(tmpdir(), `sofs-widths-${process.pid}`);
    context = await launchChromium(profile, { viewport: { width: 800, height: 1000 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    await page.setContent(
      `<!doctype html><html><head><style>${TEAMS_CSS}</style></head><body><div id="host"></div></body></html>`,
    );
    await page.addScriptTag({ path: join(ROOT, 'node_modules/adaptivecards/dist/adaptivecards.js') });
  });

  afterAll(async () => {
    // The figures behind the assertions, for the record (the issue asks for before/after).
    const tallest = [...heights].sort((a, b) => b.height - a.height).slice(0, 5);
    const figures =
      `[widths] truncated labels: 450 px ${truncated[450]?.length}, 320 px ${truncated[320]?.length}; ` +
      `tallest at 450 px: ${tallest.map((t) => `${t.name} ${t.height} px`).join(', ')}\n` +
      `450:\n  ${truncated[450]?.join('\n  ')}\n320:\n  ${truncated[320]?.join('\n  ')}\n` +
      `heights at 450 px:\n  ${[...heights]
        .sort((a, b) => b.height - a.height)
        .map((t) => `${t.name} ${t.height}`)
        .join('\n  ')}\n`;
    console.log(figures);
    writeFileSync(join(OUT, 'figures.txt'), figures);
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Renders one card into the host at `width` and measures it; `shot` saves a screenshot. */
  async function measure(card: AdaptiveCard, width: number, shot?: string): Promise<Measured> {
    const result: Measured = await page.evaluate(`(${MEASURE})(${JSON.stringify({ card, hostConfig, width })})`);
    if (shot) await page.locator('#host').screenshot({ path: join(OUT, `${shot.replace(/[^\w.-]+/g, '-')}.png`) });
    return result;
  }

  it('has a realistic sample for every template', () => {
    const covered = new Set(Object.keys(typicalCardSamples).map(templateOf));
    expect(templates.filter((t) => !covered.has(t))).toEqual([]);
  });

  describe.each(WIDTHS)('at %i px', (width) => {
    it.each(templates)('%s: no label is cut off (every sample, hidden parts shown)', async (name) => {
      const samples = [
        ...Object.entries(typicalCardSamples).filter(([n]) => templateOf(n) === name),
        ...(cardSamples[name] ?? []).map((d, i) => [`${name}-sample${i}`, d] as const),
      ];
      const cut: string[] = [];
      for (const [sampleName, data] of samples) {
        const card = renderCard(cardTemplate<unknown>(name), data);
        for (const [j, part] of unfolded(card).entries()) {
          const shot = j === 0 && !sampleName.includes('-sample') ? `${sampleName}-${width}-unfolded` : undefined;
          const { cut: found } = await measure(part, width, shot);
          cut.push(...found.map((c) => `${sampleName}${j ? ` (show card ${j})` : ''}: ${c.kind} "${c.text}"`));
        }
      }
      truncated[width]?.push(...cut);
      expect(cut).toEqual([]);
    });
  });

  it.each(Object.keys(typicalCardSamples).sort())(
    '%s is at most 700 px tall at 450 px with realistic data (as first shown)',
    async (sampleName) => {
      const card = renderCard(cardTemplate<unknown>(templateOf(sampleName)), typicalCardSamples[sampleName]);
      const { height } = await measure(card, 450, `${sampleName}-450`);
      await measure(card, 320, `${sampleName}-320`);
      heights.push({ name: sampleName, height });
      expect(height).toBeLessThanOrEqual(MAX_HEIGHT);
    },
  );
});
