'use strict';
// The bench's Node peer: SSE on GET /events (better-sse, one channel), WebSocket on /ws (ws), and POST /publish
// (header X-Event-Type) that sends the body to every subscriber of both. Each SSE stream starts with `event: ready`,
// each WebSocket with {"status":"subscribed"}, as the gateway's do, so the bench's client reads all servers alike.
const http = require('http');
const { WebSocketServer } = require('ws');
const { createSession, createChannel } = require('better-sse');

const port = Number(process.argv[2]);
const channel = createChannel();
const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/events')) {
    const session = await createSession(req, res, { serializer: (d) => d, keepAlive: 15000 });
    session.push('{}', 'ready');
    channel.register(session);
    return;
  }
  if (req.method === 'POST' && req.url === '/publish') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      channel.broadcast(body, req.headers['x-event-type'] || 'message');
      const frame = '{"event_type":"update","update":' + body + '}';
      for (const ws of wss.clients) {
        if (ws.readyState === 1) ws.send(frame);
      }
      res.writeHead(204);
      res.end();
    });
    return;
  }
  res.writeHead(404);
  res.end();
});
server.requestTimeout = 0;
server.headersTimeout = 60000;
const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (ws) => {
  ws.on('message', () => {});
  ws.send('{"event_type":"status","status":"subscribed"}');
});
server.listen(port, '127.0.0.1', () => console.log('node peer listening on ' + port));
