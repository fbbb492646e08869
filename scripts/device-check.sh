#!/usr/bin/env bash
# The GPU check, run ON the device machine (NVIDIA H200, Ubuntu 24.04, no Node, no network) from the repo
# root, after `bash scripts/device-bundle.sh` here and with `.device` in the call's `carry`:
#
#   bash scripts/device-check.sh            # writes logs, results and figures under $OUT (or ./device-out)
#
# First it says which commit the bundle was built from and whether this tree is the one it was built from
# (a stale bundle measures old code). It unpacks the Vulkan loader (only where the system has none) and the
# bundle, then measures the standard suite on wgsl and on gpu.js webgpu (device-resident), and gpu.js
# webgpu GEMM with transfers in every call. Each step has its own time limit, cut to what is left of the
# whole run's budget; a failing step is logged and the next one runs. Last, scripts/device-figures.mjs
# computes the targets' ratios into figures.json and figures.md (paste the latter into the README).
#
#   DEVICE_CHECK_BUDGET_S  seconds for the whole check (default 570: the device tool stops a command at 600)
#   TPPBENCH_LOCAL_GPU     catalog id passed when the run cannot identify the GPU itself (default h200-sxm)
set -uo pipefail
repo=$PWD
out=${OUT:-$PWD/device-out}
budget=${DEVICE_CHECK_BUDGET_S:-570}
fallback_gpu=${TPPBENCH_LOCAL_GPU:-h200-sxm}
readonly FIGURES_RESERVE_S=30
mkdir -p "$out"
t0=$SECONDS
log() { printf '== %s\n' "$*" | tee -a "$out/steps.log"; }
left() { echo $((budget - (SECONDS - t0))); }

# shellcheck source=scripts/source-digest.sh
source "$(dirname "${BASH_SOURCE[0]}")/source-digest.sh"

# 1. What the bundle is, before anything else.
log "bundle build info"
tree_digest=$(source_digest)
bundle_digest=
if [[ -f .device/build-info.json ]]; then
  tee "$out/bundle-build-info.json" <.device/build-info.json
  bundle_digest=$(sed -n 's/.*"sourceDigest": *"\([0-9a-f]*\)".*/\1/p' .device/build-info.json)
else
  log "WARNING: .device/build-info.json missing: the bundle predates build info, its commit is unknown"
fi
if [[ -z $bundle_digest ]]; then
  fresh=unknown
elif [[ $bundle_digest == "$tree_digest" ]]; then
  fresh=yes
  log "bundle matches this tree (source digest ${tree_digest:0:12})"
else
  fresh=no
  log "WARNING: STALE BUNDLE: built from sources ${bundle_digest:0:12}, this tree is ${tree_digest:0:12}; the figures measure the bundle's commit, not this tree (rebuild with bash scripts/device-bundle.sh)"
fi

# 2. Vulkan loader and bundle.
if ! ldconfig -p | grep -q 'libvulkan.so.1'; then
  log "unpacking the Vulkan loader"
  for f in .device/debs/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
unpacked=$(mktemp -d -t tppbench.XXXXXX)
tar -xJf .device/bundle.tar.xz -C "$unpacked" || {
  log "bundle did not unpack"
  exit 1
}
cd "$unpacked/tppbench" || exit 1
# The build info the figures show: the bundle's own, with this tree's digest and whether they match.
info=$repo/.device/build-info.json
[[ -f $info ]] || info=build-info.json
./node -e '
  const fs = require("fs");
  const [path, treeDigest, fresh] = process.argv.slice(1);
  let info = {};
  try { info = JSON.parse(fs.readFileSync(path, "utf8")); } catch {}
  const matchesTree = fresh === "unknown" ? null : fresh === "yes";
  console.log(JSON.stringify({ ...info, treeDigest, matchesTree }, null, 2));
' "$info" "$tree_digest" "$fresh" >"$out/build-info.json"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem,temperature.gpu --format=csv | tee "$out/nvidia-smi.csv" || true

# 3. An adapter, and whether the run identifies the GPU by itself.
probe() { timeout 60 ./node bin/tppbench.js run quick --backend wgsl --filter stream-copy --json >"$out/probe.json" 2>"$out/probe.err"; }
if ! probe; then
  log "no adapter with the default Vulkan drivers: trying the NVIDIA ICD files"
  for icd in /usr/share/vulkan/icd.d/nvidia_icd.json /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    if [[ -f $icd ]]; then
      export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
      probe && break
    fi
  done
fi
log "probe: $(head -c 300 "$out/probe.err")"
probe_gpu=$(./node -e '
  const g = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).environment.gpu;
  console.log(g?.catalogId ? `${g.catalogId} (${g.source}: ${g.name})` : "");
' "$out/probe.json" 2>/dev/null)
gpu_args=()
if [[ -n $probe_gpu ]]; then
  log "GPU identified by the run: $probe_gpu"
else
  gpu_args=(--local-gpu "$fallback_gpu")
  log "WARNING: the run did not identify a catalog GPU: passing --local-gpu $fallback_gpu"
fi

# 4. The measurements.
step() { # name, limit in s, args...
  local name=$1 limit=$2 room
  shift 2
  room=$(($(left) - FIGURES_RESERVE_S))
  if ((room < 20)); then
    log "$name: SKIPPED, ${room}s left of the ${budget}s budget"
    return
  fi
  ((limit > room)) && limit=$room
  log "$name (limit ${limit}s): tppbench $*"
  timeout "$limit" ./node bin/tppbench.js "$@" >"$out/$name.txt" 2>"$out/$name.err"
  log "$name: exit $? after $((SECONDS - t0))s in all"
}
step wgsl 240 run standard --backend wgsl ${gpu_args[@]+"${gpu_args[@]}"} --out "$out/wgsl.json"
step webgpu 200 run standard --backend webgpu ${gpu_args[@]+"${gpu_args[@]}"} --out "$out/webgpu.json"
step webgpu-per-call 90 run standard --backend webgpu --timing per-call ${gpu_args[@]+"${gpu_args[@]}"} \
  --filter 'gemm/m256-n256-k256,gemm/m512-n512-k512,gemm/m1024-n1024-k1024,gemm/m2048-n2048-k2048' \
  --out "$out/webgpu-per-call.json"

# 5. The figures: each target's ratio, gpu.js resident / per-call, the catalog self-check.
log "figures"
timeout "$((FIGURES_RESERVE_S + 30))" ./node "$repo/scripts/device-figures.mjs" --cli bin/tppbench.js \
  --build-info "$out/build-info.json" --out-dir "$out" --local-gpu "$fallback_gpu" \
  "$out/wgsl.json" "$out/webgpu.json" "$out/webgpu-per-call.json" 2>&1 | tee "$out/figures.txt"
log "figures: exit ${PIPESTATUS[0]}; raw logs and results in $out; took $((SECONDS - t0))s"
