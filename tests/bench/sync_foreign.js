// sync_foreign.js - write documents the way another client would, with
// PouchDB itself, for tests/bench/sync.sh: PouchDB's own ids (its random
// 32-digit hex uuids), only the fields a web form fills in, and none of
// salesterm's system fields (owner, created_at, updated_by...).
//
//   node sync_foreign.js DB_URL COUNT
//
// Writes COUNT contacts (and one account every 10) with bulkDocs in batches
// of 1000 and prints one JSON line: docs written, seconds.
'use strict';
const PouchDB = require('pouchdb');

const family = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', 'Smith', 'Garcia'];
const given = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', 'Anna', 'James', 'Maria', 'Li'];
const company = ['华为', '腾讯', '阿里巴巴', '小米', '比亚迪', 'Acme', 'Globex', 'Initech'];

async function main() {
  const [url, countArg] = process.argv.slice(2);
  const count = Number(countArg) || 100000;
  const db = new PouchDB(url);
  const t0 = process.hrtime.bigint();
  let written = 0;
  let seed = 12345;
  const rnd = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < count; i += 1000) {
    const docs = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) {
      const name = family[rnd(family.length)] + given[rnd(given.length)];
      const doc = {
        type: 'contact',
        name,
        mobile: '+86 13' + String(100000000 + rnd(899999999)),
        email: 'c' + j + '@example.com',
        title: j % 3 === 0 ? '采购经理' : 'Buyer',
        notes: 'web form ' + company[rnd(company.length)],
      };
      docs.push(doc);
      if (j % 10 === 0) docs.push({ type: 'account', name: company[rnd(company.length)] + ' ' + j });
    }
    const res = await db.bulkDocs(docs);
    written += res.filter((r) => r.ok).length;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ docs: written, seconds: Number(seconds.toFixed(3)) }));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
