#!/usr/bin/env bash
# Runs a command under another Node.js, installed from the npm registry (the node-<platform>-<arch>
# packages ship the official binary), without touching the machine's Node or the project's
# node_modules. Used by .ci/run to run the suite on the Lambda runtime's Node as well.
#
#   scripts/with-node.sh 24.22.3 npm test
set -euo pipefail
version="${1:?usage: scripts/with-node.sh <node version> <command...>}"
shift
platform="$(node -p 'process.platform + "-" + process.arch')"
home="${NODE_VERSIONS_DIR:-${TMPDIR:-/tmp}/pinpoint-event-stream-node}/${version}"
bin="${home}/node_modules/node-${platform}/bin"
if [ ! -x "${bin}/node" ]; then
  echo "installing node-${platform}@${version} into ${home}" >&2
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "${home}" "node-${platform}@${version}"
fi
echo "$("${bin}/node" --version) at ${bin}/node: $*" >&2
PATH="${bin}:${PATH}" exec "$@"
