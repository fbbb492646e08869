#!/usr/bin/env bash
# The GPU check, run ON the device machine (NVIDIA H200, Ubuntu 24.04, no Node, no network) from the repo
# root, after `bash scripts/device-bundle.sh` here and with `.device` in the call's `carry`:
#
#   bash scripts/device-check.sh            # writes logs and results under $OUT (or ./device-out)
#
# It unpacks the Vulkan loader (only where the system has none) and the bundle, then measures the standard
# suite on wgsl and on gpu.js webgpu (device-resident), gpu.js webgpu GEMM with transfers in every call for
# the ratio, and prints the catalog self-check. Each step has its own time limit; a failing step is logged
# and the next one runs. The last lines are a short summary.
set -uo pipefail
out=${OUT:-$PWD/device-out}
mkdir -p "$out"
log() { printf '== %s\n' "$*" | tee -a "$out/steps.log"; }

if ! ldconfig -p | grep -q 'libvulkan.so.1'; then
  log "unpacking the Vulkan loader"
  for f in .device/debs/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
unpacked=$(mktemp -d -t tppbench.XXXXXX)
tar -xJf .device/bundle.tar.xz -C "$unpacked" || { log "bundle did not unpack"; exit 1; }
cd "$unpacked/tppbench" || exit 1
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,temperature.gpu --format=csv | tee "$out/nvidia-smi.csv"

probe() { timeout 60 ./node bin/tppbench.js run quick --backend wgsl --filter stream-copy --json >"$out/probe.json" 2>"$out/probe.err"; }
if ! probe; then
  log "no adapter with the default Vulkan drivers: trying the NVIDIA ICD files"
  for icd in /usr/share/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [ -f "$icd" ]; then export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd; probe && break; fi
  done
fi
log "probe: $(head -c 300 "$out/probe.err")"

step() { # name, limit in s, args...
  local name=$1 limit=$2; shift 2
  log "$name: tppbench $*"
  timeout "$limit" ./node bin/tppbench.js "$@" >"$out/$name.txt" 2>"$out/$name.err"
  log "$name: exit $?"
}
step wgsl 240 run standard --backend wgsl --out "$out/wgsl.json"
step webgpu 200 run standard --backend webgpu --out "$out/webgpu.json"
step webgpu-per-call 90 run standard --backend webgpu --timing per-call --filter 'gemm/m256-n256-k256,gemm/m512-n512-k512,gemm/m1024-n1024-k1024,gemm/m2048-n2048-k2048' --out "$out/webgpu-per-call.json"

log "summary"
for f in wgsl webgpu webgpu-per-call; do tail -n 40 "$out/$f.txt" 2>/dev/null | grep -E 'gemm/m(1024|2048|4096)|stream-(copy|triad)/n67108864|h2d|d2h|median \|error\||GPU:' ; done
