// sync_pouchdb.js - PouchDB's own replicator, for tests/bench/sync.sh to
// compare salesterm's sync with, on the same server and the same documents.
//
//   node sync_pouchdb.js SOURCE TARGET BATCH_SIZE
//
// SOURCE and TARGET are a database URL or a local directory (a LevelDB
// PouchDB). Replicates once and prints one JSON line: docs written, seconds,
// documents per second.
'use strict';
const PouchDB = require('pouchdb');

async function main() {
  const [source, target, batch] = process.argv.slice(2);
  const t0 = process.hrtime.bigint();
  const res = await PouchDB.replicate(source, target, {
    batch_size: Number(batch) || 100,
    batches_limit: 10,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({
    docs: res.docs_written,
    seconds: Number(seconds.toFixed(3)),
    rate: Math.round(res.docs_written / seconds),
    ok: res.ok,
  }));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
