import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import {
  booleanProperty,
  CLOUDFORMATION_PROPERTIES,
  COMMON_PROPERTIES,
  optionalKmsKeyArn,
  optionalString,
  optionalStringList,
  rejectUnknown,
  requiredString,
  roleProperties,
  streamDestination,
  type RawProperties,
} from '../../src/properties.js';
import { BOUNDARY_ARN, CN_STACK_ID, FIREHOSE_ARN, GOV_STACK_ID, KINESIS_ARN, KMS_KEY_ARN, STACK, stackFor } from './fixtures.js';

/** Runs `fn`, expects a ValidationError, returns it. */
function invalid(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError, nothing was thrown');
}

describe('rejectUnknown', () => {
  const accepted = ['ApplicationId', 'DestinationStreamArn'];

  it('accepts known names', () => {
    expect(() => rejectUnknown({ ApplicationId: 'a', DestinationStreamArn: 'b' }, accepted)).not.toThrow();
  });

  it('ignores ServiceToken and ServiceTimeout (CloudFormation owns them)', () => {
    expect(CLOUDFORMATION_PROPERTIES).toEqual(['ServiceToken', 'ServiceTimeout']);
    expect(() => rejectUnknown({ ServiceToken: 'arn:aws:lambda:x', ServiceTimeout: '300', ApplicationId: 'a' }, accepted)).not.toThrow();
  });

  it('names an unknown property (a typo) and lists the accepted ones', () => {
    const error = invalid(() => rejectUnknown({ DestinationStreamARN: 'x' }, accepted));
    expect(error.property).toBe('DestinationStreamARN');
    expect(error.message).toContain('accepted: ApplicationId, DestinationStreamArn');
  });

  it('names every unknown property', () => {
    const error = invalid(() => rejectUnknown({ Foo: 1, Bar: 2, ApplicationId: 'a' }, accepted));
    expect(error.property).toBe('Foo, Bar');
    expect(error.message).toMatch(/unknown properties/);
  });
});

describe('scalar readers', () => {
  const raw: RawProperties = { Name: 'abc', Num: 5, Empty: '', Flag: 'true', Off: 'false', Bool: true, Odd: 'yes', Long: 'z'.repeat(500) };

  it('optionalString: undefined when absent, the value when it matches', () => {
    expect(optionalString(raw, 'Missing', /^\w+$/, 'a word')).toBeUndefined();
    expect(optionalString(raw, 'Name', /^\w+$/, 'a word')).toBe('abc');
  });

  it('optionalString names the property and the expected shape on a mismatch', () => {
    const error = invalid(() => optionalString(raw, 'Empty', /^\w+$/, 'a word'));
    expect(error.property).toBe('Empty');
    expect(error.message).toContain('must be a word');
  });

  it('optionalString rejects non-strings, naming the type', () => {
    const error = invalid(() => optionalString(raw, 'Num', /./, 'a word'));
    expect(error.property).toBe('Num');
    expect(error.message).toContain('a number');
  });

  it('keeps reasons short: a long bad value is clipped', () => {
    const error = invalid(() => optionalString(raw, 'Long', /^a$/, 'a'));
    expect(error.message.length).toBeLessThan(200);
  });

  it('requiredString names a missing property', () => {
    const error = invalid(() => requiredString(raw, 'ApplicationId', /./, 'an id'));
    expect(error.property).toBe('ApplicationId');
    expect(error.message).toContain('is required');
  });

  it('booleanProperty reads "true"/"false" strings and JSON booleans, with a fallback', () => {
    expect(booleanProperty(raw, 'Flag', false)).toBe(true);
    expect(booleanProperty(raw, 'Off', true)).toBe(false);
    expect(booleanProperty(raw, 'Bool', false)).toBe(true);
    expect(booleanProperty(raw, 'Missing', true)).toBe(true);
    expect(booleanProperty(raw, 'Missing', false)).toBe(false);
  });

  it.each(['yes', 'TRUE', '1', 1, null])('booleanProperty rejects %j, naming the property', (value) => {
    const error = invalid(() => booleanProperty({ ReplaceExistingStream: value }, 'ReplaceExistingStream', false));
    expect(error.property).toBe('ReplaceExistingStream');
  });

  it('optionalStringList: distinct strings of the shape', () => {
    expect(optionalStringList({ L: ['a', 'b'] }, 'L', /^\w+$/, 'names')).toEqual(['a', 'b']);
    expect(optionalStringList({}, 'L', /^\w+$/, 'names')).toBeUndefined();
  });

  it.each([
    ['not a list', 'a'],
    ['an empty list', []],
    ['a bad item', ['a', 'b c']],
    ['a non-string item', ['a', 3]],
    ['a duplicate', ['a', 'a']],
  ])('optionalStringList rejects %s, naming the property', (_label, value) => {
    expect(invalid(() => optionalStringList({ Identities: value }, 'Identities', /^\w+$/, 'names')).property).toBe('Identities');
  });
});

