#!/usr/bin/env bash
# Build .device/: everything tppbench needs on a bare device machine (no Node, no network),
# to travel as one ignored folder in a `carry` list (64 MiB for tracked files + carried paths).
#
#   .device/bundle.tar.xz  tppbench/{node,package.json,bin,dist,node_modules,build-info.json}, production
#                          deps, pruned
#   .device/build-info.json  the commit, whether the tree was dirty (and where), and a digest of the sources
#                          dist/ was built from; device-check.sh prints it first and compares the digest with
#                          the tree it runs in, so a stale bundle is seen before any figure is trusted
#   .device/debs/*.deb     Vulkan/GL loader packages (Debian 12, amd64)
#
# On the device:
#   for f in .device/debs/*.deb; do dpkg -x "$f" /; done; ldconfig
#   bash scripts/device-check.sh   (unpacks both and runs the GPU check)
#
# Run from the repo root: bash scripts/device-bundle.sh [--allow-dirty]
# It refuses a tree with uncommitted changes under src/ kernels/ workers/ (the figures would belong to no
# commit); --allow-dirty bundles it anyway and records the changed files in build-info.json.
set -euo pipefail

readonly LIMIT_DEVICE=$((56 * 1024 * 1024)) # .device/ alone
readonly LIMIT_ALL=$((64 * 1024 * 1024))    # .device/ + the working tree that travels with it

t0=$SECONDS
say() { printf '\n== %s\n' "$*" >&2; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB (%d bytes)", b / 1048576, b }'; }

allow_dirty=false
for arg in "$@"; do
  case $arg in
    --allow-dirty) allow_dirty=true ;;
    *) die "unknown argument $arg (usage: bash scripts/device-bundle.sh [--allow-dirty])" ;;
  esac
done
[[ -f package.json && -f package-lock.json && -d .git ]] || die "run from the repo root"

# shellcheck source=scripts/source-digest.sh
source "$(dirname "${BASH_SOURCE[0]}")/source-digest.sh"

# 0. Which commit this is. Changes to the code that gets measured make a bundle of no commit.
commit=$(git rev-parse HEAD)
dirty_files=$(git status --porcelain --untracked-files=all -- src kernels workers)
dirty_elsewhere=$(git status --porcelain --untracked-files=no -- . ':!src' ':!kernels' ':!workers')
if [[ -n $dirty_files ]]; then
  printf '\nUncommitted changes under src/ kernels/ workers/:\n%s\n' "$dirty_files" >&2
  $allow_dirty || die "commit them first, or pass --allow-dirty (recorded as dirty in build-info.json)"
  echo "WARNING: bundling a dirty tree (--allow-dirty): the figures will not belong to commit ${commit:0:12}" >&2
fi
[[ -z $dirty_elsewhere ]] || printf '\nnote: other uncommitted changes (recorded):\n%s\n' "$dirty_elsewhere" >&2
digest_before=$(source_digest)
NODE_BIN=$(command -v node) || die "node not found"
NODE_BIN=$(readlink -f "$NODE_BIN")
command -v xz >/dev/null || die "xz not found"

# Keep .device/ out of git without touching .gitignore.
mkdir -p .git/info
grep -qxF '/.device/' .git/info/exclude 2>/dev/null || echo '/.device/' >>.git/info/exclude

rm -rf .device
mkdir -p .device/debs

work=$(mktemp -d -t device-bundle.XXXXXX)
trap 'rm -rf "$work"' EXIT
staging=$work/staging
root=$work/tppbench
mkdir -p "$staging" "$root"

# 1. Build dist/. tsc may report type errors from files being edited elsewhere; it still emits.
say "tsc -p tsconfig.build.json"
if ! npx --no-install tsc -p tsconfig.build.json; then
  echo "(tsc reported errors; continuing because it still emits)" >&2
fi
[[ -d dist/bin || -d dist/src/cli ]] || die "dist/ was not emitted (no dist/bin or dist/src/cli)"
[[ -f dist/src/cli/main.js ]] || die "dist/src/cli/main.js missing; bin/tppbench.js would fall back to tsx"

# 2. Production node_modules in a staging dir (scripts skipped: no native gl build, by design).
say "npm ci --omit=dev in $staging"
cp package.json package-lock.json "$staging/"
(cd "$staging" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund)

say "pruning node_modules"
nm=$staging/node_modules
du -sb "$nm" | awk '{ printf "before: %.1f MiB\n", $1 / 1048576 }' >&2
rm -rf "$nm/gl" "$nm/playwright-core"
if [[ -d $nm/webgpu/dist ]]; then
  find "$nm/webgpu/dist" -mindepth 1 -maxdepth 1 -type d ! -name linux-x64 -exec rm -rf {} +
  [[ -f $nm/webgpu/dist/linux-x64/dawn.node ]] || die "webgpu/dist/linux-x64/dawn.node missing"
else
  die "node_modules/webgpu/dist missing (optional dependency not installed?)"
