#!/bin/sh
# Renders the guide to HTML, one folder per language: OUTDIR/C and
# OUTDIR/<lang> for each language in LINGUAS (pages translated with itstool
# from <lang>/<lang>.po first). The Flatpak build opens these through the
# portal, since the host's help viewer cannot see the sandbox's pages.
#
# Usage: build-html.sh OUTDIR SRCDIR PAGE...
set -eu
out=$1 src=$2
shift 2
rm -rf "$out"
mkdir -p "$out/C"
pages=""
for p in "$@"; do pages="$pages $src/C/$p"; done
# shellcheck disable=SC2086
yelp-build html -o "$out/C/" $pages
for lang in $(cat "$src/LINGUAS"); do
  mkdir -p "$out/$lang.pages" "$out/$lang"
  msgfmt -o "$out/$lang.mo" "$src/$lang/$lang.po"
  # shellcheck disable=SC2086
  itstool -m "$out/$lang.mo" -o "$out/$lang.pages/" $pages
  yelp-build html -o "$out/$lang/" "$out/$lang.pages/"*.page
  rm -rf "$out/$lang.pages" "$out/$lang.mo"
done