describe('roleProperties', () => {
  it('defaults: no RoleName, path "/", no boundary, no tags', () => {
    expect(roleProperties({}, STACK)).toEqual({ roleName: undefined, rolePath: '/', permissionsBoundary: undefined, tags: [] });
  });

  it('reads every common property', () => {
    expect(COMMON_PROPERTIES).toEqual(['RoleName', 'RolePath', 'PermissionsBoundary', 'Tags']);
    expect(
      roleProperties({ RoleName: 'my-role+=,.@_', RolePath: '/messaging/events/', PermissionsBoundary: BOUNDARY_ARN, Tags: [{ Key: 'team', Value: 'growth' }] }, STACK),
    ).toEqual({ roleName: 'my-role+=,.@_', rolePath: '/messaging/events/', permissionsBoundary: BOUNDARY_ARN, tags: [{ Key: 'team', Value: 'growth' }] });
  });

  it.each(['', 'a'.repeat(65), 'has space', 'slash/name', 'star*', 5])('rejects RoleName %j', (value) => {
    expect(invalid(() => roleProperties({ RoleName: value }, STACK)).property).toBe('RoleName');
  });

  it('accepts a 64-character RoleName', () => {
    expect(roleProperties({ RoleName: 'r'.repeat(64) }, STACK).roleName).toHaveLength(64);
  });

  it.each(['messaging', '/messaging', 'messaging/', '//', '/a//b/', '/a b/', `/${'p'.repeat(511)}/`])('rejects RolePath %j', (value) => {
    expect(invalid(() => roleProperties({ RolePath: value }, STACK)).property).toBe('RolePath');
  });

  it.each([
    ['an AWS managed policy', 'arn:aws:iam::aws:policy/PowerUserAccess'],
    ['a customer policy with path', BOUNDARY_ARN],
  ])('accepts PermissionsBoundary %s', (_label, value) => {
    expect(roleProperties({ PermissionsBoundary: value }, STACK).permissionsBoundary).toBe(value);
  });

  it.each([
    ['not an ARN', 'MyBoundary'],
    ['a role ARN', 'arn:aws:iam::123456789012:role/x'],
    ['a wildcard', 'arn:aws:iam::123456789012:policy/*'],
    ['a regional ARN', 'arn:aws:iam:us-east-1:123456789012:policy/x'],
    ['another service', 'arn:aws:s3:::policy/x'],
    ['another partition', 'arn:aws-cn:iam::123456789012:policy/x'],
  ])('rejects PermissionsBoundary that is %s', (_label, value) => {
    expect(invalid(() => roleProperties({ PermissionsBoundary: value }, STACK)).property).toBe('PermissionsBoundary');
  });

  it('accepts a boundary in the stack partition (aws-us-gov)', () => {
    expect(roleProperties({ PermissionsBoundary: 'arn:aws-us-gov:iam::123456789012:policy/b' }, stackFor(GOV_STACK_ID)).permissionsBoundary).toBeDefined();
  });
});

