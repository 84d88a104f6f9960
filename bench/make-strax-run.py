#!/usr/bin/env python3
"""Makes a larger strax run for speed measurements from an existing one (raw_records, lz4).

    bench/make-strax-run.py SOURCE_STRAX_DIR RUN COPIES TARGET_STRAX_DIR NEW_RUN

The new run holds COPIES back-to-back copies of RUN's raw_records: copy k has every time
(records, chunk boundaries) shifted by k times the run's duration, so the run stays time-ordered
and its chunks are cut where strax cut them. Needs numpy and lz4 (pip install numpy lz4).
"""
import ast
import json
import os
import sys

import lz4.frame
import numpy as np


def main(source, run, copies, target, new_run):
    copies = int(copies)
    entry = next(d for d in os.listdir(source) if d.startswith(run + "-raw_records-"))
    meta_name = next(f for f in os.listdir(os.path.join(source, entry)) if f.endswith("-metadata.json"))
    with open(os.path.join(source, entry, meta_name)) as f:
        meta = json.load(f)
    if meta["compressor"] != "lz4":
        sys.exit("only lz4 runs are supported, not " + meta["compressor"])
    dtype = np.dtype(ast.literal_eval(meta["dtype"]))  # strax writes the dtype as a Python literal
    duration = meta["end"] - meta["start"]
    lineage_hash = meta["lineage_hash"]
    out_dir = os.path.join(target, new_run + "-raw_records-" + lineage_hash)
    os.makedirs(out_dir, exist_ok=False)
    chunks = []
    for k in range(copies):
        shift = k * duration
        for c in meta["chunks"]:
            with open(os.path.join(source, entry, c["filename"]), "rb") as f:
                rows = np.frombuffer(lz4.frame.decompress(f.read()), dtype=dtype).copy()
            rows["time"] += shift
            data = lz4.frame.compress(rows.tobytes())
            i = len(chunks)
            name = "raw_records-%s-%06d" % (lineage_hash, i)
            with open(os.path.join(out_dir, name), "wb") as f:
                f.write(data)
            chunk = dict(c, chunk_i=i, filename=name, filesize=len(data), run_id=new_run,
                         start=c["start"] + shift, end=c["end"] + shift)
            for key in ("first_time", "last_time", "first_endtime", "last_endtime"):
                if chunk.get(key) is not None:
                    chunk[key] += shift
            chunks.append(chunk)
    meta = dict(meta, run_id=new_run, chunks=chunks, end=meta["start"] + copies * duration)
    with open(os.path.join(out_dir, "raw_records-%s-metadata.json" % lineage_hash), "w") as f:
        json.dump(meta, f)
    total = sum(c["nbytes"] for c in chunks)
    print("%s: %d chunks, %.1f MB of raw_records" % (out_dir, len(chunks), total / 1e6))


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
