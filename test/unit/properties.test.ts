import { beforeEach, describe, expect, it } from 'vitest';
import type * as Properties from '../../src/properties.js';
import type { RawProperties } from '../../src/properties.js';
import { fresh, invalid } from './fixtures.js';

// The module under test, loaded afresh for each test (its accepted names and patterns are top-level): see fresh().
// Its ARN readers are pinned by properties.arns.test.ts.
let booleanProperty: typeof Properties.booleanProperty;
let CLOUDFORMATION_PROPERTIES: typeof Properties.CLOUDFORMATION_PROPERTIES;
let COMMON_PROPERTIES: typeof Properties.COMMON_PROPERTIES;
let optionalString: typeof Properties.optionalString;
let optionalStringList: typeof Properties.optionalStringList;
let rejectUnknown: typeof Properties.rejectUnknown;
let requiredString: typeof Properties.requiredString;
let roleProperties: typeof Properties.roleProperties;
beforeEach(
  async () =>
    ({
      booleanProperty,
      CLOUDFORMATION_PROPERTIES,
      COMMON_PROPERTIES,
      optionalString,
      optionalStringList,
      rejectUnknown,
      requiredString,
      roleProperties,
    } = await fresh(() => import('../../src/properties.js'))),
);

/** A bad value as a reason quotes it: values over 80 characters are clipped (pinned in "keeps reasons short"). */
const _quoted = (value: unknown) =>
  typeof value === 'string' && value.length > 80 ? `${value.slice(0, 77)}...` : value;

describe('rejectUnknown', () => {
  const accepted = ['ApplicationId', 'DestinationStreamArn'];

  it('accepts known names', () => {
    expect(() => rejectUnknown({ ApplicationId: 'a', DestinationStreamArn: 'b' }, accepted)).not.toThrow();
    expect(() => rejectUnknown({}, accepted)).not.toThrow();
  });

  it('ignores ServiceToken and ServiceTimeout (CloudFormation owns them)', () => {
    expect(CLOUDFORMATION_PROPERTIES).toEqual(['ServiceToken', 'ServiceTimeout']);
    expect(() => rejectUnknown({ ServiceToken: 'arn:aws:lambda:x', ApplicationId: 'a' }, accepted)).not.toThrow();
    expect(() => rejectUnknown({ ServiceTimeout: '300', ApplicationId: 'a' }, accepted)).not.toThrow();
    expect(() => rejectUnknown({ ServiceToken: 'arn:aws:lambda:x', ServiceTimeout: '300' }, [])).not.toThrow();
  });

  it('names an unknown property (a typo) and lists the accepted ones', () => {
    const error = invalid(() => rejectUnknown({ DestinationStreamARN: 'x' }, accepted));
    expect(error.property).toBe('DestinationStreamARN');
    expect(error.message).toBe('DestinationStreamARN: unknown property; accepted: ApplicationId, DestinationStreamArn');
  });

  it('names every unknown property (plural), and not the known or CloudFormation ones', () => {
    const error = invalid(() => rejectUnknown({ Foo: 1, ServiceToken: 'x', Bar: 2, ApplicationId: 'a' }, accepted));
    expect(error.property).toBe('Foo, Bar');
    expect(error.message).toBe('Foo, Bar: unknown properties; accepted: ApplicationId, DestinationStreamArn');
  });

  it('a PermissionsBoundary property fails: the boundary is a deployment setting', () => {
    const error = invalid(() => rejectUnknown({ PermissionsBoundary: 'arn:aws:iam::123456789012:policy/b' }, accepted));
    expect(error.property).toBe('PermissionsBoundary');
    expect(error.message).toMatch(/^PermissionsBoundary: /);
    expect(error.message).toContain('once per deployment, not per resource');
    expect(error.message).toContain('PermissionsBoundaryArn parameter');
    expect(error.message).toContain('ROLE_PERMISSIONS_BOUNDARY_ARN');
    expect(error.message).not.toContain('unknown');
  });

  it('PermissionsBoundary fails even when a kind lists it, and even empty, before any unknown name', () => {
    expect(invalid(() => rejectUnknown({ PermissionsBoundary: 'x' }, ['PermissionsBoundary'])).property).toBe(
      'PermissionsBoundary',
    );
    expect(invalid(() => rejectUnknown({ PermissionsBoundary: '' }, accepted)).property).toBe('PermissionsBoundary');
    expect(invalid(() => rejectUnknown({ Typo: 'x', PermissionsBoundary: 'x' }, accepted)).property).toBe(
      'PermissionsBoundary',
    );
  });
});

