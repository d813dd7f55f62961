// The BUILT bundle against forged and hostile input: the contract's "Security" section (and the
// Delete rules that keep a stack from getting stuck), for every kind where a rule applies, each
// case asserting the real state read back from moto and the gateway's stand-ins.
//
// "Nothing changed" is proven three ways: the function's own calls (gateway.authz(): only the
// CloudFormation reads), no role of the test's stack anywhere under the managed path, and the
// event stream / event destinations exactly as they were.

import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetPolicyCommand,
  ListEntitiesForPolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, type Json, type Played, roleNameOf, seedHelpers, startHarness } from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';
import {
  eventFor,
  expectOneAnswer,
  freshStack,
  type Kind,
  kinds,
  rolesNamed as rolesNamedIn,
} from './support/kinds.js';

const { readRole, readEventStream, putForeignEventStream, ACCOUNT } = seedHelpers;
const MANAGED_PATH = '/pinpoint-event-stream/us-east-1/';
const OTHER_ACCOUNT = '210987654321';
const END_OF_SUPPORT =
  'Pinpoint event streams reached end of support on 2026-10-30; use the SES event destination (ConfigurationSetName) or Custom::SmsVoiceEventDestination';
const CLOUDFORMATION_READS = new Set(['cloudformation:DescribeStackResource', 'cloudformation:DescribeStacks']);
const SPY = fileURLToPath(new URL('./support/outbound-spy.mjs', import.meta.url));

let h: Harness;
let streams: Json;
let world: Json;

beforeAll(async () => {
  h = await startHarness();
  streams = await h.seed();
});
afterAll(async () => h?.close());
beforeEach(async () => {
  h.gateway.reset();
  h.responses.behaviour.failNext = 0;
  h.responses.behaviour.hangNext = 0;
  world = await h.seed({
    streams: { KinesisStreamArn: streams.KinesisStreamArn, FirehoseStreamArn: streams.FirehoseStreamArn },
  });
});

const {
  pinpoint,
  ses,
  sms,
  sendingRole,
  all: KINDS,
  withTarget: WITH_TARGET,
} = kinds(
  () => h,
  () => world,
);

// ---- Helpers ------------------------------------------------------------------------------

const rolesNamed = (prefix: string) => rolesNamedIn(h, prefix);

/** The function's calls (IAM-action form) since `mark` (an index into gateway.authz()). */
const callsSince = (mark = 0) =>
  h.gateway
    .authz()
    .slice(mark)
    .map((r) => r.action);

/** A legitimate Create (registered with the CloudFormation stand-in), answered SUCCESS. */
async function legitCreate(kind: Kind, stackId: string, properties: Json = kind.props()) {
  const played = await h.play(eventFor(kind, 'Create', stackId, { ResourceProperties: properties }));
  expectOneAnswer(played, 'SUCCESS');
  return played.response;
}

/** The role and the target as they are now, for "nothing changed". */
async function snapshot(kind: Kind, roleArn?: string) {
  return { role: roleArn ? await readRole(h.direct, roleNameOf(roleArn)) : undefined, target: await kind.target() };
}

const ownershipTags = (stackId: string, logicalId: string) => [
  { Key: 'pinpoint-event-stream:managed-by', Value: 'Custom::PinpointEventStream' },
  { Key: 'pinpoint-event-stream:stack-id', Value: stackId },
  { Key: 'pinpoint-event-stream:logical-id', Value: logicalId },
  { Key: 'pinpoint-event-stream:binding', Value: '0123456789abcdef' },
];

/** A role made by hand straight in moto (no gateway, no propagation delay), with our ownership tags and policy name. */
async function handMadeRole(path: string, stackId: string, logicalId: string): Promise<string> {
  const name = `hand-${randomUUID().slice(0, 8)}`;
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  const { Role } = await h.direct.iam.send(
    new CreateRoleCommand({
      RoleName: name,
      Path: path,
      AssumeRolePolicyDocument: JSON.stringify(trust),
      Tags: ownershipTags(stackId, logicalId),
    }),
  );
  const permissions = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['kinesis:PutRecords', 'kinesis:DescribeStream'], Resource: world.KinesisStreamArn },
    ],
  };
  await h.direct.iam.send(
    new PutRolePolicyCommand({
      RoleName: name,
      PolicyName: 'pinpoint-event-stream',
      PolicyDocument: JSON.stringify(permissions),
    }),
  );
  return Role!.Arn!;
}

async function deleteRoleByHand(name: string): Promise<void> {
  await h.direct.iam
    .send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'pinpoint-event-stream' }))
    .catch(() => undefined);
  await h.direct.iam.send(new DeleteRoleCommand({ RoleName: name })).catch(() => undefined);
}

const warnings = (played: Played) => played.invocation.logs.filter((l: Json) => l.level === 'WARN');

// ---- Forged events -------------------------------------------------------------------------

interface Refusal {
  readonly label: string;
  /** Makes CloudFormation (the stand-in) say what it says of a forged event's stack and resource. */
  arrange(stackId: string, kind: Kind): void;
  readonly why: (kind: Kind) => RegExp;
}

