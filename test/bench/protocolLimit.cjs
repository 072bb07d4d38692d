/**
 * Baseline: the protocol's limit on this machine. node:http with the bot's own JSON body reader and
 * activity check (from dist/), duplicate ids dropped in memory, and the bot's own reply bytes (a
 * glossary answer captured from the bot, in REPLY_FILE) sent back. Nothing a real bot could skip.
 */
const { createServer } = require('node:http');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', '..', 'dist', 'src', 'http');
const { readJsonBody, checkJsonHeaders } = require(join(dist, 'body.js'));
const { isIncomingActivity } = require(join(dist, 'activityShape.js'));

const reply = process.env.REPLY_FILE ? readFileSync(process.env.REPLY_FILE) : Buffer.from('{"activities":[]}');
const MAX_BODY = 256 * 1024;
const seen = new Set();

const server = createServer(async (req, res) => {
  if (req.method !== 'POST' || req.url !== '/api/messages' || checkJsonHeaders(req, MAX_BODY)) {
    res.writeHead(400).end();
    return;
  }
  const body = await readJsonBody(req, MAX_BODY);
  if (!body.ok || !isIncomingActivity(body.value, false)) {
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad-request"}');
    return;
  }
  const key = `${body.value.conversation.id}\n${body.value.id}`;
  if (seen.has(key)) {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"activities":[]}');
    return;
  }
  if (seen.size >= 100_000) seen.clear();
  seen.add(key);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': reply.length }).end(reply);
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
