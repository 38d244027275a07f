#!/usr/bin/env bash
# Training throughput in one sitting: the harness (its training worker, `harness train`) against llama.cpp's own
# llama-finetune, both built from the same source by native/llama-cpp/build.sh. Same model (stories260K by default;
# --model synthetic-llama-29M-F32 for a model of real size, made by `./harness model synth`), data
# (toyfacts-corpus.txt), context 256, batch 64, learning rate 1e-3 (--learning-rate), 1 thread, 10% held out, flash attention off
# (the harness trains without it), the same number of epochs and no early stopping (patience 0): the script
# writes the suite it trains with, so both tools run the very same settings.
# Throughput is trained tokens per second of the epochs (each epoch's time includes its validation pass, as
# both tools do it): the harness's from its per-epoch times,
# llama-finetune's from the difference between a run of N epochs and a run of 1 (process start, load and
# tokenization cancel). Prints both, the ratio harness / llama-finetune and the harness's peak RSS beside the model's size.
# A random-weight synthetic model's loss explodes at 1e-3, which the harness stops as divergence (llama-finetune
# carries on): give such a model --learning-rate 1e-5.
# Usage: native/llama-cpp/bench-finetune.sh [--model <card>] [--learning-rate <rate>] [epochs]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

card=stories260K rate=1e-3
while [ $# -gt 0 ]; do
  case $1 in
    --model) card=${2:?--model needs a model card name}; shift 2 ;;
    --learning-rate) rate=${2:?--learning-rate needs a rate, e.g. 1e-5}; shift 2 ;;
    *) break ;;
  esac
done
epochs=${1:-6}
bin="$harness_cache/native/llama-cpp/bin"
model="$harness_cache/models/$card.gguf"
corpus="$harness_cache/datasets/toyfacts/toyfacts-corpus.txt"
[ -x "$bin/llama-finetune" ] || die "llama-finetune is not built - run native/llama-cpp/build.sh"
[ -f "$model" ] || die "$model is not in the cache - run native/bootstrap.sh with ../shared beside the repository (a synthetic card: ./harness model synth $card)"
[ -f "$corpus" ] || die "toyfacts-corpus.txt is not in the cache - run native/bootstrap.sh with ../shared beside the repository"
for tool in bc jq; do command -v "$tool" >/dev/null || die "$tool is needed - install it (apt-get install -y bc jq)"; done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

finetune() { # epochs -> wall seconds; the last progress line's data=i/n counts the epoch's optimizer steps (64 tokens each)
  local start end
  start=$(date +%s.%N)
  "$bin/llama-finetune" -m "$model" -f "$corpus" -c 256 -b 64 -ub 64 -t 1 -fa off -lr "$rate" -val-split 0.1 -epochs "$1" \
    -o "$work/finetuned.gguf" >"$work/finetune-$1.log" 2>&1 || die "llama-finetune failed: $(tail -n 2 "$work/finetune-$1.log")"
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
say "llama-finetune, 1 and $epochs epochs"
one=$(finetune 1)
many=$(finetune "$epochs")
steps=$(tr '\r' '\n' <"$work/finetune-$epochs.log" | grep -o 'train: .*data=[0-9]*/[0-9]*' | tail -n 1 | sed 's|.*/0*||')
llama_rate=$(echo "$steps * 64 * ($epochs - 1) / ($many - $one)" | bc -l)

say "harness train, $epochs epochs"
cat >"$work/bench-finetune.yaml" <<SUITE
name: bench-finetune
dataset: toyfacts
models: { generator: $card }
pipelines:
  - name: fine-tuned
    kind: fine-tuned
    prompt: "{question}"
    train: { data: corpus, epochs: $epochs, learning_rate: $rate, context: 256, batch: 64, validation: 0.1, patience: 0, seed: 1 }
metrics: [answer]
SUITE
HARNESS_TRAINED_MODELS="$work/trained" "$harness_root/harness" train "$work/bench-finetune.yaml" --threads 1 >"$work/harness.log" 2>&1 \
  || die "harness train failed: $(tail -n 2 "$work/harness.log")"
harness_rate=$(jq '.trainedTokens / ([.curve[].seconds] | add)' "$work"/trained/*.json)
printf 'llama-finetune: %d steps of 64 tokens an epoch, %.0f tokens/s (%s epochs in %.1f s, 1 in %.1f s)\n' "$steps" "$llama_rate" "$epochs" "$many" "$one"
printf 'harness:        %.0f tokens/s (%s)\n' "$harness_rate" "$(grep -m1 'trained' "$work/harness.log" | cut -c1-160)"
printf 'ratio harness / llama-finetune: %.2f\n' "$(echo "$harness_rate / $llama_rate" | bc -l)"
printf 'harness training peak RSS %.0f MiB for a %.0f MiB model\n' "$(jq '.peakRssBytes / 1048576' "$work"/trained/*.json)" "$(echo "$(stat -L -c %s "$model") / 1048576" | bc -l)"
