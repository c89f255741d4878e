#!/usr/bin/env python3
"""Bytes (gzip-compressed, as a host would send them) that register-index.js fetches for
one prefix lookup in the name index: manifest + page(s) + shard(s), same range rules."""
import gzip, json, os, sys

d, q = sys.argv[1], sys.argv[2]
MAX_SHARDS = 4

def load(f):
    b = open(os.path.join(d, f), 'rb').read()
    return json.loads(b), len(gzip.compress(b, 6))

def rng(lst, q):
    hi = q + '\uffff'
    start = 0
    for i, (k, _) in enumerate(lst):
        if k < q:
            start = i
    end = start
    for i in range(start, len(lst)):
        if lst[i][0] < hi:
            end = i
    return lst[start:end + 1]

m, total = load('manifest.json')
shards = []
for _, f in rng(m['indexes']['name'], q)[:2]:
    p, n = load(f)
    total += n
    shards += rng(p, q)
    if len(shards) > MAX_SHARDS:
        break
for _, f in shards[:MAX_SHARDS]:
    _, n = load(f)
    total += n
print(f"{total / 1024:.1f}")
