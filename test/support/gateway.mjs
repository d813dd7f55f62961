// The local AWS endpoint the built bundle talks to (AWS_ENDPOINT_URL) in tests and `npm start`.
//
// Everything is forwarded to moto, which serves IAM, Pinpoint apps and event streams,
// Kinesis, Firehose and SES v2 configuration sets. On top of moto this gateway adds
// what moto 5.2.1 cannot do, each clearly a STAND-IN, not AWS:
//   1. SES v2 configuration-set event destinations (GET/POST/PUT/DELETE
//      /v2/email/configuration-sets/{name}/event-destinations[/{dest}]), kept in memory,
//      with the real API's shapes and error codes.
//   2. The check Pinpoint and SES make before accepting a role: the role must exist in
//      moto, trust the right service principal, and allow writing to the destination
//      stream; otherwise the services' own BadRequestException messages.
//   3. IAM propagation: for `propagationDelayMs` after a role or its policy changes, the
//      services answer as AWS does while IAM propagates.
//   4. Fault injection for tests: answer chosen calls with an error, or never answer.
import { createServer, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';

const PINPOINT_PROPAGATION_MESSAGE = 'Destination stream validation failed. Please make sure the IAM Role is configured correctly.';

/** Label of a request in IAM-action form, e.g. iam:CreateRole, mobiletargeting:PutEventStream. */
function classify(method, path, body, headers) {
  const form = headers['content-type']?.includes('x-www-form-urlencoded') ? new URLSearchParams(body) : undefined;
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(headers.authorization ?? '')?.[1];
  if (form?.get('Action')) return { service: service ?? 'query', action: `${service === 'iam' ? 'iam' : service}:${form.get('Action')}`, form };
  let m = /^\/v1\/apps\/([^/]+)\/eventstream$/.exec(path);
  if (m) return { action: `mobiletargeting:${{ POST: 'PutEventStream', GET: 'GetEventStream', DELETE: 'DeleteEventStream' }[method]}`, applicationId: m[1] };
  m = /^\/v2\/email\/configuration-sets\/([^/]+)\/event-destinations(?:\/([^/]+))?$/.exec(path);
  if (m) {
    const action = m[2]
      ? { PUT: 'UpdateConfigurationSetEventDestination', DELETE: 'DeleteConfigurationSetEventDestination' }[method]
      : { GET: 'GetConfigurationSetEventDestinations', POST: 'CreateConfigurationSetEventDestination' }[method];
    return { action: `ses:${action}`, configurationSet: decodeURIComponent(m[1]), destination: m[2] && decodeURIComponent(m[2]), standIn: true };
  }
  const target = headers['x-amz-target'];
  if (target) return { action: `${service}:${String(target).split('.').pop()}` };
  return { action: `${service ?? 'unknown'}:${method} ${path}` };
}

function restError(res, status, type, message) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify({ message, Message: message }));
}

function queryError(res, status, code, message) {
  res.writeHead(status, { 'content-type': 'text/xml' });
  res.end(`<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() });
  res.end(JSON.stringify(value));
}

export async function startGateway({ motoEndpoint, propagationDelayMs = 0 }) {
  const iam = new IAMClient({ region: 'us-east-1', endpoint: motoEndpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const state = {
    propagationDelayMs,
    /** role name -> epoch ms of its last change (create, policy, trust) */
    roleChangedAt: new Map(),
    /** configuration set -> Map(destination name -> destination) */
    destinations: new Map(),
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

  async function roleProblem(roleArn, principal, actions, resource) {
    const name = String(roleArn).split('/').pop();
    let role;
    try {
      role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
    } catch {
      return 'assume';
    }
    if (role.Arn !== roleArn) return 'assume';
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
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
        iam.destroy();
      }),
  };
}
