#!/bin/sh
# Regenerates the test photographs from Debian's mate-backgrounds package
# (apt-get install mate-backgrounds). Run from anywhere; writes beside this script.
set -e
cd "$(dirname "$0")"
go run ./gen
