// PinpointEmailSendingRole: what it synthesizes, and that synth refuses what the function would refuse.
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ses from 'aws-cdk-lib/aws-ses';
import { describe, expect, it } from 'vitest';
import { PinpointEmailSendingRole, Provider } from '../../cdk/src/index.js';
import { customResources, functionReason, newStack, propertiesOf, SERVICE_TOKEN, synthError } from './support.js';

const TYPE = 'Custom::PinpointEmailSendingRole';

describe('PinpointEmailSendingRole', () => {
  it('declares the role-only kind, narrowed to identities and configuration sets given as L2s or names', async () => {
    const app = new App();
    const stack = newStack(app, 'Sending');
    const role = new PinpointEmailSendingRole(stack, 'SendingRole', {
      provider: Provider.fromServiceToken(stack, 'Provider', SERVICE_TOKEN),
      identities: [
        new ses.EmailIdentity(stack, 'Domain', { identity: ses.Identity.domain('example.com') }),
        'a@example.org',
      ],
      configurationSets: ['marketing'],
    });
    const domain = Object.keys(Template.fromStack(stack).findResources('AWS::SES::EmailIdentity'))[0];
    expect(Object.values(customResources(stack)).map((r) => r.Type)).toEqual([TYPE]);
    expect(propertiesOf(stack)).toEqual({
      Identities: [{ Ref: domain }, 'a@example.org'],
      ConfigurationSets: ['marketing'],
    });
    const logicalId = stack.getLogicalId(role.resource.node.defaultChild as CfnElement);
    expect(stack.resolve(role.roleArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'RoleArn'] });
    const accepted = { Identities: ['example.com', 'a@example.org'], ConfigurationSets: ['marketing'] };
    expect(await functionReason(TYPE, accepted, { logicalId })).toBeUndefined();
  });

  it('fails with the reason the function gives for a wildcard identity', async () => {
    const app = new App();
    const stack = newStack(app, 'Sending');
    const role = new PinpointEmailSendingRole(stack, 'SendingRole', {
      provider: Provider.fromServiceToken(stack, 'Provider', SERVICE_TOKEN),
      identities: ['*@example.com'],
    });
    const logicalId = stack.getLogicalId(role.resource.node.defaultChild as CfnElement);
    const reason = await functionReason(TYPE, { Identities: ['*@example.com'] }, { logicalId });
    expect(reason).toMatch(/^Identities: /);
    expect(synthError(app)).toContain(`[Sending/SendingRole] ${reason}`);
  });
});
