// Stand-in answers (shaped as test/support's stand-ins answer) checked against the operation's
// output and errors.
import { describe, expect, it } from 'vitest';
import { type AnsweredCall, checkResponse, type RawHttpResponse } from '../../../emulator/model/index.js';
import { FIREHOSE_ARN, KINESIS_ARN, ROLE_ARN, STACK_ID } from './calls.js';

const ses = (operation: string): AnsweredCall => ({ service: 'sesv2', operation });
const sms = (operation: string): AnsweredCall => ({ service: 'pinpoint-sms-voice-v2', operation });
const cfn = (operation: string): AnsweredCall => ({ service: 'cloudformation', operation });
const iam = (operation: string): AnsweredCall => ({ service: 'iam', operation });

const json = (status: number, body: unknown, errorType?: string): RawHttpResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) },
  body: JSON.stringify(body),
});
const xml = (status: number, body: string): RawHttpResponse => ({
  status,
  headers: { 'content-type': 'text/xml' },
  body,
});
const queryResult = (action: string, inner: string) =>
  xml(
    200,
    `<${action}Response xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><${action}Result>${inner}` +
      `</${action}Result><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></${action}Response>`,
  );
const queryError = (status: number, code: string) =>
  xml(
    status,
    `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>m &amp; n</Message></Error>` +
      '<RequestId>r-1</RequestId></ErrorResponse>',
  );

const found = (call: AnsweredCall, response: RawHttpResponse) =>
  checkResponse(call, response).violations.map(({ member, rule }) => ({ member, rule }));

const sesDestination = {
  Name: 'EmailEvents',
  Enabled: true,
  MatchingEventTypes: ['SEND', 'BOUNCE'],
  KinesisFirehoseDestination: { IamRoleArn: ROLE_ARN, DeliveryStreamArn: FIREHOSE_ARN },
};
const smsDestination = {
  EventDestinationName: 'SmsEvents',
  Enabled: true,
  MatchingEventTypes: ['ALL'],
  KinesisFirehoseDestination: { IamRoleArn: ROLE_ARN, DeliveryStreamArn: FIREHOSE_ARN },
};
const smsSet = {
  ConfigurationSetArn: 'arn:aws:sms-voice:us-east-1:123456789012:configuration-set/alerts',
  ConfigurationSetName: 'alerts',
  EventDestinations: [smsDestination],
  CreatedTimestamp: 1_767_225_600,
};
const stackResource = (extra = '', status = '<ResourceStatus>CREATE_IN_PROGRESS</ResourceStatus>') =>
  queryResult(
    'DescribeStackResource',
    `<StackResourceDetail><StackId>${STACK_ID}</StackId><StackName>messaging</StackName>` +
      '<LogicalResourceId>SmsEvents</LogicalResourceId><ResourceType>Custom::SmsVoiceEventDestination</ResourceType>' +
      `<LastUpdatedTimestamp>2026-01-01T00:00:00.000Z</LastUpdatedTimestamp>${status}` +
      `<DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus></DriftInformation>${extra}` +
      '</StackResourceDetail>',
  );

