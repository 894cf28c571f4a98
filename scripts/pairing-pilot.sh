#!/usr/bin/env bash
# The pairing-design pilot (issues 20 and 31): baseline28 and edge32 trained with the same seeds
# under each design that shares different random streams, one run at a time per instance.
# Resumable: run it again and finished runs are reused, an interrupted one continues from its last
# epoch (checkpoints are never committed, so after a fresh clone an unfinished run starts again).
# Derive the table with scripts/pairing-pilot-table.ts.
#
# Usage: BOUNDARY_EFFECTS_DATA=<datasets folder> nohup nice -n 19 scripts/pairing-pilot.sh OUT &
#   OUT      output folder (required); runs go to OUT/<design>/runs/<variant>/seed-<n>
#            (issue 31's full-setting pilot: reports/pairing-pilot, committed without checkpoints)
#   CLI      the built command (default dist/cli/main.js of this checkout; copy dist away first if
#            you keep editing the code while the pilot runs)
#   SEEDS    the seeds, e.g. "1 3" (default "1 2 3 4"). Two runs at a time need two instances
#            with disjoint SEEDS and different OUT folders (a design's folder is locked by the run
#            training in it); move the second folder's finished runs/<variant>/seed-<n> into the
#            first when they are done
#   EPOCHS (default 10), TRAIN_SIZE and TEST_SIZE (default: all images; the seed's settings)
#   SKIP_DEFAULT=1  train nothing under 'weights+shuffles' (its runs at the seed's settings are the
#            runs moved from reports/mnist to OUT/weights+shuffles/runs when the extension began)
#   LOG      log name under OUT (default pilot.log)
#   DESIGNS  the designs to train (default all three; e.g. DESIGNS=weights in a third instance)
#
# Under 'weights+shuffles+noise' baseline28 is the same run as under 'weights+shuffles' (its
# noise is drawn in its own index order either way; tested in test/train/pairing-design.test.ts),
# so only the first seed of it is trained there (CHECK=0 skips it), as a check that the two runs
# end with the same numbers.
set -euo pipefail
if [ $# -lt 1 ]; then echo "usage: scripts/pairing-pilot.sh OUT (the output folder)" >&2; exit 1; fi
OUT="$1"
CLI="${CLI:-$(dirname "$0")/../dist/cli/main.js}"
SEEDS="${SEEDS:-1 2 3 4}"
EPOCHS="${EPOCHS:-10}"
TRAIN_SIZE="${TRAIN_SIZE:-}"
TEST_SIZE="${TEST_SIZE:-}"
SIZES=()
if [ -n "$TRAIN_SIZE" ]; then SIZES+=(--train-size "$TRAIN_SIZE"); fi
if [ -n "$TEST_SIZE" ]; then SIZES+=(--test-size "$TEST_SIZE"); fi
LOG="$OUT/${LOG:-pilot.log}"
mkdir -p "$OUT"
run() { # design variant seed
  echo "$(date -u +%FT%TZ) start $1 $2 seed $3" >>"$LOG"
  node "$CLI" train --dataset mnist --variant "$2" --seed "$3" --pairing "$1" \
    --epochs "$EPOCHS" "${SIZES[@]}" --backend wasm \
    --out "$OUT/$1" >>"$LOG" 2>"$LOG.err"
  echo "$(date -u +%FT%TZ) done  $1 $2 seed $3" >>"$LOG"
}
DESIGNS="${DESIGNS:-weights+shuffles weights+shuffles+noise weights}"
wants() { case " $DESIGNS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
# Seed by seed, so that an interrupted pilot holds complete seeds; first today's design and the one
# that also shares the noise (the candidate for a new default), then the weights-only design.
for seed in $SEEDS; do
  if [ "${SKIP_DEFAULT:-0}" != 1 ]; then
    if wants weights+shuffles || wants weights+shuffles+noise; then run weights+shuffles baseline28 "$seed"; fi
    if wants weights+shuffles; then run weights+shuffles edge32 "$seed"; fi
  fi
  if wants weights+shuffles+noise; then run weights+shuffles+noise edge32 "$seed"; fi
done
if wants weights; then
  for seed in $SEEDS; do
    run weights baseline28 "$seed"
    run weights edge32 "$seed"
  done
fi
# The check: baseline28 under the noise-sharing design ends with the same numbers as above.
if [ "${CHECK:-1}" = 1 ] && wants weights+shuffles+noise; then run weights+shuffles+noise baseline28 "${SEEDS%% *}"; fi
echo "$(date -u +%FT%TZ) pilot finished" >>"$LOG"
