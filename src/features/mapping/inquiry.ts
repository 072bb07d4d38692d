import type { Prompt, PromptPremise, PromptTrigger } from '../../content/schema';
import { looksLikeLabel, mentionsServices, plain, saysHowLong } from '../practiceText';
import { type MapItem, type MappingSession, type QuestionId, type Score, scoreStats } from './model';

/**
 * Spots the situations a critical-inquiry checkpoint should raise, from what has been written so far.
 * Simple word rules, deliberately cautious: a prompt is a question to consider, never a verdict. Safety
 * comes first: a child who may be unsafe today is raised before anything else, at every checkpoint.
 */

/** A complicating factor: circumstances that make the worries harder to resolve (sofs-facts section 1). */
const COMPLICATING_WORDS =
  /\b(alcohol|drink\w*|drank|drunk|drugs?|cannabis|substance|mental health|depress\w*|anxiety|anxious|housing|homeless\w*|evict\w*|debt|money|financ\w*|benefits|unemploy\w*|job|isolat\w*|learning disabilit\w*|immigration|poverty|relationship (breakdown|ended)|separation|bereave\w*|illness|health condition)\b/;

/** Words that say what happened to the child, or what the child went through. */
const HARM_WORDS =
  /\b(bruis\w*|injur\w*|hit|hits|hitting|hurt|hurts|harm\w*|punch\w*|slap\w*|kick\w*|push\w*|shook|shaken|fractur\w*|broken|broke|burn\w*|cuts?|bleed\w*|unfed|not fed|hungry|(went|go|goes|gone|going) without|no food|left alone|alone (overnight|at home|in the house)|on (his|her|their) own|assault\w*|witness\w*|saw|heard|scared|frightened|afraid|terrified|upset|crying|cries|nightmares|self[- ]harm\w*|wets?|wetting|soiled|miss\w* (school|appointments|medical|health|meals)|not taken|no nappy|dirty nappy|lost weight|underweight|head lice|untreated)\b/;

/** Naming the first, the worst or the last incident: the seed's prompt, not any mention of a time. */
const PATTERN_WORDS =
  /\b((the )?first (time|incident|occasion|episode|worry|one|was|happened|noticed|seen)|(the )?worst (time|incident|occasion|episode|one|was|injury|of)|the worst|at (its|his|her|their) worst|most serious|(the )?last (time|incident|occasion|episode|one|was)|most recent\w*|(the )?latest (time|incident|occasion|episode|one|was)|recent incident)\b/;
/** Severity: how badly the child was hurt, in words that say so. */
const SEVERITY_WORDS =
  /\b((severe\w*|severity|serious\w*)(?! (concerns?|worries|risks?|issues))|bruis\w*|injur\w*|fractur\w*|broken|burn\w*|cuts?|bleed\w*|stitches|hospital\w*|a&e|marks? (on|to|across)|concussion|unconscious|lost weight|underweight|weight loss|untreated|needed (medical|treatment))\b/;
