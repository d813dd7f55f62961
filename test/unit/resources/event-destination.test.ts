/** The half the two event-destination kinds share, against a fake service API (no AWS). */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AwsContext } from '../../../src/aws/call.js';
import { fitName } from '../../../src/naming.js';
import type * as EventDestination from '../../../src/resources/event-destination.js';
import type { DestinationApi, DestinationProperties } from '../../../src/resources/event-destination.js';
import type { TargetState } from '../../../src/resources/kind.js';
import { awsContext, mockedClients } from '../account.js';
import { CONFIG_SET, fresh, invalid, STACK_ID, stack } from '../fixtures.js';

// The module under test, loaded afresh for each test (its property list and name pattern are top-level).
let DESTINATION_PROPERTIES: typeof EventDestination.DESTINATION_PROPERTIES;
let destinationNames: typeof EventDestination.destinationNames;
let destinationProperties: typeof EventDestination.destinationProperties;
let destinationTarget: typeof EventDestination.destinationTarget;
beforeEach(
  async () =>
    ({ DESTINATION_PROPERTIES, destinationNames, destinationProperties, destinationTarget } = await fresh(
      () => import('../../../src/resources/event-destination.js'),
    )),
);

interface State {
  readonly roleArn?: string;
  readonly type: string;
}

/** What read() returned, as the lifecycle hands it back to write(). */
const state = (s: State): TargetState => s;

const ROLE = 'arn:aws:iam::123456789012:role/pinpoint-event-stream/us-east-1/r';

/** A fake API that records every call it gets, in order. */
function fakeApi(options: { type?: string; createsEnabled?: boolean; current?: State } = {}) {
  const calls: string[] = [];
  const wantedType = options.type ?? 'firehose';
  const api = {
    service: 'Fake',
    read: vi.fn(async (_ctx: AwsContext, set: string, name: string) => {
      calls.push(`read ${set} ${name}`);
      return options.current;
    }),
    create: {
      call: 'fake:Create',
      send: vi.fn(async (_ctx: AwsContext, set: string, name: string, roleArn: string) => {
        calls.push(`create ${set} ${name} ${roleArn}`);
      }),
    },
    update: {
      call: 'fake:Update',
      send: vi.fn(async (_ctx: AwsContext, set: string, name: string, roleArn: string) => {
        calls.push(`update ${set} ${name} ${roleArn}`);
      }),
    },
    remove: {
      call: 'fake:Delete',
      send: vi.fn(async (_ctx: AwsContext, set: string, name: string) => {
        calls.push(`delete ${set} ${name}`);
      }),
    },
    updatableInPlace: (current: State) => current.type === wantedType,
    createsEnabled: options.createsEnabled ?? true,
    isPropagationError: vi.fn((error: unknown) => error instanceof Error && error.message === 'propagating'),
    explain: vi.fn((error: unknown, p: DestinationProperties) => ({ explained: error, set: p.configurationSetName })),
  } satisfies DestinationApi<State>;
  return { api, calls };
}

const names = (overrides: Partial<DestinationProperties> = {}): DestinationProperties => ({
  configurationSetName: CONFIG_SET,
  eventDestinationName: 'dest',
  enabled: true,
  replaceExistingStream: false,
  ...overrides,
});

const ctx = () => awsContext(mockedClients().clients);
const propagating = () => new Error('propagating');

