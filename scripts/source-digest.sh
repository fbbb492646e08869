# Sourced by device-bundle.sh and device-check.sh (run from the repo root): one definition of the digest
# of the files dist/ is built from, as they are in this tree, so the check can tell a stale bundle.
source_digest() {
  local paths=() p
  for p in src kernels workers bin package.json package-lock.json tsconfig.json tsconfig.build.json; do
    [[ -e $p ]] && paths+=("$p")
  done
  find "${paths[@]}" -type f ! -name '*.log' ! -name '.tppbench-tmp-*' -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}
