/**
 * Baseline: the bot's own binding with no bot in it. The same HTTP server (body reader, JSON answer),
 * duplicate check (SQLite marks), teams-ai Application and adapter (connector clients reused) as the
 * built bot (dist/), answering every message with a fixed text. What a turn costs before the bot does
 * any work: the most a glossary answer could reach on this SDK. Plain JavaScript, run after the build.
 */
const { join } = require('node:path');

const dist = (m) => require(join(__dirname, '..', '..', 'dist', 'src', m));
require(join(__dirname, '..', '..', 'dist', 'src', 'teams', 'lazyModules.js'));
const { loadConfig } = dist('config.js');
const { createLogger } = dist('log.js');
const { openStores } = dist('storage/index.js');
const { createServer } = dist('server.js');
const { createActivityHandler } = dist('teams/http.js');
const { Admission } = dist('teams/admission.js');
const { reuseConnectorClients } = dist('teams/connectorReuse.js');
const { Application, TeamsAdapter } = dist('teams/teamsAi.js');

async function main() {
  const config = loadConfig(process.env);
  const log = createLogger(config.logLevel);
  const stores = await openStores(config);
  const admission = new Admission(config, stores.state);
  const adapter = new TeamsAdapter({});
  reuseConnectorClients(adapter);
  const app = new Application({
    adapter,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  app.startTypingTimer = () => {};
  app.activity('message', async (context) => {
    await context.sendActivity({ type: 'message', text: 'Fixed answer.' });
  });
  const run = async (context) => {
    if (!admission.tenantAllowed(context.activity)) return;
    if (!(await admission.firstDelivery(context.activity))) return;
    await app.run(context);
  };
  const http = createServer(config, createActivityHandler(config, adapter, run, log), log, () => 'ref');
  const port = await http.listen();
  console.log(JSON.stringify({ port }));
  // A clean exit, so a --cpu-prof run writes its profile.
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(0));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
