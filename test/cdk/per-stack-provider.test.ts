// The per-stack provider: template.yaml's function, role, boundary and log group inside the user's
// stack, from the bundle; one per stack; its settings typed and checked as CloudFormation would.
import { App, Duration, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  type PerStackProviderProps,
  Provider,
  SesEventDestination,
  SmsVoiceEventDestination,
} from '../../cdk/src/index.js';
import { PARAMETERS } from '../../cdk/src/per-stack-provider.js';
import { readCfn, TEMPLATE } from '../templates/cfn.js';
import { arn, customResources, expectLintClean, newStack } from './support.js';

const FIREHOSE = arn('firehose', 'deliverystream/events');
const OWN_BOUNDARY = arn('iam', 'policy/security/MessagingBoundary', undefined, '');

function consumer(app: App, id: string, props?: PerStackProviderProps) {
  const stack = newStack(app, id);
  const provider = Provider.perStack(stack, props);
  new SmsVoiceEventDestination(stack, 'SmsEvents', { provider, configurationSet: 'sms', deliveryStream: FIREHOSE });
  // A construct deeper in the tree asks for the stack's provider too: the same one.
  const nested = new Construct(stack, 'Email');
  new SesEventDestination(nested, 'EmailEvents', {
    provider: Provider.perStack(nested),
    configurationSet: 'email',
    deliveryStream: FIREHOSE,
  });
  return { stack, provider };
}

const app = new App();
const byDefault = consumer(app, 'Defaults');
const tuned = consumer(app, 'Tuned', tunedProps());
const withPolicy = newStack(app, 'OwnPolicy');
const policy = new iam.ManagedPolicy(withPolicy, 'Boundary', {
  statements: [new iam.PolicyStatement({ actions: ['firehose:PutRecordBatch'], resources: [FIREHOSE] })],
});
Provider.perStack(withPolicy, { permissionsBoundary: policy });

const json = (stack: Stack) => Template.fromStack(stack).toJSON();
const ofType = (stack: Stack, type: string) =>
  Object.entries(json(stack).Resources as Record<string, { Type: string; Properties: Record<string, any> }>).filter(
    ([, r]) => r.Type === type,
  );
const theFunction = (stack: Stack) => (ofType(stack, 'AWS::Lambda::Function')[0] as [string, any])[1].Properties;
const template = readCfn(TEMPLATE);