const REFUSALS: Record<string, Refusal> = {
  noStack: {
    label: 'stack does not exist',
    arrange: (stackId) => h.gateway.cloudformation.removeStack(stackId),
    why: () => /does not exist in this account and Region/,
  },
  idle: {
    label: 'logical id is not in its stack, which is idle',
    arrange: (stackId, kind) => {
      h.gateway.cloudformation.putStack(stackId, { status: 'UPDATE_COMPLETE' });
      h.gateway.cloudformation.removeResource(stackId, kind.logicalId);
    },
    why: (kind) => new RegExp(`has no resource ${kind.logicalId} and no operation under way \\(UPDATE_COMPLETE\\)`),
  },
  otherType: {
    label: 'stack resource has another type (while the stack is busy)',
    arrange: (stackId, kind) => {
      h.gateway.cloudformation.putStack(stackId, { status: 'UPDATE_IN_PROGRESS' });
      h.gateway.cloudformation.putResource(stackId, kind.logicalId, 'AWS::IAM::Role', { status: 'UPDATE_COMPLETE' });
    },
    why: (kind) => new RegExp(`stack resource ${kind.logicalId} is a AWS::IAM::Role, not a ${kind.type}`),
  },
  deletedStack: {
    label: 'stack was deleted (an event replayed from it)',
    arrange: (stackId, kind) => {
      h.gateway.cloudformation.putStack(stackId, { status: 'DELETE_COMPLETE' });
      h.gateway.cloudformation.putResource(stackId, kind.logicalId, kind.type, { status: 'DELETE_COMPLETE' });
    },
    why: () => /no operation under way \(DELETE_COMPLETE\)/,
  },
};

