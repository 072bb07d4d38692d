import { BlobStore } from '../../src/storage/blob';
import { EncryptedStore, newDataKey, parseDataKey } from '../../src/storage/encrypted';
import { execute, message, type UserKey } from '../helpers/activities';
import { Azurite } from '../helpers/azurite';
import { cardActions, cardText } from '../helpers/cardCheck';
import { ConnectorStub } from '../helpers/connectorStub';
import { LiveBot } from '../helpers/liveBot';
import { describeStorageContract, describeStoreExtras } from '../helpers/storeConformance';
import { cardsIn } from '../helpers/testBot';

const azurite = new Azurite();
beforeAll(() => azurite.start(), 30_000);
afterAll(() => azurite.stop());

let n = 0;
const fresh = () => BlobStore.open(azurite.connectionString, `conformance-${Date.now()}-${n++}`);

describeStorageContract('BlobStore on Azurite', fresh);
describeStoreExtras('BlobStore on Azurite', fresh);
describeStorageContract(
  'EncryptedStore over BlobStore',
  async () => new EncryptedStore(await fresh(), parseDataKey(newDataKey())),
);
describeStoreExtras(
  'EncryptedStore over BlobStore',
  async () => new EncryptedStore(await fresh(), parseDataKey(newDataKey())),
);

describe('two bot instances sharing one Blob container', () => {
  const connector = new ConnectorStub();
  const shared = () => ({
    STORAGE: 'blob',
    BLOB_CONNECTION_STRING: azurite.connectionString,
    BLOB_CONTAINER: 'shared-state',
    DATA_KEY: Buffer.alloc(32, 4).toString('base64'),
  });
  let one: LiveBot;
  let two: LiveBot;
  beforeAll(async () => {
    await connector.start();
    one = await new LiveBot(shared()).start();
    two = await new LiveBot(shared()).start();
  }, 30_000);
  afterAll(async () => {
    await one.dispose();
    await two.dispose();
    await connector.stop();
  });

  const where = { kind: 'groupChat' as const, conversationId: '19:two-instances@thread.v2' };
  const card = (reply: Awaited<ReturnType<LiveBot['post']>>) =>
    (LiveBot.invokeOf(reply)?.body as { value?: unknown } | undefined)?.value;
  const button = (c: unknown, verb: string) => cardActions(c).find((a) => a.verb === verb)?.data ?? {};

  it('runs a group map whose turns alternate between instances, with simultaneous submits on both', async () => {
    const bots = [one, two];
    const act = (i: number, verb: string, data: Record<string, unknown>, user: UserKey) =>
      (bots[i % 2] as LiveBot).post(execute(verb, data, { ...where, user, serviceUrl: connector.url }));

    let board = card(await act(0, 'mapping.start', { label: 'Shared case' }, 'sam'));
    const sid = button(board, 'mapping.add').sid;
    board = card(
      await act(
        1,
        'mapping.add',
        { ...button(board, 'mapping.add'), subheading: 'past-harm', items: 'from instance two' },
        'alex',
      ),
    );
    board = card(await act(0, 'mapping.next', button(board, 'mapping.next'), 'sam'));
    expect(cardText(board)).toMatch(/Before we move on|What's working well/);

    const resumed = cardsIn((await two.post(message('resume', { ...where, serviceUrl: connector.url }))).activities)[0];
    expect(cardText(resumed)).toContain('Shared case');
    const add = { sid, question: 'working' };
    const people: UserKey[] = ['sam', 'alex', 'jo', 'kim'];
    const replies = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        act(
          i,
          'mapping.add',
          { ...add, question: 'working', subheading: 'existing-strengths', items: `both-${i}` },
          people[i % 4] as UserKey,
        ),
      ),
    );
    for (const r of replies) expect(r.status).toBe(200);

    const summary = cardText(
      cardsIn((await one.post(message('summary', { ...where, serviceUrl: connector.url }))).activities)[0],
    );
    expect(summary).toContain('from instance two');
    for (let i = 0; i < 16; i++) expect(summary).toContain(`both-${i}`);
  }, 60_000);
});
