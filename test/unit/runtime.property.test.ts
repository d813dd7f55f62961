/**
 * The CloudFormation protocol as a property: whatever a caller invokes the function with (random JSON
 * of every type in every field, huge strings, missing fields, events that look valid), handle()
 * resolves, PUTs exactly one answer when the ResponseURL is CloudFormation's and none otherwise, and
 * every answer keeps the protocol (under 4096 bytes, exactly the response fields, a 1-1,024 character
 * PhysicalResourceId). The request runs for real against an account where every AWS call fails (or
 * CloudFormation says the stack does not exist, or verifies the event and the rest is refused).
 * Seeded: a failure names its seed and the shrunk event, and repeats.
 */
import { DescribeStackResourceCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { ValidationError } from '../../src/errors.js';
import { jsonLogger } from '../../src/log.js';
import type { Transport } from '../../src/protocol/http.js';
import { handle } from '../../src/runtime.js';
import {
  EVENT_STREAM,
  mockedClients,
  roleArnOf,
  SENDING_ROLE,
  SES_DESTINATION,
  SMS_VOICE,
  stackResource,
} from './account.js';
import {
  awsError,
  CONFIG_SET,
  config,
  deployment,
  expectAnswer,
  FIREHOSE_ARN,
  LOG_GROUP_ARN,
  LOGICAL_ID,
  lambdaContext,
  noSuchEntity,
  OTHER_REGION_STACK_ID,
  RESPONSE_URL,
  STACK_ID,
  streamProps,
} from './fixtures.js';

const SIGNATURE = 'deadbeefsecretsignature';

/** A string of every kind: short, unicode (lone surrogates included), or huge (a short piece repeated). */
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }), fc.integer({ min: 200, max: 20_000 }))
    .map(([piece, times]) => piece.repeat(times)),
);
/** Any JSON value a caller could invoke the function with (Lambda hands over parsed JSON). */
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), anyString);
/** A field that is absent, of a random type, or one of the values CloudFormation sends. */
const field = (...valid: unknown[]) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );

/** ResponseURLs that are this Region's response bucket, and ones that are not (look-alikes included). */
const goodUrl = fc.constantFrom(
  RESPONSE_URL,
  `https://s3.us-east-1.amazonaws.com/cloudformation-custom-resource-response-useast1/key?X-Amz-Signature=${SIGNATURE}`,
  `https://cloudformation-custom-resource-response-useast1.s3-us-east-1.amazonaws.com/k?X-Amz-Signature=${SIGNATURE}`,
);
const badUrl = fc.oneof(
  anyJson,
  fc.constantFrom(
    `https://cloudformation-custom-resource-response-useast1-evil.s3.amazonaws.com/k?X-Amz-Signature=${SIGNATURE}`,
    'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/k',
    'http://127.0.0.1:9/k',
    `https://s3${'-a'.repeat(5_000)}.amazonaws.co/`,
  ),
);

const properties = fc.oneof(
  fc.constant(streamProps()),
  fc.constant({ ConfigurationSetName: CONFIG_SET, DestinationStreamArn: FIREHOSE_ARN }),
  fc.constant({ ConfigurationSetName: CONFIG_SET, LogGroupArn: LOG_GROUP_ARN }),
  fc.constant({ Identities: ['example.com'] }),
  fc.constant(streamProps({ ReplaceExistingStream: 'true' })),
  fc.dictionary(fc.constantFrom('ApplicationId', 'RolePath', 'Tags', 'Typo', 'ConfigurationSetName'), anyJson),
  anyJson,
);

const event = fc.record(
  {
    RequestType: field('Create', 'Update', 'Delete'),
    StackId: field(STACK_ID, OTHER_REGION_STACK_ID),
    RequestId: field('b1a2c3d4-0000-4000-8000-000000000001'),
    ResourceType: field(EVENT_STREAM, SES_DESTINATION, SMS_VOICE, SENDING_ROLE, 'Custom::Other'),
    LogicalResourceId: field(LOGICAL_ID),
    PhysicalResourceId: field(roleArnOf('r'), 'create-failed-x', ''),
    ResourceProperties: properties,
    OldResourceProperties: properties,
    ServiceToken: field('arn:aws:lambda:us-east-1:123456789012:function:f'),
  },
  { requiredKeys: [] },
);

