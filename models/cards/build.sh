#!/usr/bin/env bash
# Builds the CARDs and the comparison models of docs/cards.md from the zoo, one after another, each
# from its checkpoints in models/checkpoints/NAME when it was interrupted (start it again to resume).
# Equal budgets: every method prunes-and-trains for 20 epochs (LTH trains dense for 15 first).
# Usage: models/cards/build.sh [lenet5|resnet20]...   (default: lenet5)
# CARDS_RECORD_ONLY=1 only records models that are built but not yet in the manifest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
run() {
  local name=$1 parent=$2; shift 2
  local file="models/cards/$name.onnx" work="models/checkpoints/$name"
  if [ ! -f "$file" ]; then
    [ -n "${CARDS_RECORD_ONLY:-}" ] && return 0
    echo "== $name $(date -u +%FT%TZ)"
    ./cardeck prune "$@" --out "$file" --work "$work"
  fi
  if ! grep -q "\"name\" : \"$name\"" models/manifest.json; then
    ./cardeck zoo record-card --file "$file" --parent "$parent" --command "./cardeck prune $* --out $file --work $work"
  fi
  rm -rf "$work"
}
lenet5() {
  for s in 90 95; do
    for d in standard gauss augmix; do
      run "lenet5-$d-lrr$s" "lenet5-$d" --model "models/lenet5-$d.onnx" --method lrr --param targetSparsity=0.$s --param rounds=4 \
        --param retraining.epochs=5 --param retraining.learningRate=0.05 --param retraining.domain=$d \
        --param retraining.seed=1 --param keepDense=[]
    done
    for d in standard gauss augmix; do
      run "lenet5-$d-gmp$s" "lenet5-$d" --model "models/lenet5-$d.onnx" --method gmp --param targetSparsity=0.$s \
        --param training.epochs=20 --param training.learningRate=0.05 --param training.domain=$d \
        --param training.seed=1 --param keepDense=[]
      run "lenet5-$d-ft$s" "lenet5-$d" --model "models/lenet5-$d.onnx" --method magnitude --param sparsity=0.$s --param keepDense=[] \
        --param recovery.finetune.epochs=20 --param recovery.finetune.learningRate=0.005 \
        --param recovery.finetune.schedule=constant --param recovery.finetune.domain=$d --param recovery.finetune.seed=1
      run "lenet5-$d-lth$s" "lenet5-$d" --model "models/lenet5-$d.onnx" --method lth --param targetSparsity=0.$s --param rounds=4 \
        --param retraining.epochs=5 --param retraining.learningRate=0.05 --param retraining.domain=$d \
        --param retraining.seed=1 --param denseEpochs=15 --param rewindEpoch=1 --param initSeed=1 --param keepDense=[]
    done
  done
}
resnet20() {
  for d in standard gauss augmix; do
    run "resnet20-$d-lrr90" "resnet20-$d" --model "models/resnet20-$d.onnx" --method lrr --param targetSparsity=0.9 --param rounds=4 \
      --param retraining.epochs=5 --param retraining.learningRate=0.1 --param retraining.domain=$d \
      --param retraining.seed=1 --param keepDense=[]
  done
  # The comparison methods on one domain, at the same budget (ResNet-20 trains 5-20 minutes an epoch on one core).
  run resnet20-standard-ft90 resnet20-standard --model models/resnet20-standard.onnx --method magnitude --param sparsity=0.9 \
    --param keepDense=[] --param recovery.finetune.epochs=20 --param recovery.finetune.learningRate=0.01 \
    --param recovery.finetune.schedule=constant --param recovery.finetune.domain=standard --param recovery.finetune.seed=1
  run resnet20-standard-gmp90 resnet20-standard --model models/resnet20-standard.onnx --method gmp --param targetSparsity=0.9 \
    --param training.epochs=20 --param training.learningRate=0.1 --param training.domain=standard \
    --param training.seed=1 --param keepDense=[]
  run resnet20-standard-lth90 resnet20-standard --model models/resnet20-standard.onnx --method lth --param targetSparsity=0.9 \
    --param rounds=4 --param retraining.epochs=5 --param retraining.learningRate=0.1 --param retraining.domain=standard \
    --param retraining.seed=1 --param denseEpochs=15 --param rewindEpoch=1 --param initSeed=1 --param keepDense=[]
}
for family in "${@:-lenet5}"; do
  case "$family" in
    lenet5) lenet5 ;;
    resnet20) resnet20 ;;
    *) echo "unknown family '$family'; accepted: lenet5, resnet20" >&2; exit 2 ;;
  esac
done
