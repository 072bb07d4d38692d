/**
 * Plain-word checks on practice writing that more than one feature uses (the map's checkpoints, the
 * statement builder): pure functions, no feature of their own, so neither feature imports the other.
 */

/** Words that name a kind of concern without saying what anyone did. */
const LABEL_WORDS =
  /\b(neglect\w*|self[- ]neglect|domestic (abuse|violence)|dva?|toxic trio|substance (mis)?use|drug (mis)?use|alcohol (mis)?use|mental health( issues| problems| difficulties| concerns)?|poor (home conditions|conditions|parenting|hygiene|supervision|boundaries|routines?|attendance|engagement|presentation)|home conditions|emotional (abuse|harm)|physical (abuse|harm)|sexual (abuse|harm)|significant harm|(criminal|sexual) exploitation|cse|cce|chaotic|chaos|unkempt|concerns?|concerning|worries|issues|problems|difficulties|risks?|risky|at risk|unsafe|inappropriate\w*|volatile|hostile|hostility|aggressive|aggression|unstable|instability|controlling|coercive control|conflict|violence|violent|history of|non[- ]engagement|non[- ]compliance|disengag\w*|(not|didn't|did not|doesn't|does not|won't|will not|hasn't|has not|haven't|have not|refus\w* to|fail\w* to) (engag\w*|co-?operat\w*|comply\w*|work\w* with( services| professionals)?)|lack of \w+|lifestyle|vulnerab\w*|parenting capacity|capacity|failure to thrive|exposed to|exposure to)\b/;

/** Concrete verbs: someone did or did not do something a family could recognise. */
const ACTION_WORDS =
  /\b(hit|hits|hitting|punch\w*|slap\w*|kick\w*|push\w*|shov\w*|grab\w*|shook|shake\w*|shaking|threw|throw\w*|strangl\w*|chok\w*|bit|bites|biting|burn\w*|smack\w*|beat|beats|beating|beaten|shout\w*|scream\w*|yell\w*|swore|swear\w*|called (him|her|them|the child\w*) \w+|threat\w*|left|leaves|leaving|locked|locks|lock\w*|fed|feeds|unfed|missed|misses|skipped|forgot|forgets|drank|drinks|drunk|passed out|asleep|fell asleep|smoked|smokes|injected|took|takes|taking|gave|gives|dropped|fell|went|goes|came|comes|arrived|arrives|stayed|stays|slept|sleeps|hid|hides|hiding|cried|cries|crying|ran|runs|wet|wets|soiled|stopped|refused|refuses|kept|keeps|sent|sends|brought|brings|collected|collects|picked up|walked|walks|smelled|smelt|smells|found|hospital|a&e|bruis\w*|injur\w*|fractur\w*|broke|broken|cuts?|bleed\w*|marks? on|no food|without food|hungry|nappy|nappies|overnight|alone|on (his|her|their) own|didn't|did not|doesn't|does not|hasn't|has not|haven't|have not|never|won't|will not|wouldn't|couldn't|can't)\b/;

/** Lower case, with curly apostrophes and quotes made plain, so every rule reads the same text. */
export function plain(text: string): string {
  return text.toLowerCase().replace(/[‘’`]/g, "'").replace(/[“”]/g, '"');
}

/** Label words are taken out before looking for a description, so "lack of" or "chaotic" cannot pass for one. */
function withoutLabels(text: string): string {
  return text.replace(new RegExp(LABEL_WORDS.source, 'g'), ' ');
}

/**
 * Worries written as a label ("neglect", "concerns about neglect, chaotic lifestyle and poor home
 * conditions") with no description of what someone did or did not do. Length does not excuse a label,
 * and "has" or "was" is not a description.
 */
export function looksLikeLabel(text: string): boolean {
  const t = plain(text);
  const words = t.split(/\s+/).filter(Boolean).length;
  if (words <= 2) return true;
  return LABEL_WORDS.test(t) && !ACTION_WORDS.test(withoutLabels(t));
}

const TIME_WORDS =
  /\b(\d+|days?|weeks?|fortnights?|months?|years?|terms?|half[- ]terms?|until|till|christmas|summer|easter|holidays?)\b/i;
const SERVICE_WORDS =
  /\b(attend\w*|complet\w*|engag\w*|courses?|programmes?|programs?|sessions?|appointments?|referrals?|counselling|classes|groups?|workshops?)\b/i;

/** True when a goal's duration names a length of time or an end point ("six months", "until the review"). */
export function saysHowLong(duration: string): boolean {
  return TIME_WORDS.test(duration) || /\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b/i.test(duration);
}

/** True when text names a service or a course (attending, completing, a programme): the builder's services-only check. */
export function mentionsServices(text: string): boolean {
  return SERVICE_WORDS.test(text);
}