describe('success answers', () => {
  it('rest-json: members of the output shape pass; an undeclared member is named by its path', () => {
    const call = ses('GetConfigurationSetEventDestinations');
    expect(found(call, json(200, { EventDestinations: [sesDestination] }))).toEqual([]);
    expect(found(call, json(200, { EventDestinations: [{ ...sesDestination, Colour: 'red' }] }))).toEqual([
      { member: 'EventDestinations[0].Colour', rule: 'unknown-member' },
    ]);
  });

  it('rest-json: a payload member is the whole body, with its required members', () => {
    const call = { service: 'pinpoint', operation: 'PutEventStream' } as const;
    const stream = { ApplicationId: 'app', DestinationStreamArn: KINESIS_ARN, RoleArn: ROLE_ARN };
    expect(found(call, json(200, stream))).toEqual([]);
    expect(found(call, json(200, { ...stream, RoleArn: undefined }))).toEqual([
      { member: 'EventStream.RoleArn', rule: 'required' },
    ]);
  });

  it('json: enums, required members and epoch-second timestamps', () => {
    expect(found(sms('DescribeConfigurationSets'), json(200, { ConfigurationSets: [smsSet] }))).toEqual([]);
    const broken = {
      ...smsSet,
      CreatedTimestamp: 1_767_225_600_000,
      EventDestinations: [{ ...smsDestination, MatchingEventTypes: ['EVERYTHING'], Enabled: undefined }],
    };
    expect(found(sms('DescribeConfigurationSets'), json(200, { ConfigurationSets: [broken] }))).toEqual([
      { member: 'ConfigurationSets[0].EventDestinations[0].Enabled', rule: 'required' },
      { member: 'ConfigurationSets[0].EventDestinations[0].MatchingEventTypes[0]', rule: 'enum' },
      { member: 'ConfigurationSets[0].CreatedTimestamp', rule: 'type' },
    ]);
  });

  it('query: the XML result, element by element', () => {
    expect(found(cfn('DescribeStackResource'), stackResource())).toEqual([]);
    expect(found(cfn('DescribeStackResource'), stackResource('<Owner>me</Owner>'))).toEqual([
      { member: 'StackResourceDetail.Owner', rule: 'unknown-member' },
    ]);
    expect(found(cfn('DescribeStackResource'), stackResource('', ''))).toEqual([
      { member: 'StackResourceDetail.ResourceStatus', rule: 'required' },
    ]);
    expect(found(cfn('DescribeStackResource'), stackResource('', '<ResourceStatus>WAITING</ResourceStatus>'))).toEqual([
      { member: 'StackResourceDetail.ResourceStatus', rule: 'enum' },
    ]);
  });

  it('query: maps of <entry><key><value>', () => {
    const summary = (key: string) =>
      queryResult('GetAccountSummary', `<SummaryMap><entry><key>${key}</key><value>5</value></entry></SummaryMap>`);
    expect(found(iam('GetAccountSummary'), summary('Roles'))).toEqual([]);
    expect(found(iam('GetAccountSummary'), summary('Robots'))).toEqual([
      { member: 'SummaryMap["Robots"]', rule: 'enum' },
    ]);
  });

  it('a body that is not what the protocol reads is malformed', () => {
    expect(found(cfn('DescribeStacks'), stackResource())).toEqual([{ member: '', rule: 'malformed' }]);
    expect(found(ses('GetConfigurationSetEventDestinations'), { status: 200, headers: {}, body: '{"a":' })).toEqual([
      { member: '', rule: 'malformed' },
    ]);
    expect(found(cfn('DescribeStacks'), xml(200, '<DescribeStacksResponse><a></DescribeStacksResponse>'))).toEqual([
      { member: '', rule: 'malformed' },
    ]);
  });
});

describe('error answers', () => {
  it('an error the operation declares, with its status and members', () => {
    const call = sms('CreateEventDestination');
    const quota = (reason: string) =>
      json(
        400,
        { __type: 'ServiceQuotaExceededException', Message: 'at most 5', Reason: reason },
        'ServiceQuotaExceededException',
      );
    expect(found(call, quota('EVENT_DESTINATIONS_PER_CONFIGURATION_SET'))).toEqual([]);
    expect(found(call, quota('TOO_MANY'))).toEqual([{ member: 'Reason', rule: 'enum' }]);
    const note = checkResponse(call, quota('MONTHLY_SPEND_LIMIT_REACHED_FOR_RCS'));
    expect([note.violations, note.notes.map((n) => [n.member, n.rule])]).toEqual([[], [['Reason', 'sdk-newer-enum']]]);
    expect(
      found(ses('CreateConfigurationSetEventDestination'), json(404, { message: 'no set' }, 'NotFoundException')),
    ).toEqual([]);
    expect(
      found(ses('CreateConfigurationSetEventDestination'), json(400, { message: 'no set' }, 'NotFoundException')),
    ).toEqual([{ member: '', rule: 'status' }]);
  });

  it('an error code neither the operation nor AWS at large declares', () => {
    const undeclared = checkResponse(
      ses('CreateConfigurationSetEventDestination'),
      json(404, { message: 'no set' }, 'ResourceNotFoundException:http://internal.amazon.com/coral/'),
    ).violations;
    expect(undeclared.map(({ member, rule }) => ({ member, rule }))).toEqual([
      { member: '', rule: 'undeclared-error' },
    ]);
    expect(undeclared[0]?.message).toMatch(
      /^sesv2 CreateConfigurationSetEventDestination: \(whole message\) \[undeclared-error\] ResourceNotFound/,
    );
    expect(found(sms('DeleteEventDestination'), json(400, { __type: 'com.amazonaws#BadRequestException' }))).toEqual([
      { member: '', rule: 'undeclared-error' },
    ]);
  });

  it('query: declared codes by their error.code, common errors, and the status the shape declares', () => {
    expect(found(iam('GetRole'), queryError(404, 'NoSuchEntity'))).toEqual([]);
    expect(found(iam('GetRole'), queryError(400, 'NoSuchEntity'))).toEqual([{ member: '', rule: 'status' }]);
    expect(found(iam('CreateRole'), queryError(400, 'Throttling'))).toEqual([]);
    expect(found(cfn('DescribeStackResource'), queryError(400, 'ValidationError'))).toEqual([]);
    expect(found(iam('GetRole'), queryError(409, 'EntityAlreadyExists'))).toEqual([
      { member: '', rule: 'undeclared-error' },
    ]);
    expect(found(iam('GetRole'), xml(400, '<ErrorResponse><Error></Error></ErrorResponse>'))).toEqual([
      { member: '', rule: 'malformed' },
    ]);
  });
});
