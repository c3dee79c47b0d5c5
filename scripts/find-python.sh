#!/bin/sh
# Print the path of a Python 3.12+ interpreter, or explain and fail.
# Order: $PYTHON (if set, it must be 3.12+), python3.12/python3.13/python3 on PATH (a pyenv shim
# that refuses to run is skipped), pyenv's installed 3.12+ versions (also when pyenv itself is
# not on PATH, under $PYENV_ROOT or ~/.pyenv).
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
if [ -n "${PYTHON:-}" ]; then
  path=$(command -v "$PYTHON" 2>/dev/null) || path=""
  if [ -n "$path" ] && ok "$path"; then echo "$path"; exit 0; fi
  version=$("$PYTHON" --version 2>/dev/null || echo "not runnable")
  echo "PYTHON=$PYTHON is not Python 3.12 or newer ($version)." >&2
  exit 1
fi
for candidate in python3.12 python3.13 python3; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])' | sort -V); do
    prefix=$(pyenv prefix "$version" 2>/dev/null) || continue
    for exe in "$prefix/bin/python3" "$prefix/bin/python"; do
      if [ -x "$exe" ] && ok "$exe"; then echo "$exe"; exit 0; fi
    done
  done
fi
root=${PYENV_ROOT:-$HOME/.pyenv}
for exe in $(ls -d "$root"/versions/3.*/bin/python3 2>/dev/null | sort -V); do
  if ok "$exe"; then echo "$exe"; exit 0; fi
done
echo "Siyalalela needs Python 3.12 or newer (Django 6.1 requires it), and none was found." >&2
echo "Install one (e.g. 'pyenv install 3.12' or your system's python3.12 package), or point" >&2
echo "PYTHON at it: make run PYTHON=/path/to/python3.12" >&2
exit 1
