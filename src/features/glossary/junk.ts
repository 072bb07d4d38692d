/**
 * Text that is no question at all: a key held down ("xxxxxxxx"), a hand run along the keyboard
 * ("asdfghjkl", "qwertyuiop"), letters with no word in them ("sdjkfh"). Such text gets a short "I couldn't
 * read that" and is never kept as an unanswered question for practice leads. Pure; no Teams.
 */

/** Five keys side by side on a keyboard row: no English word has them in a row. */
const KEY_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const KEY_RUNS = KEY_ROWS.flatMap((row) => {
  const runs: string[] = [];
  for (let i = 0; i + 5 <= row.length; i++) {
    runs.push(row.slice(i, i + 5));
    runs.push([...row.slice(i, i + 5)].reverse().join(''));
  }
  return runs;
});
/** The four keys under the fingers at rest or along the top row, typed as a word of their own. */
const KEY_WORDS = new Set(['asdf', 'fdsa', 'qwer', 'rewq', 'zxcv', 'hjkl', 'jkl', 'uiop', 'sdfg', 'ghjk']);
/** Words longer than any the glossary or a question would use ("internationalisation" is 20). */
const LONGEST_WORD = 24;

/** One word that no one would type meaning it: a held key, a keyboard run, a long run of consonants, a huge word. */
export function isMashedWord(word: string): boolean {
  const w = word.toLowerCase();
  // Only Latin letters are read for mashing: a word in another script is someone's language, not a slip.
  if (!/^[a-z0-9']+$/.test(w) || !/[a-z]/.test(w)) return false;
  if (w.length > LONGEST_WORD) return true;
  // The same letter four times running ("xxxx", "aaaa"), or two letters over and over ("hahaha" is left: ha is a word).
  if (/([a-z])\1{3,}/.test(w)) return true;
  if (KEY_WORDS.has(w) || KEY_RUNS.some((run) => w.includes(run))) return true;
  // Six consonants in a row ("sdjkfh"); "strengths" has five. Abbreviations are short (cpp, lado, s47).
  if (w.length >= 6 && /[b-df-hj-np-tv-z]{6,}/.test(w)) return true;
  // A longer word with no vowel at all ("hjkdfs"), y counting as one.
  return w.length >= 5 && !/[aeiouy]/.test(w) && !/\d/.test(w);
}

/**
 * True when nothing in the text could be a question: every word with letters in it is mashed, or there is
 * no letter or digit at all (emoji only, punctuation only).
 */
export function isJunk(text: string): boolean {
  const typed = text.normalize('NFKC').toLowerCase();
  if (typed.trim() === '') return false;
  // Template and markup syntax on its own ("${foo}", "<b>{{x}}</b>") is a probe, not a question.
  const lower = typed.replace(/\$\{[^}]*\}|\{\{[^}]*\}\}|<\/?[a-z][^>]*>/g, ' ');
  if (lower !== typed && lower.replace(/[^\p{L}\p{N}]+/gu, '').length <= 1) return true;
  if (!/[\p{L}\p{N}]/u.test(lower)) return true;
  const words = lower.split(/[^\p{L}\p{N}']+/u).filter((w) => /\p{L}/u.test(w));
  return words.length > 0 && words.every(isMashedWord);
}
