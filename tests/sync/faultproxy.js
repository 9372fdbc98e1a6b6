// faultproxy.js - an HTTP proxy for the sync tests that injects faults.
//
//   node faultproxy.js LISTEN_PORT UPSTREAM_PORT [--tls CERT KEY]
//
// Listens on 127.0.0.1 only and forwards every request to the server on
// 127.0.0.1:UPSTREAM_PORT, except where a rule says otherwise. Rules are set
// by the test with   PUT /__fault  [{"match": "REGEX", "action": ..., ...}]
// (matched against "METHOD /path?query"; "times": how many requests it hits,
// default 1, -1 for all). Actions:
//   status   reply "status" (e.g. 503) with a JSON error, without forwarding
//   truncate forward, then send the headers and half of the body, and cut
//   garbage  forward, then reply 200 with a malformed JSON body
//   nest     forward, then reply 200 with JSON nested "depth" levels deep
//   hang     never answer (the client's timeout must end it)
//   lost     forward, let the server apply it, then cut without a reply
//   delay    forward after "ms" milliseconds
//   reply    answer "body" (JSON text, or a JSON value) with "status" (200)
//            without forwarding: the server never sees the request
//   rewrite  forward, then answer 200 with "body" instead of the server's reply
//   drop     forward, then leave out the first "count" (1) entries of the
//            reply's array, or of its array at "key" (e.g. "results")
//   errentry forward, then answer each document of the first entry of a
//            _bulk_get reply's results with an error entry ("not_found")
//   ack      do not forward a _bulk_docs: answer 201 acknowledging every
//            document of the request as stored
// GET /__fault/log gives the requests seen, as "METHOD path action" lines.
'use strict';
const http = require('http');
const https = require('https');
const fs = require('fs');

const [listenPort, upstreamPort] = process.argv.slice(2, 4).map(Number);
const tlsAt = process.argv.indexOf('--tls');
let rules = [];
const log = [];

function forward(req, body) {
  return new Promise((resolve, reject) => {
    const headers = Object.assign({}, req.headers);
    headers.host = '127.0.0.1:' + upstreamPort;
    const up = http.request({
      host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers,
      timeout: 60000,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    up.on('timeout', () => up.destroy(new Error('upstream timed out')));
    up.on('error', reject);
    up.end(body);
  });
}

function pick(req) {
  const what = req.method + ' ' + req.url;
  for (const r of rules) {
    if (r.times === 0) continue;
    if (!new RegExp(r.match).test(what)) continue;
    if (r.times > 0) r.times--;
    return r;
  }
  return null;
}

async function handle(req, res) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = Buffer.concat(chunks);
  if (req.url === '/__fault' && req.method === 'PUT') {
    rules = JSON.parse(body.toString()).map((r) => Object.assign({ times: 1 }, r));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
    return;
  }
  if (req.url === '/__fault/log') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(log.join('\n') + (log.length ? '\n' : ''));
    return;
  }
  const rule = pick(req);
  log.push(req.method + ' ' + req.url.split('?')[0] + ' ' + (rule ? rule.action : 'pass'));
  const action = rule ? rule.action : 'pass';
  if (action === 'status') {
    res.writeHead(rule.status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'injected', reason: 'fault injected by the test proxy' }));
    return;
  }
  if (action === 'reply') {
    const text = typeof rule.body === 'string' ? rule.body : JSON.stringify(rule.body);
    res.writeHead(rule.status || 200, { 'Content-Type': 'application/json' });
    res.end(text);
    return;
  }
  if (action === 'ack') {
    const docs = JSON.parse(body.toString()).docs || [];
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(docs.map((d) => ({ ok: true, id: d._id, rev: d._rev }))));
    return;
  }
  if (action === 'hang') {
    return; // the socket stays open until the client gives up
  }
  if (action === 'delay') {
    await new Promise((r) => setTimeout(r, rule.ms || 1000));
  }
  let up;
  try {
    up = await forward(req, body);
  } catch (e) {
    res.writeHead(502, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: 'bad_gateway', reason: String(e.message) }));
    return;
  }
  if (action === 'lost') {
    req.socket.destroy();
    return;
  }
  if (action === 'truncate') {
    const headers = Object.assign({}, up.headers);
    delete headers['transfer-encoding'];
    headers['content-length'] = String(up.body.length);
    res.writeHead(up.status, headers);
    res.write(up.body.subarray(0, Math.floor(up.body.length / 2)));
    setTimeout(() => req.socket.destroy(), 50);
    return;
  }
  if (action === 'rewrite' || action === 'drop' || action === 'errentry') {
    let out;
    if (action === 'rewrite') {
      out = typeof rule.body === 'string' ? rule.body : JSON.stringify(rule.body);
    } else {
      const o = JSON.parse(up.body.toString());
      if (action === 'drop') {
        const arr = rule.key ? o[rule.key] : o;
        arr.splice(0, rule.count || 1);
      } else {
        const first = o.results[0];
        first.docs = first.docs.map((d) => {
          const doc = d.ok || {};
          return { error: { id: first.id || doc._id, rev: doc._rev || 'unknown', error: 'not_found', reason: 'missing' } };
        });
      }
      out = JSON.stringify(o);
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(out);
    return;
  }
  if (action === 'garbage') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"results": [{"id": "x", "changes": [{"rev": "1-a"}]}, {"id": \u0001 not json');
    return;
  }
  if (action === 'nest') {
    const depth = rule.depth || 100000;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('['.repeat(depth) + ']'.repeat(depth));
    return;
  }
  const headers = Object.assign({}, up.headers);
  delete headers['transfer-encoding'];
  headers['content-length'] = String(up.body.length);
  res.writeHead(up.status, headers);
  res.end(up.body);
}

const onRequest = (req, res) => {
  handle(req, res).catch((e) => {
    try {
      res.writeHead(500);
      res.end(String(e));
    } catch (_) { /* already answered */ }
  });
};
const server = tlsAt > 0
  ? https.createServer({ cert: fs.readFileSync(process.argv[tlsAt + 1]), key: fs.readFileSync(process.argv[tlsAt + 2]) }, onRequest)
  : http.createServer(onRequest);
server.keepAliveTimeout = 5000;
server.listen(listenPort, '127.0.0.1', () => {
  process.stdout.write('listening ' + listenPort + '\n');
});
