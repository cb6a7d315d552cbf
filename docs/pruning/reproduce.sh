#!/usr/bin/env bash
# Reproduces every table of docs/pruning.md, one study after another. Each study resumes from its
# cache (CARDECK_HOME/studies/pruning), so the script can be stopped and started again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
study() { local out=$1; shift; ./cardeck pruning-study "$@" --out "docs/pruning/$out.md"; }
study lenet5-one-shot --models lenet5-standard,lenet5-gauss,lenet5-augmix --methods magnitude,wanda,lobs \
  --allocations uniform,global,erk,owl,dsa --sparsities 0.5,0.7,0.8,0.9 --recoveries none --images 200
study resnet20-one-shot --models resnet20-standard --methods magnitude,wanda,lobs --allocations uniform,global \
  --sparsities 0.7,0.9 --recoveries none,bn --images 100
study resnet20-dsa --models resnet20-standard --methods magnitude,lobs --allocations uniform,dsa --sparsities 0.7 \
  --recoveries none --images 100
study resnet20-lobs-normalization --models resnet20-standard --methods lobs --allocations global --sparsities 0.5,0.7,0.9 \
  --lobs-normalizations none,layer --recoveries none,bn --images 100
study resnet20-recovery --models resnet20-standard,resnet20-augmix --methods magnitude,l1-filter --allocations global,uniform \
  --sparsities 0.5,0.7,0.9 --filter-ratios 0.3,0.5,0.7 --recoveries none,bn,finetune --finetune-epochs 2 --images 100
study lenet5-recovery --models lenet5-standard --methods magnitude,l1-filter --allocations global,uniform \
  --sparsities 0.5,0.7,0.9 --filter-ratios 0.3,0.5,0.7 --recoveries none,finetune --finetune-epochs 2 --images 200
study resnet20-grid --models resnet20-gauss,resnet20-augmix,resnet20-standard --methods magnitude,wanda,lobs \
  --allocations uniform,global,erk,owl,dsa --sparsities 0.5,0.7,0.8,0.9 --recoveries none,bn --images 100
study resnet20-filter-finetune --models resnet20-standard,resnet20-augmix --methods l1-filter --filter-ratios 0.3,0.5,0.7 \
  --residual-streams prune,keep --recoveries none,finetune --finetune-epochs 2 --images 100
