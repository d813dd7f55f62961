// The local AWS endpoint the built bundle talks to (AWS_ENDPOINT_URL) in tests and `npm start`.
//
// Everything is forwarded to moto, which serves IAM, Pinpoint apps and event streams,
// Kinesis, Firehose, CloudWatch Logs and SES v2 configuration sets. On top of moto this
// gateway adds what moto 5.2.1 cannot do, each clearly a STAND-IN, not AWS:
//   1. SES v2 configuration-set event destinations (GET/POST/PUT/DELETE
//      /v2/email/configuration-sets/{name}/event-destinations[/{dest}]), kept in memory,
//      with the real API's shapes and error codes.
//   2. CloudFormation DescribeStackResource / DescribeStacks (moto cannot hold a stack with
//      a custom resource): stacks registered by the tests, answered in CloudFormation's XML.
//   3. The check Pinpoint and SES make before accepting a role: the role must
//      exist in moto, trust the right service principal, and allow writing to the
//      destination; otherwise the services' own error messages.
//   4. IAM propagation: for `propagationDelayMs` after a role or its policy changes, the
//      services answer as AWS does while IAM propagates.
//   5. Fault injection for tests: answer chosen calls with an error, or never answer.
import { createServer, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { ACCOUNT, SECRET_ACCESS_KEY, SEED_ACCESS_KEY_ID } from './deployment.mjs';

const PINPOINT_PROPAGATION_MESSAGE = 'Destination stream validation failed. Please make sure the IAM Role is configured correctly.';
const CLOUDFORMATION_XMLNS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

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
  if (form?.get('Action')) return { ...who, service: service ?? 'query', action: `${service === 'iam' ? 'iam' : service}:${form.get('Action')}`, form };
  let m = /^\/v1\/apps\/([^/]+)\/eventstream$/.exec(path);
  if (m) return { ...who, action: `mobiletargeting:${{ POST: 'PutEventStream', GET: 'GetEventStream', DELETE: 'DeleteEventStream' }[method]}`, applicationId: m[1] };
  m = /^\/v2\/email\/configuration-sets\/([^/]+)\/event-destinations(?:\/([^/]+))?$/.exec(path);
  if (m) {
    const action = m[2]
      ? { PUT: 'UpdateConfigurationSetEventDestination', DELETE: 'DeleteConfigurationSetEventDestination' }[method]
      : { GET: 'GetConfigurationSetEventDestinations', POST: 'CreateConfigurationSetEventDestination' }[method];
    return { ...who, action: `ses:${action}`, configurationSet: decodeURIComponent(m[1]), destination: m[2] && decodeURIComponent(m[2]), standIn: true };
  }
  m = /^\/v2\/email\/configuration-sets\/([^/]+)$/.exec(path);
  if (m) return { ...who, action: `ses:${{ GET: 'GetConfigurationSet', DELETE: 'DeleteConfigurationSet' }[method] ?? `${method} ${path}`}`, configurationSet: decodeURIComponent(m[1]) };
  const target = headers['x-amz-target'];
  if (target) {
    const operation = String(target).split('.').pop();
    return { ...who, action: `${service}:${operation}`, operation };
  }
  return { ...who, action: `${service ?? 'unknown'}:${method} ${path}` };
}

const escapeXml = (value) => String(value).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);

function restError(res, status, type, message) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify({ message, Message: message }));
}

function queryError(res, status, code, message, xmlns = undefined) {
  res.writeHead(status, { 'content-type': 'text/xml' });
  const ns = xmlns ? ` xmlns="${xmlns}"` : '';
  res.end(`<ErrorResponse${ns}><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
}

function queryResult(res, action, xmlns, inner) {
  res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
  res.end(`<${action}Response xmlns="${xmlns}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`);
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(value));
}

/** arn:aws:cloudformation:<region>:<account>:stack/<name>/<id> -> its parts; undefined if not one. */
function parseStackId(stackId) {
  const m = /^arn:[^:]+:cloudformation:([^:]+):([^:]+):stack\/([^/]+)\/.+$/.exec(String(stackId ?? ''));
  return m ? { region: m[1], account: m[2], name: m[3] } : undefined;
}

