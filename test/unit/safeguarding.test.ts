import { asksAboutATerm, reportsHarm } from '../../src/features/glossary/safeguarding';

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
    // What someone saw, told in plain words (the kinds the second judge found, in our own wording).
    'she showed me bruises on her legs and said her mum did it',
    'there are burns on his hands again',
    'the boy in my class has not eaten since friday',
    'there is never any food in the house',
    'the little one always comes in hungry',
    'mum turned up drunk to collect him from nursery',
    'I think the twins next door are being neglected',
    'my student says they are being hurt by an older lad',
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

describe('whether a report also asks about a term', () => {
  it.each([
    ['dad hits mum in front of the baby, is that a danger statement', true],
    ['what is it called when a parent hits a child', true],
    ['my foster child said her uncle touches her', false],
  ])('%s', (text, asks) => {
    expect(asksAboutATerm(text)).toBe(asks);
  });
});
