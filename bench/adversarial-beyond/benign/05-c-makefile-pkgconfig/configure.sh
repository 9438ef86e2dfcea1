#!/bin/sh
# Writes config.mk after probing the compiler.
set -eu
CC=${CC:-cc}
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "no C compiler found" >&2
  exit 1
fi
if ! pkg-config --exists libcurl; then
  echo "libcurl development files are required (apt install libcurl4-openssl-dev)" >&2
  exit 1
fi
printf 'CC = %s\n' "$CC" > config.mk
echo "configured with $CC"
