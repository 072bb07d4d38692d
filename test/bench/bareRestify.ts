/** Baseline: the fastest this machine serves a POST with restify, returning fixed JSON. */
import restify from 'restify';

const server = restify.createServer();
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', (_req, res, next) => {
  res.send(200, { activities: [{ type: 'message', text: 'ok' }] });
  next();
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
