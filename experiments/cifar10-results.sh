#!/usr/bin/env bash
# Reproduces docs/results.md: split-brain (Lab, LabRescaled, Rgb) against from-scratch, denoising-autoencoder and
# raw-pixel linear baselines on CIFAR-10 JPEGs, with 10, 100 and 400 labels per class.
#
#   experiments/cifar10-results.sh [TRAIN_TAR_GZ] [OUT_DIR]
#
# Protocol: the last 1,000 images of each class (by sorted file name) are held out and only ever evaluated on.
# Pretraining uses the other 40,000 images without labels; fine-tuning draws N labels per class from them with the
# stratified sampler, plus 100 per class for validation (early stopping). Every run's command, time and result go to
# OUT_DIR/results.jsonl. Environment: PRETRAIN_EPOCHS (default 3), FINETUNE_EPOCHS (default 30), SIZE (default 32),
# FEATURES (default pooled: every TorchSharp method fine-tunes its encoders with a linear head on pooled features; set
# score-maps for the reference's classifier input), FINETUNE_LR (default 1e-3).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tarball="${1:-$here/../shared/data/cifar10/train.tar.gz}"
out="${2:-$here/experiments/out}"
pretrain_epochs="${PRETRAIN_EPOCHS:-3}"
finetune_epochs="${FINETUNE_EPOCHS:-30}"
size="${SIZE:-32}"
features="${FEATURES:-pooled}"
finetune_lr="${FINETUNE_LR:-1e-3}"
mkdir -p "$out"
# A pretraining run left going by an earlier invocation of this script finishes first.
while pgrep -f "splitbrain.dll pretrain .*--out $out/" >/dev/null; do sleep 10; done
data="$out/cifar10"
if [ ! -d "$data/train" ]; then
  mkdir -p "$data"
  tar -xzf "$tarball" -C "$data"
fi
dotnet build -c Release "$here/samples/SplitBrain.Cli" >/dev/null
sb=(dotnet "$here/samples/SplitBrain.Cli/bin/Release/net10.0/splitbrain.dll")
common=(--data "$data/train" --holdout-per-class 1000)
results="$out/results.jsonl"

run() { # name, then the command; appends {"name", "seconds", "exit", "command"} to runs.jsonl. A failed run is
  # recorded and the script goes on with the next one (its row is then missing from results.jsonl).
  local name="$1"; shift
  local start=$SECONDS status=0
  echo "== $name: $*" >&2
  "$@" >"$out/$name.log" 2>&1 || status=$?
  printf '{"name":"%s","seconds":%d,"exit":%d,"command":"%s"}\n' "$name" $((SECONDS - start)) "$status" "$*" >>"$out/runs.jsonl"
  return "$status"
}

for method in lab lab-rescaled rgb dae; do
  [ -f "$out/pre-$method/model.zip" ] && continue
  if [ "$method" = dae ]; then extra=(--method dae); else extra=(--space "$method"); fi
  # An interrupted pretraining run continues from its newest checkpoint.
  if ls "$out/pre-$method/checkpoints/"*.sbckpt >/dev/null 2>&1; then extra+=(--resume); fi
  run "pretrain-$method" "${sb[@]}" pretrain "${common[@]}" "${extra[@]}" --size "$size" --epochs "$pretrain_epochs" --seed 1 --out "$out/pre-$method" || true
done

finetune() { # method, labels per class, seed
  local method="$1" n="$2" seed="$3" name="ft-$1-$2-s$3"
  [ -f "$out/$name.zip" ] && return 0
  case "$method" in
    scratch) start=(--from-scratch --encoder simple --size "$size" --space lab --features "$features" --lr "$finetune_lr") ;;
    linear) start=(--linear-pixels --size "$size") ;;
    *) start=(--pretrained "$out/pre-$method" --features "$features" --lr "$finetune_lr") ;;
  esac
  run "$name" "${sb[@]}" finetune "${common[@]}" "${start[@]}" --labels-per-class "$n" --val-per-class 100 \
    --epochs "$finetune_epochs" --seed "$seed" --out "$out/$name.zip" || return 0
  local start_eval=$SECONDS
  metrics=$("${sb[@]}" evaluate --model "$out/$name.zip" "${common[@]}" --json)
  printf '{"method":"%s","labels_per_class":%d,"seed":%d,"evaluate_seconds":%d,"metrics":%s}\n' \
    "$method" "$n" "$seed" $((SECONDS - start_eval)) "$metrics" >>"$results"
}

for n in 10 100 400; do
  for method in lab lab-rescaled rgb dae scratch linear; do
    finetune "$method" "$n" 1
  done
done
for method in lab lab-rescaled rgb dae scratch linear; do
  finetune "$method" 100 2
done
echo "done: $results" >&2
