#!/usr/bin/env python3
"""strax's own standard chain on a stored run, in memory, one thread: the baseline of issue 5.

    bench/strax-chain.py STRAX_SOURCE STRAX_DATA_DIR RUN_ID [REPEATS]

STRAX_SOURCE is a checkout of strax (AxFoundation/strax, tag v2.2.3) holding the `strax`
package; it is imported from there (strax is not on PyPI's mirrors everywhere). Needs numpy,
numba and lz4; strax's other imports that the chain does not use (blosc, zstd) are replaced by
empty modules when missing.

The run's raw_records are read and decompressed once (not timed); then the chain of the reference
README runs chunk by chunk: raw_to_records, baseline, integrate; find_hits, sort_by_time,
find_hit_integration_bounds; find_peaks, clipping to the chunk, hits extended to their
integration bounds, sum_waveform and compute_properties. One untimed pass compiles numba's
functions; REPEATS (default 5) timed passes follow. Prints each pass's MB/s of raw_records and
the median and best, the counts (checked against strand's with the same options), and the
seconds of each stage (records, hits, peaks as grouped above) in the median pass.
"""
import json
import os
import statistics
import sys
import time
import types

os.environ.setdefault("NUMBA_NUM_THREADS", "1")


def import_strax(source):
    class Unused(types.ModuleType):
        """Stands for a compressor module the chain never calls (strax configures it on import)."""

        def __getattr__(self, attribute):
            return lambda *args, **kwargs: None

    for name in ("blosc", "zstd", "zstandard"):
        try:
            __import__(name)
        except ImportError:
            sys.modules[name] = Unused(name)
    sys.path.insert(0, source)
    import strax  # noqa: E402

    return strax


def read_raw_records(strax, np, directory, run_id):
    import lz4.frame

    entries = [d for d in os.listdir(directory) if d.startswith(run_id + "-raw_records-")]
    if len(entries) != 1:
        sys.exit("expected one raw_records directory of run %s in %s, found %s" % (run_id, directory, entries))
    path = os.path.join(directory, entries[0])
    meta_file = [f for f in os.listdir(path) if f.endswith("-metadata.json")][0]
    meta = json.load(open(os.path.join(path, meta_file)))
    if meta["compressor"] != "lz4":
        sys.exit("only lz4 runs are supported here, not " + meta["compressor"])
    dtype = strax.raw_record_dtype(110)
    chunks = []
    for c in meta["chunks"]:
        if not c["n"]:
            continue
        with open(os.path.join(path, c["filename"]), "rb") as f:
            data = np.frombuffer(lz4.frame.decompress(f.read()), dtype=dtype)
        if len(data) != c["n"]:
            sys.exit("chunk %s: %d rows, metadata says %d" % (c["filename"], len(data), c["n"]))
        chunks.append((c["start"], c["end"], data))
    return chunks


def chain(strax, np, start, end, raw, peak_dtype, to_pe, stages):
    """One chunk through the chain; adds each stage's seconds to stages (records, hits, peaks)."""
    t0 = time.perf_counter()
    r = strax.raw_to_records(raw)
    strax.zero_out_of_bounds(r)
    strax.baseline(r, baseline_samples=40, flip=True)
    strax.integrate(r)

    t1 = time.perf_counter()
    hits = strax.find_hits(r, min_amplitude=15)
    hits = strax.sort_by_time(hits)
    strax.find_hit_integration_bounds(
        hits, np.zeros(0, dtype=strax.time_fields), r, save_outside_hits=(30, 200), n_channels=250,
        allow_bounds_beyond_records=True)

    t2 = time.perf_counter()
    peaks = strax.find_peaks(
        hits, to_pe, gap_threshold=700, left_extension=30, right_extension=200, min_area=0,
        min_channels=2, max_duration=10_000_000, result_dtype=peak_dtype)
    # Peaks clipped to the chunk, as straxen's Peaklets does.
    ends = peaks["time"] + peaks["length"] * peaks["dt"]
    early = peaks["time"] < start
    peaks["length"][early] = (ends[early] - start) // peaks["dt"][early]
    peaks["time"][early] = start
    late = ends > end
    peaks["length"][late] = (end - peaks["time"][late]) // peaks["dt"][late]

    extended = hits.copy()
    extended["time"] -= (extended["left"] - extended["left_integration"]) * extended["dt"]
    extended["length"] = extended["right_integration"] - extended["left_integration"]
    extended = strax.sort_by_time(extended)
    strax.sum_waveform(peaks, extended, r, strax.record_links(r), to_pe, n_top_channels=125,
                       store_data_top=True, store_data_start=True)
    strax.compute_properties(peaks, n_top_channels=125)
    t3 = time.perf_counter()
    stages[0] += t1 - t0
    stages[1] += t2 - t1
    stages[2] += t3 - t2
    return len(r), len(hits), len(peaks)


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    source, directory, run_id = sys.argv[1:4]
    repeats = int(sys.argv[4]) if len(sys.argv) == 5 else 5
    strax = import_strax(source)
    import numpy as np

    chunks = read_raw_records(strax, np, directory, run_id)
    nbytes = sum(c[2].nbytes for c in chunks)
    peak_dtype = strax.peak_dtype(n_channels=250, n_sum_wv_samples=200, n_widths=11)
    to_pe = np.full(250, 0.011)

    def one_pass():
        counts = [0, 0, 0]
        stages = [0.0, 0.0, 0.0]
        t0 = time.perf_counter()
        for start, end, raw in chunks:
            for i, n in enumerate(chain(strax, np, start, end, raw, peak_dtype, to_pe, stages)):
                counts[i] += n
        return time.perf_counter() - t0, counts, stages

    _, counts, _ = one_pass()
    rates = []
    passes = []
    for i in range(repeats):
        seconds, _, stages = one_pass()
        rates.append(nbytes / 1e6 / seconds)
        passes.append((seconds, stages))
        print("pass %d: %.3f s, %.1f MB/s (records %.3f s, hits %.3f s, peaks %.3f s)"
              % ((i + 1, seconds, rates[-1]) + tuple(stages)), file=sys.stderr)
    median_pass = sorted(passes)[len(passes) // 2]
    print("strax %s, run %s: %.1f MB of raw_records in %d chunks -> %d records, %d hits, %d peaks; "
          "median %.1f MB/s, best %.1f MB/s (%d passes after a warm-up)"
          % (strax.__version__, run_id, nbytes / 1e6, len(chunks), counts[0], counts[1], counts[2],
             statistics.median(rates), max(rates), repeats))
    print("stages of the median pass: records %.3f s, hits %.3f s, peaks %.3f s" % tuple(median_pass[1]))


if __name__ == "__main__":
    main()