describe('in this account and Region', () => {
  describe('forged events', () => {
    const createCases = KINDS.flatMap((kind) =>
      Object.values(REFUSALS).map((refusal) => [kind.label, refusal.label, kind, refusal] as const),
    );

    it.each(createCases)('%s: a Create whose %s is FAILED and changes nothing', async (_k, _r, kind, refusal) => {
      const { stackId, stackName } = freshStack();
      refusal.arrange(stackId, kind);
      const before = await kind.target();
      const played = await h.play(eventFor(kind, 'Create', stackId), { register: false });
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toMatch(/^event refused, nothing was changed: /);
      expect(played.response.Reason).toMatch(refusal.why(kind));
      expect(
        callsSince().every((a) => CLOUDFORMATION_READS.has(a)),
        callsSince().join(', '),
      ).toBe(true);
      expect(callsSince()).toContain('cloudformation:DescribeStackResource');
      expect(await rolesNamed(`${stackName}-`)).toEqual([]);
      expect(await kind.target()).toEqual(before);
    });

    const updateCases = [
      ...KINDS.map((kind) => [kind.label, REFUSALS.noStack!.label, kind, REFUSALS.noStack!] as const),
      ...[REFUSALS.idle!, REFUSALS.otherType!, REFUSALS.deletedStack!].map(
        (refusal) => [pinpoint.label, refusal.label, pinpoint, refusal] as const,
      ),
    ];

    it.each(updateCases)(
      '%s: an Update of a real role of ours whose %s is FAILED and leaves role and target as they were',
      async (_k, _r, kind, refusal) => {
        const { stackId } = freshStack();
        const created = await legitCreate(kind, stackId);
        const before = await snapshot(kind, created.PhysicalResourceId);
        refusal.arrange(stackId, kind);
        const mark = h.gateway.authz().length;
        const played = await h.play(
          eventFor(kind, 'Update', stackId, {
            PhysicalResourceId: created.PhysicalResourceId,
            ResourceProperties: kind.changed(),
            OldResourceProperties: kind.props(),
          }),
          { register: false },
        );
        expectOneAnswer(played, 'FAILED');
        expect(played.response.Reason).toMatch(/^event refused, nothing was changed: /);
        expect(played.response.PhysicalResourceId).toBe(created.PhysicalResourceId);
        expect(
          callsSince(mark).every((a) => CLOUDFORMATION_READS.has(a)),
          callsSince(mark).join(', '),
        ).toBe(true);
        expect(await snapshot(kind, created.PhysicalResourceId)).toEqual(before);
      },
    );

    const deleteCases = [
      ...KINDS.map((kind) => [kind.label, REFUSALS.noStack!.label, kind, REFUSALS.noStack!] as const),
      ...[REFUSALS.idle!, REFUSALS.otherType!, REFUSALS.deletedStack!].map(
        (refusal) => [pinpoint.label, refusal.label, pinpoint, refusal] as const,
      ),
    ];

    it.each(deleteCases)(
      '%s: a Delete of a real role of ours whose %s is SUCCESS and touches nothing',
      async (_k, _r, kind, refusal) => {
        const { stackId } = freshStack();
        const created = await legitCreate(kind, stackId);
        const before = await snapshot(kind, created.PhysicalResourceId);
        expect(before.role).toBeDefined();
        if (kind.hasTarget) expect(await kind.targetRole()).toBe(created.PhysicalResourceId);
        refusal.arrange(stackId, kind);
        const mark = h.gateway.authz().length;
        const played = await h.play(
          eventFor(kind, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
          { register: false },
        );
        expectOneAnswer(played, 'SUCCESS');
        expect(played.response.PhysicalResourceId).toBe(created.PhysicalResourceId);
        expect(
          callsSince(mark).every((a) => CLOUDFORMATION_READS.has(a)),
          callsSince(mark).join(', '),
        ).toBe(true);
        expect(await snapshot(kind, created.PhysicalResourceId)).toEqual(before);
        expect(warnings(played).map((l: Json) => l.message)).toContain(
          'event refused: not from a stack operation of this account and Region; nothing is touched',
        );
      },
    );

    it.each(KINDS.map((k) => [k.label, k] as const))(
      '%s: a Create for a resource CloudFormation does not describe, while the stack has an operation under way, is verified',
      async (_k, kind) => {
        const { stackId } = freshStack();
        h.gateway.cloudformation.putStack(stackId, { status: 'UPDATE_IN_PROGRESS' });
        const played = await h.play(eventFor(kind, 'Create', stackId), { register: false });
        expectOneAnswer(played, 'SUCCESS');
        expect(callsSince()).toContain('cloudformation:DescribeStacks');
        const role = await readRole(h.direct, roleNameOf(played.response.PhysicalResourceId));
        expect(role?.path).toBe(MANAGED_PATH);
        if (kind.hasTarget) expect(await kind.targetRole()).toBe(played.response.PhysicalResourceId);
      },
    );

    it.each(KINDS.map((k) => [k.label, k] as const))(
      '%s: a Delete for a resource CloudFormation no longer describes, while the stack is being deleted, is verified and removes role and target',
      async (_k, kind) => {
        const { stackId } = freshStack();
        const created = await legitCreate(kind, stackId);
        h.gateway.cloudformation.removeResource(stackId, kind.logicalId);
        h.gateway.cloudformation.putStack(stackId, { status: 'DELETE_IN_PROGRESS' });
        const played = await h.play(
          eventFor(kind, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
          { register: false },
        );
        expectOneAnswer(played, 'SUCCESS');
        expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
        if (kind.hasTarget) expect(await kind.targetRole()).toBeUndefined();
      },
    );

    it("physical ids are not compared: the Delete of the old role during an update's cleanup is verified while the stack shows the new one", async () => {
      const { stackId } = freshStack();
      const created = await legitCreate(
        pinpoint,
        stackId,
        pinpoint.props({ RoleName: `old-${randomUUID().slice(0, 8)}` }),
      );
      // Another physical id in CloudFormation, the stack cleaning up after an update.
      h.gateway.cloudformation.putStack(stackId, { status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS' });
      h.gateway.cloudformation.putResource(stackId, pinpoint.logicalId, pinpoint.type, {
        physicalId: `arn:aws:iam::${ACCOUNT}:role${MANAGED_PATH}the-new-one`,
        status: 'UPDATE_COMPLETE',
      });
      const played = await h.play(
        eventFor(pinpoint, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
        { register: false },
      );
      expectOneAnswer(played, 'SUCCESS');
      expect(callsSince()).not.toContain('cloudformation:DescribeStacks');
      expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
      expect(await readEventStream(h.direct, world.ApplicationId)).toBeUndefined();
    });

    it('an error of the CloudFormation read (AccessDenied) answers FAILED naming it: a Create changes nothing, a Delete touches nothing', async () => {
      const { stackId, stackName } = freshStack();
      const accessDenied = {
        status: 403,
        code: 'AccessDenied',
        message: 'User is not authorized to perform: cloudformation:DescribeStackResource',
      };
      h.gateway.inject((c) => c.action === 'cloudformation:DescribeStackResource', accessDenied, 1);
      const create = await h.play(eventFor(pinpoint, 'Create', stackId));
      expectOneAnswer(create, 'FAILED');
      expect(create.response.Reason).toMatch(/^cloudformation:DescribeStackResource failed: AccessDenied/);
      expect(await rolesNamed(`${stackName}-`)).toEqual([]);
      expect(await readEventStream(h.direct, world.ApplicationId)).toBeUndefined();

      const created = await legitCreate(pinpoint, stackId);
      const before = await snapshot(pinpoint, created.PhysicalResourceId);
      h.gateway.inject((c) => c.action === 'cloudformation:DescribeStackResource', accessDenied, 1);
      const del = await h.play(
        eventFor(pinpoint, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
      );
      expectOneAnswer(del, 'FAILED');
      expect(del.response.Reason).toMatch(/^cloudformation:DescribeStackResource failed: AccessDenied/);
      expect(del.response.PhysicalResourceId).toBe(created.PhysicalResourceId);
      expect(await snapshot(pinpoint, created.PhysicalResourceId)).toEqual(before);
    });
  });

  // ---- Foreign ARNs ------------------------------------------------------------------------

  describe('ARN properties of another account', () => {
    const foreign = {
      kinesis: `arn:aws:kinesis:us-east-1:${OTHER_ACCOUNT}:stream/theirs`,
      firehose: `arn:aws:firehose:us-east-1:${OTHER_ACCOUNT}:deliverystream/theirs`,
      logs: `arn:aws:logs:us-east-1:${OTHER_ACCOUNT}:log-group:theirs:*`,
      kms: `arn:aws:kms:us-east-1:${OTHER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    };
    const inAccount = /is in account 210987654321; it must be in the stack's account 123456789012/;
    const cases = [
      [pinpoint, 'DestinationStreamArn', () => pinpoint.props({ DestinationStreamArn: foreign.kinesis }), inAccount],
      [pinpoint, 'DestinationStreamArn', () => pinpoint.props({ DestinationStreamArn: foreign.firehose }), inAccount],
      [
        pinpoint,
        'KmsKeyArn',
        () => pinpoint.props({ KmsKeyArn: foreign.kms }),
        /must be in the stack's partition, region and account/,
      ],
      [ses, 'DestinationStreamArn', () => ses.props({ DestinationStreamArn: foreign.firehose }), inAccount],
      [
        ses,
        'KmsKeyArn',
        () => ses.props({ KmsKeyArn: foreign.kms }),
        /must be in the stack's partition, region and account/,
      ],
      [sms, 'DestinationStreamArn', () => sms.props({ DestinationStreamArn: foreign.firehose }), inAccount],
      [
        sms,
        'LogGroupArn',
        () => ({ ConfigurationSetName: world.SmsConfigurationSetName, LogGroupArn: foreign.logs }),
        inAccount,
      ],
    ] as const;

    it.each(cases.map(([kind, property, props, why]) => [kind.label, property, kind, props, why] as const))(
      '%s: %s of another account fails the Create and the Update naming the property, with no AWS call at all',
      async (_k, property, kind, props, why) => {
        const { stackId, stackName } = freshStack();
        const create = await h.play(eventFor(kind, 'Create', stackId, { ResourceProperties: props() }));
        expectOneAnswer(create, 'FAILED');
        expect(create.response.Reason).toMatch(new RegExp(`^${property}: `));
        expect(create.response.Reason).toMatch(why);
        const physicalId = `arn:aws:iam::${ACCOUNT}:role${MANAGED_PATH}${stackName}-${kind.logicalId}-000000000000`;
        const update = await h.play(
          eventFor(kind, 'Update', stackId, {
            PhysicalResourceId: physicalId,
            ResourceProperties: props(),
            OldResourceProperties: kind.props(),
          }),
        );
        expectOneAnswer(update, 'FAILED');
        expect(update.response.Reason).toMatch(new RegExp(`^${property}: `));
        expect(h.gateway.authz()).toEqual([]);
        expect(await rolesNamed(`${stackName}-`)).toEqual([]);
      },
    );
  });

  // ---- The ResponseURL ---------------------------------------------------------------------

  describe('the ResponseURL', () => {
    const spyEnv = (extra: Record<string, string> = {}) => ({ NODE_OPTIONS: `--import ${SPY}`, ...extra });
    const outbound = (played: Played) => played.invocation.logs.filter((l: Json) => l.outboundSpy);
    const signature = 'X-Amz-Signature=forged-signature-0123';

    /** Refused before any work: no response sent anywhere, no AWS call, the handler settles, the URL never logged. */
    async function expectRefused(played: Played, stackName: string) {
      expect(played.invocation.killed).toBe(false);
      expect(played.invocation.code).toBe(0);
      expect(played.invocation.stdout).toContain('"runner":"settled"');
      expect(outbound(played), 'outbound HTTP requests of the invocation').toEqual([]);
      expect(h.gateway.authz()).toEqual([]);
      expect(
        played.invocation.logs.some(
          (l: Json) =>
            l.level === 'ERROR' && /ResponseURL is missing or not CloudFormation's response bucket/.test(l.message),
        ),
      ).toBe(true);
      expect(played.invocation.stdout + played.invocation.stderr).not.toContain('forged-signature');
      expect(await rolesNamed(`${stackName}-`)).toEqual([]);
    }

    it('(the spy sees the PUT of an accepted loopback URL, and the AWS calls)', async () => {
      const { stackId } = freshStack();
      const played = await h.play(eventFor(sendingRole, 'Create', stackId), { env: spyEnv() });
      expectOneAnswer(played, 'SUCCESS');
      const requests = outbound(played);
      expect(
        requests.filter(
          (r: Json) => r.method === 'PUT' && r.host === '127.0.0.1' && r.path.startsWith('/cloudformation-response/'),
        ),
      ).toHaveLength(1);
      expect(requests.filter((r: Json) => r.method === 'POST').length).toBe(h.gateway.authz().length);
    });

    it.each([
      [
        'another S3 bucket (virtual-hosted)',
        `https://attacker-bucket.s3.us-east-1.amazonaws.com/response?${signature}`,
      ],
      ['another S3 bucket (path-style)', `https://s3.us-east-1.amazonaws.com/attacker-bucket/response?${signature}`],
      ['an API Gateway endpoint', `https://abc123defg.execute-api.us-east-1.amazonaws.com/prod/collect?${signature}`],
      [
        'a look-alike domain (s3-amazonaws.com)',
        `https://cloudformation-custom-resource-response-useast1.s3-amazonaws.com/arn?${signature}`,
      ],
      [
        'a look-alike domain (amazonaws.com.evil.example)',
        `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com.evil.example/arn?${signature}`,
      ],
      [
        'the response bucket as user info of another host',
        `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com@evil.example/arn?${signature}`,
      ],
      [
        'the response bucket on another port',
        `https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com:8443/arn?${signature}`,
      ],
      [
        'the response bucket over plain http',
        `http://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn?${signature}`,
      ],
      [
        'a non-S3 host with the bucket as its first path segment',
        `https://evil.example/cloudformation-custom-resource-response-useast1/arn?${signature}`,
      ],
      ['not a URL', 'cloudformation-custom-resource-response-useast1'],
    ])('%s is refused before any work: nothing is sent anywhere and no AWS call is made', async (_label, url) => {
      const { stackId, stackName } = freshStack();
      const played = await h.play(eventFor(pinpoint, 'Create', stackId), { responseUrl: url, env: spyEnv() });
      await expectRefused(played, stackName);
      expect(played.responses).toEqual([]);
    });

    it.each([
      ['unset', ''],
      ['"1"', '1'],
      ['"TRUE"', 'TRUE'],
    ])(
      'http on loopback is refused when ALLOW_LOOPBACK_RESPONSE_URL is %s: the local server gets nothing, no AWS call is made',
      async (_label, value) => {
        const { stackId, stackName } = freshStack();
        const played = await h.play(eventFor(pinpoint, 'Create', stackId), {
          env: spyEnv({ ALLOW_LOOPBACK_RESPONSE_URL: value }),
        });
        await expectRefused(played, stackName);
        expect(played.responses, 'PUTs received by the local response server').toEqual([]);
      },
    );
  });

  // ---- Roles outside the managed path ------------------------------------------------------

  describe('roles outside the managed path', () => {
    it.each([
      ['/', '/'],
      ['the prefix alone', '/pinpoint-event-stream/'],
      ["another Region's managed path", '/pinpoint-event-stream/us-west-2/'],
      ['the managed path nested under another', '/team/pinpoint-event-stream/us-east-1/'],
    ])(
      'a Delete whose PhysicalResourceId is a role at %s carrying our ownership tags is SUCCESS, makes no call, and leaves role and stream alone',
      async (_label, path) => {
        const { stackId } = freshStack();
        const arn = await handMadeRole(path, stackId, pinpoint.logicalId);
        await putForeignEventStream(h.direct, world.ApplicationId, world.KinesisStreamArn, arn);
        const before = await snapshot(pinpoint, arn);
        const played = await h.play(eventFor(pinpoint, 'Delete', stackId, { PhysicalResourceId: arn }));
        expectOneAnswer(played, 'SUCCESS');
        expect(played.response.PhysicalResourceId).toBe(arn);
        expect(h.gateway.authz()).toEqual([]);
        expect(await snapshot(pinpoint, arn)).toEqual(before);
        await deleteRoleByHand(roleNameOf(arn));
      },
    );

    it('an Update whose PhysicalResourceId is a role at / creates the replacement under the managed path; the cleanup Delete leaves the old role alone', async () => {
      const { stackId } = freshStack();
      const old = await handMadeRole('/', stackId, pinpoint.logicalId);
      await putForeignEventStream(h.direct, world.ApplicationId, world.KinesisStreamArn, old);
      const oldRole = await readRole(h.direct, roleNameOf(old));
      const played = await h.play(
        eventFor(pinpoint, 'Update', stackId, {
          PhysicalResourceId: old,
          ResourceProperties: pinpoint.props(),
          OldResourceProperties: pinpoint.props(),
        }),
      );
      expectOneAnswer(played, 'SUCCESS');
      const replacement = played.response.PhysicalResourceId;
      expect(replacement).not.toBe(old);
      expect(replacement.startsWith(`arn:aws:iam::${ACCOUNT}:role${MANAGED_PATH}`)).toBe(true);
      expect((await readRole(h.direct, roleNameOf(replacement)))?.path).toBe(MANAGED_PATH);
      expect(await readEventStream(h.direct, world.ApplicationId)).toEqual({
        DestinationStreamArn: world.KinesisStreamArn,
        RoleArn: replacement,
      });
      expect(await readRole(h.direct, roleNameOf(old))).toEqual(oldRole);
      // No IAM write reached the old role: every IAM call other than GetRole names the managed path.
      const writes = h.gateway.authz().filter((r) => r.action.startsWith('iam:') && r.action !== 'iam:GetRole');
      expect(writes.filter((r) => !r.resource.startsWith(`arn:aws:iam::${ACCOUNT}:role${MANAGED_PATH}`))).toEqual([]);

      const cleanup = await h.play(eventFor(pinpoint, 'Delete', stackId, { PhysicalResourceId: old }));
      expectOneAnswer(cleanup, 'SUCCESS');
      expect(await readRole(h.direct, roleNameOf(old))).toEqual(oldRole);
      expect((await readEventStream(h.direct, world.ApplicationId))?.RoleArn).toBe(replacement);
      await deleteRoleByHand(roleNameOf(old));
    });
  });

  // ---- Delete rules ------------------------------------------------------------------------

  describe('Delete', () => {
    it.each(KINDS.map((k) => [k.label, k] as const))(
      '%s: our role with an inline policy and a managed policy attached by hand is deleted; the managed policy is kept, detached',
      async (_k, kind) => {
        const { stackId } = freshStack();
        const created = await legitCreate(kind, stackId);
        const name = roleNameOf(created.PhysicalResourceId);
        const document = JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::some-bucket/*' }],
        });
        await h.direct.iam.send(
          new PutRolePolicyCommand({ RoleName: name, PolicyName: 'added-by-hand', PolicyDocument: document }),
        );
        const { Policy } = await h.direct.iam.send(
          new CreatePolicyCommand({ PolicyName: `by-hand-${randomUUID().slice(0, 8)}`, PolicyDocument: document }),
        );
        const policyArn = Policy!.Arn!;
        try {
          await h.direct.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
          const played = await h.play(
            eventFor(kind, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
          );
          expectOneAnswer(played, 'SUCCESS');
          expect(await readRole(h.direct, name)).toBeUndefined();
          const kept = (await h.direct.iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy;
          expect(kept?.Arn).toBe(policyArn);
          expect(kept?.AttachmentCount).toBe(0);
          expect(
            (await h.direct.iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn }))).PolicyRoles,
          ).toEqual([]);
          const removed = warnings(played).find((l: Json) => /attached to our role by hand/.test(l.message))?.removed;
          expect(removed).toEqual(
            expect.arrayContaining(['inline policy added-by-hand', `managed policy ${policyArn} (detached, kept)`]),
          );
          if (kind.hasTarget) expect(await kind.targetRole()).toBeUndefined();
        } finally {
          await h.direct.iam.send(new DeletePolicyCommand({ PolicyArn: policyArn })).catch(() => undefined);
        }
      },
    );

    it('DeleteConflict from iam:DeleteRole just after the policies went (IAM is eventually consistent) is retried, and the Delete succeeds', async () => {
      const { stackId } = freshStack();
      const created = await legitCreate(sendingRole, stackId);
      const conflict = {
        status: 409,
        code: 'DeleteConflict',
        message: 'Cannot delete entity, must detach all policies first.',
      };
      h.gateway.inject((c) => c.action === 'iam:DeleteRole', conflict, 2);
      const played = await h.play(
        eventFor(sendingRole, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
      );
      expectOneAnswer(played, 'SUCCESS');
      expect(h.gateway.count('iam:DeleteRole')).toBe(3);
      expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
    });

    it('DeleteConflict that never clears answers FAILED naming iam:DeleteRole before the function times out; a later Delete still removes the role', async () => {
      const { stackId } = freshStack();
      const created = await legitCreate(sendingRole, stackId);
      const conflict = {
        status: 409,
        code: 'DeleteConflict',
        message: 'Cannot delete entity, must remove roles from instance profile first.',
      };
      h.gateway.inject((c) => c.action === 'iam:DeleteRole', conflict, 1000);
      const del = eventFor(sendingRole, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId });
      const played = await h.play(del, { timeoutMs: 8000 });
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toMatch(
        /^iam:DeleteRole of \S+ still answers DeleteConflict after \d+ attempts \(is the role in an instance profile\?\)/,
      );
      expect(played.response.PhysicalResourceId).toBe(created.PhysicalResourceId);
      expect(h.gateway.count('iam:DeleteRole')).toBeGreaterThan(1);
      h.gateway.reset();
      expectOneAnswer(await h.play(del), 'SUCCESS');
      expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
    });

    it.each(WITH_TARGET.map((k) => [k.label, k] as const))(
      '%s: when our role was deleted by hand, the target still pointing at its ARN is removed',
      async (_k, kind) => {
        const { stackId } = freshStack();
        const created = await legitCreate(kind, stackId);
        await deleteRoleByHand(roleNameOf(created.PhysicalResourceId));
        expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
        expect(await kind.targetRole()).toBe(created.PhysicalResourceId);
        const played = await h.play(
          eventFor(kind, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
        );
        expectOneAnswer(played, 'SUCCESS');
        expect(await kind.targetRole()).toBeUndefined();
        if (kind === pinpoint) expect(await readEventStream(h.direct, world.ApplicationId)).toBeUndefined();
      },
    );
  });

  // ---- After Amazon Pinpoint's end of support -----------------------------------------------

  describe("after Amazon Pinpoint's end of support", () => {
    const refusals = [
      [
        'mobiletargeting:PutEventStream',
        403,
        'AccessDeniedException',
        'User is not authorized to access this resource',
      ],
      ['mobiletargeting:PutEventStream', 403, 'ForbiddenException', 'This operation is no longer available'],
      [
        'mobiletargeting:PutEventStream',
        400,
        'BadRequestException',
        'Amazon Pinpoint no longer accepts new event streams',
      ],
      ['mobiletargeting:GetEventStream', 403, 'ForbiddenException', 'This operation is no longer available'],
    ] as const;

    it.each(refusals)(
      'a Create whose %s answers %i %s is FAILED with the end-of-support sentence, and leaves no role',
      async (call, status, code, message) => {
        const { stackId } = freshStack();
        h.gateway.inject((c) => c.action === call, { status, code, message }, 100);
        const played = await h.play(eventFor(pinpoint, 'Create', stackId));
        expectOneAnswer(played, 'FAILED');
        expect(played.response.Reason).toContain(`${call} failed: ${code}: ${message}`);
        expect(played.response.Reason).toContain(END_OF_SUPPORT);
        // Not retried as IAM propagation.
        expect(h.gateway.count('mobiletargeting:PutEventStream')).toBe(
          call === 'mobiletargeting:PutEventStream' ? 1 : 0,
        );
        expect(await readRole(h.direct, roleNameOf(played.response.PhysicalResourceId))).toBeUndefined();
        expect(await readEventStream(h.direct, world.ApplicationId)).toBeUndefined();
      },
    );

    it('an Update whose PutEventStream answers 403 is FAILED with the end-of-support sentence and keeps its physical id', async () => {
      const { stackId } = freshStack();
      const created = await legitCreate(pinpoint, stackId);
      h.gateway.inject(
        (c) => c.action === 'mobiletargeting:PutEventStream',
        { status: 403, code: 'ForbiddenException', message: 'Forbidden' },
        100,
      );
      const played = await h.play(
        eventFor(pinpoint, 'Update', stackId, {
          PhysicalResourceId: created.PhysicalResourceId,
          ResourceProperties: pinpoint.changed(),
          OldResourceProperties: pinpoint.props(),
        }),
      );
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toContain(END_OF_SUPPORT);
      expect(played.response.PhysicalResourceId).toBe(created.PhysicalResourceId);
      expect((await readEventStream(h.direct, world.ApplicationId))?.RoleArn).toBe(created.PhysicalResourceId);
    });

    it('a missing application is named as such, without the end-of-support sentence', async () => {
      const { stackId } = freshStack();
      const played = await h.play(
        eventFor(pinpoint, 'Create', stackId, {
          ResourceProperties: pinpoint.props({ ApplicationId: 'f'.repeat(32) }),
        }),
      );
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toMatch(/^ApplicationId: Pinpoint application f{32} does not exist/);
      expect(played.response.Reason).not.toContain('end of support');
    });

    const deleteCases = [
      [pinpoint, 'mobiletargeting:GetEventStream', 403, 'AccessDeniedException'],
      [pinpoint, 'mobiletargeting:GetEventStream', 400, 'BadRequestException'],
      [pinpoint, 'mobiletargeting:DeleteEventStream', 403, 'ForbiddenException'],
      [pinpoint, 'mobiletargeting:DeleteEventStream', 400, 'BadRequestException'],
      [ses, 'ses:GetConfigurationSetEventDestinations', 403, 'AccessDeniedException'],
      [ses, 'ses:GetConfigurationSetEventDestinations', 400, 'BadRequestException'],
      [ses, 'ses:DeleteConfigurationSetEventDestination', 403, 'AccessDeniedException'],
      [ses, 'ses:DeleteConfigurationSetEventDestination', 400, 'BadRequestException'],
    ] as const;

    it.each(deleteCases.map(([kind, call, status, code]) => [kind.label, call, status, code, kind] as const))(
      '%s: a Delete whose %s answers %i %s is SUCCESS, removes the role, and warns what may be left',
      async (_k, call, status, code, kind) => {
        const { stackId } = freshStack();
        const created = await legitCreate(kind, stackId);
        h.gateway.inject((c) => c.action === call, { status, code, message: 'This API is no longer available' }, 100);
        const played = await h.play(
          eventFor(kind, 'Delete', stackId, { PhysicalResourceId: created.PhysicalResourceId }),
        );
        expectOneAnswer(played, 'SUCCESS');
        expect(h.gateway.count(call)).toBeGreaterThanOrEqual(1);
        expect(await readRole(h.direct, roleNameOf(created.PhysicalResourceId))).toBeUndefined();
        const warning = warnings(played).find((l: Json) => /may be left behind/.test(l.message));
        expect(warning?.message).toBe(
          `${kind.targetDescription()} could not be checked or removed and may be left behind; the role is removed anyway`,
        );
        expect(warning?.error).toContain(code);
      },
    );
  });

  // ---- Defaults never fail -----------------------------------------------------------------

  describe('defaults never fail', () => {
    const longId = (prefix: string) => `${prefix}${'Destination'.repeat(20)}`.slice(0, 200);

    it.each(KINDS.map((k) => [k.label, k] as const))(
      '%s: a LogicalResourceId of 200 characters gives SUCCESS, names within limits, the same on a redelivered Create',
      async (_k, kind) => {
        const { stackId } = freshStack();
        const logicalId = longId(kind.logicalId);
        expect(logicalId).toHaveLength(200);
        const create = eventFor(kind, 'Create', stackId, { LogicalResourceId: logicalId });
        const first = await h.play(create);
        expectOneAnswer(first, 'SUCCESS');
        const again = await h.play(create);
        expectOneAnswer(again, 'SUCCESS');
        expect(again.response.PhysicalResourceId).toBe(first.response.PhysicalResourceId);
        expect(again.response.Data).toEqual(first.response.Data);
        expect(roleNameOf(first.response.PhysicalResourceId).length).toBeLessThanOrEqual(64);
        expect(
          (await readRole(h.direct, roleNameOf(first.response.PhysicalResourceId)))?.tags[
            'pinpoint-event-stream:logical-id'
          ],
        ).toBe(logicalId);
        if (kind === ses || kind === sms) {
          const name = first.response.Data.EventDestinationName!;
          expect(name.length).toBeLessThanOrEqual(64);
          expect(name).toMatch(/^[A-Za-z0-9]+-[0-9a-f]{8}$/);
          expect(logicalId.startsWith(name.split('-')[0]!)).toBe(true);
          const named = (await kind.target()).filter((d: Json) => (d.Name ?? d.EventDestinationName) === name);
          expect(named).toHaveLength(1);
        }
        const del = await h.play(
          eventFor(kind, 'Delete', stackId, {
            LogicalResourceId: logicalId,
            PhysicalResourceId: first.response.PhysicalResourceId,
          }),
        );
        expectOneAnswer(del, 'SUCCESS');
        expect(await readRole(h.direct, roleNameOf(first.response.PhysicalResourceId))).toBeUndefined();
        if (kind.hasTarget) expect(await kind.target()).toEqual(kind === pinpoint ? undefined : []);
      },
    );
  });

  // ---- The propagation bound ---------------------------------------------------------------

  describe('the wait for IAM propagation is bounded by PROPAGATION_TIMEOUT_SECONDS', () => {
    const FUNCTION_TIMEOUT_MS = 60_000;
    it.each([
      [pinpoint.label, pinpoint, 'mobiletargeting:PutEventStream'],
      [ses.label, ses, 'ses:CreateConfigurationSetEventDestination'],
      [sms.label, sms, 'sms-voice:CreateEventDestination'],
    ] as const)(
      '%s: with 3 s, a Create whose role never propagates fails after about 3 s naming the call and what to check, and leaves no role',
      async (_k, kind, call) => {
        const { stackId, stackName } = freshStack();
        h.gateway.state.propagationDelayMs = 60 * 60_000;
        const played = await h.play(eventFor(kind, 'Create', stackId), {
          env: { PROPAGATION_TIMEOUT_SECONDS: '3' },
          timeoutMs: FUNCTION_TIMEOUT_MS,
        });
        expectOneAnswer(played, 'FAILED');
        expect(played.invocation.durationMs).toBeGreaterThan(2_000);
        expect(played.invocation.durationMs, 'well before the function timeout').toBeLessThan(FUNCTION_TIMEOUT_MS / 3);
        const reason = played.response.Reason;
        expect(reason.startsWith(`${call} still could not use the new role (IAM propagation) after `), reason).toBe(
          true,
        );
        expect(reason).toContain(
          "check the role's trust policy, that the destination exists in the Region its ARN names, and its encryption (KmsKeyArn)",
        );
        expect(reason).not.toMatch(/timed out/);
        expect(reason).not.toContain('end of support');
        expect(h.gateway.count(call)).toBeGreaterThan(1);
        expect(await rolesNamed(`${stackName}-`)).toEqual([]);
        expect(await kind.targetRole()).toBeUndefined();
      },
    );
  });

  everyCallAllowedByTheExecutionRole(() => h);
});

// ---- A StackId of another account or Region ---------------------------------------------------
// Outside the describe above on purpose: the function's calls are checked in each test (the
// simulator would reject the calls the bugs below make, which the tests already show).

describe('a StackId of another account or Region', () => {
  /** The function's calls on anything that is not this account's and Region's. */
  const outOfScope = () =>
    h.gateway.authz().filter((r) => {
      const [, , service, region, account] = r.resource.split(':');
      if (service === 'iam')
        return account !== ACCOUNT || (!r.resource.includes(`:role${MANAGED_PATH}`) && r.action !== 'iam:GetRole');
      return (region !== '' && region !== 'us-east-1') || (account !== '' && account !== ACCOUNT);
    });

  it('another account: a Create is FAILED and nothing is created, even for a stack that exists there', async () => {
    const { stackId, stackName } = freshStack('us-east-1', OTHER_ACCOUNT);
    const played = await h.play(eventFor(sendingRole, 'Create', stackId)); // registered: the stand-in holds it, in the other account
    expectOneAnswer(played, 'FAILED');
    expect(played.response.Reason).toMatch(/^event refused, nothing was changed: /);
    expect(h.gateway.authz().every((r) => CLOUDFORMATION_READS.has(r.action))).toBe(true);
    expect(await rolesNamed(`${stackName}-`)).toEqual([]);
  });

  it('another account: a Delete whose physical id is a role of that account is SUCCESS, with no AWS call at all', async () => {
    const { stackId, stackName } = freshStack('us-east-1', OTHER_ACCOUNT);
    const arn = `arn:aws:iam::${OTHER_ACCOUNT}:role${MANAGED_PATH}${stackName}-SendingRole-0123456789ab`;
    const played = await h.play(eventFor(sendingRole, 'Delete', stackId, { PhysicalResourceId: arn }));
    expectOneAnswer(played, 'SUCCESS');
    expect(h.gateway.authz()).toEqual([]);
  });

  it('another Region whose CloudFormation does not know the stack: a Create is FAILED and nothing is created', async () => {
    const { stackId, stackName } = freshStack('us-west-2');
    const played = await h.play(eventFor(sendingRole, 'Create', stackId), { register: false });
    expectOneAnswer(played, 'FAILED');
    expect(played.response.Reason).toMatch(/^event refused, nothing was changed: /);
    expect(await rolesNamed(`${stackName}-`)).toEqual([]);
  });

  // CloudFormation invokes a custom resource only from a stack of the function's own Region and account.
  it('another account: a Create and a Delete are refused without a call about a stack outside this account', async () => {
    const { stackId, stackName } = freshStack('us-east-1', OTHER_ACCOUNT);
    const create = await h.play(eventFor(sendingRole, 'Create', stackId));
    expectOneAnswer(create, 'FAILED');
    const arn = `arn:aws:iam::${OTHER_ACCOUNT}:role${MANAGED_PATH}${stackName}-SendingRole-0123456789ab`;
    const del = await h.play(eventFor(sendingRole, 'Delete', stackId, { PhysicalResourceId: arn }));
    expectOneAnswer(del, 'SUCCESS');
    expect(outOfScope()).toEqual([]);
  });

  // CloudFormation invokes a custom resource only from a stack of the function's own Region and account.
  it('another Region: a Create naming a real stack of that Region is refused, creates nothing, and calls nothing outside this Region', async () => {
    const { stackId, stackName } = freshStack('us-west-2');
    try {
      const played = await h.play(eventFor(sendingRole, 'Create', stackId)); // registered: the stand-in holds the stack in us-west-2
      expectOneAnswer(played, 'FAILED');
      expect(outOfScope()).toEqual([]);
      expect(await rolesNamed(`${stackName}-`)).toEqual([]);
    } finally {
      for (const role of await rolesNamed(`${stackName}-`)) await deleteRoleByHand(role.split('/').pop()!);
    }
  });

  // CloudFormation invokes a custom resource only from a stack of the function's own Region and account.
  it("another Region: a Delete of that Region's deployment's role is SUCCESS and leaves the role alone", async () => {
    const { stackId } = freshStack('us-west-2');
    const arn = await handMadeRole('/pinpoint-event-stream/us-west-2/', stackId, sendingRole.logicalId);
    try {
      const before = await readRole(h.direct, roleNameOf(arn));
      const played = await h.play(eventFor(sendingRole, 'Delete', stackId, { PhysicalResourceId: arn })); // registered in us-west-2
      expectOneAnswer(played, 'SUCCESS');
      expect(await readRole(h.direct, roleNameOf(arn))).toEqual(before);
      expect(outOfScope()).toEqual([]);
    } finally {
      await deleteRoleByHand(roleNameOf(arn));
    }
  });
});