describe('optionalString / requiredString', () => {
  const raw: RawProperties = { Name: 'abc', Num: 5, Empty: '', Bool: true, Nil: null, List: ['a'], Obj: { a: 1 } };

  it('optionalString: undefined when absent, the value when it matches', () => {
    expect(optionalString(raw, 'Missing', /^\w+$/, 'a word')).toBeUndefined();
    expect(optionalString(raw, 'Name', /^\w+$/, 'a word')).toBe('abc');
  });

  it('names the property, the expected shape and the value on a mismatch', () => {
    const error = invalid(() => optionalString(raw, 'Empty', /^\w+$/, 'a word'));
    expect(error.property).toBe('Empty');
    expect(error.message).toBe('Empty: must be a word, got ""');
    expect(invalid(() => optionalString({ Name: 'a b' }, 'Name', /^\w+$/, 'a word')).message).toBe(
      'Name: must be a word, got "a b"',
    );
  });

  it.each([
    ['Num', 'a number'],
    ['Bool', 'a boolean'],
    ['Nil', 'null'],
    ['List', 'a list'],
    ['Obj', 'a object'],
  ])('rejects a non-string (%s), naming its type', (name, type) => {
    const error = invalid(() => optionalString(raw, name, /./, 'a word'));
    expect(error.property).toBe(name);
    expect(error.message).toBe(`${name}: must be a word, got ${type}`);
  });

  it('keeps reasons short: a value of 80 characters is shown whole, a longer one is clipped to 77 and "..."', () => {
    const at80 = 'z'.repeat(80);
    expect(invalid(() => optionalString({ V: at80 }, 'V', /^a$/, 'a')).message).toBe(`V: must be a, got "${at80}"`);
    const at81 = `${'y'.repeat(77)}xxxx`;
    expect(invalid(() => optionalString({ V: at81 }, 'V', /^a$/, 'a')).message).toBe(
      `V: must be a, got "${'y'.repeat(77)}..."`,
    );
  });

  it('requiredString names a missing property', () => {
    const error = invalid(() => requiredString(raw, 'ApplicationId', /./, 'an id'));
    expect(error.property).toBe('ApplicationId');
    expect(error.message).toBe('ApplicationId: is required');
  });

  it('requiredString returns a matching value and rejects a mismatch with the shape', () => {
    expect(requiredString(raw, 'Name', /^\w+$/, 'a word')).toBe('abc');
    expect(invalid(() => requiredString(raw, 'Empty', /^\w+$/, 'a word')).message).toBe(
      'Empty: must be a word, got ""',
    );
  });
});

describe('booleanProperty', () => {
  it.each([
    ['true', true],
    [true, true],
    ['false', false],
    [false, false],
  ])('reads %j as %s, whatever the fallback', (value, expected) => {
    expect(booleanProperty({ Flag: value }, 'Flag', true)).toBe(expected);
    expect(booleanProperty({ Flag: value }, 'Flag', false)).toBe(expected);
  });

  it('falls back when absent', () => {
    expect(booleanProperty({}, 'Flag', true)).toBe(true);
    expect(booleanProperty({}, 'Flag', false)).toBe(false);
  });

  it.each(['yes', 'TRUE', 'True', 'False', '1', '0', '', ' true'])(
    'rejects the string %j, naming the property and the value',
    (value) => {
      const error = invalid(() => booleanProperty({ ReplaceExistingStream: value }, 'ReplaceExistingStream', false));
      expect(error.property).toBe('ReplaceExistingStream');
      expect(error.message).toBe(`ReplaceExistingStream: must be "true" or "false", got "${value}"`);
    },
  );

  it.each([
    [1, 'a number'],
    [0, 'a number'],
    [null, 'null'],
    [['true'], 'a list'],
  ])('rejects %j, naming its type', (value, type) => {
    expect(invalid(() => booleanProperty({ Enabled: value }, 'Enabled', true)).message).toBe(
      `Enabled: must be "true" or "false", got ${type}`,
    );
  });
});

describe('optionalStringList', () => {
  it('undefined when absent; the distinct strings in order', () => {
    expect(optionalStringList({}, 'L', /^\w+$/, 'names')).toBeUndefined();
    expect(optionalStringList({ L: ['b', 'a'] }, 'L', /^\w+$/, 'names')).toEqual(['b', 'a']);
    expect(optionalStringList({ L: ['one'] }, 'L', /^\w+$/, 'names')).toEqual(['one']);
  });

  it.each([
    ['not a list', 'a', 'Identities: must be a non-empty list of names'],
    ['an empty list', [], 'Identities: must be a non-empty list of names'],
    ['a bad item', ['a', 'b c'], 'Identities: "b c" is not names'],
    ['a non-string item', ['a', 3], 'Identities: a number is not names'],
    ['a null item', [null], 'Identities: null is not names'],
    ['a duplicate', ['a', 'b', 'a'], 'Identities: "a" is listed twice'],
  ])('rejects %s, naming the property', (_label, value, message) => {
    const error = invalid(() => optionalStringList({ Identities: value }, 'Identities', /^\w+$/, 'names'));
    expect(error.property).toBe('Identities');
    expect(error.message).toBe(message);
  });
});

