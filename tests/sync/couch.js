// couch.js - the sync tests' small HTTP client and helpers (Node, no modules).
//
//   node couch.js port                         a free TCP port on 127.0.0.1
//   node couch.js req METHOD URL [BODY|@FILE]  one request: the body on stdout,
//                                              exit 0 for 2xx, 1 otherwise
//                                              (the status on stderr)
//   node couch.js wait URL SECONDS             until URL answers (exit 1 if not)
//   node couch.js docs URL                     every live document of a database as
//                                              sorted "id rev conflicts json" lines
//   node couch.js revs URL                     "id winning-rev" of every record,
//                                              deleted ones included
//   node couch.js bigdoc URL ID MB             put a contact with an MB-sized note
//
// Credentials go in the URL (http://user:pass@127.0.0.1:port/db). Every call
// is bounded in time: a request gives up after 30 s.
'use strict';
const http = require('http');
const net = require('net');
const fs = require('fs');

function request(method, url, body) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (u.username) {
      headers.Authorization = 'Basic ' +
        Buffer.from(decodeURIComponent(u.username) + ':' + decodeURIComponent(u.password)).toString('base64');
    }
    const req = http.request({
      host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers,
      timeout: 30000,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function main() {
  const [cmd, ...args] = process.argv.slice(2);
  if (cmd === 'port') {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      console.log(srv.address().port);
      srv.close();
    });
    return;
  }
  if (cmd === 'req') {
    let [method, url, body] = args;
    if (body !== undefined && body.startsWith('@')) body = fs.readFileSync(body.slice(1), 'utf8');
    const r = await request(method, url, body);
    process.stdout.write(r.body.endsWith('\n') ? r.body : r.body + '\n');
    if (r.status < 200 || r.status >= 300) {
      process.stderr.write('HTTP ' + r.status + '\n');
      process.exitCode = 1;
    }
    return;
  }
  if (cmd === 'wait') {
    const deadline = Date.now() + Number(args[1]) * 1000;
    for (;;) {
      try {
        await request('GET', args[0]);
        return;
      } catch (e) {
        if (Date.now() > deadline) {
          process.stderr.write('no answer from ' + args[0] + '\n');
          process.exitCode = 1;
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
  if (cmd === 'docs') {
    // Every document with all its leaves, deterministic: what two replicas must share.
    const r = await request('GET', args[0] + '/_all_docs?include_docs=true&conflicts=true');
    if (r.status !== 200) throw new Error('HTTP ' + r.status + ' ' + r.body);
    const rows = JSON.parse(r.body).rows.filter((x) => !x.id.startsWith('_design/'));
    const lines = rows.map((x) => {
      const d = x.doc;
      const conflicts = (d._conflicts || []).sort().join(',');
      const body = {};
      for (const k of Object.keys(d).sort()) if (!k.startsWith('_')) body[k] = d[k];
      return [x.id, d._rev, conflicts || '-', JSON.stringify(body)].join(' ');
    });
    lines.sort();
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
    return;
  }
  if (cmd === 'revs') {
    // "id winning-rev" of every document, deleted ones included, sorted.
    // A bare tombstone (deleted by another program, no "type") is no record.
    const r = await request('GET', args[0] + '/_changes?include_docs=true');
    if (r.status !== 200) throw new Error('HTTP ' + r.status + ' ' + r.body);
    const lines = JSON.parse(r.body).results.filter((x) => !x.id.startsWith('_design/'))
      .filter((x) => !(x.deleted && x.doc && x.doc.type === undefined))
      .map((x) => x.id + ' ' + x.changes[0].rev);
    lines.sort();
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
    return;
  }
  if (cmd === 'bigdoc') {
    const [url, id, mb] = args;
    const doc = { _id: id, type: 'contact', name: 'Big', notes: 'x'.repeat(Number(mb) * 1024 * 1024),
      created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' };
    const r = await request('PUT', url + '/' + id, JSON.stringify(doc));
    process.stdout.write(r.body);
    if (r.status >= 300) process.exitCode = 1;
    return;
  }
  process.stderr.write('usage: node couch.js port|req|wait|docs|bigdoc ...\n');
  process.exitCode = 2;
}

main().catch((e) => {
  process.stderr.write(String(e && e.message ? e.message : e) + '\n');
  process.exitCode = 1;
});
