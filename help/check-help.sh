#!/bin/sh
# The guide is valid Mallard in every language, and each translation is
# complete: no fuzzy or untranslated message, every page translated.
#
# Usage: check-help.sh SRCDIR PAGE...
set -u
src=$1
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/seqack-help.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
pages=""
for p in "$@"; do pages="$pages $src/C/$p"; done

# shellcheck disable=SC2086
yelp-check validate $pages || failures=$((failures + 1))
# Every page is reachable from the front page.
# shellcheck disable=SC2086
out=$(yelp-check orphans $pages 2>&1)
if [ -n "$out" ]; then echo "orphan pages: $out"; failures=$((failures + 1)); fi

for lang in $(cat "$src/LINGUAS"); do
  po=$src/$lang/$lang.po
  stats=$(msgfmt --check --statistics -o "$tmp/$lang.mo" "$po" 2>&1) || {
    echo "$po: $stats"; failures=$((failures + 1)); continue; }
  case $stats in
    *fuzzy*|*untranslated*) echo "$po incomplete: $stats"
                            failures=$((failures + 1)) ;;
  esac
  # The pages' current text is what the translation covers.
  # shellcheck disable=SC2086
  itstool -o "$tmp/help.pot" $pages
  missing=$(msgcomm --less-than=2 --no-wrap "$tmp/help.pot" "$po" \
            -o - 2>/dev/null | grep -c '^msgid "' || true)
  if [ "$missing" -gt 0 ]; then
    echo "$po does not match the pages ($missing messages differ):"
    msgcomm --less-than=2 "$tmp/help.pot" "$po" -o - | grep '^msgid' | head
    failures=$((failures + 1))
  fi
  mkdir -p "$tmp/$lang"
  # shellcheck disable=SC2086
  itstool -m "$tmp/$lang.mo" -o "$tmp/$lang/" $pages
  yelp-check validate "$tmp/$lang/"*.page || failures=$((failures + 1))
  n=$(ls "$tmp/$lang/"*.page | wc -l)
  [ "$n" -eq "$#" ] || { echo "$lang: $n pages of $#"; failures=$((failures + 1)); }
done

echo "$failures failures"
[ "$failures" -eq 0 ]