/** What the account answers: CloudFormation first, then every other call. */
const world = fc.record({
  cloudformation: fc.constantFrom('no-stack', 'waiting', 'access-denied'),
  reads: fc.constantFrom('absent', 'denied'),
  config: fc.constantFrom<Config>(
    config(),
    config({ deployment: deployment({ allowTakeover: true, enableEmailSendingRole: true, deploymentId: undefined }) }),
    config({ deployment: new ValidationError('DEPLOYMENT_ID', 'must be a CloudFormation stack name, got "x y"') }),
  ),
  remainingMs: fc.constantFrom(60_000, 1_000, 0),
});

describe('handle(), sent anything', () => {
  let aws: ReturnType<typeof mockedClients>;
  beforeAll(() => {
    aws = mockedClients();
  });

  function arrange(w: { cloudformation: string; reads: string }, input: unknown) {
    const denied = awsError('AccessDeniedException', 'not authorized', { status: 403 });
    for (const mock of [aws.iam, aws.pinpoint, aws.ses, aws.sms, aws.cloudformation] as {
      reset(): void;
      onAnyCommand(): { rejects(e: Error): unknown };
    }[]) {
      mock.reset();
      mock.onAnyCommand().rejects(denied);
    }
    if (w.reads === 'absent') aws.iam.on(GetRoleCommand).rejects(noSuchEntity());
    const e = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
    const noStack = awsError('ValidationError', `Stack '${String(e.StackId)}' does not exist`);
    if (w.cloudformation === 'no-stack') {
      aws.cloudformation.on(DescribeStackResourceCommand).rejects(noStack);
      aws.cloudformation.on(DescribeStacksCommand).rejects(noStack);
    } else if (w.cloudformation === 'waiting') {
      const status = { Create: 'CREATE_IN_PROGRESS', Update: 'UPDATE_IN_PROGRESS', Delete: 'DELETE_IN_PROGRESS' };
      const type = typeof e.ResourceType === 'string' ? e.ResourceType : EVENT_STREAM;
      const physicalId = typeof e.PhysicalResourceId === 'string' ? e.PhysicalResourceId : undefined;
      aws.cloudformation.on(DescribeStackResourceCommand).resolves({
        StackResourceDetail: stackResource(type, status[e.RequestType as keyof typeof status] ?? 'X', physicalId),
      });
    }
  }

  it("resolves, answers exactly once when the ResponseURL is CloudFormation's, and keeps the protocol", async () => {
    const input = fc.oneof(
      {
        weight: 8,
        arbitrary: fc
          .tuple(
            event,
            fc.oneof(
              goodUrl.map((url) => ({ url, good: true })),
              badUrl.map((url) => ({ url, good: false })),
            ),
          )
          .map(([e, { url, good }]) => ({ input: { ...e, ResponseURL: url } as unknown, good })),
      },
      { weight: 1, arbitrary: anyJson.map((value) => ({ input: value as unknown, good: false })) },
    );
    await fc.assert(
      fc.asyncProperty(input, world, async ({ input: sentEvent, good }, w) => {
        arrange(w, sentEvent);
        const puts: string[] = [];
        const lines: string[] = [];
        const transport: Transport = async (_url, body) => {
          puts.push(body);
          return 200;
        };
        const logger = (context: Record<string, string>) => jsonLogger(context, (line) => lines.push(line));
        await expect(
          handle(sentEvent, lambdaContext(w.remainingMs), {
            logger,
            clientsFor: () => aws.clients,
            config: w.config,
            transport,
          }),
        ).resolves.toBeUndefined();
        expect(puts).toHaveLength(good ? 1 : 0);
        for (const raw of puts) expectAnswer(raw);
        expect(lines.join('\n')).not.toContain(SIGNATURE);
      }),
      { seed: 20261203, numRuns: 2_000, endOnFailure: true },
    );
  }, 600_000);
});