describe('Tags', () => {
  const tags = (value: unknown) => roleProperties({ Tags: value }, STACK).tags;

  it('keeps Key and Value as given', () => {
    expect(tags([{ Key: 'cost-center', Value: '1234' }, { Key: 'Name with spaces', Value: '' }, { Key: 'ünïcode:/=+-@_.', Value: 'ok' }])).toEqual([
      { Key: 'cost-center', Value: '1234' },
      { Key: 'Name with spaces', Value: '' },
      { Key: 'ünïcode:/=+-@_.', Value: 'ok' },
    ]);
  });

  it.each([
    ['not a list', { Key: 'a', Value: 'b' }, 'Tags'],
    ['an item that is not an object', ['a'], 'Tags[0]'],
    ['an item with an extra field', [{ Key: 'a', Value: 'b', Extra: 1 }], 'Tags[0]'],
    ['a missing Key', [{ Value: 'b' }], 'Tags[0].Key'],
    ['an empty Key', [{ Key: '', Value: 'b' }], 'Tags[0].Key'],
    ['a 129-character Key', [{ Key: 'k'.repeat(129), Value: 'b' }], 'Tags[0].Key'],
    ['a Key with bad characters', [{ Key: 'a*b', Value: 'b' }], 'Tags[0].Key'],
    ['a missing Value', [{ Key: 'a' }], 'Tags[0].Value'],
    ['a 257-character Value', [{ Key: 'a', Value: 'v'.repeat(257) }], 'Tags[0].Value'],
    ['a non-string Value', [{ Key: 'a', Value: 5 }], 'Tags[0].Value'],
    ['an aws: key', [{ Key: 'aws:cloudformation:stack-name', Value: 'x' }], 'Tags[0].Key'],
    ['an AWS: key in another case', [{ Key: 'AWS:x', Value: 'x' }], 'Tags[0].Key'],
    ['our own ownership prefix', [{ Key: 'pinpoint-event-stream:stack-id', Value: 'x' }], 'Tags[0].Key'],
    ['our prefix in another case', [{ Key: 'Pinpoint-Event-Stream:managed-by', Value: 'x' }], 'Tags[0].Key'],
    ['a duplicate key', [{ Key: 'team', Value: 'a' }, { Key: 'team', Value: 'b' }], 'Tags[1].Key'],
    ['a duplicate key differing in case', [{ Key: 'team', Value: 'a' }, { Key: 'Team', Value: 'b' }], 'Tags[1].Key'],
  ])('rejects %s, naming %s', (_label, value, property) => {
    expect(invalid(() => tags(value)).property).toBe(property);
  });

  it('reserved prefixes are named in the reason', () => {
    expect(invalid(() => tags([{ Key: 'aws:x', Value: 'x' }])).message).toContain('"aws:"');
    expect(invalid(() => tags([{ Key: 'pinpoint-event-stream:x', Value: 'x' }])).message).toContain('"pinpoint-event-stream:"');
  });

  it('allows at most 46 user tags (IAM allows 50; 4 are ours)', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(tags(many(46))).toHaveLength(46);
    expect(invalid(() => tags(many(47))).property).toBe('Tags');
  });
});

