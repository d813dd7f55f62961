import { beforeEach, describe, expect, it } from 'vitest';
import type * as Properties from '../../src/properties.js';
import type { RawProperties, StreamKind } from '../../src/properties.js';
import type { StackContext } from '../../src/stack.js';
import {
  CN_STACK_ID,
  FIREHOSE_ARN,
  fresh,
  GOV_STACK_ID,
  invalid,
  KINESIS_ARN,
  KMS_KEY_ARN,
  LOG_GROUP_ARN,
  stack,
} from './fixtures.js';

// The module under test, loaded afresh for each test: see fresh() in fixtures.ts.
let booleanProperty: typeof Properties.booleanProperty;
let CLOUDFORMATION_PROPERTIES: typeof Properties.CLOUDFORMATION_PROPERTIES;
let COMMON_PROPERTIES: typeof Properties.COMMON_PROPERTIES;
let logGroupArn: typeof Properties.logGroupArn;
let optionalKmsKeyArn: typeof Properties.optionalKmsKeyArn;
let optionalString: typeof Properties.optionalString;
let optionalStringList: typeof Properties.optionalStringList;
let rejectUnknown: typeof Properties.rejectUnknown;
let requiredString: typeof Properties.requiredString;
let roleProperties: typeof Properties.roleProperties;
let streamDestination: typeof Properties.streamDestination;
beforeEach(
  async () =>
    ({
      booleanProperty,
      CLOUDFORMATION_PROPERTIES,
      COMMON_PROPERTIES,
      logGroupArn,
      optionalKmsKeyArn,
      optionalString,
      optionalStringList,
      rejectUnknown,
      requiredString,
      roleProperties,
      streamDestination,
    } = await fresh(() => import('../../src/properties.js'))),
);