fi
# gpu.js pins its own webgpu@0.2.9 (≈87 MiB of dawn.node for 4 platforms) but never imports it:
# its WebGPU backend takes a device from the caller, and ours comes from webgpu@0.6.2 above.
rm -rf "$nm/gpu.js/node_modules/webgpu"
find "$nm" -type f \( -name '*.map' -o -name '*.md' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete

# gpu.js: its Node entry is src/index.js; dist/ holds browser builds. Drop dist/ only if the import still works.
gpujs_import() {
  (cd "$staging" && "$NODE_BIN" --input-type=module -e \
    "const m = await import('gpu.js'); console.log('gpu.js exports:', Object.keys(m).length)")
}
say "checking gpu.js import from the staged node_modules"
gpujs_import || die "gpu.js does not import from the staged node_modules"
if [[ -d $nm/gpu.js/dist ]]; then
  mv "$nm/gpu.js/dist" "$work/gpujs-dist"
  if gpujs_import; then
    echo "gpu.js/dist dropped (import still works)" >&2
  else
    mv "$work/gpujs-dist" "$nm/gpu.js/dist"
    echo "gpu.js/dist kept (import needs it)" >&2
  fi
fi

# webgpu must resolve; dawn.node may fail to load here (it needs GLIBCXX_3.4.32, Debian 12 lacks it).
say "checking webgpu resolves from the staged node_modules"
webgpu_out=$(cd "$staging" && "$NODE_BIN" --input-type=module -e \
  "import('webgpu').then(() => console.log('webgpu loaded'), e => console.log('expected on Debian 12:', e.message.split('\n')[0]))" 2>&1)
echo "$webgpu_out" >&2
if grep -qiE 'Cannot find (package|module)' <<<"$webgpu_out"; then
  die "webgpu does not resolve from the staged node_modules"
fi
du -sb "$nm" | awk '{ printf "after: %.1f MiB\n", $1 / 1048576 }' >&2

# 3. Assemble tppbench/ and compress.
say "assembling tppbench/"
cp "$NODE_BIN" "$root/node"
chmod 755 "$root/node"
cp package.json "$root/"
cp -r bin dist "$root/"
digest_after=$(source_digest)
[[ $digest_after == "$digest_before" ]] ||
  echo "WARNING: the sources changed while bundling: dist/ may mix two trees (build-info has the later digest)" >&2
# JSON by node, from the values above (file lists may hold any character).
COMMIT=$commit DIRTY="$dirty_files" DIRTY_ELSEWHERE="$dirty_elsewhere" DIGEST=$digest_after \
  "$NODE_BIN" -e '
    const e = process.env;
    const lines = (text) => text.split("\n").filter((l) => l.length > 0);
    const info = {
      commit: e.COMMIT,
      dirty: lines(e.DIRTY).length > 0,
      dirtyFiles: lines(e.DIRTY),
      otherChanges: lines(e.DIRTY_ELSEWHERE),
      sourceDigest: e.DIGEST,
      builtAt: new Date().toISOString(),
      nodeVersion: process.version,
    };
    console.log(JSON.stringify(info, null, 2));
  ' >"$root/build-info.json"
mv "$nm" "$root/node_modules"
du -sb "$root" | awk '{ printf "tppbench/ uncompressed: %.1f MiB\n", $1 / 1048576 }' >&2

say "xz -9T0 (this takes a while)"
XZ_OPT=-9T0 tar -C "$work" -cJf .device/bundle.tar.xz tppbench
cp "$root/build-info.json" .device/build-info.json

# 4. Vulkan/GL loader packages for amd64 (unpacked on the device with dpkg -x).
say "apt-get download (amd64)"
lists=$work/apt-lists-amd64
mkdir -p "$lists/partial"
o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 "-oDir::State::Lists=$lists"
  -oDir::Cache::pkgcache= -oDir::Cache::srcpkgcache=)
apt-get "${o[@]}" -qq update
(cd .device/debs && apt-get "${o[@]}" download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
ls -la .device/debs >&2

# 5. Sizes.
say "sizes"
b_bundle=$(stat -c %s .device/bundle.tar.xz)
b_debs=$(du -sb .device/debs | cut -f1)
b_device=$(du -sb .device | cut -f1)
# Tracked files, as asked (sum over all du batches, not just the last total).
b_tracked=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | awk '$2 == "total" { s += $1 } END { print s + 0 }')
# What actually travels besides carried paths: tracked + untracked-not-ignored files.
b_tree=$(git ls-files -z --cached --others --exclude-standard | xargs -0 du -cb 2>/dev/null | awk '$2 == "total" { s += $1 } END { print s + 0 }')
echo "bundle.tar.xz:           $(mib "$b_bundle")"
echo "debs/:                   $(mib "$b_debs")"
echo ".device/ total:          $(mib "$b_device")   (limit $(mib $LIMIT_DEVICE))"
echo "tracked files:           $(mib "$b_tracked")"
echo "tracked + untracked:     $(mib "$b_tree")"
echo "travels (tree+.device):  $(mib $((b_tree + b_device)))   (limit $(mib $LIMIT_ALL))"
echo "took $((SECONDS - t0)) s"

if ((b_device > LIMIT_DEVICE)); then
  die ".device/ is $(mib "$b_device"), over the $(mib $LIMIT_DEVICE) limit"
fi
if ((b_tree + b_device > LIMIT_ALL)); then
  die "working tree + .device/ is $(mib $((b_tree + b_device))), over the $(mib $LIMIT_ALL) carry limit"
fi
echo "build: commit ${commit:0:12}$([[ -n $dirty_files ]] && echo ' (DIRTY)'), sources ${digest_after:0:12}"
echo "OK: carry [\".device\"]"
