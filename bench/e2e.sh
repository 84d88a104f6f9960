#!/usr/bin/env bash
# End-to-end benchmarks through the command line; the figures go to docs/BENCHMARKS.md.
#
#   bench/e2e.sh chain   STRAX_DIR RUN   single thread, raw_records -> peak_basics, MB/s (best of 3)
#   bench/e2e.sh strax   STRAX_SOURCE STRAX_DIR RUN   strax's own chain (bench/strax-chain.py, with
#                                        $STRAX_PYTHON) and then 'chain', in one sitting; the ratio
#   bench/e2e.sh threads STRAX_DIR RUN   the same run, threaded x2 against single x1 (best of 3 each)
#   bench/e2e.sh spark   [RUNS] [MB] [PAIRS]  generated runs on local[2] against the same in-process
#                                        (2 at a time), alternating, PAIRS times (default 3); medians
#   bench/e2e.sh cpus    [RUNS] [MB]     spark.task.cpus=2 with 2-thread runs against 1 with 1-thread runs
#
# A run's time is its 'seconds' in the summary JSON (reading, decompressing, computing, saving;
# no Spark start-up). Needs python3 for reading the JSON. Work goes to a temporary directory.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
strand="$root/submit-scripts/strand"
work=$(mktemp -d "${TMPDIR:-/tmp}/strand-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Sum of run seconds and raw bytes in a summary: prints "seconds bytes".
totals() {
  python3 - "$1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
runs = [r for r in s["runs"] if r["status"] == "done"]
if len(runs) != len(s["runs"]):
    sys.exit("not every run is done: " + json.dumps([r["error"] for r in s["runs"] if r["error"]]))
print(sum(r["seconds"] for r in runs), sum(r["raw_bytes"] for r in runs), s["totals"]["wall_seconds"])
PY
}

# Seconds per stage, summed over the runs of a summary: "source 'StraxReader' 0.45 s, ...".
stages() {
  python3 - "$1" <<'PY'
import json, sys
total = {}
for r in json.load(open(sys.argv[1]))["runs"]:
    for name, seconds in (r.get("stages") or {}).items():
        total[name] = total.get(name, 0) + seconds
print(", ".join("%s %.2f s" % kv for kv in total.items()))
PY
}

best_of_3() { # best_of_3 LABEL ARGS... -> prints the best run seconds and MB/s
  local label=$1; shift
  local best=""
  for i in 1 2 3; do
    local out="$work/$label-$i"
    "$strand" run --output "$out/out" --no-progress --summary-json "$out/summary.json" "$@" >/dev/null 2>"$out.log" || { cat "$out.log" >&2; exit 1; }
    read -r sec bytes wall < <(totals "$out/summary.json")
    echo "  $label try $i: run seconds $sec, $(python3 -c "print(round($bytes/1e6/$sec,1))") MB/s; $(stages "$out/summary.json")" >&2
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $sec < $best else 1)"; then best=$sec; fi
    rm -rf "$out"
  done
  echo "$best $bytes"
}

case "${1:-}" in
  chain)
    dir=${2:?strax data directory}; run=${3:?run id}
    read -r s b < <(best_of_3 single --input "$dir" --runs "$run" --targets peak_basics --processor single --threads-per-run 1 --master 'local[1]')
    python3 -c "print('chain, single thread, peak_basics: best %.3f s, %.1f MB/s of raw_records' % ($s, $b/1e6/$s))" ;;
  strax)
    src=${2:?strax source checkout}; dir=${3:?strax data directory}; run=${4:?run id}
    # strax's chain in memory (median and best of 5 after a warm-up), then strand's, in one sitting.
    "${STRAX_PYTHON:-python3}" "$root/bench/strax-chain.py" "$src" "$dir" "$run" 5 > "$work/strax.txt" 2>"$work/strax.log" || { cat "$work/strax.log" "$work/strax.txt" >&2; exit 1; }
    cat "$work/strax.txt"
    read -r s b < <(best_of_3 single --input "$dir" --runs "$run" --targets peak_basics --processor single --threads-per-run 1 --master 'local[1]')
    python3 - "$work/strax.txt" "$s" "$b" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