describe('destinationProperties', () => {
  const read = (raw: Record<string, unknown>, logicalId?: string) =>
    destinationProperties({ ConfigurationSetName: CONFIG_SET, ...raw }, stack(STACK_ID, logicalId));

  it('are ConfigurationSetName, EventDestinationName, Enabled and ReplaceExistingStream', () => {
    expect([...DESTINATION_PROPERTIES]).toEqual([
      'ConfigurationSetName',
      'EventDestinationName',
      'Enabled',
      'ReplaceExistingStream',
    ]);
  });

  it('defaults: EventDestinationName = LogicalResourceId, enabled, no take-over', () => {
    expect(read({})).toEqual({
      configurationSetName: CONFIG_SET,
      eventDestinationName: 'MyEventStream',
      enabled: true,
      replaceExistingStream: false,
    });
  });

  it('reads every property, as strings or JSON booleans', () => {
    expect(read({ EventDestinationName: 'to_firehose-1', Enabled: 'false', ReplaceExistingStream: 'true' })).toEqual({
      configurationSetName: CONFIG_SET,
      eventDestinationName: 'to_firehose-1',
      enabled: false,
      replaceExistingStream: true,
    });
    expect(read({ Enabled: false, ReplaceExistingStream: true })).toMatchObject({
      enabled: false,
      replaceExistingStream: true,
    });
    expect(read({ Enabled: true, ReplaceExistingStream: false })).toMatchObject({
      enabled: true,
      replaceExistingStream: false,
    });
    expect(read({ Enabled: 'true', ReplaceExistingStream: 'false' })).toMatchObject({
      enabled: true,
      replaceExistingStream: false,
    });
  });

  it('a logical id of exactly 64 characters is the default name as it is', () => {
    const id = `L${'x'.repeat(63)}`;
    expect(read({}, id).eventDestinationName).toBe(id);
  });

  it('defaults never fail: a logical id over 64 characters is shortened deterministically (prefix, "-", hash)', () => {
    const id = `L${'x'.repeat(64)}`;
    const name = read({}, id).eventDestinationName;
    expect(name).toBe(fitName(id, 64));
    expect(name).toHaveLength(64);
    expect(name).toMatch(/^Lx{54}-[0-9a-f]{8}$/);
    expect(read({}, id).eventDestinationName).toBe(name);
    expect(read({}, 'L'.repeat(255)).eventDestinationName).toHaveLength(64);
    expect(read({}, `${'L'.repeat(100)}B`).eventDestinationName).not.toBe(
      read({}, `${'L'.repeat(100)}C`).eventDestinationName,
    );
  });

  it('an EventDestinationName given is used as it is, even with a long logical id', () => {
    expect(read({ EventDestinationName: 'short' }, 'L'.repeat(65)).eventDestinationName).toBe('short');
  });

  it('accepts names of exactly 64 characters', () => {
    expect(read({ ConfigurationSetName: 'c'.repeat(64), EventDestinationName: 'e'.repeat(64) })).toMatchObject({
      configurationSetName: 'c'.repeat(64),
      eventDestinationName: 'e'.repeat(64),
    });
  });

  it.each([
    ['ConfigurationSetName', { ConfigurationSetName: undefined }, 'ConfigurationSetName: is required'],
    ['ConfigurationSetName', { ConfigurationSetName: '' }, 'not an ARN'],
    ['ConfigurationSetName', { ConfigurationSetName: 'has space' }, 'not an ARN'],
    ['ConfigurationSetName', { ConfigurationSetName: 'c'.repeat(65) }, 'not an ARN'],
    [
      'ConfigurationSetName',
      { ConfigurationSetName: 'arn:aws:ses:us-east-1:123456789012:configuration-set/x' },
      'a configuration set name (1-64 letters, digits, _ or -), not an ARN',
    ],
    ['ConfigurationSetName', { ConfigurationSetName: '.abc' }, 'not an ARN'],
    ['ConfigurationSetName', { ConfigurationSetName: 'abc.' }, 'not an ARN'],
    ['EventDestinationName', { EventDestinationName: '' }, '1-64 letters, digits, _ or -'],
    ['EventDestinationName', { EventDestinationName: 'x'.repeat(65) }, '1-64 letters, digits, _ or -'],
    ['EventDestinationName', { EventDestinationName: 'a.b' }, '1-64 letters, digits, _ or -'],
    ['EventDestinationName', { EventDestinationName: '*ab' }, '1-64 letters, digits, _ or -'],
    ['EventDestinationName', { EventDestinationName: 'ab*' }, '1-64 letters, digits, _ or -'],
    ['Enabled', { Enabled: 'maybe' }, 'must be "true" or "false"'],
    ['ReplaceExistingStream', { ReplaceExistingStream: 'yes' }, 'must be "true" or "false"'],
  ])('names %s when it is wrong: %j', (property, raw, message) => {
    const error = invalid(() => read(raw));
    expect(error.property).toBe(property);
    expect(error.message).toContain(message);
  });

  it('destinationNames: the configuration set and destination names', () => {
    expect(destinationNames(names())).toEqual({ ConfigurationSetName: CONFIG_SET, EventDestinationName: 'dest' });
  });
});

