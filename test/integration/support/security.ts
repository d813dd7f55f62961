// What the security test files share: the contract's constants and the helpers that prove
// "nothing changed" (the function's calls, the roles of a stack, the role and the target as
// they are), and hand-made roles for the cases CloudFormation and the function never make.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { expect } from 'vitest';
import { readDeployment } from '../../../src/config.js';
import { PINPOINT_END_OF_SUPPORT } from '../../../src/resources/pinpoint-event-stream.js';
import { ownershipTags } from '../../../src/roles.js';
import { stackContext } from '../../../src/stack.js';
import {
  eventFor,
  expectOneAnswer,
  type Json,
  type Played,
  readRole,
  roleNameOf,
  rolesNamed,
  type TestHarness,
  type TestKind,
} from '../../support/harness.js';

export const MANAGED_PATH = '/pinpoint-event-stream/us-east-1/';
export const OTHER_ACCOUNT = '210987654321';
/** The sentence a Pinpoint failure ends with (its wording is pinned by the kind's unit tests). */
export const END_OF_SUPPORT = PINPOINT_END_OF_SUPPORT;
const CLOUDFORMATION_READS = new Set(['cloudformation:DescribeStackResource', 'cloudformation:DescribeStacks']);
/** Preloaded into an invocation (NODE_OPTIONS=--import): logs every outbound HTTP request it starts. */
export const SPY = fileURLToPath(new URL('./outbound-spy.mjs', import.meta.url));

/** A role made by hand: who it says it belongs to, and what it carries. */
export interface HandMadeRole {
  /** The deployment tag (none: as 2.x made its roles). */
  readonly deploymentId?: string;
  /** A permissions boundary (none by default). */
  readonly boundary?: string;
  /** The trust policy (default: Pinpoint may assume it). */
  readonly trust?: object;
}

/** The ownership tags the function writes, for a stack resource of a deployment (src/roles.ts's own). */
const ownershipTagsOf = (stackId: string, logicalId: string, deploymentId: string | undefined) =>
  ownershipTags(
    { stack: stackContext(stackId, logicalId), deployment: { ...readDeployment({}), deploymentId } },
    '0123456789abcdef',
  );

export const warnings = (played: Played) => played.invocation.logs.filter((l: Json) => l.level === 'WARN');

/** The helpers bound to the file's harness. */
export function securityHelpers(h: TestHarness) {
  /** The function's calls (IAM-action form) since `mark` (an index into gateway.authz()). */
  const callsSince = (mark = 0) =>
    h.gateway
      .authz()
      .slice(mark)
      .map((r) => r.action);

  return {
    /** Every role of the account whose name starts with `prefix`. */
    rolesNamed: (prefix: string) => rolesNamed(h, prefix),

    callsSince,

    /** Only CloudFormation's reads since `mark`: nothing was created, changed or removed. */
    expectOnlyCloudFormationReads(mark = 0) {
      expect(
        callsSince(mark).every((a) => CLOUDFORMATION_READS.has(a)),
        callsSince(mark).join(', '),
      ).toBe(true);
    },

    /** A legitimate Create (registered with the CloudFormation stand-in), answered SUCCESS. */
    async legitCreate(kind: TestKind, stackId: string, properties: Json = kind.props()) {
      const played = await h.play(eventFor(kind, 'Create', stackId, { ResourceProperties: properties }));
      expectOneAnswer(played, 'SUCCESS');
      return played.response;
    },

    /** The role and the target as they are now, for "nothing changed". */
    async snapshot(kind: TestKind, roleArn?: string) {
      return {
        role: roleArn ? await readRole(h.direct, roleNameOf(roleArn)) : undefined,
        target: await kind.target(),
      };
    },

    /** A role made by hand straight in moto (no gateway, no propagation delay), with our ownership tags and policy. */
    async handMadeRole(path: string, stackId: string, logicalId: string, made: HandMadeRole = {}): Promise<string> {
      const name = `hand-${randomUUID().slice(0, 8)}`;
      const trust = made.trust ?? {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      };
      const { Role } = await h.direct.iam.send(
        new CreateRoleCommand({
          RoleName: name,
          Path: path,
          AssumeRolePolicyDocument: JSON.stringify(trust),
          Tags: ownershipTagsOf(stackId, logicalId, made.deploymentId),
          PermissionsBoundary: made.boundary,
        }),
      );
      const writer = ['kinesis:PutRecords', 'kinesis:DescribeStream'];
      const permissions = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: writer, Resource: h.world.KinesisStreamArn }],
      };
      await h.direct.iam.send(
        new PutRolePolicyCommand({
          RoleName: name,
          PolicyName: 'pinpoint-event-stream',
          PolicyDocument: JSON.stringify(permissions),
        }),
      );
      return Role!.Arn!;
    },

    async deleteRoleByHand(name: string): Promise<void> {
      await h.direct.iam
        .send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'pinpoint-event-stream' }))
        .catch(() => undefined);
      await h.direct.iam.send(new DeleteRoleCommand({ RoleName: name })).catch(() => undefined);
    },
  };
}