/** Impact: what the harm did to the child, described rather than named ("impacting" alone is not enough). */
const IMPACT_WORDS =
  /\b(withdrawn|nightmares|can't sleep|cannot sleep|not sleeping|trouble sleeping|struggles to sleep|wets? (the|his|her) bed|bed[- ]?wetting|wetting|soiling|self[- ]harm\w*|flinch\w*|hides|hid|hiding|cries|crying|cried|clingy|behind at school|falling behind|not (going|attending) (to )?school|missed school|off school|developmental delay|delayed|speech delay|aggressive at school|lashing out|blames (himself|herself|themselves)|feels it is (his|her|their) fault|does not want to go home|doesn't want to go home|won't go home)\b/;

/** Feelings that show impact when they are the child's (not "mum is scared of dad"). */
const CHILD_FEELING =
  /\b(scared|frightened|afraid|terrified|anxious|worried|upset|sad|angry|lonely|unhappy|distressed|confused|ashamed)\b/;

/** Cues that what is written is happening now, today or tonight. */
const NOW_WORDS =
  /\b(tonight|today|right now|just now|at the moment|currently|this (morning|afternoon|evening|weekend)|as we speak|still (alone|missing|with (him|her|them|dad|mum|the partner))|(on (the|their|its) way|en route)|not answering|no answer|going (back )?home|due (back )?home|(has|have|is|are) to go (back )?home|goes home|is being|are being|is living|are living|keeps? happening|has not (come back|returned)|hasn't (come back|returned))\b/;
/** A danger written in the present, not as a habit: "mum is drunk and the baby is with her". */
const PRESENT_DANGER =
  /\b(is|are) (currently )?(drunk|intoxicated|high|unconscious|missing|home alone|alone in the house|locked (in|out)|being (hit|hurt|abused|beaten))\b/;
const HABITUAL = /\b(often|sometimes|usually|regularly|always|every|when|whenever|at times|can be|tends|used to)\b/;
/** Harm or danger words that make "now" urgent. */
const DANGER_NOW_WORDS =
  /\b(hit|hits|hitting|hurt|hurting|shak(e|en|ing)|harm\w*|punch\w*|slap\w*|kick\w*|beat\w*|assault\w*|bruis\w*|injur\w*|bleed\w*|burn\w*|strangl\w*|chok\w*|threat\w*|kill|weapon|knife|gun|sexual\w*|abus\w*|touch\w*|alone|on (his|her|their) own|no food|no one to|nowhere|locked (out|in)|missing|overdos\w*|unconscious|drunk|intoxicated|unsafe|not safe|danger\w*|violen\w*|scared|frightened|afraid|terrified)\b/;
/** A threat to harm the child soon: "he said he will shake the baby tonight", "threatened to take them today". */
/** A threat to harm the child made and standing ("dad is threatening to shake the baby", "says he'll hit her"). */
const STANDING_THREAT =
  /\b(threaten\w*|(says|said|saying|keeps saying) (that )?(he|she|they)('ll| will| is going to| are going to| would))\b.*\b(hurt|hit|shake|kill|harm|beat|smack|punch|kick|strangle|choke|burn|take|snatch)\b/;
const THREAT_NOW =
  /\b(said|says|saying|threaten\w*|warned|will|'ll|going to|gonna|about to)\b.*\b(hurt|hit|shake|kill|harm|beat|smack|punch|kick|strangle|choke|burn|take|snatch|remove)\b.*\b(tonight|today|now|this (morning|afternoon|evening|weekend)|later today|when (he|she|they) gets? (home|back))\b|\b(tonight|today|this (evening|afternoon))\b.*\b(threaten\w*|will|'ll|going to|gonna)\b.*\b(hurt|hit|shake|kill|harm|beat|smack|punch|kick|take|snatch)\b/;
/** The child saying they are afraid to go home is a worry about today, whatever tense it is written in. */
const AFRAID_TO_GO_HOME =
  /\b(scared|frightened|afraid|terrified|too scared|does ?n[o']t want|won't|will not|refus\w*) (to )?(go|going|return|returning|be sent) (back )?home\b/;

/** Whoever can speak for the child: the child, named by role or age, never a pronoun alone. */
const CHILD =
  "(?:the |our |this |her |his |their |my |a |an )?(?:child|children|kids?|young (?:person|people)|son|daughter|boy|girl|baby|toddler|teenager|teen|sibling|siblings|brother|sister|eldest|youngest|oldest|middle child|pupil|\\d{1,2}[- ]?(?:year|yr)[- ]?old|\\d{1,2}yo)(?:'s)?";
/** What the child says, wants or feels, in their own voice. */
const VOICE_VERBS =
  '(?:cries|cried|flinch\\w*|hides|hid|froze|freezes|clings|ran to|runs to|said|says|say|told|tells|tell|shared|shares|disclosed|discloses|explained|explains|described|describes|drew|draws|wrote|writes|asked|asks|wants|wanted|want|wishes|wished|would like|likes|liked|loves|hopes|hoped|dreams|chose|chooses|scored|rated|feels|felt|feel|worries|worried|is (?:scared|frightened|afraid|worried|happy|sad|upset|lonely|angry)|was (?:scared|frightened|afraid|worried|happy|sad|upset|lonely|angry)|gets (?:scared|frightened|worried|upset)|says? (?:she|he|they) (?:is|are|feels?))';
const CHILD_VOICE = new RegExp(`\\b${CHILD}\\s+(?:\\S+\\s+){0,3}?${VOICE_VERBS}\\b`, 'g');
/** "She said…" opening a clause, with nobody else before it, is the child speaking. */
const PRONOUN_VOICE = new RegExp(
  `^\\s*(?:she|he)(?: \\(?(?:aged )?\\d{1,2}\\)?)?\\s+(?:\\S+\\s+){0,2}?${VOICE_VERBS}\\b`,
);
/** Adults, by role: "the child's mum said" is mum's account. */
const ADULT_NOUN =
  /\b(teacher|school|nursery|mum|mother|mam|dad|father|parents?|carers?|partner|gran|grandma|granny|nan|nana|grandad|grandpa|grandparents?|aunt|auntie|uncle|neighbours?|health visitor|gp|doctor|nurse|midwife|police|worker|professionals?|staff)\b/;
/** Adults as people, not places: "clingy at nursery and told…" is still the child speaking. */
const ADULT_PERSON = new RegExp(ADULT_NOUN.source.replace('teacher|school|nursery|', 'teacher|'));
/** Not heard yet: "we haven't asked the child what she wants". */
const NOT_YET =
  /\b(not|never|no one|nobody|yet to|unable|need to|needs to|will|plan\w* to|to (ask|speak|see|do|complete|use|try|arrange))\b|n't\b/;
const VOICE_OF_CHILD = new RegExp(
  `\\b(?:said|says|told us|asked) ${CHILD}\\b|\\b${CHILD} (?:view|views|voice|words|wishes|feelings|wishes and feelings|own words)\\b|\\b(?:in|using) (?:his|her|their|the child's|the children's) own words\\b|\\bvoice of the child\\b|\\bchild's voice\\b|^\\s*wishes and feelings\\b`,
);
/** Child-voice tools: what the child put in them is the child's own view. */
const CHILD_TOOLS =
  /\b(three houses|3 houses|house of (worries|good things|dreams)|words and pictures|safety house|wizards?|fairies|my three houses)\b/;
/** Someone other than the child reporting: what follows is their account, not the child's voice. */
const ADULT_REPORTER =
  /\b(teacher|school|nursery|college|head ?teacher|dsl|mum|mother|mam|dad|father|parents?|carers?|step[- ]?(mum|dad|parent)|partner|gran|grandma|granny|nan|nana|grandad|grandpa|grandparents?|aunt|auntie|uncle|neighbours?|health visitor|hv|gp|doctor|nurse|midwife|police|officer|social worker|sw|worker|professionals?|staff|camhs|paediatrician|family friend|foster carer)\b(?:\s+\w+){0,3}?\s+(said|says|told|tells|reported|reports|thinks|believes|feels|felt|stated|states|mentioned|explained|described|describes|shared|noticed|observed|is worried|was worried|has said|have said)\b|\baccording to\b/;

/** Protective action: what someone did to keep the child safe. */
const PROTECTIVE_ACTION =
  /\b(took|takes|taken|taking|kept|keeps|keeping|stopped|stops|called|calls|rang|rings|phoned|removed|moved|left with|leaves with|went to|goes to|stayed|stays|made sure|makes sure|checks?|checked|asked|asks|refused|refuses|won't let|would not let|didn't let|did not let|stepped in|steps in|intervened|intervenes|protected|protects|picked up|collects?|collected|put|puts|locked|sent|sends|arranged|arranges|cared for|looked after|looks after|look after|supervis\w*|fed|feeds|has not drunk|hasn't drunk|did not drink|didn't drink|does not drink|doesn't drink|stayed sober|sober)\b/;
/** The danger was present: safety is protection shown at those times, not a good quality. */
const DANGER_CONTEXT =
  /\b(when|whenever|while|during|every time|each time|after|before|if|that night|on the night|the time|since the|drunk|drinking|drank|using|high|argu\w*|fight\w*|row|rows|violen\w*|angry|shouting|unwell|poorly|crisis|relapse\w*|incident|danger\w*|worried|away from)\b/;

/** Roles that can own a next step. */
const OWNERS =
  '(?:i|we|me|us|sw|social worker|worker|manager|team manager|tm|practice lead|supervisor|mum|mother|dad|father|parents?|carers?|gran|grandma|nan|grandad|grandparents?|aunt|auntie|uncle|school|teacher|dsl|head ?teacher|nursery|health visitor|hv|gp|nurse|midwife|police|camhs|iro|chair|fsw|family support worker|early help|housing|probation|idva|network|family|the family|the network|edt|lado|iro)';
const OWNER = new RegExp(
  `^(?:the |our )?${OWNERS}\\b|\\b${OWNERS}\\s+(?:will|to|is to|are to|is going to|are going to|agreed|has agreed|have agreed|'ll|can|should|must)\\b|\\b(?:owner|lead|led by|by whom|who|action)\\s*[:=-]?\\s*(?:the )?${OWNERS}\\b|\\bby (?:the )?${OWNERS}\\b|[(\\[–—-]\\s*(?:the )?${OWNERS}\\b`,
);
const WHEN =
  /\b(by|before|on|from|until|till|no later than)\s+(the |this |next |end of |mon|tue|wed|thu|fri|sat|sun|\d|tomorrow|tonight|today|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|conference|review|core group|half[- ]term|christmas|easter)|\bwithin (\d+|a|one|two|three|four|five|24|48|72) (hours?|days?|working days?|weeks?|months?)\b|\b(today|tonight|tomorrow|this week|next week|this month|next month|end of (the )?(day|week|month)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december)\b|\b\d{1,2}[/.]\d{1,2}([/.]\d{2,4})?\b|\b\d{1,2}(st|nd|rd|th)\b|\b(when|date|due)\s*[:=]|\b(w\/c|w\/b|wc|week commencing|week beginning)\b|\b\d{1,2}(st|nd|rd|th)? (of )?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|\b(daily|weekly|fortnightly|monthly|every (day|morning|evening|night|week|weekday|weekend))\b/;

/** A reason too thin to say what on the map led to the number. */
const EMPTY_REASON =
  /^(n\/?a|none|ok|okay|fine|yes|no|because|no reason|not sure|unsure|dunno|don'?t know|idk|gut( feeling)?|just a feeling|a feeling|feeling|instinct|same|same as \w+|agree|as above|see above|\?+|-+|\.+|\d+)$/;

/** Scores at or above this with harm recorded and no safety shown do not fit the map. */
const HIGH_SCORE = 9;
/** Scores at or below this with no worries recorded and safety shown do not fit the map. */
const LOW_SCORE = 3;

/** Something the child said, wants, feels or went through, in their own voice, or put in a child-voice tool. */
export function hasChildVoice(text: string): boolean {
  return plain(text)
    .split(/[.;!?\n]+/)
    .some((clause) => {
      if (CHILD_TOOLS.test(clause) && !NOT_YET.test(clause)) return true;
      const spans = [...clause.matchAll(CHILD_VOICE)].filter((m) => !ADULT_NOUN.test(m[0]));
      const loose = childThenVoice(clause);
      const named = clause.match(VOICE_OF_CHILD);
      const pronoun = clause.match(PRONOUN_VOICE);
      const at = [...spans, named, pronoun, loose]
        .filter((m): m is RegExpMatchArray => m !== null && m !== undefined)
        .map((m) => ({ index: m.index ?? 0, text: m[0] }))
        .sort((a, b) => a.index - b.index)[0];
      if (!at) return quotedChild(clause);
      if (NOT_YET.test(clause.slice(0, at.index + at.text.length))) return false;
      // "The teacher said the child feels..." is the teacher's account.
      const reporter = clause.search(ADULT_REPORTER);
      return reporter < 0 || reporter > at.index;
    });
}

/** The child named, then later in the clause a voice verb, with no adult in between ("the 4 year old has been clingy and told…"). */
function childThenVoice(clause: string): RegExpMatchArray | null {
  const child = new RegExp(`\\b${CHILD}\\b`).exec(clause);
  if (!child) return null;
  const rest = clause.slice(child.index + child[0].length);
  const voice = new RegExp(`\\b${VOICE_VERBS}\\b`).exec(rest);
  if (!voice || ADULT_PERSON.test(rest.slice(0, voice.index))) return null;
  const match = [
    clause.slice(child.index, child.index + child[0].length + voice.index + voice[0].length),
  ] as RegExpMatchArray;
  match.index = child.index;
  return match;
}

/** A quotation in a child's voice ("I hide when daddy shouts", the child), with no adult reporting it. */
function quotedChild(clause: string): boolean {
  const quote = clause.match(/"([^"]{3,})"/) ?? clause.match(/(?:^|[\s(:])'([^']{3,}?)'(?=$|[\s.,;:!?)])/);
  if (!quote) return false;
  const before = clause.slice(0, quote.index);
  if (ADULT_REPORTER.test(before) || /\b(mum|dad|teacher|school|parent|carer|worker)\b/.test(before)) return false;
  const outside = clause.replace(quote[0], ' ');
  return new RegExp(`\\b${CHILD}\\b`).test(outside) || /\b(mummy|daddy|mammy|my mum|my dad)\b/.test(quote[1] ?? '');
}

/** A worry about harm happening now: today, tonight, or the child afraid to go home. */
export function describesHarmNow(text: string): boolean {
  return plain(text)
    .split(/[.;!?\n]+/)
    .some((t) => harmNowIn(t));
}

function harmNowIn(t: string): boolean {
  return (
    AFRAID_TO_GO_HOME.test(t) ||
    THREAT_NOW.test(t) ||
    STANDING_THREAT.test(t) ||
    (NOW_WORDS.test(t) && DANGER_NOW_WORDS.test(t)) ||
    (PRESENT_DANGER.test(t) && !HABITUAL.test(t))
  );
}

/** Existing safety: protection actually shown when the danger was present, not a strength. */
export function showsSafety(text: string): boolean {
  const t = plain(text);
  return PROTECTIVE_ACTION.test(t) && DANGER_CONTEXT.test(t);
}

/** A protective act kept up over time or done at once, as written under "existing safety". */
export function showsSustainedProtection(text: string): boolean {
  const t = plain(text);
  return PROTECTIVE_ACTION.test(t) && SUSTAINED_OR_AT_ONCE.test(t);
}
const SUSTAINED_OR_AT_ONCE =
  /\b(every|each|always|since|for (the (last|past) )?\d+|for (a|one|two|three|four|six|several) (days?|weeks?|months?)|weeks?|months?|straight away|at once|immediately|overnight|that (night|day|evening))\b/;

/** A worry that says which incidents (first, worst, last), how serious the harm was, or what it did to the child. */
export function hasWorryDetail(text: string): boolean {
  const t = plain(text);
  return (
    PATTERN_WORDS.test(t) ||
    SEVERITY_WORDS.test(t) ||
    IMPACT_WORDS.test(t) ||
    new RegExp(`\\b${CHILD}\\b[^,;]*?${CHILD_FEELING.source}`).test(t)
  );
}

/**
 * A safety goal that is a service or a course: it names what someone attends with no behaviour the
 * child would notice, or no length of time (the builder's own checks, applied to the map).
 */
export function goalIsService(text: string): boolean {
  if (!mentionsServices(text)) return false;
  const behaviour = plain(text)
    .split(/,|;|\band\b|\bthen\b|\bso that\b|\bwhich\b/)
    .map((part) => part.replace(/\b(for|over|until|till|within|at least|throughout)\b.*$/, '').trim())
    .filter((part) => part.split(/\s+/).length >= 3 && !mentionsServices(part));
  return behaviour.length === 0 || !saysHowLong(text);
}

/** The child, as the child now (not "mum was hurt as a child"). */
function mentionsChild(t: string): boolean {
  const now = t.replace(
    /\b(as a (child|kid|teenager|girl|boy|young person)|when (she|he|they) (was|were) (a child|young|little|a teenager))\b/g,
    ' ',
  );
  return new RegExp(`\\b${CHILD}\\b`).test(now);
}

/** Filed as harm, but only a complicating factor: drinking, debt or illness with no child harmed in it. */
export function complicatingOnly(text: string): boolean {
  const t = plain(text);
  return COMPLICATING_WORDS.test(t) && !HARM_WORDS.test(t) && !mentionsChild(t);
}

/** Filed as a complicating factor, but it is harm: something that happened to the child. */
export function harmToChild(text: string): boolean {
  const t = plain(text);
  return HARM_WORDS.test(t) && mentionsChild(t) && !COMPLICATING_WORDS.test(t);
}

/** A next step with no one named against it, or no date. */
export function stepLacksOwnerOrDate(text: string): boolean {
  const t = plain(text).trim();
  return !OWNER.test(t) || !WHEN.test(t);
}

/** A reason for a score that says nothing about the map. */
export function reasonIsEmpty(reason: string): boolean {
  const t = plain(reason)
    .trim()
    .replace(/[.!]+$/, '');
  return t === '' || EMPTY_REASON.test(t);
}

const STAGE_ORDER: readonly (QuestionId | 'scaling')[] = ['worries', 'working', 'needs', 'scaling'];
const under = (items: MapItem[], ...subs: string[]) => items.filter((i) => subs.includes(i.subheading));

/**
 * The situations worth a prompt after finishing `after` (or, for scaling, once scores are revealed),
 * most pressing first. Unsafe-now comes before everything else.
 */
export function detectTriggers(session: MappingSession, after: QuestionId | 'scaling'): PromptTrigger[] {
  const items = session.items;
  const harm = under(items, 'past-harm');
  const danger = under(items, 'future-danger');
  const complicating = under(items, 'complicating-factors');
  const worries = [...harm, ...danger];
  const working = under(items, 'existing-strengths', 'existing-safety');
  const goals = under(items, 'safety-goals');
  const steps = under(items, 'next-steps');
  const scores = session.scores;
  const triggers: PromptTrigger[] = [];
  const add = (t: PromptTrigger, when: boolean) => {
    if (when && !triggers.includes(t)) triggers.push(t);
  };
  const childView =
    items.some((i) => hasChildVoice(i.text)) || scores.some((s) => s.reason !== '' && hasChildVoice(s.reason));
  // Safety is protection shown when the danger was there. Under "existing safety", a concrete protective
  // act kept up or done at once ("collects every school day for 8 weeks", "took her to gran's straight
  // away") counts; anywhere else the danger must be named too.
  const safetyShown = working.some(
    (i) => showsSafety(i.text) || (i.subheading === 'existing-safety' && showsSustainedProtection(i.text)),
  );
  const stats = after === 'scaling' ? scoreStats(scores) : undefined;

  const harmNow = [...worries, ...complicating].some((i) => describesHarmNow(i.text));
  // Safety first, at every checkpoint: a child who may not be safe today.
  add('unsafe-now', harmNow || (stats !== undefined && (stats.max <= 2 || stats.min === 0)));

  const from = (stage: QuestionId) => STAGE_ORDER.indexOf(after) >= STAGE_ORDER.indexOf(stage);
  const fromItems = () => {
    if (after === 'worries') {
      add(
        'label-worries',
        worries.some((i) => looksLikeLabel(i.text)),
      );
      add(
        'harm-vs-complicating',
        worries.some((i) => complicatingOnly(i.text)) || complicating.some((i) => harmToChild(i.text)),
      );
      add('no-worries-detail', harm.length + danger.length > 0 && !worries.some((i) => hasWorryDetail(i.text)));
    }
    // This checkpoint's own question first; what is missing from earlier ones stays missing after.
    if (after === 'needs') {
      add(
        'goal-is-service',
        goals.some((i) => goalIsService(i.text)),
      );
      add('no-goals', goals.length === 0 && (steps.length > 0 || worries.length > 0));
      add(
        'steps-no-owner-date',
        steps.some((i) => stepLacksOwnerOrDate(i.text)),
      );
    }
    if (from('working')) {
      add('nothing-working-well', working.length === 0);
      add('strengths-not-safety', working.length > 0 && !safetyShown);
    }
    if (from('needs')) add('no-goals', goals.length === 0 && (steps.length > 0 || worries.length > 0));
    if (after !== 'scaling') add('no-child-view', items.length > 0 && !childView);
  };
  const fromScores = () => {
    if (stats) {
      const fits = (s: Score) =>
        !(s.score >= HIGH_SCORE && worries.length > 0 && !safetyShown) &&
        !(s.score <= LOW_SCORE && worries.length === 0 && complicating.length === 0 && working.length > 0) &&
        !(s.score <= 2 && safetyShown && !harmNow);
      add('score-doesnt-fit', !scores.every(fits));
      add(
        'no-reasons',
        scores.some((s) => reasonIsEmpty(s.reason)),
      );
      add('score-spread', stats.count > 1 && stats.spread >= 3);
      // "Everyone scored high" needs more than one person.
      add('all-high', stats.count > 1 && stats.min >= 8);
      add('all-low', stats.count > 1 && stats.max <= 2);
      // One person's high score, in a map of their own: the same challenge, without "everyone".
      add('high-score', session.setting === 'personal' && stats.count === 1 && stats.min >= 8);
      add('one-point-higher', true);
    }
  };
  // With scores revealed, what the scores say comes before what the map still lacks.
  if (after === 'scaling') {
    fromScores();
    fromItems();
  } else fromItems();
  return triggers;
}

/** The situations a prompt's premise can rest on, as they are in this session now. */
export function situations(session: MappingSession): Set<PromptPremise> {
  const held = new Set<PromptPremise>([session.setting === 'group' ? 'group' : 'personal']);
  if (session.scores.length > 0) held.add('scored');
  if (new Set(session.scores.map((s) => s.person.id)).size > 1) held.add('several-scorers');
  if (session.revealed) held.add('scores-revealed');
  return held;
}

/** True when everything the prompt assumes about the conversation holds. */
export function premiseHolds(prompt: Prompt, held: Set<PromptPremise>): boolean {
  return (prompt.needs ?? []).every((n) => held.has(n));
}

/** How many prompts a trigger may take: a child who may be unsafe today gets both questions about safety now. */
const SLOTS: Partial<Record<PromptTrigger, number>> = { 'unsafe-now': 2 };

/**
 * Chooses up to `max` prompts for the situations found, most pressing first, never one already used
 * in this session and never one whose premise (a group, several scorers, revealed scores) does not
 * hold. With nothing detected it offers one general prompt for the stage. Prompts for unsafe-now are
 * taken in the bank's order, so the first is always the most direct question about safety now.
 */
export function choosePrompts(
  bank: Prompt[],
  session: MappingSession,
  after: QuestionId | 'scaling',
  max = 2,
  seed = session.revision,
): string[] {
  // Nothing on the map yet and nobody has scored: there is nothing to inquire into.
  if (session.items.length === 0 && session.scores.length === 0) return [];
  const used = new Set(session.usedPrompts);
  const held = situations(session);
  const fresh = bank.filter((p) => !used.has(p.id) && premiseHolds(p, held));
  const stage = after === 'scaling' ? 'scaling' : after;
  const chosen: string[] = [];
  for (const trigger of detectTriggers(session, after)) {
    for (let slot = 0; slot < (SLOTS[trigger] ?? 1) && chosen.length < max; slot++) {
      const candidates = fresh.filter((p) => p.triggers?.includes(trigger) && !chosen.includes(p.id));
      const preferred = candidates.filter((p) => p.stages.includes(stage));
      const pool = preferred.length ? preferred : candidates;
      // The most direct question comes first: for safety now, the bank's first; otherwise the one that leads.
      const lead = slot === 0 ? pool.find((p) => p.leads?.includes(trigger)) : undefined;
      const pick = trigger === 'unsafe-now' ? pool[0] : (lead ?? pickOne(pool, seed + chosen.length));
      if (pick) chosen.push(pick.id);
    }
    if (chosen.length >= max) break;
  }
  if (chosen.length === 0) {
    // A question about safety now, or one that leads for a situation, rests on that situation: never a general pick.
    const general = fresh.filter((p) => p.stages.includes(stage) && !p.triggers?.includes('unsafe-now') && !p.leads);
    const pick = pickOne(general, seed);
    if (pick) chosen.push(pick.id);
  }
  return chosen;
}

function pickOne<T>(list: T[], seed: number): T | undefined {
  return list.length ? list[Math.abs(seed) % list.length] : undefined;
}
