/**
 * Someone telling the bot about harm to a child ("a pupil told me her stepdad hits her", "a child has
 * just disclosed to me, what do I do now") needs the safeguarding signpost (999 first, then the front
 * door and the DSL), not a term card chosen by word overlap: a wrong or missing answer here costs the most.
 * So a report of harm or a disclosure is recognised by its shape, before the search, and answered with
 * the signpost. Asking what a word means ("what is neglect", "what does significant harm mean") is a
 * glossary question and is left to the search.
 */

/** Telling, or being told: the words of a disclosure. */
const DISCLOSURE =
  /\b(disclos(e|es|ed|ing|ure|ures)|confided|opened up|(has|have|had|just|she|he|they|child|pupil|kid|boy|girl) (told|tells) (me|us|my|our|a|the)|told me (that )?(she|he|they|her|his|their|mum|dad|someone))\b/;

/** Harm done to someone, as a report of it (verbs and what is seen), not the names of kinds of harm. */
const HARM =
  /\b(hits|hit (her|him|them|me)|hitting|beats|beat (her|him|them)|beaten|beating (her|him|them)|hurts (her|him|them)|hurt (her|him|them)|hurting (her|him|them)|punch(es|ed|ing)|kick(s|ed|ing) (her|him|them)|slap(s|ped|ping)|smack(s|ed|ing) (her|him|them)|burn(ed|t|s) (her|him|them)|strangl\w*|chok(es|ed|ing) (her|him|them)|shak(es|en|ing) (the )?(baby|her|him)|touch(es|ed|ing) (her|him|them|me)|touched|abus(es|ed|ing) (her|him|them)|is being (abused|harmed|hurt|hit|groomed)|(has|had|with|got|see|saw|seen|noticed) (a |some )?(bruise|bruises|bruising|marks|burns|injur(y|ies))|locked (in|out|up)|left alone|not (been )?fed|no food|afraid to go home|scared to go home|doesn'?t want to go home|self[- ]harm(ing|s|ed)?|cutting (herself|himself|themselves)|(wants|want|going) to (kill|hurt) (herself|himself|themselves)|in danger|not safe (at home|now|tonight)?|being (neglected|hurt|harmed|abused|hit|beaten|groomed|exploited|starved)|showed me (a |some |the )?(marks?|bruises?|bruising|burns?|cuts?|injur(y|ies)|scars?)|(marks?|bruises?|bruising|burns?|cuts?|injur(y|ies)) on (her|his|their|the (child|baby|boy|girl)'?s?)|(said|says|saying) (that )?(dad|mum|mom|step-?dad|step-?mum|her dad|his dad|her mum|his mum|uncle|auntie|aunt|granddad|grandad|nan|brother|sister|someone|somebody|he|she|they) (did|does|had done) (it|this|that)|(hasn'?t|has not|haven'?t|not) eaten|(no|lack of|not enough|never any) food (at home|in the house)?|(always|often|constantly|comes in|come in|keeps coming in) (hungry|starving|dirty|smelly)|(turned up|came|comes|arrived|was|is) (drunk|high|off (his|her|their) face|intoxicated|under the influence|wasted) (to|at|when|for|with)|(drunk|high|intoxicated) (to|at) (collect|pick up|school|nursery|pickup|the gate))\b/;

/** The questions that ask what a word means: left to the glossary. */
const DEFINITION =
  /^\s*(what('?s| is| are| does| do)|whats|define|definition|meaning|explain( the)? (term|word)|difference|is (a|an|the)? ?\w+ (the same|different))\b|\b(mean|means|meaning|stand for|stands for)\s*\??\s*$/;

/** The report also asks about a term ("…, is that a danger statement?"): that term's card follows the signpost. */
const ASKS_ABOUT_A_TERM =
  /\?|\b(is (that|this|it)( a| an)?|would (that|this|it) be|what is|what's|whats|what does|means?|meaning|counts? as|called)\b/;

export function asksAboutATerm(question: string): boolean {
  return ASKS_ABOUT_A_TERM.test(question.toLowerCase());
}

/** True when the message reports harm to a child or a disclosure, rather than asking what a term means. */
export function reportsHarm(question: string): boolean {
  const text = question.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
  if (DEFINITION.test(text)) return false;
  return DISCLOSURE.test(text) || HARM.test(text);
}
