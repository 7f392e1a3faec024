#!/usr/bin/env bash
# The GPU table of BENCHMARKS.md ("AAN engine"), in two steps (../shared/gpu/README.md):
#
#   bash scripts/bench-gpu.sh pack   # here (has .NET): self-contained fcan against plain TorchSharp, packed with the
#                                    # PyTorch reference into artifacts/gpu/ (git-ignored, about 45 MB)
#   bash scripts/bench-gpu.sh run    # on the GPU host (PyTorch, no .NET), from the repository root with artifacts/gpu/:
#                                    # fcan bench and shared/reference/aan_bench.py in the same run, then a markdown table
#
# With the device tool: run(command="bash scripts/bench-gpu.sh run", carry=["artifacts/gpu"]).
# Sizes are W x H (fcan's --size; aan_bench.py takes H x W). Override SIZES, ITERATIONS, PRECISIONS, IMAGES.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pack_dir=$root/artifacts/gpu
sizes=${SIZES:-2048x1024 1914x1052}
iterations=${ITERATIONS:-20}
precisions=${PRECISIONS:-fp32 tf32 bf16}
images=${IMAGES:-4}

pack() {
  rm -rf "$pack_dir" && mkdir -p "$pack_dir/publish"
  dotnet publish "$root/src/Client" -c Release -r linux-x64 --self-contained -p:FcanTorch=cuda -v q -nologo \
    -o "$pack_dir/publish"
  # The packaged ResNet-18 (64 MB of ONNX) stays out: the GPU table is ResNet-50, and the device tool carries 64 MiB.
  tar -C "$pack_dir/publish" --exclude=./DnnImageModels -cJf "$pack_dir/fcan.tar.xz" .
  rm -rf "$pack_dir/publish"
  cp "$root/../shared/reference/aan_bench.py" "$pack_dir/aan_bench.py"
  ls -la "$pack_dir"
}

run() {
  [[ -f $pack_dir/fcan.tar.xz ]] || { echo "bench-gpu: $pack_dir/fcan.tar.xz missing; run 'bench-gpu.sh pack' first" >&2; exit 1; }
  app=$(mktemp -d /tmp/fcan-gpu.XXXX)
  tar -C "$app" -xJf "$pack_dir/fcan.tar.xz"
  torch_lib=$(python3 -c "import torch,os;print(os.path.join(os.path.dirname(torch.__file__),'lib'))")
  export LD_LIBRARY_PATH=$torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  export FCAN_LIBTORCH_DIR=$torch_lib DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
  log=${OUT:-$app}/bench-gpu.log
  {
    echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | head -n1)"
    echo "# PyTorch $(python3 -c 'import torch;print(torch.__version__, "CUDA", torch.version.cuda)'), ITERATIONS=$iterations"
    for size in $sizes; do
      w=${size%x*} h=${size#*x}
      # One process per precision: peak memory is per process.
      for precision in $precisions; do
        "$app/fcan" bench --json --device cuda --backbone resnet50 --size "$size" --iterations "$iterations" \
          --warmup 3 --precision "$precision" --check
      done
      "$app/fcan" bench --json --device cuda --backbone resnet50 --size "$size" --iterations "$iterations" \
        --warmup 3 --precision bf16 --images "$images" --batch auto
      python3 "$pack_dir/aan_bench.py" --size "${h}x${w}" --iterations "$iterations" --precision fp32 tf32 bf16
    done
  } 2>&1 | tee "$log"
  echo
  python3 "$root/scripts/bench_table.py" < "$log" | tee "${OUT:-$app}/bench-gpu.md"
}

case ${1:-} in
  pack) pack ;;
  run) run ;;
  *) echo "usage: bench-gpu.sh pack|run" >&2; exit 2 ;;
esac
