/**
 * botocore's `pattern` strings as JavaScript regular expressions that match the WHOLE value.
 *
 * The patterns are Java regular expressions (AWS services validate with java.util.regex),
 * written unanchored; the services match them against the whole value (their errors read
 * "Value 'a b' at 'roleName' failed to satisfy constraint: Member must satisfy regular
 * expression pattern: [\w+=,.@-]+", although "a" alone would match somewhere), so each is
 * anchored here. They are compiled with the `u` flag, which reads `\p{L}` and `\u002F` as
 * Java does, after three rewrites of Java spellings the `u` flag refuses:
 *   - a backslash before punctuation (`\_`, `\-` outside a class, `\:`) -> that character, as `\u{..}`;
 *   - a `-` next to a class escape inside a class (`[\w-_]`: Java reads it literally) -> `\u{2d}`;
 *   - `\A`, `\z`, `\Z` -> `^`, `$`.
 * Not translated (none appear in the models loaded here; a pattern that still does not compile
 * throws ModelPatternError, and a test compiles every pattern of every loaded model):
 * POSIX classes (`\p{Alpha}`), class intersections (`&&`), `\Q...\E`, possessive quantifiers.
 * Java's `\s` is ASCII-only where JavaScript's is Unicode: a Unicode space is accepted here.
 */

export class ModelPatternError extends Error {
  override name = 'ModelPatternError';
}

const CLASS_ESCAPES = 'wdsWDSpP';
const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);
const hexEscape = (c: string) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;

/** The pattern's body in JavaScript `u` syntax (not yet anchored). */
export function javaToJs(pattern: string): string {
  let out = '';
  let inClass = false;
  let afterClassEscape = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    const next = pattern[i + 1] ?? '';
    if (c === '\\') {
      i++;
      afterClassEscape = CLASS_ESCAPES.includes(next);
      if ((next === 'p' || next === 'P') && pattern[i + 1] === '{') {
        const end = pattern.indexOf('}', i);
        out += `\\${pattern.slice(i, end + 1)}`;
        i = end;
      } else if (next === 'A') out += '^';
      else if (next === 'z' || next === 'Z') out += '$';
      else out += isAlnum(next) ? `\\${next}` : hexEscape(next);
      continue;
    }
    const nextIsClassEscape = next === '\\' && CLASS_ESCAPES.includes(pattern[i + 2] ?? '');
    if (inClass && c === '-' && (afterClassEscape || nextIsClassEscape)) out += hexEscape('-');
    else out += c;
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    afterClassEscape = false;
  }
  return out;
}

const compiled = new Map<string, RegExp>();

/** The model's pattern as a RegExp anchored at both ends; cached. Throws ModelPatternError when it cannot compile. */
export function modelPattern(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    try {
      regex = new RegExp(`^(?:${javaToJs(pattern)})$`, 'u');
    } catch (error) {
      throw new ModelPatternError(`botocore pattern ${JSON.stringify(pattern)} does not compile: ${error}`);
    }
    compiled.set(pattern, regex);
  }
  return regex;
}
