// How a raw request is read as a call: the service from the SigV4 scope and the protocol,
// the operation and input by protocol, and what cannot be read as a call.
import * as cfn from '@aws-sdk/client-cloudformation';
import * as ses from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { decodeRestJsonRequest } from '../../../emulator/model/decode-rest-json.js';
import { checkRequest, decodeRequest, type RawHttpRequest } from '../../../emulator/model/index.js';
import type { ServiceModel } from '../../../emulator/model/shapes.js';
import { ROLE_NAME } from './calls.js';
import { capture } from './capture.js';

const auth = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIAMODELCHECK000001/20260101/us-east-1/${service}/aws4_request, ` +
  'SignedHeaders=host, Signature=00';
const FORM = 'application/x-www-form-urlencoded';
const form = (service: string, body: string): RawHttpRequest => ({
  method: 'POST',
  path: '/',
  headers: { Authorization: auth(service), 'Content-Type': FORM },
  body,
});
const findings = (request: RawHttpRequest, signingName?: string) =>
  checkRequest(request, signingName).violations.map(({ service, operation, member, rule }) => ({
    service,
    operation,
    member,
    rule,
  }));

describe('which service and operation', () => {
  it('tells SES v2 (rest-json) from a query request signed as ses, which no loaded model speaks', () => {
    const v2 = {
      method: 'GET',
      path: '/v2/email/configuration-sets/marketing/event-destinations',
      headers: { authorization: auth('ses') },
    };
    expect(decodeRequest(v2)).toMatchObject({ service: 'sesv2', operation: 'GetConfigurationSetEventDestinations' });
    expect(findings(form('ses', 'Action=SendEmail&Version=2010-12-01'))).toEqual([
      { service: '', operation: '', member: '', rule: 'unknown-service' },
    ]);
  });

  it('takes the signing name the gateway recorded when the request carries no Authorization', () => {
    const request = {
      ...form('iam', `Action=GetRole&Version=2010-05-08&RoleName=${ROLE_NAME}`),
      headers: { 'content-type': FORM },
    };
    expect(findings(request)).toEqual([{ service: '', operation: '', member: '', rule: 'unknown-service' }]);
    expect(checkRequest(request, 'iam').call).toMatchObject({
      service: 'iam',
      operation: 'GetRole',
      input: { RoleName: ROLE_NAME },
    });
  });

  it('refuses operations the model does not have, and the wrong framing', () => {
    expect(findings(form('iam', 'Action=MakeRole&Version=2010-05-08'))).toEqual([
      { service: 'iam', operation: '', member: '', rule: 'unknown-operation' },
    ]);
    expect(findings(form('iam', 'Action=GetRole&Version=2011-01-01&RoleName=r'))).toEqual([
      { service: 'iam', operation: 'GetRole', member: '', rule: 'malformed' },
    ]);
    const sms = (target: string, contentType: string): RawHttpRequest => ({
      method: 'POST',
      path: '/',
      headers: { authorization: auth('sms-voice'), 'x-amz-target': target, 'content-type': contentType },
      body: '{}',
    });
    expect(findings(sms('PinpointSMSVoiceV2.MakeDestination', 'application/x-amz-json-1.0'))).toEqual([
      { service: 'pinpoint-sms-voice-v2', operation: '', member: '', rule: 'unknown-operation' },
    ]);
    expect(findings(sms('PinpointSMSVoiceV2.DescribeConfigurationSets', 'application/x-amz-json-1.1'))).toEqual([
      { service: 'pinpoint-sms-voice-v2', operation: 'DescribeConfigurationSets', member: '', rule: 'malformed' },
    ]);
    const nowhere = { method: 'PATCH', path: '/v2/email/nowhere', headers: { authorization: auth('ses') } };
    expect(findings(nowhere)).toEqual([{ service: 'sesv2', operation: '', member: '', rule: 'unknown-operation' }]);
  });
});

describe('query protocol', () => {
  it('reports a key no member accounts for under its own name', () => {
    const tags = 'Tags.member.1.Key=team&Tags.member.1.Value=a&Tags.member.1.Colour=red';
    const body = `Action=TagRole&Version=2010-05-08&RoleName=${ROLE_NAME}&${tags}&Bogus=1`;
    expect(findings(form('iam', body))).toEqual([
      { service: 'iam', operation: 'TagRole', member: 'Tags.member.1.Colour', rule: 'unknown-member' },
      { service: 'iam', operation: 'TagRole', member: 'Bogus', rule: 'unknown-member' },
    ]);
  });

  it('reads lists of structures and maps (entry.N.key/value) back into the SDK input', async () => {
    const command = new cfn.CreateChangeSetCommand({
      StackName: 'messaging',
      ChangeSetName: 'import',
      ChangeSetType: 'IMPORT',
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      Parameters: [{ ParameterKey: 'Prefix', ParameterValue: 'pes' }],
      ResourcesToImport: [
        { ResourceType: 'AWS::S3::Bucket', LogicalResourceId: 'Bucket', ResourceIdentifier: { BucketName: 'b1' } },
      ],
    });
    const checked = checkRequest(await capture(cfn.CloudFormationClient, command));
    expect(checked.violations).toEqual([]);
    expect(checked.call?.input).toEqual(command.input);
  });
});

describe('rest-json protocol', () => {
  it('reads query-string members with their types (repeated keys for a list, ISO timestamps)', async () => {
    const list = new ses.ListSuppressedDestinationsCommand({ Reasons: ['BOUNCE', 'COMPLAINT'], PageSize: 5 });
    const listed = checkRequest(await capture(ses.SESv2Client, list));
    expect(listed.call).toMatchObject({ operation: 'ListSuppressedDestinations', input: list.input });
    const dates = { Domain: 'example.com', StartDate: new Date('2026-01-01'), EndDate: new Date('2026-01-02') };
    const report = checkRequest(await capture(ses.SESv2Client, new ses.GetDomainStatisticsReportCommand(dates)));
    expect(report.call?.input).toEqual({
      ...dates,
      StartDate: '2026-01-01T00:00:00Z',
      EndDate: '2026-01-02T00:00:00Z',
    });
    expect([...listed.violations, ...report.violations]).toEqual([]);
  });

  it('reports an unknown query parameter, and a body key spelling a URI member', () => {
    const request = {
      method: 'POST',
      path: '/v2/email/configuration-sets/marketing/event-destinations?verbose=1',
      headers: { authorization: auth('ses'), 'content-type': 'application/json' },
      body: JSON.stringify({ ConfigurationSetName: 'other', EventDestinationName: 'd', EventDestination: {} }),
    };
    expect(findings(request).map((f) => [f.member, f.rule])).toEqual([
      ['verbose', 'unknown-member'],
      ['(body)ConfigurationSetName', 'unknown-member'],
    ]);
  });

  it('reads header members (a model of its own: no loaded service takes input in headers)', () => {
    const model: ServiceModel = {
      service: 'example',
      metadata: { apiVersion: '2020-01-01', endpointPrefix: 'example', protocol: 'rest-json' },
      operations: {
        Get: { name: 'Get', http: { method: 'GET', requestUri: '/things/{Id+}' }, input: { shape: 'GetInput' } },
      },
      shapes: {
        GetInput: {
          type: 'structure',
          members: {
            Id: { shape: 'S', location: 'uri', locationName: 'Id' },
            Ids: { shape: 'L', location: 'header', locationName: 'x-ids' },
            Count: { shape: 'I', location: 'header', locationName: 'x-count' },
          },
        },
        S: { type: 'string' },
        I: { type: 'integer' },
        L: { type: 'list', member: { shape: 'S' } },
      },
    };
    const request = { method: 'GET', path: '/things/a%20b/c', headers: { 'X-Ids': 'a, b', 'x-count': '3' } };
    expect(decodeRestJsonRequest(model, request).input).toEqual({ Id: 'a b/c', Ids: ['a', 'b'], Count: 3 });
  });
});
