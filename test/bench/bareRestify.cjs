/** Baseline: the fastest this machine serves a POST with restify, returning fixed JSON (plain JS). */
const restify = require('restify');

const server = restify.createServer();
server.use(restify.plugins.bodyParser({ mapParams: false }));
server.post('/api/messages', (_req, res, next) => {
  res.send(200, { activities: [{ type: 'message', text: 'ok' }] });
  next();
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
