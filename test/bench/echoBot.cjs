/**
 * Baseline: the minimal teams-ai echo bot a Teams developer would start from (anonymous, no storage),
 * as plain JavaScript so its start-up is not flattered or penalised by a TypeScript loader.
 */
const { Application, TeamsAdapter } = require('@microsoft/teams-ai');
const restify = require('restify');

const adapter = new TeamsAdapter({});
const app = new Application({ adapter });
app.message(/.*/, async (context) => {
  await context.sendActivity(`You said: ${context.activity.text}`);
});

const server = restify.createServer();
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    await app.run(context);
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
