/**
 * Loads botocore's JSON service models at run time from the botocore that moto installs
 * (never copied into the repository): `<botocore>/data/<service>/<newest version>/service-2.json`
 * (or `.json.gz`, as pip installs them). botocore's directory comes from the Python that runs
 * moto (`PYTHON`, default `python3`), as test/support/moto.mjs finds it. One read per process.
 *
 * The services are those the function calls (IAM, CloudFormation, Pinpoint, SES v2, SMS and
 * voice v2) and those the tests seed (Kinesis, Firehose, CloudWatch Logs), each with the AWS
 * SDK for JavaScript package whose enums may be newer than this botocore (see sdk-enums.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ServiceModel } from './shapes.js';

/** botocore's service name -> the SDK v3 package of the same service. */
export const SERVICES = {
  iam: '@aws-sdk/client-iam',
  cloudformation: '@aws-sdk/client-cloudformation',
  pinpoint: '@aws-sdk/client-pinpoint',
  sesv2: '@aws-sdk/client-sesv2',
  'pinpoint-sms-voice-v2': '@aws-sdk/client-pinpoint-sms-voice-v2',
  kinesis: '@aws-sdk/client-kinesis',
  firehose: '@aws-sdk/client-firehose',
  logs: '@aws-sdk/client-cloudwatch-logs',
} as const;

export type ServiceName = keyof typeof SERVICES;

export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

export const BOTOCORE_INSTALL_HINT =
  'botocore comes with moto: install it with `pip install "moto[server]==5.2.1"` (Python 3.9+). ' +
  'Set PYTHON=/path/to/python3 if it is not the python3 on PATH.';

/** botocore (or the Python that should hold it) is missing, or its data lacks a service. */
export class BotocoreNotFoundError extends Error {
  override name = 'BotocoreNotFoundError';
}

const FIND_BOTOCORE = 'import botocore, os; print(os.path.dirname(botocore.__file__))';

/** botocore's package directory, as `python` (default: `PYTHON` or `python3`) imports it. */
export function findBotocore(python = process.env.PYTHON || 'python3'): string {
  const probe = spawnSync(python, ['-c', FIND_BOTOCORE], { encoding: 'utf8' });
  if (probe.error)
    throw new BotocoreNotFoundError(`${python} was not found (${probe.error.message}). ${BOTOCORE_INSTALL_HINT}`);
  if (probe.status !== 0) {
    const why = probe.stderr.trim().split('\n').pop();
    throw new BotocoreNotFoundError(`botocore is not importable by ${python}: ${why}. ${BOTOCORE_INSTALL_HINT}`);
  }
  return probe.stdout.trim();
}

/** Reads one service's newest model from botocore's directory `botocoreDir`. */
export function readServiceModel(botocoreDir: string, service: string): ServiceModel {
  const serviceDir = join(botocoreDir, 'data', service);
  if (!existsSync(serviceDir))
    throw new BotocoreNotFoundError(`botocore at ${botocoreDir} has no model for ${service}. ${BOTOCORE_INSTALL_HINT}`);
  // Version directories are API dates (2010-05-08): the newest sorts last.
  const version = readdirSync(serviceDir).sort().at(-1) ?? '';
  const file = join(serviceDir, version, 'service-2.json');
  const text = existsSync(file)
    ? readFileSync(file, 'utf8')
    : existsSync(`${file}.gz`)
      ? gunzipSync(readFileSync(`${file}.gz`)).toString('utf8')
      : undefined;
  if (text === undefined)
    throw new BotocoreNotFoundError(`botocore has no ${file}(.gz) for ${service}. ${BOTOCORE_INSTALL_HINT}`);
  const { metadata, operations, shapes } = JSON.parse(text) as Omit<ServiceModel, 'service'>;
  return { service, metadata, operations, shapes };
}

let botocoreDir: string | undefined;
const models = new Map<ServiceName, ServiceModel>();

/** The service's model, read once per process. Throws BotocoreNotFoundError with install instructions. */
export function loadServiceModel(service: ServiceName): ServiceModel {
  let model = models.get(service);
  if (!model) {
    botocoreDir ??= findBotocore();
    model = readServiceModel(botocoreDir, service);
    models.set(service, model);
  }
  return model;
}