/** A bad value as a reason quotes it: values over 80 characters are clipped (pinned in "keeps reasons short"). */
const quoted = (value: unknown) =>
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

  it.each([
    ['not a list', { Key: 'a', Value: 'b' }, 'Tags', 'must be a list of {Key, Value}'],
    ['an item that is not an object', ['a'], 'Tags[0]', 'must be {Key, Value}'],
    ['a null item', [null], 'Tags[0]', 'must be {Key, Value}'],
    ['a list item', [['a', 'b']], 'Tags[0]', 'must be {Key, Value}'],
    [
      'an item with an extra field',
      [{ Key: 'a', Value: 'b', Extra: 1 }],
      'Tags[0]',
      'unknown field Extra; only Key and Value',
    ],
    [
      'an item with two extra fields',
      [{ Key: 'a', Value: 'b', Extra: 1, Other: 2 }],
      'Tags[0]',
      'unknown field Extra, Other; only Key and Value',
    ],
    ['a missing Key', [{ Value: 'b' }], 'Tags[0].Key', 'must be 1-128 letters, digits, spaces or _.:/=+-@'],
    ['a non-string Key', [{ Key: 5, Value: 'b' }], 'Tags[0].Key', 'must be 1-128'],
    ['an empty Key', [{ Key: '', Value: 'b' }], 'Tags[0].Key', 'must be 1-128'],
    ['a 129-character Key', [{ Key: 'k'.repeat(129), Value: 'b' }], 'Tags[0].Key', 'must be 1-128'],
    ['a Key with bad characters', [{ Key: 'a*b', Value: 'b' }], 'Tags[0].Key', 'must be 1-128'],
    ['a Key starting with a bad character', [{ Key: '*ab', Value: 'b' }], 'Tags[0].Key', 'must be 1-128'],
    ['a Key ending with a bad character', [{ Key: 'ab*', Value: 'b' }], 'Tags[0].Key', 'must be 1-128'],
    [
      'a missing Value',
      [{ Key: 'a' }],
      'Tags[0].Value',
      'must be a string of 0-256 letters, digits, spaces or _.:/=+-@',
    ],
    ['a 257-character Value', [{ Key: 'a', Value: 'v'.repeat(257) }], 'Tags[0].Value', 'must be a string of 0-256'],
    ['a non-string Value', [{ Key: 'a', Value: 5 }], 'Tags[0].Value', 'must be a string of 0-256'],
    [
      'a Value starting with a bad character',
      [{ Key: 'a', Value: '*v' }],
      'Tags[0].Value',
      'must be a string of 0-256',
    ],
    ['a Value ending with a bad character', [{ Key: 'a', Value: 'v*' }], 'Tags[0].Value', 'must be a string of 0-256'],
    [
      'an aws: key',
      [{ Key: 'aws:cloudformation:stack-name', Value: 'x' }],
      'Tags[0].Key',
      'keys starting with "aws:" are reserved',
    ],
    [
      'an AWS: key in upper case',
      [{ Key: 'AWS:x', Value: 'x' }],
      'Tags[0].Key',
      'keys starting with "aws:" are reserved',
    ],
    [
      'an Aws: key in mixed case',
      [{ Key: 'Aws:x', Value: 'x' }],
      'Tags[0].Key',
      'keys starting with "aws:" are reserved',
    ],
    [
      'our own ownership prefix',
      [{ Key: 'pinpoint-event-stream:stack-id', Value: 'x' }],
      'Tags[0].Key',
      'keys starting with "pinpoint-event-stream:" are reserved',
    ],
    [
      'our prefix in another case',
      [{ Key: 'Pinpoint-Event-Stream:managed-by', Value: 'x' }],
      'Tags[0].Key',
      'keys starting with "pinpoint-event-stream:" are reserved',
    ],
    [
      'our prefix in upper case',
      [{ Key: 'PINPOINT-EVENT-STREAM:X', Value: 'x' }],
      'Tags[0].Key',
      '"pinpoint-event-stream:" are reserved',
    ],
    [
      'a duplicate key',
      [
        { Key: 'team', Value: 'a' },
        { Key: 'team', Value: 'b' },
      ],
      'Tags[1].Key',
      '"team" is given twice (IAM tag keys ignore case)',
    ],
    [
      'a duplicate key differing in case',
      [
        { Key: 'team', Value: 'a' },
        { Key: 'Team', Value: 'b' },
      ],
      'Tags[1].Key',
      '"Team" is given twice (IAM tag keys ignore case)',
    ],
    [
      'a duplicate in upper case first',
      [
        { Key: 'x', Value: '' },
        { Key: 'TEAM', Value: 'a' },
        { Key: 'team', Value: 'b' },
      ],
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

  it('allows at most 46 user tags (IAM allows 50; 4 are ours)', () => {
    expect(tags(many(46))).toHaveLength(46);
    const error = invalid(() => tags(many(47)));
    expect(error.property).toBe('Tags');
    expect(error.message).toBe('Tags: at most 46 tags');
  });

  it('returns only Key and Value', () => {
    expect(tags([{ Value: 'v', Key: 'k' }])[0]).toStrictEqual({ Key: 'k', Value: 'v' });
  });
});

describe('streamDestination', () => {
  const read = (
    value: unknown,
    allowed: StreamKind[] = ['kinesis', 'firehose'],
    on: StackContext = stack(),
    whyOnly?: string,
  ) => streamDestination({ DestinationStreamArn: value }, 'DestinationStreamArn', on, allowed, whyOnly);
  const BOTH_SHAPES =
    'arn:<partition>:kinesis:<region>:<account>:stream/<name> or arn:<partition>:firehose:<region>:<account>:deliverystream/<name>';

  it('reads a Kinesis data stream ARN', () => {
    expect(read(KINESIS_ARN)).toEqual({ kind: 'kinesis', arn: KINESIS_ARN });
  });

  it('reads a Firehose delivery stream ARN', () => {
    expect(read(FIREHOSE_ARN)).toEqual({ kind: 'firehose', arn: FIREHOSE_ARN });
  });

  it('reads stream ARNs in the stack partition (aws-cn, aws-us-gov)', () => {
    expect(read('arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s', ['kinesis'], stack(CN_STACK_ID))).toEqual({
      kind: 'kinesis',
      arn: 'arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s',
    });
    expect(
      read('arn:aws-us-gov:firehose:us-gov-west-1:123456789012:deliverystream/d', ['firehose'], stack(GOV_STACK_ID))
        .kind,
    ).toBe('firehose');
  });

  it('accepts a stream in another Region of the same partition and account', () => {
    expect(read('arn:aws:kinesis:eu-west-1:123456789012:stream/s').arn).toBe(
      'arn:aws:kinesis:eu-west-1:123456789012:stream/s',
    );
  });

  it('accepts every allowed name character and the longest names (128 for Kinesis, 64 for Firehose)', () => {
    expect(read('arn:aws:kinesis:us-east-1:123456789012:stream/aZ09_.-').kind).toBe('kinesis');
    expect(read(`arn:aws:kinesis:us-east-1:123456789012:stream/${'s'.repeat(128)}`).kind).toBe('kinesis');
    expect(read(`arn:aws:firehose:us-east-1:123456789012:deliverystream/${'d'.repeat(64)}`).kind).toBe('firehose');
    expect(read('arn:aws:firehose:us-east-1:123456789012:deliverystream/aZ09_.-').kind).toBe('firehose');
  });

  it.each([
    ['a wildcard stream', 'arn:aws:kinesis:us-east-1:123456789012:stream/*'],
    ['a wildcard prefix', 'arn:aws:kinesis:us-east-1:123456789012:stream/events-*'],
    ['a wildcard delivery stream', 'arn:aws:firehose:us-east-1:123456789012:deliverystream/*'],
    ['a wildcard region', 'arn:aws:kinesis:*:123456789012:stream/s'],
    ['a wildcard account', 'arn:aws:kinesis:us-east-1:*:stream/s'],
    ['no region', 'arn:aws:kinesis::123456789012:stream/s'],
    ['a malformed region', 'arn:aws:kinesis:useast1:123456789012:stream/s'],
    ['a region with a prefix', 'arn:aws:kinesis:xus-east-1:123456789012:stream/s'],
    ['a region with a suffix', 'arn:aws:kinesis:us-east-1a:123456789012:stream/s'],
    ['no account', 'arn:aws:kinesis:us-east-1::stream/s'],
    ['the account "aws"', 'arn:aws:kinesis:us-east-1:aws:stream/s'],
    ['a short account', 'arn:aws:kinesis:us-east-1:12345678901:stream/s'],
    ['a Kinesis consumer', 'arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1'],
    ['a Kinesis ARN with a Firehose resource', 'arn:aws:kinesis:us-east-1:123456789012:deliverystream/s'],
    ['a Firehose ARN with a Kinesis resource', 'arn:aws:firehose:us-east-1:123456789012:stream/s'],
    ['a resource with a prefix', 'arn:aws:kinesis:us-east-1:123456789012:xstream/s'],
    ['a delivery stream with a prefix', 'arn:aws:firehose:us-east-1:123456789012:xdeliverystream/s'],
    ['a stream name with a suffix', 'arn:aws:kinesis:us-east-1:123456789012:stream/s '],
    ['a delivery stream name with a suffix', 'arn:aws:firehose:us-east-1:123456789012:deliverystream/d/x'],
    ['an empty stream name', 'arn:aws:kinesis:us-east-1:123456789012:stream/'],
    ['an empty delivery stream name', 'arn:aws:firehose:us-east-1:123456789012:deliverystream/'],
    ['another service', 'arn:aws:sqs:us-east-1:123456789012:stream/s'],
    ['an S3 bucket', 'arn:aws:s3:::my-bucket'],
    ['a name with a slash', 'arn:aws:kinesis:us-east-1:123456789012:stream/a/b'],
    ['a 129-character stream name', `arn:aws:kinesis:us-east-1:123456789012:stream/${'s'.repeat(129)}`],
    ['a 65-character delivery stream name', `arn:aws:firehose:us-east-1:123456789012:deliverystream/${'d'.repeat(65)}`],
    ['an Object.prototype name as service', 'arn:aws:constructor:us-east-1:123456789012:stream/s'],
  ])('rejects %s, naming DestinationStreamArn and both accepted shapes', (_label, value) => {
    const error = invalid(() => read(value));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe(`DestinationStreamArn: must be ${BOTH_SHAPES}, got "${quoted(value)}"`);
  });

  it.each([
    ['missing', undefined, 'DestinationStreamArn: is required'],
    ['a number', 12, 'DestinationStreamArn: must be a stream ARN, got a number'],
    ['not an ARN', 'my-stream', 'DestinationStreamArn: must be a stream ARN, got "my-stream"'],
    ['an ARN with a prefix', ` ${KINESIS_ARN}`, `DestinationStreamArn: must be a stream ARN, got " ${KINESIS_ARN}"`],
    [
      'an ARN inside a longer string',
      `x${FIREHOSE_ARN}`,
      `DestinationStreamArn: must be a stream ARN, got "x${FIREHOSE_ARN}"`,
    ],
  ])('rejects %s', (_label, value, message) => {
    expect(invalid(() => read(value)).message).toBe(message);
  });

  it.each([
    ['a Kinesis ARN', KINESIS_ARN],
    ['a Firehose ARN', FIREHOSE_ARN],
  ])('rejects %s followed by a new line and more text (the whole value is the ARN)', (_label, arn) => {
    const value = `${arn}\n*`;
    expect(invalid(() => read(value)).message).toBe(`DestinationStreamArn: must be ${BOTH_SHAPES}, got "${value}"`);
  });

  it('names only the Firehose shape when only Firehose is allowed', () => {
    const error = invalid(() => read('arn:aws:firehose:us-east-1:123456789012:deliverystream/*', ['firehose']));
    expect(error.message).toBe(
      'DestinationStreamArn: must be arn:<partition>:firehose:<region>:<account>:deliverystream/<name>, got "arn:aws:firehose:us-east-1:123456789012:deliverystream/*"',
    );
  });

  it('rejects a Kinesis stream where only Firehose is allowed, with the reason given', () => {
    const error = invalid(() => read(KINESIS_ARN, ['firehose'], stack(), ' (Firehose only here)'));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe(
      'DestinationStreamArn: kinesis streams are not supported here (Firehose only here); must be arn:<partition>:firehose:<region>:<account>:deliverystream/<name>',
    );
  });

  it('rejects a Firehose stream where only Kinesis is allowed', () => {
    expect(invalid(() => read(FIREHOSE_ARN, ['kinesis'])).message).toBe(
      'DestinationStreamArn: firehose streams are not supported here; must be arn:<partition>:kinesis:<region>:<account>:stream/<name>',
    );
  });

  it('rejects a stream outside the stack partition, naming both partitions', () => {
    const error = invalid(() => read('arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s'));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe('DestinationStreamArn: is in partition aws-cn, the stack is in aws');
  });

  it('rejects an aws stream in an aws-us-gov stack', () => {
    expect(invalid(() => read(KINESIS_ARN, ['kinesis'], stack(GOV_STACK_ID))).message).toBe(
      'DestinationStreamArn: is in partition aws, the stack is in aws-us-gov',
    );
  });

  it("rejects a stream in another account, naming the property and the stack's account", () => {
    const error = invalid(() => read('arn:aws:firehose:us-east-1:210987654321:deliverystream/d'));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toBe(
      "DestinationStreamArn: is in account 210987654321; it must be in the stack's account 123456789012",
    );
  });

  it('names the property it reads', () => {
    expect(invalid(() => streamDestination({ Other: 'x' }, 'Other', stack(), ['kinesis'])).property).toBe('Other');
  });
});

describe('logGroupArn', () => {
  const read = (value: unknown, on: StackContext = stack()) => logGroupArn({ LogGroupArn: value }, 'LogGroupArn', on);
  const SHAPE = 'must be arn:<partition>:logs:<region>:<account>:log-group:<name>';

  it('reads a log group ARN', () => {
    expect(read(LOG_GROUP_ARN)).toBe(LOG_GROUP_ARN);
  });

  it('accepts a trailing ":*" and strips it', () => {
    expect(read(`${LOG_GROUP_ARN}:*`)).toBe(LOG_GROUP_ARN);
  });

  it('accepts every name character CloudWatch Logs allows, and a 512-character name', () => {
    expect(read('arn:aws:logs:us-east-1:123456789012:log-group:aZ09._-/#')).toBe(
      'arn:aws:logs:us-east-1:123456789012:log-group:aZ09._-/#',
    );
    const long = `arn:aws:logs:us-east-1:123456789012:log-group:${'g'.repeat(512)}`;
    expect(read(long)).toBe(long);
    expect(read(`${long}:*`)).toBe(long);
  });

  it('reads a log group in the stack partition (aws-us-gov) and in another Region', () => {
    expect(read('arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:g:*', stack(GOV_STACK_ID))).toBe(
      'arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:g',
    );
    expect(read('arn:aws:logs:eu-west-1:123456789012:log-group:g')).toBe(
      'arn:aws:logs:eu-west-1:123456789012:log-group:g',
    );
  });

  it.each([
    ['a 513-character name', `arn:aws:logs:us-east-1:123456789012:log-group:${'g'.repeat(513)}`],
    ['an empty name', 'arn:aws:logs:us-east-1:123456789012:log-group:'],
    ['an empty name with :*', 'arn:aws:logs:us-east-1:123456789012:log-group::*'],
    ['a wildcard name', 'arn:aws:logs:us-east-1:123456789012:log-group:*'],
    ['a name with a wildcard', 'arn:aws:logs:us-east-1:123456789012:log-group:g*'],
    ['a name with a space', 'arn:aws:logs:us-east-1:123456789012:log-group:a b'],
    ['a name with a colon', 'arn:aws:logs:us-east-1:123456789012:log-group:a:b'],
    ['a log stream', 'arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s'],
    ['a trailing ":"', 'arn:aws:logs:us-east-1:123456789012:log-group:g:'],
    ['something after ":*"', 'arn:aws:logs:us-east-1:123456789012:log-group:g:*x'],
    ['a resource with a prefix', 'arn:aws:logs:us-east-1:123456789012:xlog-group:g'],
    ['no log-group prefix', 'arn:aws:logs:us-east-1:123456789012:g'],
    ['a destination', 'arn:aws:logs:us-east-1:123456789012:destination:d'],
    ['another service', 'arn:aws:firehose:us-east-1:123456789012:log-group:g'],
    ['no region', 'arn:aws:logs::123456789012:log-group:g'],
    ['a malformed region', 'arn:aws:logs:useast1:123456789012:log-group:g'],
    ['the account "aws"', 'arn:aws:logs:us-east-1:aws:log-group:g'],
    ['no account', 'arn:aws:logs:us-east-1::log-group:g'],
    ['a new line and more text', 'arn:aws:logs:us-east-1:123456789012:log-group:g\n*'],
  ])('rejects %s, naming LogGroupArn and the shape', (_label, value) => {
    const error = invalid(() => read(value));
    expect(error.property).toBe('LogGroupArn');
    expect(error.message).toBe(`LogGroupArn: ${SHAPE}, got "${quoted(value)}"`);
  });

  it.each([
    ['missing', undefined, 'LogGroupArn: is required'],
    ['a number', 5, 'LogGroupArn: must be a log group ARN, got a number'],
    ['an ARN with a prefix', ` ${LOG_GROUP_ARN}`, `LogGroupArn: must be a log group ARN, got " ${LOG_GROUP_ARN}"`],
  ])('rejects %s', (_label, value, message) => {
    expect(invalid(() => read(value)).message).toBe(message);
  });

  it('rejects a log group in another account, naming LogGroupArn', () => {
    const error = invalid(() => read('arn:aws:logs:us-east-1:210987654321:log-group:g'));
    expect(error.property).toBe('LogGroupArn');
    expect(error.message).toBe(
      "LogGroupArn: is in account 210987654321; it must be in the stack's account 123456789012",
    );
  });

  it('rejects a log group in another partition, naming LogGroupArn', () => {
    const error = invalid(() => read('arn:aws-cn:logs:cn-north-1:123456789012:log-group:g'));
    expect(error.property).toBe('LogGroupArn');
    expect(error.message).toBe('LogGroupArn: is in partition aws-cn, the stack is in aws');
  });
});

describe('optionalKmsKeyArn', () => {
  const read = (value: unknown, on: StackContext = stack()) => optionalKmsKeyArn({ KmsKeyArn: value }, 'KmsKeyArn', on);
  const SHAPE = 'must be arn:<partition>:kms:<region>:<account>:key/<key-id> (not an alias)';

  it('is undefined when absent', () => {
    expect(optionalKmsKeyArn({}, 'KmsKeyArn', stack())).toBeUndefined();
  });

  it('reads a key ARN and a multi-Region key ARN', () => {
    expect(read(KMS_KEY_ARN)).toBe(KMS_KEY_ARN);
    const mrk = 'arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab';
    expect(read(mrk)).toBe(mrk);
  });

  it.each([
    ['an alias ARN', 'arn:aws:kms:us-east-1:123456789012:alias/my-key'],
    ['a wildcard key', 'arn:aws:kms:us-east-1:123456789012:key/*'],
    ['a key id with a suffix', `${KMS_KEY_ARN}x`],
    ['a key id with a prefix', 'arn:aws:kms:us-east-1:123456789012:key/x1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['a resource with a prefix', 'arn:aws:kms:us-east-1:123456789012:xkey/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['a short last group', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890a'],
    ['a long last group', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890abc'],
    ['a short first group', 'arn:aws:kms:us-east-1:123456789012:key/234abcd-12ab-34cd-56ef-1234567890ab'],
    ['a non-hex key id', 'arn:aws:kms:us-east-1:123456789012:key/1234abcg-12ab-34cd-56ef-1234567890ab'],
    ['a short mrk id', 'arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890a'],
    ['a long mrk id', 'arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890abc'],
    ['a mrk id with a suffix', 'arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890abx'],
    ['another service', 'arn:aws:kinesis:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['no account', 'arn:aws:kms:us-east-1::key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['the account "aws"', 'arn:aws:kms:us-east-1:aws:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['a new line and more text', `${KMS_KEY_ARN}\n*`],
  ])('rejects %s, naming KmsKeyArn and the shape', (_label, value) => {
    const error = invalid(() => read(value));
    expect(error.property).toBe('KmsKeyArn');
    expect(error.message).toBe(`KmsKeyArn: ${SHAPE}, got "${quoted(value)}"`);
  });

  it.each([
    ['a key id', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['an alias name', 'alias/my-key'],
    ['an ARN with a prefix', ` ${KMS_KEY_ARN}`],
  ])('rejects %s (not an ARN)', (_label, value) => {
    expect(invalid(() => read(value)).message).toBe(`KmsKeyArn: must be a KMS key ARN, got "${value}"`);
  });

  it.each([
    ['another region', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['no region', 'arn:aws:kms::123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['another partition', 'arn:aws-cn:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['another account', 'arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
  ])("rejects a key in %s, naming the stack's partition, region and account", (_label, value) => {
    const error = invalid(() => read(value));
    expect(error.property).toBe('KmsKeyArn');
    expect(error.message).toBe(
      "KmsKeyArn: must be in the stack's partition, region and account (aws, us-east-1, 123456789012)",
    );
  });

  it('accepts a key in the stack partition and region (aws-cn)', () => {
    const key = 'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(read(key, stack(CN_STACK_ID))).toBe(key);
  });
});
