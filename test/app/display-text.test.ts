import { describe, expect, test } from 'vitest';
import { displayText } from '../../app/display-text.ts';

describe('displayText', () => {
  test('short clean names pass unchanged; white space is tidied', () => {
    expect(displayText('Chill Vibes', 10)).toBe('Chill Vib…');
    expect(displayText('  Chill \t Vibes \n', 20)).toBe('Chill Vibes');
    expect(displayText('Morning', 7)).toBe('Morning');
  });

  test('a cap counts what a person sees: graphemes, never half an emoji', () => {
    expect(displayText('🇫🇷🇩🇪🇮🇹', 2)).toBe('🇫🇷…');
    expect(displayText('e\u0301e\u0301e\u0301', 3)).toBe('e\u0301e\u0301e\u0301');
  });

  test('a huge name is cut after a bounded look, even when its start is all white space', () => {
    expect(displayText(`${' '.repeat(200_000)}tail`, 10)).toBe('…');
    const long = displayText('ab'.repeat(100_000), 5);
    expect(long).toBe('abab…');
  });

  test('bidirectional overrides and isolates vanish; controls become spaces', () => {
    expect(displayText('a\u202Eb\u202Cc\u2067d\u2069', 10)).toBe('abcd');
    expect(displayText('a\u0000b\u009Fc', 10)).toBe('a b c');
  });
});
