// The local AWS endpoint the built bundle talks to (AWS_ENDPOINT_URL) in tests and `npm start`.
//
// Everything is forwarded to moto, which serves IAM, Pinpoint apps and event streams,
// Kinesis, Firehose, CloudWatch Logs and SES v2 configuration sets. On top of moto this
// gateway adds what moto 5.2.1 cannot do, each clearly a STAND-IN, not AWS:
//   1. SES v2 configuration-set event destinations (GET/POST/PUT/DELETE
//      /v2/email/configuration-sets/{name}/event-destinations[/{dest}]), kept in memory,
//      with the real API's shapes and error codes.
//   2. AWS End User Messaging SMS and voice v2 (JSON 1.0, `PinpointSMSVoiceV2.*`):
//      configuration sets and their event destinations, kept in memory (moto has none).
//   3. CloudFormation DescribeStackResource / DescribeStacks (moto cannot hold a stack with
//      a custom resource): stacks registered by the tests, answered in CloudFormation's XML.
//   4. The check Pinpoint, SES and SMS voice make before accepting a role: the role must
//      exist in moto, trust the right service principal, and allow writing to the
//      destination; otherwise the services' own error messages.
//   5. IAM propagation: for `propagationDelayMs` after a role or its policy changes, the
//      services answer as AWS does while IAM propagates.
//   6. IAM throttling: at most `iamMutatingPerSecond` mutating IAM calls a second, the rest
//      answered `Throttling` as IAM does (IAM is one endpoint per account).
//   7. An authorization record of every call the FUNCTION makes (told apart from the tests'
//      own calls by the SigV4 access key id): action, resource ARN and condition keys, what
//      an IAM policy simulator needs to check the execution role against the template.
//   8. Fault injection for tests: answer chosen calls with an error, or never answer.

import { randomUUID } from 'node:crypto';
import { createServer, request } from 'node:http';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { EventType as SmsEventType } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { ACCOUNT, FUNCTION_ACCESS_KEY_ID, PARTITION, SECRET_ACCESS_KEY, SEED_ACCESS_KEY_ID } from './deployment.mjs';

const PINPOINT_PROPAGATION_MESSAGE =
  'Destination stream validation failed. Please make sure the IAM Role is configured correctly.';
const CLOUDFORMATION_XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
/** The service's documented quota (not adjustable): 5 event destinations per configuration set. */
const SMS_DESTINATIONS_PER_CONFIGURATION_SET = 5;
/** The SDK's own enum, so the stand-in accepts exactly the types the service's model lists. */
const SMS_EVENT_TYPES = new Set(Object.values(SmsEventType));
const SMS_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** What the SigV4 Authorization header says: who signed, for which Region and service. */
function signer(headers) {
  const m = /Credential=([^/]+)\/[^/]+\/([^/]+)\/([^/]+)\//.exec(headers.authorization ?? '');
  return m ? { accessKeyId: m[1], region: m[2], service: m[3] } : {};
}

/** Label of a request in IAM-action form, e.g. iam:CreateRole, mobiletargeting:PutEventStream. */
function classify(method, path, body, headers) {
  const { accessKeyId, region, service } = signer(headers);
  const who = { accessKeyId, region: region ?? 'us-east-1', service };
  const form = headers['content-type']?.includes('x-www-form-urlencoded') ? new URLSearchParams(body) : undefined;
  if (form?.get('Action'))
    return {
      ...who,
      service: service ?? 'query',
      action: `${service === 'iam' ? 'iam' : service}:${form.get('Action')}`,
      form,
    };
  let m = /^\/v1\/apps\/([^/]+)\/eventstream$/.exec(path);
  if (m)
    return {
      ...who,
      action: `mobiletargeting:${{ POST: 'PutEventStream', GET: 'GetEventStream', DELETE: 'DeleteEventStream' }[method]}`,
      applicationId: m[1],
    };
  m = /^\/v2\/email\/configuration-sets\/([^/]+)\/event-destinations(?:\/([^/]+))?$/.exec(path);
  if (m) {
    const action = m[2]
      ? { PUT: 'UpdateConfigurationSetEventDestination', DELETE: 'DeleteConfigurationSetEventDestination' }[method]
      : { GET: 'GetConfigurationSetEventDestinations', POST: 'CreateConfigurationSetEventDestination' }[method];
    return {
      ...who,
      action: `ses:${action}`,
      configurationSet: decodeURIComponent(m[1]),
      destination: m[2] && decodeURIComponent(m[2]),
      standIn: true,
    };
  }
  m = /^\/v2\/email\/configuration-sets\/([^/]+)$/.exec(path);
  if (m)
    return {
      ...who,
      action: `ses:${{ GET: 'GetConfigurationSet', DELETE: 'DeleteConfigurationSet' }[method] ?? `${method} ${path}`}`,
      configurationSet: decodeURIComponent(m[1]),
    };
  const target = headers['x-amz-target'];
  if (target) {
    const operation = String(target).split('.').pop();
    // Signed as `sms-voice` by the SDK; unsigned probes still reach the stand-in.
    if (String(target).startsWith('PinpointSMSVoiceV2.'))
      return { ...who, action: `sms-voice:${operation}`, operation, smsVoice: true };
    return { ...who, action: `${service}:${operation}`, operation };
  }
  return { ...who, action: `${service ?? 'unknown'}:${method} ${path}` };
}

