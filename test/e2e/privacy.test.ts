import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashId } from '../../src/state/keys';
import { SqliteStore } from '../../src/storage/sqlite';
import { composeQuery, execute, installed, message } from '../helpers/activities';
import { buttonData, cardText } from '../helpers/cardCheck';
import { answerCard, useLiveBot } from '../helpers/liveBot';
import { cardsIn } from '../helpers/testBot';

const CANARY = 'CANARYx7Q2zzv';

function dataFiles(dir: string): Buffer {
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.includes('.sqlite'))
      .map((f) => readFileSync(join(dir, f))),
  );
}

const answer = answerCard;

describe('no content in logs or in plaintext on disk', () => {
  const { connector, live } = useLiveBot({ LOG_LEVEL: 'debug' });

  it('sends canary text through every feature and finds it nowhere it should not be', async () => {
    const where = { serviceUrl: connector.url };
    const texts = [
      `what is ${CANARY}`,
      `map ${CANARY}`,
      `reflect ${CANARY}`,
      `supervise ${CANARY}`,
      `/${CANARY}`,
      `build a danger statement ${CANARY}`,
      `scale ${CANARY}`,
      `guide ${CANARY}`,
      `training ${CANARY}`,
      `${CANARY} `.repeat(2000),
    ];
    for (const text of texts) expect((await live.post(message(text, where))).status).toBe(200);
    expect((await live.post(installed(where))).status).toBe(200);
    expect((await live.post(composeQuery(CANARY, where))).status).toBe(200);

    // Card actions carrying the canary, including a map and a supervision session that store it.
    const conversationId = 'a:canary-chat';
    const at = { ...where, conversationId };
    const start = answer((await live.post(execute('mapping.start', { label: 'Canary case' }, at))).body);
    const add = buttonData(start, 'mapping.add');
    await live.post(execute('mapping.add', { ...add, subheading: 'past-harm', items: `dad did ${CANARY}` }, at));
    const scaling = answer(
      (
        await live.post(
          execute(
            'mapping.goto',
            { ...buttonData(start, 'mapping.next'), rev: Number(add.rev) + 1, to: 'scaling' },
            at,
          ),
        )
      ).body,
    );
    if (scaling)
      await live.post(execute('mapping.score', { sid: add.sid, score: '4', reason: `because ${CANARY}` }, at));
    const sup = answer(
      (
        await live.post(
          execute('supervision.start', { label: 'Canary sup' }, { ...where, conversationId: 'a:canary-sup' }),
        )
      ).body,
    );
    await live.post(
      execute(
        'supervision.addNote',
        { ...buttonData(sup, 'supervision.addNote'), note: `note ${CANARY}` },
        { ...where, conversationId: 'a:canary-sup' },
      ),
    );
    await live.post(
      execute('builder.check', { kind: 'danger-statement', who: CANARY, behaviour: CANARY, impact: CANARY }, at),
    );
    await live.post(execute('glossary.feedback', { id: CANARY, helpful: CANARY }, at));
    await live.post(execute(`${CANARY}.verb`, { x: CANARY }, at));

    // The map really holds the canary (so the test is not vacuous) ...
    const summary = cardsIn((await live.post(message('summary', at))).activities)[0];
    expect(cardText(summary)).toContain(`dad did ${CANARY}`);
    // ... yet no log line carries it, and no database file holds it in plaintext.
    expect(live.logs.lines.length).toBeGreaterThan(0);
    expect(live.logs.text).not.toContain(CANARY);
    expect(dataFiles(live.dataDir).includes(CANARY)).toBe(false);
  }, 60_000);

  it('deletes a map so that nothing of it remains in the database file', async () => {
    const at = { serviceUrl: connector.url, conversationId: 'a:delete-me' };
    const start = answer((await live.post(execute('mapping.start', { label: 'Delete case' }, at))).body);
    const add = buttonData(start, 'mapping.add');
    await live.post(execute('mapping.add', { ...add, subheading: 'past-harm', items: 'soon gone' }, at));
    // Read the sealed record as stored, through a second connection to the same file.
    const raw = new SqliteStore(join(live.dataDir, 'state.sqlite'));
    const key = `mapping/${hashId('a:delete-me')}`;
    const sealed = ((await raw.read([key]))[key] as { sealed: { ct: string } }).sealed.ct;
    await raw.close();
    // A record over ~1 KB spills into an overflow page (rows are keyed by text, so SQLite keeps little of
    // one in its own page), splitting the ciphertext: it is looked for in short pieces. Before the delete
    // every piece but one (that on the split) is found; after it, none is.
    const pieces = Array.from({ length: Math.floor(sealed.length / 100) }, (_, i) =>
      sealed.slice(i * 100, i * 100 + 40),
    );
    expect(pieces.length).toBeGreaterThanOrEqual(5);
    const found = () => pieces.filter((piece) => dataFiles(live.dataDir).includes(piece)).length;
    expect(found()).toBeGreaterThanOrEqual(pieces.length - 1);
    await live.post(execute('mapping.deleteConfirmed', { sid: add.sid }, at));
    await live.stop();
    // secure_delete zeroes freed pages and the WAL is checkpointed on close: the ciphertext is gone.
    expect(found()).toBe(0);
    await live.start();
  }, 30_000);
});
