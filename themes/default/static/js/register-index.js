// Reads the sharded register index (/api/register/index/): the manifest, then only the
// pages and shards whose key ranges can hold the query's prefix.
const DIR = '/api/register/index/';
const MAX_SHARDS = 4;
const cache = new Map();

async function getJson(file) {
  if (!cache.has(file)) {
    cache.set(file, fetch(DIR + file).then((r) => {
      if (!r.ok) throw new Error(`${file}: ${r.status}`);
      return r.json();
    }));
  }
  return cache.get(file);
}

/** Entries of a sorted [firstKey, file] list whose ranges may hold keys starting with q. */
function range(list, q) {
  const hi = q + '\uffff';
  let start = 0;
  for (let i = 0; i < list.length; i++) if (list[i][0] < q) start = i;
  let end = start;
  for (let i = start; i < list.length; i++) if (list[i][0] < hi) end = i;
  return list.slice(start, end + 1);
}

/**
 * Records whose keys in index `name` ('id' or 'name') start with `q`.
 * Returns { records: Map(registration → record), truncated }.
 */
export async function lookup(name, q) {
  const manifest = await getJson('manifest.json');
  const pages = range(manifest.indexes[name], q);
  let shards = [];
  for (const [, file] of pages.slice(0, 2)) {
    shards = shards.concat(range(await getJson(file), q));
    if (shards.length > MAX_SHARDS) break;
  }
  const truncated = pages.length > 2 || shards.length > MAX_SHARDS;
  const records = new Map();
  for (const [, file] of shards.slice(0, MAX_SHARDS)) {
    const shard = await getJson(file);
    for (const [key, i] of shard.keys) {
      if (key.startsWith(q)) {
        const r = shard.records[i];
        records.set(r[0], r);
      }
    }
  }
  return { records, truncated };
}