describe('streamDestination', () => {
  const read = (value: unknown, allowed: ('kinesis' | 'firehose')[] = ['kinesis', 'firehose'], stack = STACK) =>
    streamDestination({ DestinationStreamArn: value }, 'DestinationStreamArn', stack, allowed);

  it('reads a Kinesis data stream ARN', () => {
    expect(read(KINESIS_ARN)).toEqual({ kind: 'kinesis', arn: KINESIS_ARN });
  });

  it('reads a Firehose delivery stream ARN', () => {
    expect(read(FIREHOSE_ARN)).toEqual({ kind: 'firehose', arn: FIREHOSE_ARN });
  });

  it('reads stream ARNs in the stack partition (aws-cn, aws-us-gov)', () => {
    expect(read('arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s', ['kinesis'], stackFor(CN_STACK_ID)).kind).toBe('kinesis');
    expect(read('arn:aws-us-gov:firehose:us-gov-west-1:123456789012:deliverystream/d', ['firehose'], stackFor(GOV_STACK_ID)).kind).toBe('firehose');
  });

  it.each([
    ['missing', undefined],
    ['not an ARN', 'my-stream'],
    ['a wildcard stream', 'arn:aws:kinesis:us-east-1:123456789012:stream/*'],
    ['a wildcard prefix', 'arn:aws:kinesis:us-east-1:123456789012:stream/events-*'],
    ['a wildcard delivery stream', 'arn:aws:firehose:us-east-1:123456789012:deliverystream/*'],
    ['a wildcard region', 'arn:aws:kinesis:*:123456789012:stream/s'],
    ['a wildcard account', 'arn:aws:kinesis:us-east-1:*:stream/s'],
    ['no region', 'arn:aws:kinesis::123456789012:stream/s'],
    ['no account', 'arn:aws:kinesis:us-east-1::stream/s'],
    ['a Kinesis consumer', 'arn:aws:kinesis:us-east-1:123456789012:stream/s/consumer/c:1'],
    ['a Kinesis ARN with a Firehose resource', 'arn:aws:kinesis:us-east-1:123456789012:deliverystream/s'],
    ['a Firehose ARN with a Kinesis resource', 'arn:aws:firehose:us-east-1:123456789012:stream/s'],
    ['another service', 'arn:aws:sqs:us-east-1:123456789012:stream/s'],
    ['an S3 bucket', 'arn:aws:s3:::my-bucket'],
    ['a name with a slash', 'arn:aws:kinesis:us-east-1:123456789012:stream/a/b'],
    ['a 129-character stream name', `arn:aws:kinesis:us-east-1:123456789012:stream/${'s'.repeat(129)}`],
    ['a 65-character delivery stream name', `arn:aws:firehose:us-east-1:123456789012:deliverystream/${'d'.repeat(65)}`],
    ['a number', 12],
    ['an Object.prototype name as service', 'arn:aws:constructor:us-east-1:123456789012:stream/s'],
  ])('rejects %s, naming DestinationStreamArn', (_label, value) => {
    const error = invalid(() => read(value));
    expect(error.property).toBe('DestinationStreamArn');
  });

  it('names both accepted shapes when malformed', () => {
    const error = invalid(() => read('arn:aws:kinesis:us-east-1:123456789012:stream/*'));
    expect(error.message).toContain('arn:<partition>:kinesis:<region>:<account>:stream/<name>');
    expect(error.message).toContain('arn:<partition>:firehose:<region>:<account>:deliverystream/<name>');
  });

  it('rejects a Kinesis stream where only Firehose is allowed', () => {
    const error = invalid(() => read(KINESIS_ARN, ['firehose']));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toContain('kinesis streams are not supported here');
  });

  it('rejects a stream outside the stack partition', () => {
    const error = invalid(() => read('arn:aws-cn:kinesis:cn-north-1:123456789012:stream/s'));
    expect(error.property).toBe('DestinationStreamArn');
    expect(error.message).toContain('partition aws-cn');
  });

  it('rejects an aws stream in an aws-us-gov stack', () => {
    expect(invalid(() => read(KINESIS_ARN, ['kinesis'], stackFor(GOV_STACK_ID))).property).toBe('DestinationStreamArn');
  });
});

describe('optionalKmsKeyArn', () => {
  const read = (value: unknown, stack = STACK) => optionalKmsKeyArn({ KmsKeyArn: value }, 'KmsKeyArn', stack);

  it('is undefined when absent', () => {
    expect(optionalKmsKeyArn({}, 'KmsKeyArn', STACK)).toBeUndefined();
  });

  it('reads a key ARN and a multi-region key ARN', () => {
    expect(read(KMS_KEY_ARN)).toBe(KMS_KEY_ARN);
    const mrk = 'arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab';
    expect(read(mrk)).toBe(mrk);
  });

  it.each([
    ['an alias ARN', 'arn:aws:kms:us-east-1:123456789012:alias/my-key'],
    ['a key id', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['an alias name', 'alias/my-key'],
    ['a wildcard key', 'arn:aws:kms:us-east-1:123456789012:key/*'],
    ['a wildcard region', 'arn:aws:kms:*:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['another service', 'arn:aws:kinesis:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['no account', 'arn:aws:kms:us-east-1::key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['another region', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['another partition', 'arn:aws-cn:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
  ])('rejects %s, naming KmsKeyArn', (_label, value) => {
    expect(invalid(() => read(value)).property).toBe('KmsKeyArn');
  });

  it('says an alias is not accepted', () => {
    expect(invalid(() => read('arn:aws:kms:us-east-1:123456789012:alias/my-key')).message).toContain('not an alias');
  });

  it('accepts a key in the stack partition and region (aws-cn)', () => {
    const key = 'arn:aws-cn:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(read(key, stackFor(CN_STACK_ID))).toBe(key);
  });
});
