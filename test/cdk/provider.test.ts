// The shared providers: a deployment of template.yaml found by ServiceToken, SSM parameter or export.
import { App, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { type IProvider, Provider, SmsVoiceEventDestination } from '../../cdk/src/index.js';
import { SERVICE_TOKEN_EXPORT_SUFFIX } from '../../cdk/src/provider.js';
import { DEFAULT_SERVICE_TOKEN_PARAMETER } from '../../src/names.js';
import { readCfn, TEMPLATE } from '../templates/cfn.js';
import { arn, customResources, expectLintClean, newStack, SERVICE_TOKEN } from './support.js';

const template = readCfn(TEMPLATE);
const app = new App();
const stack = newStack(app, 'Consumer');
const providers: [string, IProvider][] = [
  ['ServiceToken', Provider.fromServiceToken(stack, 'ByArn', SERVICE_TOKEN)],
  ['SsmParameter', Provider.fromSsmParameter(stack, 'BySsm')],
  ['OtherSsmParameter', Provider.fromSsmParameter(stack, 'ByOtherSsm', { parameterName: '/messaging/token' })],
  ['Export', Provider.fromExport(stack, 'ByExport', { stackName: 'messaging-resource' })],
  [
    'LongerTimeout',
    Provider.fromServiceToken(stack, 'Longer', SERVICE_TOKEN, { functionTimeout: Duration.minutes(10) }),
  ],
];
for (const [id, provider] of providers) {
  new SmsVoiceEventDestination(stack, id, {
    provider,
    configurationSet: 'sms-events',
    deliveryStream: arn('firehose', 'deliverystream/sms-events'),
  });
}
const served = Object.fromEntries(
  Object.entries(customResources(stack)).map(([logicalId, r]) => [logicalId.replace(/[0-9A-F]{8}$/, ''), r.Properties]),
);

describe('shared providers', () => {
  it('use the ServiceToken given', () => {
    expect(served.ServiceToken?.ServiceToken).toBe(SERVICE_TOKEN);
  });

  it("read the deployment's SSM parameter when the stack deploys (template.yaml's default name, or another)", () => {
    expect(DEFAULT_SERVICE_TOKEN_PARAMETER).toBe(template.Parameters?.ServiceTokenParameterName?.Default);
    expect(served.SsmParameter?.ServiceToken).toBe(`{{resolve:ssm:${DEFAULT_SERVICE_TOKEN_PARAMETER}}}`);
    expect(served.OtherSsmParameter?.ServiceToken).toBe('{{resolve:ssm:/messaging/token}}');
  });

  it('import the export template.yaml publishes: <stack name>-ServiceToken', () => {
    const exported = template.Outputs?.ServiceToken?.Export?.Name as { 'Fn::Sub': string };
    expect(exported['Fn::Sub']).toBe(`\${AWS::StackName}${SERVICE_TOKEN_EXPORT_SUFFIX}`);
    expect(served.Export?.ServiceToken).toEqual({ 'Fn::ImportValue': 'messaging-resource-ServiceToken' });
  });

  it("set ServiceTimeout 30 s above the deployment's function timeout (template.yaml's default unless told)", () => {
    expect(template.Parameters?.FunctionTimeout?.Default).toBe(300);
    expect(served.ServiceToken?.ServiceTimeout).toBe('330');
    expect(served.LongerTimeout?.ServiceTimeout).toBe('630');
  });

  it('synthesize templates that pass cfn-lint', () => {
    expectLintClean('shared-providers', Template.fromStack(stack).toJSON());
  });
});
