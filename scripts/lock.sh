#!/usr/bin/env bash
# Refresh requirements/dev.txt, the pinned versions of everything `pip install -e '.[dev]'`
# installs (the test, lint, type and documentation tools, and the library's dependencies), for
# Python 3.11 to 3.13 on any platform. .ci/run and the README's test command install with
# `-c requirements/dev.txt`, so an upstream release changes nothing until this is run again.
#
#   scripts/lock.sh              # after a change to pyproject.toml's dependencies
#   scripts/lock.sh --upgrade    # move every pin to the newest release pyproject.toml allows
#
# Then run the tests and the docs build (bash .ci/run) and commit the new file with them.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=${UV:-.venv/bin/uv}
if [ ! -x "$uv" ]; then
    uv=$(command -v uv) || { echo "uv not found: pip install -c requirements/dev.txt uv" >&2; exit 2; }
fi
exec "$uv" pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
    --annotation-style line --custom-compile-command scripts/lock.sh \
    --output-file requirements/dev.txt "$@"
