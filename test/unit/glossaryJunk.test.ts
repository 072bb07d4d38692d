import { isJunk, isMashedWord } from '../../src/features/glossary/junk';

describe('glossary: text that is no question at all', () => {
  it.each([
    ['x'.repeat(3000)],
    ['asdfghjkl'],
    ['qwertyuiop asdf'],
    ['sdjkfh sdkjfh'],
    ['lkjhg'],
    ['😀😀😀'],
    ['!!!'],
    [`\${bar}`],
    ['<i>{{y}}</i>'],
    ['<script></script>'],
  ])('reads %p as junk', (text) => {
    expect(isJunk(text)).toBe(true);
  });

  it.each([
    ['what is a frobnitz'],
    ['cpp'],
    ['s47'],
    ['4x4x4'],
    ['strengths and safety'],
    ['hello 😀'],
    ['ما هو'],
    ['zażółć'],
    [''],
    ['<b>genogram</b>'],
    [`what is \${safety goal}`],
  ])('reads %p as text someone meant', (text) => {
    expect(isJunk(text)).toBe(false);
  });

  it('needs every word to be mashed: one real word makes it a question', () => {
    expect(isMashedWord('sdjkfh')).toBe(true);
    expect(isJunk('sdjkfh genogram')).toBe(false);
  });
});