describe('destinationTarget', () => {
  it('describes the destination by name, service and configuration set', () => {
    expect(destinationTarget(names(), fakeApi().api).description).toBe(
      'event destination dest of Fake configuration set marketing',
    );
  });

  it('tells the template author how to take it over: another name, or ReplaceExistingStream and the setting', () => {
    expect(destinationTarget(names(), fakeApi().api).takeoverHint).toBe(
      'choose another EventDestinationName, or set ReplaceExistingStream to "true" to replace it ' +
        '(the deployment must allow takeover: parameter AllowTakeover)',
    );
  });

  it('replaceExisting follows ReplaceExistingStream', () => {
    expect(destinationTarget(names(), fakeApi().api).replaceExisting).toBe(false);
    expect(destinationTarget(names({ replaceExistingStream: true }), fakeApi().api).replaceExisting).toBe(true);
  });

  it('read asks the service for this set and name', async () => {
    const { api, calls } = fakeApi({ current: { type: 'logs', roleArn: ROLE } });
    await expect(destinationTarget(names(), api).read(ctx())).resolves.toEqual({ type: 'logs', roleArn: ROLE });
    expect(calls).toEqual(['read marketing dest']);
  });

  it.each([
    [true, true, ['create']],
    [false, true, ['create']],
    [true, false, ['create', 'update']], // disabled after: the service could not create it disabled
    [false, false, ['create']],
  ])('absent, on a service that creates enabled: %s, Enabled %s: %j', async (createsEnabled, enabled, expected) => {
    const { api, calls } = fakeApi({ createsEnabled });
    const write = destinationTarget(names({ enabled }), api).write(undefined);
    expect(write.call).toBe('fake:Create');
    await write.attempt(ctx(), ROLE);
    expect(calls).toEqual(expected.map((call) => `${call} marketing dest ${ROLE}`));
  });

  it('an attempt repeated after a propagation error on the update does not create twice', async () => {
    const { api } = fakeApi({ createsEnabled: true });
    api.update.send.mockRejectedValueOnce(propagating());
    const write = destinationTarget(names({ enabled: false }), api).write(undefined);
    await expect(write.attempt(ctx(), ROLE)).rejects.toThrow('propagating');
    await write.attempt(ctx(), ROLE);
    expect(api.create.send).toHaveBeenCalledTimes(1);
    expect(api.update.send).toHaveBeenCalledTimes(2);
  });

  it('an attempt repeated after a failed create creates again (nothing was created)', async () => {
    const { api } = fakeApi();
    api.create.send.mockRejectedValueOnce(propagating());
    const write = destinationTarget(names(), api).write(undefined);
    await expect(write.attempt(ctx(), ROLE)).rejects.toThrow('propagating');
    await write.attempt(ctx(), ROLE);
    expect(api.create.send).toHaveBeenCalledTimes(2);
    await write.attempt(ctx(), ROLE);
    expect(api.create.send).toHaveBeenCalledTimes(2);
  });

  it('each write starts afresh: a second write of an absent destination creates it again', async () => {
    const { api } = fakeApi();
    const target = destinationTarget(names(), api);
    await target.write(undefined).attempt(ctx(), ROLE);
    await target.write(undefined).attempt(ctx(), ROLE);
    expect(api.create.send).toHaveBeenCalledTimes(2);
  });

  it('present with the same type: updates it in place, whatever role it uses', async () => {
    const { api, calls } = fakeApi();
    const write = destinationTarget(names({ enabled: false }), api).write(
      state({ type: 'firehose', roleArn: 'arn:aws:iam::123456789012:role/other' }),
    );
    expect(write.call).toBe('fake:Update');
    await write.attempt(ctx(), ROLE);
    expect(calls).toEqual([`update marketing dest ${ROLE}`]);
  });

  it('present with another type: deletes it, then creates it again under the same name', async () => {
    const { api, calls } = fakeApi();
    const write = destinationTarget(names(), api).write(state({ type: 'logs', roleArn: ROLE }));
    expect(write.call).toBe('fake:Delete + fake:Create');
    await write.attempt(ctx(), ROLE);
    expect(calls).toEqual(['delete marketing dest', `create marketing dest ${ROLE}`]);
  });

  it('a type change repeated after a propagation error neither deletes nor creates twice', async () => {
    const { api, calls } = fakeApi({ createsEnabled: true });
    api.create.send.mockRejectedValueOnce(propagating());
    api.update.send.mockRejectedValueOnce(propagating());
    const write = destinationTarget(names({ enabled: false }), api).write(state({ type: 'logs' }));
    await expect(write.attempt(ctx(), ROLE)).rejects.toThrow('propagating');
    await expect(write.attempt(ctx(), ROLE)).rejects.toThrow('propagating');
    await write.attempt(ctx(), ROLE);
    expect(calls).toEqual(['delete marketing dest', `create marketing dest ${ROLE}`, `update marketing dest ${ROLE}`]);
    expect(api.remove.send).toHaveBeenCalledTimes(1);
    expect(api.create.send).toHaveBeenCalledTimes(2); // the first create failed
    expect(api.update.send).toHaveBeenCalledTimes(2);
  });

  it('a failed delete is attempted again on the next attempt', async () => {
    const { api } = fakeApi();
    api.remove.send.mockRejectedValueOnce(propagating());
    const write = destinationTarget(names(), api).write(state({ type: 'sns' }));
    await expect(write.attempt(ctx(), ROLE)).rejects.toThrow('propagating');
    expect(api.create.send).not.toHaveBeenCalled();
    await write.attempt(ctx(), ROLE);
    expect(api.remove.send).toHaveBeenCalledTimes(2);
    expect(api.create.send).toHaveBeenCalledTimes(1);
  });

  it('remove deletes this set and name', async () => {
    const { api, calls } = fakeApi();
    await destinationTarget(names(), api).remove(ctx());
    expect(calls).toEqual(['delete marketing dest']);
  });

  it('isPropagationError and explain are the service’s (explain gets the properties)', () => {
    const { api } = fakeApi();
    const target = destinationTarget(names(), api);
    expect(target.isPropagationError(propagating())).toBe(true);
    expect(target.isPropagationError(new Error('other'))).toBe(false);
    const error = new Error('x');
    expect(target.explain(error)).toEqual({ explained: error, set: CONFIG_SET });
  });
});