describe('Provider.perStack', () => {
  it('deploys one function per stack, which serves every resource of the stack', () => {
    const functions = ofType(byDefault.stack, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(1);
    const tokens = Object.values(customResources(byDefault.stack)).map((r) => r.Properties.ServiceToken);
    expect(tokens).toEqual([
      { 'Fn::GetAtt': [functions[0]?.[0], 'Arn'] },
      { 'Fn::GetAtt': [functions[0]?.[0], 'Arn'] },
    ]);
    expect(Provider.perStack(byDefault.stack)).toBe(byDefault.provider);
  });

  it("holds template.yaml's resources but what only a shared deployment publishes (SSM parameter, outputs)", () => {
    const expected = Object.values(template.Resources)
      .map((r) => (r.Type === 'AWS::Serverless::Function' ? 'AWS::Lambda::Function' : r.Type))
      .filter((type) => type !== 'AWS::SSM::Parameter')
      .sort();
    const ours = Object.entries(json(byDefault.stack).Resources as Record<string, { Type: string }>)
      .filter(([id]) => id.startsWith('PinpointEventStreamProvider'))
      .map(([, r]) => r.Type)
      .sort();
    expect(ours).toEqual(expected);
    const whole = json(byDefault.stack);
    expect(whole.Outputs).toBeUndefined();
    expect(whole.Description).toBeUndefined();
    expect(whole.Metadata).toBeUndefined();
    expect(Object.keys(whole.Parameters)).toEqual(['BootstrapVersion']);
    expect(whole.Conditions).toBeUndefined();
  });

  it('runs the bundle from a CDK asset, under a function name of its stack, the timeout in ServiceTimeout', () => {
    const fn = theFunction(byDefault.stack);
    expect(JSON.stringify(fn.Code.S3Bucket)).toContain('cdk-hnb659fds-assets');
    expect(fn.Code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
    expect(fn.FunctionName).toBe(byDefault.provider.functionName);
    expect(fn.FunctionName).toMatch(/^Defaults-PinpointEventStreamProvider-[0-9A-F]{8}$/);
    expect(fn.FunctionName).not.toBe(template.Parameters?.FunctionName?.Default);
    const [, group] = ofType(byDefault.stack, 'AWS::Logs::LogGroup')[0] as [string, any];
    expect(group.Properties.LogGroupName).toBe(`/aws/lambda/${fn.FunctionName}`);
    expect(fn.Timeout).toBe(300);
    expect(Object.values(customResources(byDefault.stack)).map((r) => r.Properties.ServiceTimeout)).toEqual([
      '330',
      '330',
    ]);
  });

  it('creates the boundary by default and passes it to the function', () => {
    const boundary = ofType(byDefault.stack, 'AWS::IAM::ManagedPolicy')[0]?.[0];
    expect(boundary).toBeDefined();
    expect(theFunction(byDefault.stack).Environment.Variables.ROLE_PERMISSIONS_BOUNDARY_ARN).toEqual({ Ref: boundary });
  });

  it("sets template.yaml's parameters from typed props", () => {
    const fn = theFunction(tuned.stack);
    expect(fn.FunctionName).toBe('messaging-roles');
    expect(fn.Timeout).toBe(600);
    expect(fn.LoggingConfig.ApplicationLogLevel).toBe('DEBUG');
    expect(fn.Environment.Variables).toMatchObject({
      MANAGED_ROLE_PATH_PREFIX: 'messaging',
      ROLE_PERMISSIONS_BOUNDARY_ARN: OWN_BOUNDARY,
      PROPAGATION_TIMEOUT_SECONDS: '300',
    });
    expect(ofType(tuned.stack, 'AWS::IAM::ManagedPolicy')).toEqual([]);
    const [, group] = ofType(tuned.stack, 'AWS::Logs::LogGroup')[0] as [string, any];
    expect(group.Properties.RetentionInDays).toBe(7);
    expect(Object.values(customResources(tuned.stack))[0]?.Properties.ServiceTimeout).toBe('630');
  });

  it('takes a managed policy of the app as the boundary', () => {
    const boundary = withPolicy.getLogicalId(policy.node.defaultChild as iam.CfnManagedPolicy);
    expect(theFunction(withPolicy).Environment.Variables.ROLE_PERMISSIONS_BOUNDARY_ARN).toEqual({ Ref: boundary });
    expect(ofType(withPolicy, 'AWS::IAM::ManagedPolicy').map(([id]) => id)).toEqual([boundary]);
  });

  it('refuses other props for the provider a stack already has', () => {
    expect(() => Provider.perStack(tuned.stack, { functionTimeout: Duration.minutes(1) })).toThrow(
      /already exists with other props/,
    );
    expect(Provider.perStack(tuned.stack, tunedProps())).toBe(tuned.provider);
  });

  it.each<[string, PerStackProviderProps, string]>([
    ['a timeout Lambda refuses', { functionTimeout: Duration.minutes(16) }, 'FunctionTimeout) must be at most 900'],
    ['a retention CloudWatch Logs has no', { logRetention: logs.RetentionDays.INFINITE }, 'must be one of 1, 3,'],
    ['a prefix with a slash', { managedRolePathPrefix: 'a/b' }, 'must be 1-64 letters, digits, dots'],
    ['a level the template does not take', { applicationLogLevel: lambda.ApplicationLogLevel.TRACE }, 'DEBUG, INFO'],
  ])('checks each value as CloudFormation checks the parameter: %s', (_what, props, message) => {
    expect(() => Provider.perStack(newStack(new App(), 'Bad'), props)).toThrow(message);
  });

  it('exposes every parameter of template.yaml as a prop, but the ServiceToken parameter it does not create', () => {
    const exposed = Object.values(PARAMETERS).map(([name]) => name);
    const parameters = Object.keys(template.Parameters ?? {}).filter((name) => name !== 'ServiceTokenParameterName');
    expect(
      parameters.filter((name) => !exposed.includes(name)),
      'add a prop and a row to PARAMETERS',
    ).toEqual([]);
    expect(exposed.filter((name) => !parameters.includes(name))).toEqual([]);
  });

  it.each([
    ['defaults', byDefault.stack],
    ['every parameter set', tuned.stack],
    ['a managed policy of the app as the boundary', withPolicy],
  ])('synthesizes a template that passes cfn-lint: %s', (name, stack) => {
    expectLintClean(`per-stack-${name.replace(/\W+/g, '-')}`, json(stack));
  });
});

function tunedProps(): PerStackProviderProps {
  return {
    functionName: 'messaging-roles',
    functionTimeout: Duration.minutes(10),
    logRetention: logs.RetentionDays.ONE_WEEK,
    applicationLogLevel: lambda.ApplicationLogLevel.DEBUG,
    managedRolePathPrefix: 'messaging',
    permissionsBoundary: OWN_BOUNDARY,
    propagationTimeout: Duration.minutes(5),
  };
}
