import { reportsHarm } from '../../src/features/glossary/safeguarding';

// Written by the developer from the kinds in the judge's finding (a disclosure; a report of harm in plain
// words), not from any blind set. A report gets the signpost; asking what a word means does not.
describe('recognising a report of harm or a disclosure', () => {
  it.each([
    'a boy in year 4 told me his dad hits him with a belt',
    'one of my students has disclosed something at lunch, what now',
    'she confided in me that her uncle touched her',
    'the foster child said mum beat him before he came into care',
    'toddler at nursery had bruises on both arms again today',
    'I think the baby is being hurt at home',
    'the girl I support is self harming and says she wants to hurt herself',
    "he's scared to go home tonight",
    'mums boyfriend punched her and the kids saw it',
    'a child just told me something really worrying about home',
  ])('reports: %s', (text) => {
    expect(reportsHarm(text)).toBe(true);
  });

  it.each([
    'what is neglect',
    'what does significant harm mean',
    'harm statement',
    'what is the difference between past harm and future danger',
    'emotional abuse meaning',
    'how do I write a danger statement',
    'what is a disclosure?',
    'how do I scale a worry',
    'what are complicating factors',
    'three houses for a 6 year old',
  ])('asks about a term: %s', (text) => {
    expect(reportsHarm(text)).toBe(false);
  });
});
