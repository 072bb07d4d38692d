import { installed } from '../helpers/activities';
import { useLiveBot } from '../helpers/liveBot';

/** Issue 12, item 10: a group welcome greets the person who added the bot, even when Teams leaves their name out. */
describe('the group welcome over real HTTP', () => {
  const { connector, live } = useLiveBot();
  const where = { kind: 'groupChat' as const, conversationId: '19:welcome@thread.v2' };

  it('looks up the name Teams left out of the install event and @mentions that person', async () => {
    connector.members['29:user-sam'] = 'Sam Supervisor';
    const joined = installed({ ...where, user: 'sam', serviceUrl: connector.url });
    const reply = await live.post({ ...joined, from: { id: '29:user-sam' } });
    const hello = reply.activities[0];
    expect(hello?.text).toContain('Hello <at>Sam Supervisor</at>');
    expect(hello?.entities).toEqual([
      expect.objectContaining({ type: 'mention', mentioned: expect.objectContaining({ id: '29:user-sam' }) }),
    ]);
    expect(connector.of('GET', '/members/')).toHaveLength(1);
  });

  it('greets everyone when the look-up fails, never "@A colleague"', async () => {
    const joined = installed({ ...where, conversationId: '19:welcome-2@thread.v2', serviceUrl: connector.url });
    const reply = await live.post({ ...joined, from: { id: '29:nobody-known' } });
    expect(reply.activities[0]?.text).toMatch(/^Hello everyone/);
    expect(JSON.stringify(reply.activities)).not.toContain('A colleague');
  });
});
