import type { Prompt, PromptTrigger } from '../../content/schema';
import { type MappingSession, type QuestionId, scoreStats } from './model';

/**
 * Spots the situations a critical-inquiry checkpoint should raise, from what has been written so far.
 * Simple word rules, deliberately cautious: a prompt is a question to consider, never a verdict.
 */

const LABEL_WORDS =
  /\b(neglect|neglectful|domestic (abuse|violence)|dv|substance (mis)?use|drug use|alcohol (mis)?use|mental health|poor (home conditions|parenting|hygiene|supervision)|emotional abuse|physical abuse|sexual abuse|chaotic|unkempt|concerns?|risk|risky|unsafe|inappropriate|toxic trio|volatile|hostile|non[- ]engagement|disengaged)\b/i;
const ACTION_WORDS =
  /\b(hit|hits|hitting|punched|slapped|shouted|screamed|left|leaves|locked|fed|unfed|missed|didn't|did not|drank|drunk|used|took|pushed|kicked|threw|grabbed|bruis\w*|injur\w*|saw|heard|said|told|found|went|came|was|were|has|had|have)\b/i;
const COMPLICATING_WORDS =
  /\b(alcohol|drink\w*|drugs?|substance|mental health|depress\w*|anxiety|housing|homeless\w*|debt|money|financ\w*|unemploy\w*|isolat\w*|learning disabilit\w*|immigration|poverty)\b/i;
const HARM_WORDS =
  /\b(bruis\w*|injur\w*|hit|hurt|fracture\w*|burn\w*|unfed|hungry|left alone|assault\w*|witness\w*|scared|frightened|self[- ]harm\w*)\b/i;
const DETAIL_WORDS =
  /\b(first|worst|last|latest|most recent|recent\w*|severe|severity|serious|impact\w*|effect\w*|affect\w*|since|times?|often)\b/i;
const CHILD_VIEW_WORDS =
  /\b(child|young person|son|daughter|he|she|they)\b.{0,30}\b(said|says|told|tells|wants|wishes|feels|felt|shared|drew|described|worried)\b|three houses|3 houses|words and pictures|safety house|in (his|her|their) (own )?words|child's view|voice of the child|wizards|fairies/i;

/** Worries written as a label ("neglect") with no description of what someone did. */
export function looksLikeLabel(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean).length;
  if (words <= 2) return true;
  return words <= 6 && LABEL_WORDS.test(text) && !ACTION_WORDS.test(text);
}

/** The situations worth a prompt after finishing `after` (or, for scaling, once scores are revealed). */
export function detectTriggers(session: MappingSession, after: QuestionId | 'scaling'): PromptTrigger[] {
  const items = session.items;
  const harm = items.filter((i) => i.subheading === 'past-harm');
  const danger = items.filter((i) => i.subheading === 'future-danger');
  const complicating = items.filter((i) => i.subheading === 'complicating-factors');
  const worries = [...harm, ...danger];
  const triggers: PromptTrigger[] = [];
  const childView =
    items.some((i) => CHILD_VIEW_WORDS.test(i.text)) || session.scores.some((s) => CHILD_VIEW_WORDS.test(s.reason));

  if (after === 'worries') {
    if (worries.some((i) => looksLikeLabel(i.text))) triggers.push('label-worries');
    if (
      harm.some((i) => COMPLICATING_WORDS.test(i.text) && !HARM_WORDS.test(i.text)) ||
      complicating.some((i) => HARM_WORDS.test(i.text))
    ) {
      triggers.push('harm-vs-complicating');
    }
    if (worries.length > 0 && !worries.some((i) => DETAIL_WORDS.test(i.text))) triggers.push('no-worries-detail');
    if (items.length > 0 && !childView) triggers.push('no-child-view');
  }
  if (after === 'working') {
    const strengths = items.filter((i) => i.subheading === 'existing-strengths');
    const safety = items.filter((i) => i.subheading === 'existing-safety');
    if (strengths.length > 0 && safety.length === 0) triggers.push('no-existing-safety');
    if (items.length > 0 && !childView) triggers.push('no-child-view');
  }
  if (after === 'needs') {
    const goals = items.filter((i) => i.subheading === 'safety-goals');
    const steps = items.filter((i) => i.subheading === 'next-steps');
    if (steps.length > 0 && goals.length === 0) triggers.push('no-goals');
    if (items.length > 0 && !childView) triggers.push('no-child-view');
  }
  if (after === 'scaling') {
    const stats = scoreStats(session.scores);
    if (stats && stats.count > 1 && stats.spread >= 3) triggers.push('score-spread');
    if (stats && stats.min >= 8) triggers.push('all-high');
    if (stats && stats.max <= 2) triggers.push('all-low');
    triggers.push('one-point-higher');
  }
  return triggers;
}

/**
 * Chooses up to `max` prompts for the situations found, most pressing first, never one already used
 * in this session. With nothing detected it offers one general prompt for the stage.
 */
export function choosePrompts(
  bank: Prompt[],
  session: MappingSession,
  after: QuestionId | 'scaling',
  max = 2,
  seed = session.revision,
): string[] {
  const used = new Set(session.usedPrompts);
  const fresh = bank.filter((p) => !used.has(p.id));
  const stage = after === 'scaling' ? 'scaling' : after;
  const chosen: string[] = [];
  for (const trigger of detectTriggers(session, after)) {
    if (chosen.length >= max) break;
    const candidates = fresh.filter((p) => p.triggers?.includes(trigger) && !chosen.includes(p.id));
    const preferred = candidates.filter((p) => p.stages.includes(stage));
    const pick = pickOne(preferred.length ? preferred : candidates, seed + chosen.length);
    if (pick) chosen.push(pick.id);
  }
  if (chosen.length === 0) {
    const general = fresh.filter((p) => p.stages.includes(stage));
    const pick = pickOne(general, seed);
    if (pick) chosen.push(pick.id);
  }
  return chosen;
}

function pickOne<T>(list: T[], seed: number): T | undefined {
  return list.length ? list[Math.abs(seed) % list.length] : undefined;
}
