import { loadContent } from '../../src/content/pack';
import { childAge, findGuide } from '../../src/features/guides/match';

describe('guides: which tool a question asks about, and a child age said in passing', () => {
  const guides = loadContent().guides;

  it('takes the guide named after the how-to words over one named before them as what already happened', () => {
    expect(
      findGuide(
        guides,
        'we had a family network meeting last week, now how do we turn what was said into a written safety plan',
      )?.id,
    ).toBe('safety-planning');
    // Both after the asking words: the longest name, as before.
    expect(findGuide(guides, 'how do i run a family network meeting')?.id).toBe('family-network-meeting');
  });

  it('reads "who is four" and "he\'s 4" as an age only where a child is spoken of, and never a count', () => {
    expect(childAge('what could i use for her little brother who is four')).toEqual({ years: 4 });
    expect(childAge("can i do three houses with my son, he's 4")).toEqual({ years: 4 });
    expect(childAge('who is four')).toBeUndefined();
    expect(childAge('a girl who is 4 weeks into placement')).toBeUndefined();
    expect(childAge('the boy who is 4 of 5 siblings')).toBeUndefined();
  });
});