const escapeXml = (value) =>
  String(value).replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c],
  );

function restError(res, status, type, message) {
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': type,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(JSON.stringify({ message, Message: message }));
}

function queryError(res, status, code, message, xmlns = undefined) {
  res.writeHead(status, { 'content-type': 'text/xml' });
  const ns = xmlns ? ` xmlns="${xmlns}"` : '';
  res.end(
    `<ErrorResponse${ns}><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

function queryResult(res, action, xmlns, inner) {
  res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  res.end(
    `<${action}Response xmlns="${xmlns}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`,
  );
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(value));
}

/** An awsJson1_0 answer (SMS voice v2): errors carry `__type` plus the shape's members. */
function json10(res, value) {
  res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(value));
}

class SmsError extends Error {
  constructor(type, message, members = {}) {
    super(message);
    this.type = type;
    this.members = members;
  }
}

function json10Error(res, error) {
  // The service answers every modelled client error with 400; the SDK reads the type from
  // the x-amzn-errortype header or `__type`, the members from the body.
  res.writeHead(400, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-errortype': error.type,
    'x-amzn-requestid': randomUUID(),
  });
  res.end(JSON.stringify({ __type: error.type, Message: error.message, ...error.members }));
}

/** IAM condition operators the stand-ins evaluate in trust policies (Like: * and ? globs). */
function conditionHolds(operator, expected, actual) {
  if (actual === undefined) return false;
  const values = [expected].flat().map(String);
  if (operator === 'StringEquals' || operator === 'ArnEquals') return values.includes(actual);
  if (operator === 'StringLike' || operator === 'ArnLike') {
    return values.some((v) =>
      new RegExp(
        `^${v
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
      ).test(actual),
    );
  }
  return false;
}

/** `Tags.member.1.Key=a&Tags.member.1.Value=b` -> { a: 'b' } (query protocol lists). */
function formTags(form) {
  const tags = {};
  for (let i = 1; form.has(`Tags.member.${i}.Key`); i++)
    tags[form.get(`Tags.member.${i}.Key`)] = form.get(`Tags.member.${i}.Value`) ?? '';
  return tags;
}

function formList(form, name) {
  const values = [];
  for (let i = 1; form.has(`${name}.member.${i}`); i++) values.push(form.get(`${name}.member.${i}`));
  return values;
}

/** arn:aws:cloudformation:<region>:<account>:stack/<name>/<id> -> its parts; undefined if not one. */
function parseStackId(stackId) {
  const m = /^arn:[^:]+:cloudformation:([^:]+):([^:]+):stack\/([^/]+)\/.+$/.exec(String(stackId ?? ''));
  return m ? { region: m[1], account: m[2], name: m[3] } : undefined;
}

export async function startGateway({ motoEndpoint, propagationDelayMs = 0 }) {
  // The gateway's own look-ups go straight to moto: never counted, throttled or recorded.
  const direct = {
    endpoint: motoEndpoint,
    credentials: { accessKeyId: SEED_ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
  };
  const iam = new IAMClient({ ...direct, region: 'us-east-1' });
  const regional = new Map();
  const inRegion = (region) => {
    if (!regional.has(region))
      regional.set(region, {
        firehose: new FirehoseClient({ ...direct, region }),
        logs: new CloudWatchLogsClient({ ...direct, region }),
      });
    return regional.get(region);
  };
  const state = {
    propagationDelayMs,
    /** role name -> epoch ms of its last change (create, policy, trust) */
    roleChangedAt: new Map(),
    /** configuration set -> Map(destination name -> destination) */
    destinations: new Map(),
    /** SMS voice: configuration set ARN -> { ConfigurationSetArn, ConfigurationSetName, CreatedTimestamp (ms), Tags, EventDestinations: Map(name -> EventDestination) } */
    smsConfigurationSets: new Map(),
    /** CloudFormation: StackId -> { StackId, StackName, StackStatus, CreationTime (ms), resources: Map(LogicalResourceId -> { ResourceType, PhysicalResourceId?, ResourceStatus, LastUpdatedTimestamp (ms) }) } */
    stacks: new Map(),
    /** Mutating IAM calls a second before `Throttling`; undefined = unlimited. */
    iamMutatingPerSecond: undefined,
    /** Mutating IAM calls admitted and throttled (counted whether or not a limit is set). */
    iamAdmitted: 0,
    iamThrottled: 0,
    /** epoch ms of the admitted mutating IAM calls of the last second */
    iamWindow: [],
    /** The function's calls as an IAM policy simulator sees them: { action, resource, context }. */
    authz: [],
    faults: [],
    calls: [],
  };

  const forward = (req, body) =>
    new Promise((resolve, reject) => {
      const url = new URL(req.url, motoEndpoint);
      const out = request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      out.on('error', reject);
      out.end(body);
    });

  /** The role as IAM has it now (any path: a role ARN's name is its last segment), or undefined. */
  async function lookupRole(name) {
    try {
      return (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
    } catch {
      return undefined;
    }
  }

  /**
   * Why a service would refuse the role, or undefined if it accepts it. `trustContext`
   * (SMS voice) also checks the trust policy's conditions against the keys the service sends.
   */
  async function roleProblem(roleArn, principal, actions, resource, trustContext = undefined) {
    const name = String(roleArn).split('/').pop();
    const role = await lookupRole(name);
    if (!role || role.Arn !== roleArn) return 'assume';
    const changedAt = state.roleChangedAt.get(name) ?? 0;
    if (Date.now() - changedAt < state.propagationDelayMs) return 'propagating';
    const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument));
    const conditionsHold = (s) =>
      !trustContext ||
      Object.entries(s.Condition ?? {}).every(([operator, keys]) =>
        Object.entries(keys).every(([key, expected]) => conditionHolds(operator, expected, trustContext[key])),
      );
    const trusted = trust.Statement.some(
      (s) =>
        s.Effect === 'Allow' &&
        [s.Principal?.Service].flat().includes(principal) &&
        [s.Action].flat().includes('sts:AssumeRole') &&
        conditionsHold(s),
    );
    if (!trusted) return 'assume';
    let doc;
    try {
      const policy = await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'pinpoint-event-stream' }));
      doc = JSON.parse(decodeURIComponent(policy.PolicyDocument));
    } catch {
      return 'access';
    }
    const allowed = (action) =>
      doc.Statement.some(
        (s) => s.Effect === 'Allow' && [s.Action].flat().includes(action) && [s.Resource].flat().includes(resource),
      );
    return actions.every(allowed) ? undefined : 'access';
  }

  // ---- Authorization record -------------------------------------------------------------

  const roleArnOf = (path, name) => `arn:${PARTITION}:iam::${ACCOUNT}:role${path}${name}`;
  const resourceTags = (role) =>
    Object.fromEntries((role?.Tags ?? []).map((t) => [`iam:ResourceTag/${t.Key}`, t.Value]));
  const requestTags = (tags) =>
    Object.keys(tags).length
      ? {
          ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
          'aws:TagKeys': Object.keys(tags),
        }
      : {};

  /** The separate iam:PassRole a service call implies: authorised against the role as given. */
  async function passRole(roleArn, service) {
    if (!roleArn) return [];
    const role = await lookupRole(String(roleArn).split('/').pop());
    return [
      {
        action: 'iam:PassRole',
        resource: roleArn,
        context: { 'iam:PassedToService': service, ...(role?.Arn === roleArn ? resourceTags(role) : {}) },
      },
    ];
  }

  async function iamRecords(call) {
    const { form, action } = call;
    const name = form.get('RoleName');
    const policyArn = form.get('PolicyArn');
    if (action === 'iam:CreateRole') {
      const boundary = form.get('PermissionsBoundary');
      const context = { ...requestTags(formTags(form)), ...(boundary ? { 'iam:PermissionsBoundary': boundary } : {}) };
      return [{ action, resource: roleArnOf(form.get('Path') || '/', name), context }];
    }
    if (name) {
      // IAM authorises against the role's full ARN (with its path) when it exists; a role
      // that does not exist (yet) can only be named by `role/<name>`.
      const role = await lookupRole(name);
      const boundary =
        action === 'iam:PutRolePermissionsBoundary'
          ? form.get('PermissionsBoundary')
          : role?.PermissionsBoundary?.PermissionsBoundaryArn;
      const context = {
        ...resourceTags(role),
        ...(boundary ? { 'iam:PermissionsBoundary': boundary } : {}),
        ...(action === 'iam:TagRole' ? requestTags(formTags(form)) : {}),
        ...(action === 'iam:UntagRole' ? { 'aws:TagKeys': formList(form, 'TagKeys') } : {}),
        ...(policyArn ? { 'iam:PolicyARN': policyArn } : {}),
      };
      return [{ action, resource: role?.Arn ?? roleArnOf('/', name), context }];
    }
    return [{ action, resource: policyArn ?? '*', context: {} }];
  }

  /** What the function's call needs from its execution role (one or more records). */
  async function authorizationRecords(call, req, body) {
    const { action, region } = call;
    const input = () => {
      try {
        return JSON.parse(body.toString() || '{}');
      } catch {
        return {};
      }
    };
    if (call.form && call.service === 'iam') return iamRecords(call);
    if (call.form && call.service === 'cloudformation') {
      const stackName = call.form.get('StackName');
      const resource = !stackName
        ? '*'
        : stackName.startsWith('arn:')
          ? stackName
          : `arn:${PARTITION}:cloudformation:${region}:${ACCOUNT}:stack/${stackName}/*`;
      return [{ action, resource, context: {} }];
    }
    const app = /^\/v1\/apps\/([^/]+)/.exec(new URL(req.url, 'http://x').pathname)?.[1];
    if (action.startsWith('mobiletargeting:') && app) {
      const record = {
        action,
        resource: `arn:${PARTITION}:mobiletargeting:${region}:${ACCOUNT}:apps/${app}/eventstream`,
        context: {},
      };
      return [
        record,
        ...(action === 'mobiletargeting:PutEventStream'
          ? await passRole(input().RoleArn, 'pinpoint.amazonaws.com')
          : []),
      ];
    }
    if (action.startsWith('ses:') && call.configurationSet) {
      const record = {
        action,
        resource: `arn:${PARTITION}:ses:${region}:${ACCOUNT}:configuration-set/${call.configurationSet}`,
        context: {},
      };
      const writes = [
        'ses:CreateConfigurationSetEventDestination',
        'ses:UpdateConfigurationSetEventDestination',
      ].includes(action);
      return [
        record,
        ...(writes
          ? await passRole(input().EventDestination?.KinesisFirehoseDestination?.IamRoleArn, 'ses.amazonaws.com')
          : []),
      ];
    }
    if (call.smsVoice) {
      const i = input();
      const names =
        call.operation === 'DescribeConfigurationSets'
          ? (i.ConfigurationSetNames ?? [])
          : i.ConfigurationSetName
            ? [i.ConfigurationSetName]
            : [];
      const records = names.length
        ? names.map((n) => ({ action, resource: smsConfigurationSetArn(region, n), context: {} }))
        : [{ action, resource: '*', context: {} }];
      const writes = ['CreateEventDestination', 'UpdateEventDestination'].includes(call.operation);
      const roleArn = i.KinesisFirehoseDestination?.IamRoleArn ?? i.CloudWatchLogsDestination?.IamRoleArn;
      return [...records, ...(writes ? await passRole(roleArn, 'sms-voice.amazonaws.com') : [])];
    }
    return [{ action, resource: '*', context: {} }];
  }

  // ---- IAM throttling ---------------------------------------------------------------------

  /** True when this call must be answered `Throttling` (a mutating IAM call over the rate). */
  function iamThrottles(call) {
    if (!call.form || call.service !== 'iam' || /^(Get|List)/.test(call.form.get('Action'))) return false;
    const now = Date.now();
    while (state.iamWindow.length && now - state.iamWindow[0] >= 1000) state.iamWindow.shift();
    if (state.iamMutatingPerSecond !== undefined && state.iamWindow.length >= state.iamMutatingPerSecond) {
      state.iamThrottled += 1;
      return true;
    }
    state.iamWindow.push(now);
    state.iamAdmitted += 1;
    return false;
  }

  // ---- Pinpoint and SES v2 --------------------------------------------------------------

  async function pinpointPutEventStream(_req, res, body) {
    const { RoleArn, DestinationStreamArn } = JSON.parse(body.toString() || '{}');
    const kind = String(DestinationStreamArn).split(':')[2];
    const actions =
      kind === 'kinesis'
        ? ['kinesis:PutRecords', 'kinesis:DescribeStream']
        : ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'];
    const problem = await roleProblem(RoleArn, 'pinpoint.amazonaws.com', actions, DestinationStreamArn);
    if (problem) return restError(res, 400, 'BadRequestException', PINPOINT_PROPAGATION_MESSAGE);
    return undefined;
  }

  async function sesEventDestinations(req, res, body, call) {
    const cs = call.configurationSet;
    const { 'content-length': _, 'content-type': __, ...headers } = req.headers;
    const exists = await forward(
      { method: 'GET', url: `/v2/email/configuration-sets/${encodeURIComponent(cs)}`, headers },
      undefined,
    );
    if (exists.status !== 200)
      return restError(res, 404, 'NotFoundException', `Configuration set <${cs}> does not exist.`);
    const table = state.destinations.get(cs) ?? new Map();
    state.destinations.set(cs, table);
    if (req.method === 'GET') {
      return json(res, 200, { EventDestinations: [...table.values()] });
    }
    if (req.method === 'DELETE') {
      if (!table.has(call.destination))
        return restError(res, 404, 'NotFoundException', `Event destination ${call.destination} does not exist.`);
      table.delete(call.destination);
      return json(res, 200, {});
    }
    const input = JSON.parse(body.toString() || '{}');
    const name = req.method === 'POST' ? input.EventDestinationName : call.destination;
    if (req.method === 'POST' && table.has(name))
      return restError(res, 400, 'AlreadyExistsException', `Event destination ${name} already exists.`);
    if (req.method === 'PUT' && !table.has(name))
      return restError(res, 404, 'NotFoundException', `Event destination ${name} does not exist.`);
    const destination = input.EventDestination ?? {};
    const firehose = destination.KinesisFirehoseDestination;
    if (firehose) {
      if (!/^arn:[^:]+:firehose:/.test(firehose.DeliveryStreamArn ?? '')) {
        return restError(
          res,
          400,
          'BadRequestException',
          `Invalid Kinesis Firehose stream ARN ${firehose.DeliveryStreamArn}.`,
        );
      }
      const problem = await roleProblem(
        firehose.IamRoleArn,
        'ses.amazonaws.com',
        ['firehose:PutRecordBatch'],
        firehose.DeliveryStreamArn,
      );
      if (problem === 'access') {
        return restError(
          res,
          400,
          'BadRequestException',
          `Could not access Kinesis Firehose Stream ${firehose.DeliveryStreamArn} using IAM role ${firehose.IamRoleArn}.`,
        );
      }
      if (problem)
        return restError(res, 400, 'BadRequestException', `Could not assume IAM role <${firehose.IamRoleArn}>.`);
    }
    table.set(name, {
      Name: name,
      Enabled: destination.Enabled ?? false,
      MatchingEventTypes: destination.MatchingEventTypes ?? [],
      ...(firehose ? { KinesisFirehoseDestination: firehose } : {}),
    });
    return json(res, 200, {});
  }

  // ---- SMS and voice v2 -------------------------------------------------------------------

  /** The service takes a configuration set's name or ARN wherever it takes one of them. */
  const smsConfigurationSetArn = (region, nameOrArn) =>
    String(nameOrArn).startsWith('arn:')
      ? nameOrArn
      : `arn:${PARTITION}:sms-voice:${region}:${ACCOUNT}:configuration-set/${nameOrArn}`;
  const fieldError = (name, message) =>
    new SmsError('ValidationException', message, {
      Reason: 'FIELD_VALIDATION_FAILED',
      Fields: [{ Name: name, Message: message }],
    });
  const notFound = (resourceType, id) =>
    new SmsError('ResourceNotFoundException', `The ${resourceType} ${id} does not exist.`, {
      ResourceType: resourceType,
      ResourceId: id,
    });

  function smsConfigurationSet(region, nameOrArn, { required = true } = {}) {
    const set = state.smsConfigurationSets.get(smsConfigurationSetArn(region, nameOrArn));
    if (!set && required) throw notFound('configuration-set', nameOrArn);
    return set;
  }

  const smsSetView = (set) => ({
    ConfigurationSetArn: set.ConfigurationSetArn,
    ConfigurationSetName: set.ConfigurationSetName,
    EventDestinations: [...set.EventDestinations.values()],
    CreatedTimestamp: set.CreatedTimestamp / 1000, // awsJson timestamps: epoch seconds
  });

  const destinationKinds = ['CloudWatchLogsDestination', 'KinesisFirehoseDestination', 'SnsDestination'];
  const kindsIn = (input) => destinationKinds.filter((k) => input[k] !== undefined && input[k] !== null);

  function validateSmsEventTypes(types, { required }) {
    if (types === undefined || types === null) {
      if (required) throw fieldError('MatchingEventTypes', 'Member must not be null');
      return;
    }
    const bad = Array.isArray(types) ? types.filter((t) => !SMS_EVENT_TYPES.has(t)) : [types];
    if (!Array.isArray(types) || types.length === 0 || bad.length) {
      throw fieldError(
        'MatchingEventTypes',
        `Value '[${[types].flat().join(', ')}]' at 'matchingEventTypes' failed to satisfy constraint: Member must satisfy enum value set: [${[...SMS_EVENT_TYPES].join(', ')}]`,
      );
    }
  }

  function validateSmsNames(input) {
    if (!input.ConfigurationSetName) throw fieldError('ConfigurationSetName', 'Member must not be null');
    if (!input.EventDestinationName) throw fieldError('EventDestinationName', 'Member must not be null');
    if (!SMS_NAME.test(input.EventDestinationName)) {
      throw fieldError(
        'EventDestinationName',
        `Value '${input.EventDestinationName}' at 'eventDestinationName' failed to satisfy constraint: Member must have length between 1 and 64 and match pattern [A-Za-z0-9_-]+`,
      );
    }
  }

  /** Does the destination exist where the request is, and may the role write to it? */
  async function smsDestinationProblem(region, input, configurationSetArn) {
    const [kind] = kindsIn(input);
    if (kind === 'SnsDestination') return; // SNS authorises through the topic policy, no role
    const { IamRoleArn } = input[kind];
    const trustContext = { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': configurationSetArn };
    let target;
    let problem;
    if (kind === 'KinesisFirehoseDestination') {
      target = input[kind].DeliveryStreamArn;
      problem = await roleProblem(
        IamRoleArn,
        'sms-voice.amazonaws.com',
        ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        target,
        trustContext,
      );
      const m = /^arn:[^:]+:firehose:([^:]+):([^:]+):deliverystream\/(.+)$/.exec(String(target));
      if (!problem && (!m || m[1] !== region || m[2] !== ACCOUNT)) problem = 'access';
      if (!problem) {
        await inRegion(region)
          .firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: m[3] }))
          .catch(() => (problem = 'access'));
      }
    } else {
      target = input[kind].LogGroupArn;
      const base = String(target).replace(/:\*$/, '');
      problem = await roleProblem(
        IamRoleArn,
        'sms-voice.amazonaws.com',
        ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        `${base}:*`,
        trustContext,
      );
      const m = /^arn:[^:]+:logs:([^:]+):([^:]+):log-group:(.+)$/.exec(base);
      if (!problem && (!m || m[1] !== region || m[2] !== ACCOUNT)) problem = 'access';
      if (!problem) {
        const { logGroups = [] } = await inRegion(region).logs.send(
          new DescribeLogGroupsCommand({ logGroupNamePrefix: m[3] }),
        );
        if (!logGroups.some((g) => g.logGroupName === m[3])) problem = 'access';
      }
    }
    if (!problem) return;
    const what =
      kind === 'KinesisFirehoseDestination'
        ? `Kinesis Firehose Stream ${target}`
        : `CloudWatch Logs log group ${target}`;
    const message =
      problem === 'access'
        ? `Could not access ${what} using IAM role ${IamRoleArn}.`
        : `Could not assume IAM role ${IamRoleArn}.`;
    throw new SmsError('ValidationException', message, { Reason: 'RESOURCE_NOT_ACCESSIBLE' });
  }

  const smsOperations = {
    CreateConfigurationSet(region, input) {
      const name = input.ConfigurationSetName;
      if (!SMS_NAME.test(name ?? ''))
        throw fieldError(
          'ConfigurationSetName',
          `Value '${name}' at 'configurationSetName' failed to satisfy constraint: Member must match pattern [A-Za-z0-9_-]+`,
        );
      if (smsConfigurationSet(region, name, { required: false })) {
        throw new SmsError('ConflictException', `The configuration-set ${name} already exists.`, {
          Reason: 'RESOURCE_ALREADY_EXISTS',
          ResourceType: 'configuration-set',
          ResourceId: name,
        });
      }
      const set = {
        ConfigurationSetArn: smsConfigurationSetArn(region, name),
        ConfigurationSetName: name,
        CreatedTimestamp: Date.now(),
        Tags: input.Tags ?? [],
        EventDestinations: new Map(),
      };
      state.smsConfigurationSets.set(set.ConfigurationSetArn, set);
      return {
        ConfigurationSetArn: set.ConfigurationSetArn,
        ConfigurationSetName: name,
        Tags: set.Tags,
        CreatedTimestamp: set.CreatedTimestamp / 1000,
      };
    },
    DeleteConfigurationSet(region, input) {
      const set = smsConfigurationSet(region, input.ConfigurationSetName);
      state.smsConfigurationSets.delete(set.ConfigurationSetArn);
      return smsSetView(set);
    },
    DescribeConfigurationSets(region, input) {
      const sets = input.ConfigurationSetNames?.length
        ? input.ConfigurationSetNames.map((n) => smsConfigurationSet(region, n))
        : [...state.smsConfigurationSets.values()].filter((s) => s.ConfigurationSetArn.split(':')[3] === region);
      return { ConfigurationSets: sets.map(smsSetView) };
    },
    async CreateEventDestination(region, input) {
      validateSmsNames(input);
      validateSmsEventTypes(input.MatchingEventTypes, { required: true });
      const kinds = kindsIn(input);
      if (kinds.length !== 1) {
        throw new SmsError(
          'ValidationException',
          'Exactly one of CloudWatchLogsDestination, KinesisFirehoseDestination or SnsDestination must be specified.',
          {
            Reason: kinds.length ? 'PARAMETERS_CANNOT_BE_USED_TOGETHER' : 'MISSING_PARAMETER',
          },
        );
      }
      const set = smsConfigurationSet(region, input.ConfigurationSetName);
      const name = input.EventDestinationName;
      if (set.EventDestinations.has(name)) {
        throw new SmsError(
          'ConflictException',
          `The event-destination ${name} already exists in configuration-set ${set.ConfigurationSetName}.`,
          { Reason: 'RESOURCE_ALREADY_EXISTS', ResourceType: 'event-destination', ResourceId: name },
        );
      }
      if (set.EventDestinations.size >= SMS_DESTINATIONS_PER_CONFIGURATION_SET) {
        throw new SmsError(
          'ServiceQuotaExceededException',
          `The configuration-set ${set.ConfigurationSetName} already has ${set.EventDestinations.size} event destinations: the limit of ${SMS_DESTINATIONS_PER_CONFIGURATION_SET} event destinations per configuration set has been reached.`,
          { Reason: 'EVENT_DESTINATIONS_PER_CONFIGURATION_SET' },
        );
      }
      await smsDestinationProblem(region, input, set.ConfigurationSetArn);
      // No Enabled in the request: the service creates destinations enabled.
      const destination = {
        EventDestinationName: name,
        Enabled: true,
        MatchingEventTypes: input.MatchingEventTypes,
        [kinds[0]]: input[kinds[0]],
      };
      set.EventDestinations.set(name, destination);
      return {
        ConfigurationSetArn: set.ConfigurationSetArn,
        ConfigurationSetName: set.ConfigurationSetName,
        EventDestination: destination,
      };
    },
    async UpdateEventDestination(region, input) {
      validateSmsNames(input);
      validateSmsEventTypes(input.MatchingEventTypes, { required: false });
      const kinds = kindsIn(input);
      if (kinds.length > 1) {
        throw new SmsError(
          'ValidationException',
          'Only one of CloudWatchLogsDestination, KinesisFirehoseDestination or SnsDestination may be specified.',
          { Reason: 'PARAMETERS_CANNOT_BE_USED_TOGETHER' },
        );
      }
      const set = smsConfigurationSet(region, input.ConfigurationSetName);
      const current = set.EventDestinations.get(input.EventDestinationName);
      if (!current) throw notFound('event-destination', input.EventDestinationName);
      const [kind] = kinds;
      if (kind && current[kind] === undefined) {
        const was = destinationKinds.find((k) => current[k] !== undefined);
        throw new SmsError(
          'ConflictException',
          `The event destination ${current.EventDestinationName} is a ${was}; its type cannot be changed to ${kind}.`,
          {
            Reason: 'EVENT_DESTINATION_MISMATCH',
            ResourceType: 'event-destination',
            ResourceId: current.EventDestinationName,
          },
        );
      }
      if (kind && input[kind].IamRoleArn) await smsDestinationProblem(region, input, set.ConfigurationSetArn);
      const updated = {
        ...current,
        ...(input.Enabled !== undefined && input.Enabled !== null ? { Enabled: input.Enabled } : {}),
        ...(input.MatchingEventTypes ? { MatchingEventTypes: input.MatchingEventTypes } : {}),
        ...(kind ? { [kind]: input[kind] } : {}),
      };
      set.EventDestinations.set(updated.EventDestinationName, updated);
      return {
        ConfigurationSetArn: set.ConfigurationSetArn,
        ConfigurationSetName: set.ConfigurationSetName,
        EventDestination: updated,
      };
    },
    DeleteEventDestination(region, input) {
      validateSmsNames(input);
      const set = smsConfigurationSet(region, input.ConfigurationSetName);
      const current = set.EventDestinations.get(input.EventDestinationName);
      if (!current) throw notFound('event-destination', input.EventDestinationName);
      set.EventDestinations.delete(input.EventDestinationName);
      return {
        ConfigurationSetArn: set.ConfigurationSetArn,
        ConfigurationSetName: set.ConfigurationSetName,
        EventDestination: current,
      };
    },
  };

  async function smsVoice(res, call, body) {
    try {
      const operation = smsOperations[call.operation];
      if (!operation)
        throw new SmsError('ValidationException', `The local stand-in does not implement ${call.operation}.`, {
          Reason: 'UNKNOWN_OPERATION',
        });
      let input;
      try {
        input = JSON.parse(body.toString() || '{}');
      } catch {
        throw new SmsError('ValidationException', 'The request body is not valid JSON.', { Reason: 'CANNOT_PARSE' });
      }
      return json10(res, await operation(call.region, input));
    } catch (error) {
      if (error instanceof SmsError) return json10Error(res, error);
      throw error;
    }
  }

  // ---- CloudFormation ---------------------------------------------------------------------

  function putStack(stackId, { status = 'UPDATE_IN_PROGRESS' } = {}) {
    const stack = state.stacks.get(stackId);
    if (stack) {
      stack.StackStatus = status;
      return stack;
    }
    const created = {
      StackId: stackId,
      StackName: parseStackId(stackId)?.name ?? stackId,
      StackStatus: status,
      CreationTime: Date.now(),
      resources: new Map(),
    };
    state.stacks.set(stackId, created);
    return created;
  }

  /** The stack a StackName (a name or a stack ARN) names, as seen from `region` of ACCOUNT. */
  function findStack(stackName, region) {
    const visible = (s) => {
      const id = parseStackId(s.StackId);
      return id && id.account === ACCOUNT && id.region === region;
    };
    if (String(stackName).startsWith('arn:')) {
      const stack = state.stacks.get(stackName);
      return stack && visible(stack) ? stack : undefined;
    }
    // By name CloudFormation finds only a live stack (a deleted one is reached by its ARN).
    return [...state.stacks.values()]
      .filter((s) => visible(s) && s.StackName === stackName && s.StackStatus !== 'DELETE_COMPLETE')
      .sort((a, b) => b.CreationTime - a.CreationTime)[0];
  }

  const iso = (ms) => new Date(ms).toISOString();
  const tag = (name, value) => (value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`);
  const drift = (field) => `<DriftInformation><${field}>NOT_CHECKED</${field}></DriftInformation>`;

  function cloudformation(res, call) {
    const action = call.form.get('Action');
    const stackName = call.form.get('StackName');
    if (action === 'DescribeStackResource') {
      const logicalId = call.form.get('LogicalResourceId');
      const stack = findStack(stackName, call.region);
      if (!stack)
        return queryError(res, 400, 'ValidationError', `Stack '${stackName}' does not exist`, CLOUDFORMATION_XMLNS);
      const resource = stack.resources.get(logicalId);
      if (!resource)
        return queryError(
          res,
          400,
          'ValidationError',
          `Resource ${logicalId} does not exist for stack ${stackName}`,
          CLOUDFORMATION_XMLNS,
        );
      const detail =
        tag('StackId', stack.StackId) +
        tag('StackName', stack.StackName) +
        tag('LogicalResourceId', logicalId) +
        tag('PhysicalResourceId', resource.PhysicalResourceId) +
        tag('ResourceType', resource.ResourceType) +
        tag('LastUpdatedTimestamp', iso(resource.LastUpdatedTimestamp)) +
        tag('ResourceStatus', resource.ResourceStatus) +
        drift('StackResourceDriftStatus');
      return queryResult(res, action, CLOUDFORMATION_XMLNS, `<StackResourceDetail>${detail}</StackResourceDetail>`);
    }
    // DescribeStacks
    let stacks;
    if (stackName) {
      const stack = findStack(stackName, call.region);
      if (!stack)
        return queryError(
          res,
          400,
          'ValidationError',
          `Stack with id ${stackName} does not exist`,
          CLOUDFORMATION_XMLNS,
        );
      stacks = [stack];
    } else {
      stacks = [...state.stacks.values()].filter(
        (s) => s.StackStatus !== 'DELETE_COMPLETE' && findStack(s.StackId, call.region),
      );
    }
    const members = stacks
      .map(
        (s) =>
          `<member>${tag('StackName', s.StackName)}${tag('StackId', s.StackId)}${tag('CreationTime', iso(s.CreationTime))}${tag('StackStatus', s.StackStatus)}<DisableRollback>false</DisableRollback>${drift('StackDriftStatus')}</member>`,
      )
      .join('');
    return queryResult(res, 'DescribeStacks', CLOUDFORMATION_XMLNS, `<Stacks>${members}</Stacks>`);
  }

  // ---- The server -------------------------------------------------------------------------

  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    const path = new URL(req.url, 'http://x').pathname;
    const call = classify(req.method, path, body.toString(), req.headers);
    state.calls.push(call.action);
    try {
      // Recorded on arrival, before faults and throttling: the call was attempted, so the
      // execution role must allow it; role look-ups happen before the call changes the role.
      if (call.accessKeyId === FUNCTION_ACCESS_KEY_ID)
        state.authz.push(...(await authorizationRecords(call, req, body)));
      const fault = state.faults.find((f) => f.times > 0 && f.when(call));
      if (fault) {
        fault.times -= 1;
        fault.hits = (fault.hits ?? 0) + 1;
        if (fault.respond === 'hang') return; // never answers; the client's timeout must cope
        const { status = 400, code = 'BadRequestException', message = 'injected fault' } = fault.respond;
        return call.form ? queryError(res, status, code, message) : restError(res, status, code, message);
      }
      if (iamThrottles(call)) return queryError(res, 400, 'Throttling', 'Rate exceeded', IAM_XMLNS);
      if (call.standIn) return await sesEventDestinations(req, res, body, call);
      if (call.smsVoice) return await smsVoice(res, call, body);
      if (
        call.form &&
        call.service === 'cloudformation' &&
        ['DescribeStackResource', 'DescribeStacks'].includes(call.form.get('Action'))
      )
        return cloudformation(res, call);
      if (call.action === 'mobiletargeting:PutEventStream') {
        const handled = await pinpointPutEventStream(req, res, body);
        if (handled !== undefined || res.writableEnded) return;
      }
      const answer = await forward(req, body);
      if (
        call.form &&
        answer.status === 200 &&
        ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'].includes(call.action)
      ) {
        state.roleChangedAt.set(call.form.get('RoleName'), Date.now());
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    } catch (error) {
      if (!res.headersSent) restError(res, 500, 'InternalFailure', `gateway: ${error.message}`);
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  return {
    endpoint,
    state,
    /** Answer calls matching `when` (e.g. c => c.action === 'iam:CreateRole') `times` times with an error, or 'hang'. */
    inject(when, respond, times = 1) {
      const fault = { when, respond, times, hits: 0 };
      state.faults.push(fault);
      return fault;
    },
    /** Between tests: no faults, no propagation delay, no IAM rate limit, empty call and authorization logs (stored data stays). */
    reset() {
      state.faults.length = 0;
      state.calls.length = 0;
      state.propagationDelayMs = 0;
      state.iamMutatingPerSecond = undefined;
      state.iamAdmitted = 0;
      state.iamThrottled = 0;
      state.iamWindow.length = 0;
      state.authz.length = 0;
    },
    /** How many calls with this action label the gateway has seen. */
    count(action) {
      return state.calls.filter((a) => a === action).length;
    },
    /** A copy of the function's authorization records since the last reset. */
    authz: () => structuredClone(state.authz),
    /** The CloudFormation stand-in's stacks, as the tests (and `npm start`) declare them. */
    cloudformation: {
      /** Creates the stack or sets its status (default UPDATE_IN_PROGRESS: an operation under way). */
      putStack(stackId, { status = 'UPDATE_IN_PROGRESS' } = {}) {
        putStack(stackId, { status });
      },
      /** Declares a resource of the stack (creating the stack, UPDATE_IN_PROGRESS, if new). */
      putResource(stackId, logicalId, resourceType, { physicalId = undefined, status = 'CREATE_COMPLETE' } = {}) {
        const stack = state.stacks.get(stackId) ?? putStack(stackId);
        stack.resources.set(logicalId, {
          ResourceType: resourceType,
          PhysicalResourceId: physicalId,
          ResourceStatus: status,
          LastUpdatedTimestamp: Date.now(),
        });
      },
      removeResource(stackId, logicalId) {
        state.stacks.get(stackId)?.resources.delete(logicalId);
      },
      removeStack(stackId) {
        state.stacks.delete(stackId);
      },
      /**
       * What CloudFormation knows while it sends `event`: the stack exists (a new one is
       * UPDATE_IN_PROGRESS; an existing one keeps its status, so tests can make it idle) and
       * holds the resource with the event's type, <REQUESTTYPE>_IN_PROGRESS.
       */
      registerEvent(event) {
        if (!event?.StackId || !event.LogicalResourceId) return;
        const stack = state.stacks.get(event.StackId) ?? putStack(event.StackId);
        const before = stack.resources.get(event.LogicalResourceId);
        stack.resources.set(event.LogicalResourceId, {
          ResourceType: event.ResourceType,
          PhysicalResourceId: event.PhysicalResourceId ?? before?.PhysicalResourceId,
          ResourceStatus: `${String(event.RequestType ?? 'Update').toUpperCase()}_IN_PROGRESS`,
          LastUpdatedTimestamp: Date.now(),
        });
      },
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
        iam.destroy();
        for (const c of regional.values()) {
          c.firehose.destroy();
          c.logs.destroy();
        }
      }),
  };
}
