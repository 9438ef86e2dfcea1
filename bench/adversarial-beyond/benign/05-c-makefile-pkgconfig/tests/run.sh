#!/bin/sh
set -e
./fetchq 2>/dev/null && exit 1 || true
echo ok
