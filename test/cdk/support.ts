/**
 * Helpers of the CDK tests: stacks in the test deployment's account and Region, the custom
 * resources a template holds, the function's own verdict on a set of properties, cfn-lint.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, type Environment, Stack, type StackProps } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { type IProvider, type MessagingRoleResource, Provider } from '../../cdk/src/index.js';
import { planFor } from '../../src/resources/index.js';
import { stackContext } from '../../src/stack.js';
import { TEST_DEPLOYMENT } from '../templates/deployment.js';

export const { account: ACCOUNT, region: REGION, partition: PARTITION } = TEST_DEPLOYMENT;
export const ENV = { account: ACCOUNT, region: REGION };
export const SERVICE_TOKEN = `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:pinpoint-event-stream-resource`;

export const arn = (service: string, resource: string, account = ACCOUNT, region = REGION) =>
  `arn:${PARTITION}:${service}:${region}:${account}:${resource}`;

export function newStack(app: App, id: string, props: StackProps = { env: ENV }): Stack {
  return new Stack(app, id, props);
}

/**
 * An app with one stack ('Consumer', in the test deployment unless `env` says otherwise) holding
 * the one construct `make` declares, served by a shared provider.
 */
export function oneConstruct<C extends MessagingRoleResource>(
  make: (stack: Stack, provider: IProvider) => C,
  env?: Environment,
) {
  const app = new App();
  const stack = newStack(app, 'Consumer', env === undefined ? undefined : { env });
  const construct = make(stack, Provider.fromServiceToken(stack, 'Provider', SERVICE_TOKEN));
  const logicalId = stack.getLogicalId(construct.resource.node.defaultChild as CfnElement);
  return { app, stack, construct, logicalId };
}

export interface CustomResourceJson {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

/** The custom resources (Custom::*) of the stack's template, by logical id. */
export function customResources(stack: Stack): Record<string, CustomResourceJson> {
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, CustomResourceJson>;
  return Object.fromEntries(Object.entries(resources).filter(([, r]) => r.Type.startsWith('Custom::')));
}

/** The properties of the stack's only custom resource, without CloudFormation's own ServiceToken and ServiceTimeout. */
export function propertiesOf(stack: Stack): Record<string, unknown> {
  const all = Object.values(customResources(stack));
  expect(all).toHaveLength(1);
  const { ServiceToken, ServiceTimeout, ...properties } = (all[0] as CustomResourceJson).Properties;
  return properties;
}

/** The error synthesizing `app` throws (every construct's validation), or '' when it synthesizes. */
export function synthError(app: App): string {
  try {
    app.synth({ force: true });
    return '';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const NO_STACK_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * The reason the function itself (its registry and the kind's parser, as the handler calls them)
 * gives for `properties` of `resourceType` in the test deployment, or undefined when it accepts them.
 */
export async function functionReason(
  resourceType: string,
  properties: Record<string, unknown>,
  where: { logicalId: string; region?: string; partition?: string; account?: string },
): Promise<string | undefined> {
  const { partition = PARTITION, region = REGION, account = ACCOUNT } = where;
  const stackId = `arn:${partition}:cloudformation:${region}:${account}:stack/Test/${NO_STACK_UUID}`;
  try {
    await planFor(resourceType, properties, stackContext(stackId, where.logicalId));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const CFN_LINT = process.env.CFN_LINT ?? 'cfn-lint';
const lintDir = mkdtempSync(join(tmpdir(), 'cdk-cfn-lint-'));

/** cfn-lint exits 0 on the template (as JSON); the failure shows its findings. */
export function expectLintClean(name: string, template: unknown): void {
  const file = join(lintDir, `${name}.template.json`);
  writeFileSync(file, JSON.stringify(template, null, 2));
  expectLintCleanFile(file);
}

export function expectLintCleanFile(file: string): void {
  const result = spawnSync(CFN_LINT, ['--', file], { encoding: 'utf8', timeout: 180_000 });
  if (result.error) throw new Error(`cfn-lint could not run (pip install cfn-lint, or set CFN_LINT): ${result.error}`);
  expect(result.status, `cfn-lint on ${file}:\n${result.stdout}${result.stderr}`).toBe(0);
}
