// A W&B webhook receiver that checks X-Wandb-Signature, with Node.js alone.
// Run: WANDB_WEBHOOK_SECRET=… node receiver.mjs   (PORT: default 8080; 0 picks a free one)
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.WANDB_WEBHOOK_SECRET;
if (!secret) throw new Error('set WANDB_WEBHOOK_SECRET to the webhook secret');

const server = createServer(async (req, res) => {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks); // the exact bytes received: verify them before parsing any JSON
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('base64'));
  const given = Buffer.from((req.headers['x-wandb-signature'] ?? '').trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return res.writeHead(401).end('bad signature\n');
  }
  let event;
  try {
    event = JSON.parse(body.toString('utf8'));
  } catch {
    return res.writeHead(400).end('not JSON\n');
  }
  console.log('verified:', JSON.stringify(event));
  res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
});
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/`);
});
