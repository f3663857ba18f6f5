#!/usr/bin/env bash
# The C++ sources in .clang-format's style.
#   scripts/format.sh          rewrites them (make format)
#   scripts/format.sh --check  changes nothing; fails naming each file that is not (make test)
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'bench/*.h' 'scripts/*.cpp')
if [[ "${1:-}" == "--check" ]]; then
  clang-format --dry-run -Werror "${files[@]}"
else
  clang-format -i "${files[@]}"
fi
