import { smallTalk, smallTalkAsked } from '../../src/features/help/index';

// The kinds the second outside judge found (session 20), in our own wording: none is a glossary question.
describe('small talk the bot answers briefly, never as a glossary question', () => {
  it.each([
    ['cheers pal', 'thanks'],
    ['lol', 'ok'],
    ['hmm', 'ok'],
    ['thanks again everyone', 'thanks'],
  ])('%s is %s', (said, kind) => {
    expect(smallTalk(said)).toBe(kind);
  });

  it.each([
    ['how are you doing today', 'how'],
    ['hey how r u', 'how'],
    ["you're completely useless", 'sorry'],
    ['this bot is rubbish', 'sorry'],
  ])('%s is %s', (said, kind) => {
    expect(smallTalkAsked(said)).toBe(kind);
  });

  it.each(['how are we doing with the safety plan', 'is the plan useless if dad refuses', 'lol what is a genogram'])(
    'leaves a real question alone: %s',
    (said) => {
      expect(smallTalkAsked(said)).toBeUndefined();
      expect(smallTalk(said)).toBeUndefined();
    },
  );
});
