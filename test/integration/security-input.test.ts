// The BUILT bundle against hostile input: the contract's "Security" section for what a template
// or an event can carry (ARN properties of another account, a ResponseURL that is not
// CloudFormation's, a PhysicalResourceId outside the managed path), and defaults that never fail.

import { describe, expect, it } from 'vitest';
import {
  ACCOUNT,
  eventFor,
  expectOneAnswer,
  freshStack,
  type Json,
  type Played,
  putForeignEventStream,
  readEventStream,
  readRole,
  roleNameOf,
  updateOf,
  useHarness,
} from '../support/harness.js';
import { everyCallAllowedByTheExecutionRole } from './authz.js';
import { MANAGED_PATH, OTHER_ACCOUNT, SPY, securityHelpers } from './support/security.js';

const h = useHarness();
const { pinpoint, ses, sms, sendingRole, all: KINDS } = h.kinds;
const { rolesNamed, snapshot, handMadeRole, deleteRoleByHand } = securityHelpers(h);

describe('in this account and Region', () => {
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
        () => ({ ConfigurationSetName: h.world.SmsConfigurationSetName, LogGroupArn: foreign.logs }),
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
        const update = await h.play(updateOf(kind, stackId, physicalId, props()));
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
            l.level === 'ERROR' &&
            /ResponseURL is missing or not this Region's CloudFormation response bucket/.test(l.message),
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
      [
        'a bucket named like the response bucket, and more (-useast1-evil)',
        `https://cloudformation-custom-resource-response-useast1-evil.s3.amazonaws.com/arn?${signature}`,
      ],
      [
        'a bucket named like the response bucket, and more (useast1evil, path-style)',
        `https://s3.us-east-1.amazonaws.com/cloudformation-custom-resource-response-useast1evil/arn?${signature}`,
      ],
      [
        "another Region's response bucket",
        `https://cloudformation-custom-resource-response-uswest2.s3.us-west-2.amazonaws.com/arn?${signature}`,
      ],
    ])('%s is refused before any work: nothing is sent anywhere and no AWS call is made', async (_label, url) => {
      const { stackId, stackName } = freshStack();
      const played = await h.play(eventFor(pinpoint, 'Create', stackId), { responseUrl: url, env: spyEnv() });
      await expectRefused(played, stackName);
      expect(played.responses).toEqual([]);
    });

    // 2.x matched path-style hosts with a pattern that backtracked exponentially: 30 groups took 5 s,
    // 36 outlived the function's timeout. The check now compares whole strings.
    it.each([40, 2_000])(
      'a hostile host of %i hyphen groups (s3-a-a-...-a.amazonaws.co) is refused at once',
      async (groups) => {
        const { stackId, stackName } = freshStack();
        const url = `https://s3${'-a'.repeat(groups)}.amazonaws.co/cloudformation-custom-resource-response-useast1/x`;
        const started = Date.now();
        const played = await h.play(eventFor(pinpoint, 'Create', stackId), { responseUrl: url, env: spyEnv() });
        await expectRefused(played, stackName);
        // The whole invocation, a fresh Node process included, in well under the seconds 2.x took.
        expect(Date.now() - started).toBeLessThan(5_000);
      },
    );

    it.each([
      ['unset', ''],
      ['"1"', '1'],
      ['"TRUE"', 'TRUE'],
    ])(
      'http on loopback is refused when ALLOW_LOOPBACK_RESPONSE_URL is %s: the local ' +
        'server gets nothing, no AWS call is made',
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
      'a Delete whose PhysicalResourceId is a role at %s carrying our ownership tags is SUCCESS, ' +
        'makes no call, and leaves role and stream alone',
      async (_label, path) => {
        const { stackId } = freshStack();
        const arn = await handMadeRole(path, stackId, pinpoint.logicalId);
        await putForeignEventStream(h.direct, h.world.ApplicationId, h.world.KinesisStreamArn, arn);
        const before = await snapshot(pinpoint, arn);
        const played = await h.play(eventFor(pinpoint, 'Delete', stackId, { PhysicalResourceId: arn }));
        expectOneAnswer(played, 'SUCCESS');
        expect(played.response.PhysicalResourceId).toBe(arn);
        expect(h.gateway.authz()).toEqual([]);
        expect(await snapshot(pinpoint, arn)).toEqual(before);
        await deleteRoleByHand(roleNameOf(arn));
      },
    );

    it(
      'an Update whose PhysicalResourceId is a role at / creates the replacement under the managed ' +
        'path; the cleanup Delete leaves the old role alone',
      async () => {
        const { stackId } = freshStack();
        const old = await handMadeRole('/', stackId, pinpoint.logicalId);
        await putForeignEventStream(h.direct, h.world.ApplicationId, h.world.KinesisStreamArn, old);
        const oldRole = await readRole(h.direct, roleNameOf(old));
        const played = await h.play(updateOf(pinpoint, stackId, old, pinpoint.props()));
        expectOneAnswer(played, 'SUCCESS');
        const replacement = played.response.PhysicalResourceId;
        expect(replacement).not.toBe(old);
        expect(replacement.startsWith(`arn:aws:iam::${ACCOUNT}:role${MANAGED_PATH}`)).toBe(true);
        expect((await readRole(h.direct, roleNameOf(replacement)))?.path).toBe(MANAGED_PATH);
        expect(await readEventStream(h.direct, h.world.ApplicationId)).toEqual({
          DestinationStreamArn: h.world.KinesisStreamArn,
          RoleArn: replacement,
        });
        expect(await readRole(h.direct, roleNameOf(old))).toEqual(oldRole);
        // No IAM write reached the old role: every IAM call other than GetRole names the managed path.
        const writes = h.gateway.authz().filter((r) => r.action.startsWith('iam:') && r.action !== 'iam:GetRole');
        expect(writes.filter((r) => !r.resource.startsWith(`arn:aws:iam::${ACCOUNT}:role${MANAGED_PATH}`))).toEqual([]);

        const cleanup = await h.play(eventFor(pinpoint, 'Delete', stackId, { PhysicalResourceId: old }));
        expectOneAnswer(cleanup, 'SUCCESS');
        expect(await readRole(h.direct, roleNameOf(old))).toEqual(oldRole);
        expect((await readEventStream(h.direct, h.world.ApplicationId))?.RoleArn).toBe(replacement);
        await deleteRoleByHand(roleNameOf(old));
      },
    );
  });

  describe('what the log holds', () => {
    it("an unknown property's value never reaches the log; the accepted properties' values do", async () => {
      const { stackId } = freshStack();
      const secret = 'do-not-log-0f3c9';
      const props = {
        ...pinpoint.props(),
        DestinationStreamARN: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${secret}`,
      };
      const played = await h.play(eventFor(pinpoint, 'Create', stackId, { ResourceProperties: props }));
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toMatch(/^DestinationStreamARN: unknown property/);
      expect(played.invocation.stdout + played.invocation.stderr).not.toContain(secret);
      const received = played.invocation.logs.find((l: Json) => l.message === 'request received');
      expect(received.event.ResourceProperties.names).toContain('DestinationStreamARN');

      const ok = await h.play(eventFor(pinpoint, 'Create', stackId));
      expectOneAnswer(ok, 'SUCCESS');
      const accepted = ok.invocation.logs.find((l: Json) => l.message === 'properties accepted');
      expect(accepted.properties).toEqual({
        ApplicationId: h.world.ApplicationId,
        DestinationStreamArn: h.world.KinesisStreamArn,
      });
    });
  });

  describe('RolePath', () => {
    it.each(['/../', '/team/../', '/./'])('%s fails naming RolePath, before any AWS call', async (rolePath) => {
      const { stackId } = freshStack();
      const played = await h.play(
        eventFor(pinpoint, 'Create', stackId, { ResourceProperties: pinpoint.props({ RolePath: rolePath }) }),
      );
      expectOneAnswer(played, 'FAILED');
      expect(played.response.Reason).toMatch(/^RolePath: must not have a "\." or "\.\." segment/);
      expect(h.gateway.calls()).toEqual([]);
    });
  });

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

  everyCallAllowedByTheExecutionRole(() => h);
});
