/**
 * The CloudFormation protocol around one request: check the ResponseURL and the event's
 * envelope, let the request run against a deadline, and send exactly one response; log the
 * outcome with its metrics. Never throws: a thrown or rejected handler would make Lambda retry
 * the event and answer it twice.
 */
import type { ClientFactory } from './aws/clients.js';
import type { Config } from './config.js';
import { describe } from './errors.js';
import { type LogContext, type Logger, requestLogContext, sanitizeEvent } from './log.js';
import { metricFields } from './metrics.js';
import { responseReserve, withDeadline } from './protocol/deadline.js';
import { readEnvelope } from './protocol/event.js';
import type { Transport } from './protocol/http.js';
import { responseBody, sendResponse } from './protocol/response.js';
import { acceptResponseUrl } from './protocol/response-url.js';
import type { LambdaContext, Outcome } from './protocol/types.js';
import { failure, newReport, processRequest } from './request.js';
import { parseArn } from './stack.js';

export interface RuntimeOptions {
  /** A logger whose lines carry `context` (the request id and the event's identity). */
  readonly logger: (context: LogContext) => Logger;
  readonly clientsFor: (region: string) => ClientFactory;
  /** The function's settings, read once from its environment (config.ts). */
  readonly config: Config;
  readonly transport?: Transport;
}

/** Time left for the PUT after the Lambda's own deadline is subtracted. */
const SEND_MARGIN_MS = 250;

export async function handle(input: unknown, context: LambdaContext, options: RuntimeOptions): Promise<void> {
  let log = options.logger({});
  try {
    const startedAt = Date.now();
    log = options.logger(requestLogContext(input, context.awsRequestId));
    const remaining = Math.max(0, Number(context.getRemainingTimeInMillis()) || 0);
    const lambdaDeadline = startedAt + remaining;
    log.log('info', 'request received', { event: sanitizeEvent(input), remainingMs: remaining });
    const { config } = options;
    const source: Record<string, unknown> =
      typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
    const url = acceptResponseUrl(source.ResponseURL, {
      region: config.region,
      allowLoopback: config.allowLoopbackResponseUrl,
    });
    if (!url) {
      log.log(
        'error',
        "ResponseURL is missing or not this Region's CloudFormation response bucket: the event is refused",
        {
          hint: 'local runs on loopback need ALLOW_LOOPBACK_RESPONSE_URL=true',
        },
      );
      return;
    }
    const envelope = readEnvelope(input);
    const report = newReport(envelope.echo);
    const workDeadline = lambdaDeadline - responseReserve(remaining);
    const run = envelope.event;
    const outcome: Outcome =
      run === undefined
        ? failure(report, `event refused before any work: CloudFormation could not have sent it (${envelope.problem})`)
        : await withDeadline(
            (signal) =>
              processRequest(
                run,
                {
                  home: { region: config.region, account: accountOf(context.invokedFunctionArn) },
                  clientsFor: options.clientsFor,
                  log,
                  deployment: config.deployment,
                  signal,
                  workDeadline,
                },
                report,
              ),
            workDeadline,
            () =>
              failure(
                report,
                `timed out after ${seconds(workDeadline - startedAt)} s, before the function's timeout; work stopped`,
              ),
          );
    log.log(outcome.status === 'SUCCESS' ? 'info' : 'error', 'outcome', {
      Reason: outcome.reason,
      AnsweredPhysicalResourceId: outcome.physicalResourceId,
      Data: outcome.data,
      durationMs: Date.now() - startedAt,
      propagationRetries: report.propagation?.retries,
      createdRole: report.createdRole,
      ...metricFields({
        functionName: config.functionName,
        resourceType: source.ResourceType,
        status: outcome.status,
        propagationWaitMs: report.propagation?.waitedMs,
      }),
    });
    const body = responseBody(envelope.echo, outcome, logPointer(context));
    await sendResponse(url, body, { deadline: lambdaDeadline - SEND_MARGIN_MS, log, transport: options.transport });
  } catch (error) {
    log.log('error', 'unexpected failure in the protocol layer', { error: describe(error) });
  }
}

const seconds = (ms: number) => Math.round(ms / 1000);

/** The account of the function's own ARN (undefined when the context does not name it). */
function accountOf(functionArn: string | undefined): string | undefined {
  return functionArn === undefined ? undefined : parseArn(functionArn)?.account || undefined;
}

/** The sentence a reason ends with: where to read the whole story (nothing when the context names no log stream). */
function logPointer(context: LambdaContext): string {
  if (!context.logStreamName) return '';
  return `See CloudWatch log stream ${[context.logGroupName, context.logStreamName].filter(Boolean).join(' ')}`;
}
