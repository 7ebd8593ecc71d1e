#!/usr/bin/env bash
# Replicates the valid UK CDS declaration samples (../shared/corpus/hmrc-cds, never copied into
# the project) into a benchmark batch of at least the given size.
# usage: Benchmarks/make-cds-batch.sh <out dir> [megabytes, default 100]
set -euo pipefail
out=${1:?usage: make-cds-batch.sh <out dir> [megabytes]}
megabytes=${2:-100}
here=$(cd "$(dirname "$0")/.." && pwd)
corpus="$here/../shared/corpus/hmrc-cds"
schemas="$corpus/schemas/declaration"
[ -d "$corpus" ] || { echo "no $corpus: the batch is made from the shared CDS corpus" >&2; exit 2; }
customs="$here/.build/release/customs"
[ -x "$customs" ] || (cd "$here" && swift build -c release --product customs >/dev/null)
mkdir -p "$out"
# The samples that are valid against the declaration schemas (by our validator; the benchmark
# reports xmllint's count of invalid files beside ours, 0 for both when they agree).
mapfile -t valid < <(find "$corpus/samples" -iname '*.xml' -print0 | xargs -0 "$customs" validate \
  --xsd "$schemas/DocumentMetaData_2_DMS.xsd" --xsd "$schemas/WCO_DEC_2_DMS.xsd" --root MetaData --format json \
  2>/dev/null | python3 -c 'import json,sys; [print(r["file"]) for r in map(json.loads, sys.stdin) if r["valid"]]')
bytes=0; copy=0
while [ "$bytes" -lt $((megabytes * 1000000)) ]; do
  for file in "${valid[@]}"; do
    copy=$((copy + 1))
    cp "$file" "$out/$(printf 'cds-%06d.xml' "$copy")"
    bytes=$((bytes + $(stat -c %s "$file")))
  done
done
echo "wrote $copy messages ($bytes bytes) from ${#valid[@]} valid samples to $out"
