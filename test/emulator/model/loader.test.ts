// botocore's models, found through the Python that runs moto; its Java patterns, compiled.
import { describe, expect, it } from 'vitest';
import {
  BotocoreNotFoundError,
  findBotocore,
  javaToJs,
  loadServiceModel,
  modelPattern,
  SERVICE_NAMES,
} from '../../../emulator/model/index.js';

describe('the loader', () => {
  it('reads the newest model of every service, once per process', () => {
    for (const service of SERVICE_NAMES) expect(loadServiceModel(service).service).toBe(service);
    expect(loadServiceModel('iam')).toBe(loadServiceModel('iam'));
    expect(loadServiceModel('pinpoint-sms-voice-v2').metadata.apiVersion).toBe('2022-03-31');
  });

  it('says how to install moto when the Python is missing or has no botocore', () => {
    expect(() => findBotocore('/nonexistent/python3')).toThrow(BotocoreNotFoundError);
    expect(() => findBotocore('/nonexistent/python3')).toThrow('pip install "moto[server]==5.2.1"');
    // node runs, but is no Python with botocore: `-c` fails.
    expect(() => findBotocore(process.execPath)).toThrow(
      /botocore is not importable by .*pip install "moto\[server\]==5\.2\.1"/,
    );
  });
});

describe("botocore's Java patterns", () => {
  it('every pattern of every loaded model compiles', () => {
    const patterns = SERVICE_NAMES.flatMap((s) =>
      Object.values(loadServiceModel(s).shapes).flatMap((sh) => sh.pattern ?? []),
    );
    expect(patterns.length).toBeGreaterThan(100);
    for (const pattern of patterns) expect(() => modelPattern(pattern), pattern).not.toThrow();
  });

  it.each([
    // IAM's path: an alternation, anchored as a whole.
    ['(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)', ['/', '/a/b/'], ['/a', 'a/', '//a/ b/']],
    // IAM's tag key: Unicode classes and an escaped hyphen in a class.
    ['[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+', ['Team name:é', 'a-b'], ['a*b', '']],
    // CloudWatch Logs: a hyphen after a class escape is literal in Java.
    ['[\\w-_]*', ['a-b_c', ''], ['a b']],
    // Firehose: `\_` (no meaning in JavaScript's u mode) is an underscore.
    ['[a-zA-Z0-9\\.\\_]+', ['a.b_c'], ['a-b']],
    // `\A` and `\z` are Java's anchors.
    ['\\Aab\\z', ['ab'], ['xab']],
  ])('%s', (pattern, matching, other) => {
    for (const value of matching) expect(modelPattern(pattern).test(value), value).toBe(true);
    for (const value of other) expect(modelPattern(pattern).test(value), value).toBe(false);
  });

  it('keeps escapes JavaScript reads as Java does', () => {
    expect(javaToJs('[\\w+=,.@-]+')).toBe('[\\w+=,.@-]+');
    expect(javaToJs('arn:\\S+')).toBe('arn:\\S+');
  });
});
