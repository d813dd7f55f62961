import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand, TagRoleCommand, UpdateAssumeRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetEventStreamCommand, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { beforeEach, describe, expect, it } from 'vitest';
import { UnsupportedRequestError } from '../../src/errors.js';
import { roleNameFor } from '../../src/lifecycle.js';
import { bindingFingerprint } from '../../src/naming.js';
import { parseResource } from '../../src/resources/index.js';
import { processRequest } from '../../src/request.js';
import { APP_ID, awsContext, createEvent, KINESIS_ARN, mockedClients, noSuchEntity, ownedRole, roleArnOf, STACK, streamProps, work } from './fixtures.js';

let aws: ReturnType<typeof mockedClients>;
beforeEach(() => {
  aws = mockedClients();
});

const w = () => work(awsContext(aws.clients), STACK, { physicalResourceId: 'create-failed-req' });
const name = () => roleNameFor(parseResource('Custom::PinpointEventStream', streamProps(), STACK), STACK);

describe('processRequest', () => {
  it('Delete without a PhysicalResourceId succeeds with the placeholder, touching nothing', async () => {
    await expect(processRequest(createEvent({ RequestType: 'Delete' }), w())).resolves.toEqual({ status: 'SUCCESS', physicalResourceId: 'create-failed-req' });
    expect(aws.iam.calls()).toHaveLength(0);
  });

  it('Delete with unparseable properties still succeeds', async () => {
    aws.iam.on(GetRoleCommand).rejects(noSuchEntity());
    await expect(processRequest(createEvent({ RequestType: 'Delete', ResourceProperties: { Nope: 1 }, PhysicalResourceId: roleArnOf('r') }), w())).resolves.toEqual({
      status: 'SUCCESS',
      physicalResourceId: roleArnOf('r'),
    });
  });

  it('Update without a PhysicalResourceId is refused', async () => {
    await expect(processRequest(createEvent({ RequestType: 'Update', OldResourceProperties: streamProps() }), w())).rejects.toBeInstanceOf(UnsupportedRequestError);
  });

  it('an unknown RequestType is refused, naming it', async () => {
    await expect(processRequest(createEvent({ RequestType: 'Read' }), w())).rejects.toThrow(/RequestType Read/);
  });

  it('Update with unparseable OldResourceProperties converges in place when the role already matches', async () => {
    aws.iam.on(GetRoleCommand, { RoleName: name() }).resolves(ownedRole(name(), bindingFingerprint({ ApplicationId: APP_ID, RolePath: '/', RoleName: '' })));
    aws.iam.on(UpdateAssumeRolePolicyCommand).resolves({});
    aws.iam.on(TagRoleCommand).resolves({});
    aws.iam.on(PutRolePolicyCommand).resolves({});
    aws.pinpoint.on(GetEventStreamCommand).resolves({ EventStream: { ApplicationId: APP_ID, DestinationStreamArn: KINESIS_ARN, RoleArn: roleArnOf(name()) } });
    aws.pinpoint.on(PutEventStreamCommand).resolves({});
    const outcome = await processRequest(
      createEvent({ RequestType: 'Update', PhysicalResourceId: roleArnOf(name()), OldResourceProperties: { Garbage: true } }),
      w(),
    );
    expect(outcome).toMatchObject({ status: 'SUCCESS', physicalResourceId: roleArnOf(name()) });
    expect(aws.iam.commandCalls(CreateRoleCommand)).toHaveLength(0);
  });

  it('a successful Create reports SUCCESS with data', async () => {
    aws.iam.on(GetRoleCommand).rejects(noSuchEntity());
    aws.iam.on(CreateRoleCommand).resolves({ Role: { Arn: roleArnOf(name()), RoleName: name(), Path: '/', RoleId: 'x', CreateDate: new Date() } });
    aws.iam.on(PutRolePolicyCommand).resolves({});
    aws.pinpoint.on(GetEventStreamCommand).resolves({});
    aws.pinpoint.on(PutEventStreamCommand).resolves({});
    await expect(processRequest(createEvent(), w())).resolves.toEqual({
      status: 'SUCCESS',
      physicalResourceId: roleArnOf(name()),
      data: { RoleArn: roleArnOf(name()), RoleName: name(), ApplicationId: APP_ID },
    });
  });
});