describe('roleProperties', () => {
  it('defaults: no RoleName, path "/", no tags', () => {
    expect(roleProperties({})).toEqual({ roleName: undefined, rolePath: '/', tags: [] });
  });

  it('the common properties are RoleName, RolePath and Tags (no PermissionsBoundary)', () => {
    expect(COMMON_PROPERTIES).toEqual(['RoleName', 'RolePath', 'Tags']);
  });

  it('reads every common property', () => {
    expect(
      roleProperties({
        RoleName: 'my-role+=,.@_',
        RolePath: '/messaging/events/',
        Tags: [{ Key: 'team', Value: 'growth' }],
      }),
    ).toEqual({
      roleName: 'my-role+=,.@_',
      rolePath: '/messaging/events/',
      tags: [{ Key: 'team', Value: 'growth' }],
    });
  });

  it('accepts a RoleName of 1 and of exactly 64 characters, of every allowed character', () => {
    expect(roleProperties({ RoleName: 'r' }).roleName).toBe('r');
    expect(roleProperties({ RoleName: 'r'.repeat(64) }).roleName).toHaveLength(64);
    expect(roleProperties({ RoleName: 'aZ09_+=,.@-' }).roleName).toBe('aZ09_+=,.@-');
  });

  it.each(['', 'a'.repeat(65), 'has space', 'slash/name', 'star*', 'colon:x', '*abc', 'abc*', 5])(
    'rejects RoleName %j',
    (value) => {
      const error = invalid(() => roleProperties({ RoleName: value }));
      expect(error.property).toBe('RoleName');
      expect(error.message).toContain('1-64 characters of letters, digits and +=,.@_-');
    },
  );

  it.each(['/', '/messaging/', '/a/b/c/', '/aZ09_+=,.@-/'])('accepts RolePath %j', (value) => {
    expect(roleProperties({ RolePath: value }).rolePath).toBe(value);
  });

  it.each(['', 'messaging', '/messaging', 'messaging/', '//', '/a//b/', '/a b/', 'x/a/', '/a/x', '/a*/', 7])(
    'rejects RolePath %j',
    (value) => {
      const error = invalid(() => roleProperties({ RolePath: value }));
      expect(error.property).toBe('RolePath');
      expect(error.message).toContain('a path such as "/" or "/messaging/"');
    },
  );

  it.each(['/./', '/../', '/team/../', '/team/./x/', '/../../etc/'])(
    'rejects RolePath %j: no "." or ".." segment',
    (value) => {
      expect(invalid(() => roleProperties({ RolePath: value })).message).toBe(
        `RolePath: must not have a "." or ".." segment, got "${value}"`,
      );
    },
  );

  it.each(['/.a/', '/a./', '/.../', '/a..b/'])(
    'accepts RolePath %j (dots inside a segment are IAM characters)',
    (value) => {
      expect(roleProperties({ RolePath: value }).rolePath).toBe(value);
    },
  );

  it('accepts a RolePath of exactly 512 characters and rejects 513', () => {
    const at512 = `/${'p'.repeat(510)}/`;
    expect(at512).toHaveLength(512);
    expect(roleProperties({ RolePath: at512 }).rolePath).toBe(at512);
    const error = invalid(() => roleProperties({ RolePath: `/${'p'.repeat(511)}/` }));
    expect(error.property).toBe('RolePath');
    expect(error.message).toBe('RolePath: must be at most 512 characters');
  });
});

