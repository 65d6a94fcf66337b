#!/usr/bin/env bash
# GPU check of LatentLab against pip's CUDA LibTorch on a lent device machine (scripts/device_bundle first). Writes
# $OUT/log: CUDA training, NCCL in a job of one, two ranks refused on one GPU, runs moving CPU <-> GPU, dist tests.
exec > >(tee -a "$OUT/log") 2>&1
set -x
T0=$(date +%s)
el() { echo "[+$(( $(date +%s) - T0 ))s] $*"; }
cp -rn .devdeps/root/* / 
command -v pkg-config || { cp .devdeps/pkgconf/libpkgconf.so.3* /usr/local/lib/; cp .devdeps/pkgconf/pkg-config /usr/local/bin/; ldconfig; }
export PKG_CONFIG_PATH=/usr/lib/x86_64-linux-gnu/pkgconfig
nvidia-smi -L
PY=python3
$PY -c "import torch; print(torch.__version__, torch.version.cuda, torch.cuda.is_available(), torch.cuda.nccl.version())"
PREFIX=$($PY -c 'import torch; print(torch.utils.cmake_prefix_path)')
NCCL_INC=$($PY -c 'import nvidia.nccl, os; print(os.path.join(list(nvidia.nccl.__path__)[0], "include"))')
ls $NCCL_INC
cmake --version | head -1
el configure
cmake -S . -B /tmp/b -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$PREFIX" -DTORCH_CUDA_ARCH_LIST=9.0 \
  -DLATENTLAB_BUILD_APP=OFF -DLATENTLAB_BUILD_BENCH=OFF -DLATENTLAB_BUILD_TESTS=OFF -DLATENTLAB_NCCL_INCLUDE="$NCCL_INC" \
  > $OUT/configure.log 2>&1 || { tail -40 $OUT/configure.log; exit 1; }
grep -i "distributed\|torch\|cuda" $OUT/configure.log | head
el build
ninja -C /tmp/b latentlab-cli > $OUT/build.log 2>&1 || { grep -B2 -A12 "error" $OUT/build.log | head -80; exit 1; }
el built
C=/tmp/b/cli/latentlab-cli
set +x
$C version
export OMP_NUM_THREADS=4
M=(--data fashion-mnist --model vae-mlp --batch 128 --seed 3)
el "1) one process, --device cuda, 1 epoch"
timeout 120 $C train "${M[@]}" --device cuda --epochs 1 --out /tmp/r1 2>&1 | grep -v "^step" | tail -4
el "2) NCCL: a job of one rank in a real process group"
WORLD_SIZE=1 RANK=0 LOCAL_RANK=0 MASTER_ADDR=127.0.0.1 MASTER_PORT=29531 LATENTLAB_GROUP_OF_ONE=1 \
  timeout 120 $C train "${M[@]}" --device cuda --epochs 1 --out /tmp/r2 2>&1 | grep -v "^step" | tail -4
el "3) two ranks on one GPU: --nproc 2 --device cuda (refused: one GPU per rank)"
timeout 90 $C train "${M[@]}" --device cuda --steps 100 --nproc 2 --dist-timeout 30 --out /tmp/r3 2>&1 | grep -v "^step" | tail -4
el "4) --nproc 2, device auto on a host of fewer GPUs than ranks: Gloo on the CPU"
timeout 90 $C train "${M[@]}" --steps 200 --nproc 2 --threads 2 --out /tmp/r4 2>&1 | grep -v "^step" | tail -4
el "5) a CPU run resumed on the GPU, a GPU run resumed and sampled without one"
timeout 60 $C train "${M[@]}" --device cpu --steps 50 --out /tmp/c2g 2>&1 | tail -1
timeout 60 $C train --resume /tmp/c2g --steps 100 2>&1 | grep -v "^step" | tail -2
timeout 60 $C train "${M[@]}" --steps 50 --out /tmp/g2c 2>&1 | tail -1
CUDA_VISIBLE_DEVICES= timeout 60 $C train --resume /tmp/g2c --steps 100 2>&1 | grep -v "^step" | tail -2
CUDA_VISIBLE_DEVICES= timeout 60 $C sample --run /tmp/g2c --out /tmp/g2c.png 2>&1 | tail -1
el "6) the project's dist tests with this torch (and its own torchrun)"
for s in nproc kill one torchrun; do
  LATENTLAB_PYTHON=$PY timeout 240 tests/dist/dist_test.sh $C $s > $OUT/dist_$s.log 2>&1; tail -2 $OUT/dist_$s.log
  el "dist $s done"
done
el end