median, best = (float(x) for x in re.search(r"median ([\d.]+) MB/s, best ([\d.]+) MB/s", text).groups())
mbs = int(sys.argv[3]) / 1e6 / float(sys.argv[2])
print("strand single thread, peak_basics, reading included: best of 3 %.1f MB/s = %.2fx strax's median (%.1f), %.2fx strax's best (%.1f)"
      % (mbs, mbs / median, median, mbs / best, best))
PY
    ;;
  threads)
    dir=${2:?strax data directory}; run=${3:?run id}
    read -r s1 b < <(best_of_3 single --input "$dir" --runs "$run" --processor single --threads-per-run 1 --master 'local[1]')
    read -r s2 _ < <(best_of_3 threaded --input "$dir" --runs "$run" --processor threaded --threads-per-run 2 --master 'local[1]')
    python3 -c "print('single x1: %.3f s (%.1f MB/s); threaded x2: %.3f s (%.1f MB/s); speed-up %.2fx' % ($s1, $b/1e6/$s1, $s2, $b/1e6/$s2, $s1/$s2))" ;;
  spark)
    n=${2:-16}; mb=${3:-50}; pairs=${4:-3}
    # Spark and in-process alternate, so a change in the machine's load falls on both sides.
    for i in $(seq "$pairs"); do
      rm -rf "$work/spark" "$work/inproc"
      "$strand" run --output "$work/spark" --generate "$n" --run-size-mb "$mb" --master 'local[2]' --threads-per-run 1 --no-progress --summary-json "$work/spark.json" >/dev/null 2>"$work/spark.log" || { cat "$work/spark.log" >&2; exit 1; }
      "$strand" inprocess --output "$work/inproc" --generate "$n" --run-size-mb "$mb" --parallel-runs 2 --threads-per-run 1 --no-progress --summary-json "$work/inproc.json" >/dev/null 2>"$work/inproc.log" || { cat "$work/inproc.log" >&2; exit 1; }
      read -r _ bytes wspark < <(totals "$work/spark.json")
      read -r _ _ winproc < <(totals "$work/inproc.json")
      echo "$wspark $winproc"
    done > "$work/pairs"
    python3 - "$n" "$bytes" "$work/pairs" <<'PY'
import statistics, sys
n, mb = int(sys.argv[1]), int(sys.argv[2]) / 1e6
pairs = [tuple(map(float, line.split())) for line in open(sys.argv[3])]
for s, p in pairs:
    print("  Spark local[2] %.1f s = %.1f MB/s; in-process (2 runs at a time) %.1f s = %.1f MB/s; %.0f%%" % (s, mb / s, p, mb / p, 100 * p / s))
s = statistics.median(x for x, _ in pairs)
p = statistics.median(y for _, y in pairs)
print("%d runs, %.1f MB, %d pairs: median Spark %.1f s = %.1f MB/s, median in-process %.1f s = %.1f MB/s; Spark/in-process %.0f%%"
      % (n, mb, len(pairs), s, mb / s, p, mb / p, 100 * p / s))
PY
    ;;
  cpus)
    n=${2:-16}; mb=${3:-50}
    "$strand" run --output "$work/c1" --generate "$n" --run-size-mb "$mb" --master 'local[2]' --conf spark.task.cpus=1 --no-progress --summary-json "$work/c1.json" >/dev/null 2>"$work/c1.log" || { cat "$work/c1.log" >&2; exit 1; }
    "$strand" run --output "$work/c2" --generate "$n" --run-size-mb "$mb" --master 'local[2]' --conf spark.task.cpus=2 --no-progress --summary-json "$work/c2.json" >/dev/null 2>"$work/c2.log" || { cat "$work/c2.log" >&2; exit 1; }
    read -r _ bytes w1 < <(totals "$work/c1.json")
    read -r _ _ w2 < <(totals "$work/c2.json")
    python3 -c "print('%d runs, %.1f MB on local[2]: task.cpus=1 x 1-thread runs %.1f s = %.1f MB/s; task.cpus=2 x 2-thread runs %.1f s = %.1f MB/s' % ($n, $bytes/1e6, $w1, $bytes/1e6/$w1, $w2, $bytes/1e6/$w2))" ;;
  *)
    sed -n '2,10p' "$0"; exit 2 ;;
esac