export async function startGateway({ motoEndpoint, propagationDelayMs = 0 }) {
  // The gateway's own look-ups go straight to moto: never counted.
  const direct = { endpoint: motoEndpoint, credentials: { accessKeyId: SEED_ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY } };
  const iam = new IAMClient({ ...direct, region: 'us-east-1' });
  const state = {
    propagationDelayMs,
    /** role name -> epoch ms of its last change (create, policy, trust) */
    roleChangedAt: new Map(),
    /** configuration set -> Map(destination name -> destination) */
    destinations: new Map(),
    /** CloudFormation: StackId -> { StackId, StackName, StackStatus, CreationTime (ms), resources: Map(LogicalResourceId -> { ResourceType, PhysicalResourceId?, ResourceStatus, LastUpdatedTimestamp (ms) }) } */
    stacks: new Map(),
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

  /** Why a service would refuse the role, or undefined if it accepts it. */
  async function roleProblem(roleArn, principal, actions, resource) {
    const name = String(roleArn).split('/').pop();
    const role = await lookupRole(name);
    if (!role || role.Arn !== roleArn) return 'assume';
    const changedAt = state.roleChangedAt.get(name) ?? 0;
    if (Date.now() - changedAt < state.propagationDelayMs) return 'propagating';
    const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument));
    const trusted = trust.Statement.some((s) => s.Effect === 'Allow' && [s.Principal?.Service].flat().includes(principal) && [s.Action].flat().includes('sts:AssumeRole'));
    if (!trusted) return 'assume';
    let doc;
    try {
      const policy = await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: 'pinpoint-event-stream' }));
      doc = JSON.parse(decodeURIComponent(policy.PolicyDocument));
    } catch {
      return 'access';
    }
    const allowed = (action) => doc.Statement.some((s) => s.Effect === 'Allow' && [s.Action].flat().includes(action) && [s.Resource].flat().includes(resource));
    return actions.every(allowed) ? undefined : 'access';
  }

  // ---- Pinpoint and SES v2 --------------------------------------------------------------

  async function pinpointPutEventStream(req, res, body) {
    const { RoleArn, DestinationStreamArn } = JSON.parse(body.toString() || '{}');
    const kind = String(DestinationStreamArn).split(':')[2];
    const actions = kind === 'kinesis' ? ['kinesis:PutRecords', 'kinesis:DescribeStream'] : ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'];
    const problem = await roleProblem(RoleArn, 'pinpoint.amazonaws.com', actions, DestinationStreamArn);
    if (problem) return restError(res, 400, 'BadRequestException', PINPOINT_PROPAGATION_MESSAGE);
    return undefined;
  }

  async function sesEventDestinations(req, res, body, call) {
    const cs = call.configurationSet;
    const { 'content-length': _, 'content-type': __, ...headers } = req.headers;
    const exists = await forward({ method: 'GET', url: `/v2/email/configuration-sets/${encodeURIComponent(cs)}`, headers }, undefined);
    if (exists.status !== 200) return restError(res, 404, 'NotFoundException', `Configuration set <${cs}> does not exist.`);
    const table = state.destinations.get(cs) ?? new Map();
    state.destinations.set(cs, table);
    if (req.method === 'GET') {
      return json(res, 200, { EventDestinations: [...table.values()] });
    }
    if (req.method === 'DELETE') {
      if (!table.has(call.destination)) return restError(res, 404, 'NotFoundException', `Event destination ${call.destination} does not exist.`);
      table.delete(call.destination);
      return json(res, 200, {});
    }
    const input = JSON.parse(body.toString() || '{}');
    const name = req.method === 'POST' ? input.EventDestinationName : call.destination;
    if (req.method === 'POST' && table.has(name)) return restError(res, 400, 'AlreadyExistsException', `Event destination ${name} already exists.`);
    if (req.method === 'PUT' && !table.has(name)) return restError(res, 404, 'NotFoundException', `Event destination ${name} does not exist.`);
    const destination = input.EventDestination ?? {};
    const firehose = destination.KinesisFirehoseDestination;
    if (firehose) {
      if (!/^arn:[^:]+:firehose:/.test(firehose.DeliveryStreamArn ?? '')) {
        return restError(res, 400, 'BadRequestException', `Invalid Kinesis Firehose stream ARN ${firehose.DeliveryStreamArn}.`);
      }
      const problem = await roleProblem(firehose.IamRoleArn, 'ses.amazonaws.com', ['firehose:PutRecordBatch'], firehose.DeliveryStreamArn);
      if (problem === 'access') {
        return restError(res, 400, 'BadRequestException', `Could not access Kinesis Firehose Stream ${firehose.DeliveryStreamArn} using IAM role ${firehose.IamRoleArn}.`);
      }
      if (problem) return restError(res, 400, 'BadRequestException', `Could not assume IAM role <${firehose.IamRoleArn}>.`);
    }
    table.set(name, {
      Name: name,
      Enabled: destination.Enabled ?? false,
      MatchingEventTypes: destination.MatchingEventTypes ?? [],
      ...(firehose ? { KinesisFirehoseDestination: firehose } : {}),
    });
    return json(res, 200, {});
  }

  // ---- CloudFormation ---------------------------------------------------------------------

  function putStack(stackId, { status = 'UPDATE_IN_PROGRESS' } = {}) {
    const stack = state.stacks.get(stackId);
    if (stack) {
      stack.StackStatus = status;
      return stack;
    }
    const created = { StackId: stackId, StackName: parseStackId(stackId)?.name ?? stackId, StackStatus: status, CreationTime: Date.now(), resources: new Map() };
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
      if (!stack) return queryError(res, 400, 'ValidationError', `Stack '${stackName}' does not exist`, CLOUDFORMATION_XMLNS);
      const resource = stack.resources.get(logicalId);
      if (!resource) return queryError(res, 400, 'ValidationError', `Resource ${logicalId} does not exist for stack ${stackName}`, CLOUDFORMATION_XMLNS);
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
      if (!stack) return queryError(res, 400, 'ValidationError', `Stack with id ${stackName} does not exist`, CLOUDFORMATION_XMLNS);
      stacks = [stack];
    } else {
      stacks = [...state.stacks.values()].filter((s) => s.StackStatus !== 'DELETE_COMPLETE' && findStack(s.StackId, call.region));
    }
    const members = stacks
      .map((s) => `<member>${tag('StackName', s.StackName)}${tag('StackId', s.StackId)}${tag('CreationTime', iso(s.CreationTime))}${tag('StackStatus', s.StackStatus)}<DisableRollback>false</DisableRollback>${drift('StackDriftStatus')}</member>`)
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
      const fault = state.faults.find((f) => f.times > 0 && f.when(call));
      if (fault) {
        fault.times -= 1;
        fault.hits = (fault.hits ?? 0) + 1;
        if (fault.respond === 'hang') return; // never answers; the client's timeout must cope
        const { status = 400, code = 'BadRequestException', message = 'injected fault' } = fault.respond;
        return call.form ? queryError(res, status, code, message) : restError(res, status, code, message);
      }
      if (call.standIn) return await sesEventDestinations(req, res, body, call);
      if (call.form && call.service === 'cloudformation' && ['DescribeStackResource', 'DescribeStacks'].includes(call.form.get('Action'))) return cloudformation(res, call);
      if (call.action === 'mobiletargeting:PutEventStream') {
        const handled = await pinpointPutEventStream(req, res, body);
        if (handled !== undefined || res.writableEnded) return;
      }
      const answer = await forward(req, body);
      if (call.form && answer.status === 200 && ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'].includes(call.action)) {
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
    /** Between tests: no faults, no propagation delay, an empty call log (stored data stays). */
    reset() {
      state.faults.length = 0;
      state.calls.length = 0;
      state.propagationDelayMs = 0;
    },
    /** How many calls with this action label the gateway has seen. */
    count(action) {
      return state.calls.filter((a) => a === action).length;
    },
    /** The CloudFormation stand-in's stacks, as the tests (and `npm start`) declare them. */
    cloudformation: {
      /** Creates the stack or sets its status (default UPDATE_IN_PROGRESS: an operation under way). */
      putStack(stackId, { status = 'UPDATE_IN_PROGRESS' } = {}) {
        putStack(stackId, { status });
      },
      /** Declares a resource of the stack (creating the stack, UPDATE_IN_PROGRESS, if new). */
      putResource(stackId, logicalId, resourceType, { physicalId = undefined, status = 'CREATE_COMPLETE' } = {}) {
        const stack = state.stacks.get(stackId) ?? putStack(stackId);
        stack.resources.set(logicalId, { ResourceType: resourceType, PhysicalResourceId: physicalId, ResourceStatus: status, LastUpdatedTimestamp: Date.now() });
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
      }),
  };
}
