/** Baseline: the minimal teams-ai echo bot a Teams developer would start from (anonymous, no storage). */
import { Application, TeamsAdapter } from '@microsoft/teams-ai';
import restify from 'restify';

const adapter = new TeamsAdapter({});
const app = new Application({ adapter });
app.message(/.*/, async (context) => {
  await context.sendActivity(`You said: ${context.activity.text}`);
});

const server = restify.createServer();
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res as never, async (context) => {
    await app.run(context);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