describe('Tags', () => {
  const tags = (value: unknown) => roleProperties({ Tags: value }).tags;
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));

  it('absent or empty: no tags', () => {
    expect(tags(undefined)).toEqual([]);
    expect(tags([])).toEqual([]);
  });

  it('keeps Key and Value as given (letters of any script, digits, spaces, _.:/=+-@, an empty Value)', () => {
    expect(
      tags([
        { Key: 'cost-center', Value: '1234' },
        { Key: 'Name with spaces', Value: '' },
        { Key: 'ünïcode:/=+-@_.', Value: 'ok 9 _.:/=+-@' },
      ]),
    ).toEqual([
      { Key: 'cost-center', Value: '1234' },
      { Key: 'Name with spaces', Value: '' },
      { Key: 'ünïcode:/=+-@_.', Value: 'ok 9 _.:/=+-@' },
    ]);
  });

  it('accepts keys that only contain a reserved word elsewhere (aws- , my-aws:)', () => {
    expect(
      tags([
        { Key: 'aws-team', Value: 'x' },
        { Key: 'my-aws:x', Value: 'y' },
        { Key: 'pinpoint-event-stream', Value: 'z' },
      ]),
    ).toHaveLength(3);
  });

  it('accepts a 1-character and a 128-character Key, and a 256-character Value', () => {
    expect(tags([{ Key: 'k', Value: 'v' }])).toEqual([{ Key: 'k', Value: 'v' }]);
    expect(tags([{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }])).toEqual([
      { Key: 'k'.repeat(128), Value: 'v'.repeat(256) },
    ]);
  });

  const KEY = 'must be 1-128 letters, digits, spaces or _.:/=+-@';
  const VALUE = 'must be a string of 0-256 letters, digits, spaces or _.:/=+-@';
  const AWS = 'keys starting with "aws:" are reserved';
  const OURS = 'keys starting with "pinpoint-event-stream:" are reserved';
  const one = (Key: unknown, Value: unknown = 'v') => [{ Key, Value }];
  it.each([
    ['not a list', { Key: 'a', Value: 'b' }, 'Tags', 'must be a list of {Key, Value}'],
    ['an item that is not an object', ['a'], 'Tags[0]', 'must be {Key, Value}'],
    ['a null item', [null], 'Tags[0]', 'must be {Key, Value}'],
    ['a list item', [['a', 'b']], 'Tags[0]', 'must be {Key, Value}'],
    ['an extra field', [{ Key: 'a', Value: 'b', Extra: 1 }], 'Tags[0]', 'unknown field Extra; only Key and Value'],
    ['two extra fields', [{ Key: 'a', Value: 'b', Extra: 1, Other: 2 }], 'Tags[0]', 'unknown field Extra, Other; only'],
    ['a missing Key', [{ Value: 'b' }], 'Tags[0].Key', KEY],
    ['a non-string Key', one(5), 'Tags[0].Key', KEY],
    ['an empty Key', one(''), 'Tags[0].Key', KEY],
    ['a 129-character Key', one('k'.repeat(129)), 'Tags[0].Key', KEY],
    ['a Key with bad characters', one('a*b'), 'Tags[0].Key', KEY],
    ['a Key starting with a bad character', one('*ab'), 'Tags[0].Key', KEY],
    ['a Key ending with a bad character', one('ab*'), 'Tags[0].Key', KEY],
    ['a missing Value', [{ Key: 'a' }], 'Tags[0].Value', VALUE],
    ['a 257-character Value', one('a', 'v'.repeat(257)), 'Tags[0].Value', VALUE],
    ['a non-string Value', one('a', 5), 'Tags[0].Value', VALUE],
    ['a Value starting with a bad character', one('a', '*v'), 'Tags[0].Value', VALUE],
    ['a Value ending with a bad character', one('a', 'v*'), 'Tags[0].Value', VALUE],
    ['an aws: key', one('aws:cloudformation:stack-name'), 'Tags[0].Key', AWS],
    ['an AWS: key in upper case', one('AWS:x'), 'Tags[0].Key', AWS],
    ['an Aws: key in mixed case', one('Aws:x'), 'Tags[0].Key', AWS],
    ['our own ownership prefix', one('pinpoint-event-stream:stack-id'), 'Tags[0].Key', OURS],
    ['our deployment tag', one('pinpoint-event-stream:deployment'), 'Tags[0].Key', OURS],
    ['our prefix in another case', one('Pinpoint-Event-Stream:managed-by'), 'Tags[0].Key', OURS],
    ['our prefix in upper case', one('PINPOINT-EVENT-STREAM:X'), 'Tags[0].Key', OURS],
    [
      'a duplicate key',
      [...one('team', 'a'), ...one('team', 'b')],
      'Tags[1].Key',
      '"team" is given twice (IAM tag keys ignore case)',
    ],
    ['a duplicate key differing in case', [...one('team'), ...one('Team')], 'Tags[1].Key', '"Team" is given twice'],
    [
      'a duplicate in upper case first',
      [...one('x', ''), ...one('TEAM'), ...one('team')],
      'Tags[2].Key',
      '"team" is given twice',
    ],
  ])('rejects %s, naming %s', (_label, value, property, message) => {
    const error = invalid(() => tags(value));
    expect(error.property).toBe(property);
    expect(error.message).toContain(message);
  });

  it('names the index of the bad tag', () => {
    expect(
      invalid(() =>
        tags([
          { Key: 'a', Value: 'b' },
          { Key: 'c', Value: 'd' },
          { Key: 'e', Value: 5 },
        ]),
      ).property,
    ).toBe('Tags[2].Value');
  });

  it('allows at most 45 user tags (IAM allows 50; 5 are ours)', () => {
    expect(tags(many(45))).toHaveLength(45);
    const error = invalid(() => tags(many(46)));
    expect(error.property).toBe('Tags');
    expect(error.message).toBe('Tags: at most 45 tags');
  });

  it('returns only Key and Value', () => {
    expect(tags([{ Value: 'v', Key: 'k' }])[0]).toStrictEqual({ Key: 'k', Value: 'v' });
  });
});
