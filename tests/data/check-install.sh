#!/bin/sh
# Installs the build into a temporary DESTDIR and checks that a user gets a
# working tree: the CLI runs, the launcher validates, and the icon, settings
# schema, metadata and Chinese translation sit where GNOME looks for them.
#
# Usage: check-install.sh BUILDDIR PREFIX BINDIR DATADIR LOCALEDIR APP_ID
set -u
builddir=$1 prefix=$2 bindir=$3 datadir=$4 localedir=$5 app_id=$6

destdir=$(mktemp -d "${TMPDIR:-/tmp}/seqack-install.XXXXXX") || exit 1
trap 'rm -rf "$destdir"' EXIT INT TERM

# bindir etc. may be relative to the prefix (meson's default) or absolute.
abs () { case $1 in /*) echo "$1" ;; *) echo "$prefix/$1" ;; esac; }
root=$destdir
bin=$root$(abs "$bindir")
data=$root$(abs "$datadir")
locale=$root$(abs "$localedir")

failures=0
fail () { echo "FAIL: $*"; failures=$((failures + 1)); }
pass () { echo "ok: $*"; }

if ! meson install -C "$builddir" --no-rebuild --quiet --destdir "$destdir" \
     >"$destdir.log" 2>&1; then
  cat "$destdir.log"
  rm -f "$destdir.log"
  echo "FAIL: meson install"
  exit 1
fi
rm -f "$destdir.log"

expect_file () {
  if [ -f "$1" ]; then pass "$2"; else fail "$2: missing $1"; fi
}

# The command-line tool runs from where it was installed.
if [ -x "$bin/seqack-cli" ]; then
  if out=$("$bin/seqack-cli" scenarios 2>&1); then
    # The first lesson of every course must be there.
    if printf '%s\n' "$out" | grep -q '^handshake'; then
      pass "seqack-cli scenarios"
    else
      fail "seqack-cli scenarios does not list the handshake: $out"
    fi
  else
    fail "seqack-cli scenarios exited with an error: $out"
  fi
else
  fail "seqack-cli not installed as an executable in $bin"
fi

# The GUI is installed whenever it was built.
if [ -n "$(find "$builddir/src" -maxdepth 2 -type f -name seqack -perm -u+x)" ]
then
  if [ -x "$bin/seqack" ]; then pass "seqack installed"
  else fail "seqack built but not installed in $bin"; fi
fi

desktop=$data/applications/$app_id.desktop
expect_file "$desktop" "desktop file"
if [ -f "$desktop" ]; then
  if out=$(desktop-file-validate "$desktop" 2>&1) \
     && ! printf '%s\n' "$out" | grep -q 'error:'; then
    pass "installed desktop file validates"
  else
    fail "desktop-file-validate: $out"
  fi
  grep -q '^Comment\[zh_CN\]=' "$desktop" \
    || fail "installed desktop file has no Chinese comment"
fi

# The launcher hands SeqAck the files of every type it names, and every
# type it names is known: the system's database or SeqAck's own package.
if [ -f "$desktop" ]; then
  grep -q '^Exec=seqack %F$' "$desktop" \
    || fail "desktop file does not pass files: $(grep '^Exec=' "$desktop")"
  types=$(sed -n 's/^MimeType=//p' "$desktop" | tr ';' ' ')
  for t in application/vnd.tcpdump.pcap application/x-pcapng \
           application/x-seqack-scenario application/x-seqack-session \
           application/x-seqack-lesson; do
    case " $types " in *" $t "*) ;; *) fail "desktop file lacks $t" ;; esac
  done
fi

# The MIME package installs and update-mime-database accepts it: on a copy
# of the installed tree, so the test needs no system database of its own.
mime=$data/mime/packages/$app_id.xml
expect_file "$mime" "MIME package"
if [ -f "$mime" ]; then
  # (in the search path, or it prints a note that it is not)
  if out=$(XDG_DATA_HOME="$data" XDG_DATA_DIRS="$data:/usr/share" \
           update-mime-database "$data/mime" 2>&1) && [ -z "$out" ]; then
    pass "update-mime-database accepts the package"
  else
    fail "update-mime-database: $out"
  fi
  # GIO now recognises the files by name (SeqAck's own types) and a
  # pcapng without its extension by the magic of its first block.
  probe=$destdir/probe
  mkdir -p "$probe"
  printf 'scenario handshake\n' >"$probe/h.scenario"
  printf 'lesson x\n' >"$probe/l.lesson"
  printf 'session\n' >"$probe/s.seqack"
  printf '\012\015\015\012\034\000\000\000\115\074\053\032' >"$probe/capture"
  for pair in h.scenario:application/x-seqack-scenario \
              l.lesson:application/x-seqack-lesson \
              s.seqack:application/x-seqack-session \
              capture:application/x-pcapng; do
    f=${pair%%:*} want=${pair#*:}
    got=$(XDG_DATA_HOME="$data" XDG_DATA_DIRS="$data:/usr/share" \
          gio info -a standard::content-type "$probe/$f" 2>&1 \
          | sed -n 's/^ *standard::content-type: //p')
    if [ "$got" = "$want" ]; then pass "$f is $want"
    else fail "$f is '$got', not $want"; fi
  done
fi

expect_file "$data/metainfo/$app_id.metainfo.xml" "metainfo"
if [ -f "$data/metainfo/$app_id.metainfo.xml" ]; then
  grep -q '<mediatype>application/x-seqack-scenario</mediatype>' \
    "$data/metainfo/$app_id.metainfo.xml" \
    || fail "metainfo does not provide the scenario type"
fi
expect_file "$data/glib-2.0/schemas/$app_id.gschema.xml" "settings schema"
expect_file "$data/icons/hicolor/scalable/apps/$app_id.svg" "app icon"
expect_file "$data/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
  "symbolic icon"
expect_file "$locale/zh_CN/LC_MESSAGES/seqack.mo" "Chinese translation"

# The guide, for Yelp (help:seqack) and as HTML for the Flatpak.
for lang in C zh_CN; do
  for page in index window scenarios lessons capture export; do
    expect_file "$data/help/$lang/seqack/$page.page" "help page $lang/$page"
    if command -v yelp-build >/dev/null; then
      expect_file "$data/seqack/help-html/$lang/$page.html" \
        "help HTML $lang/$page"
    fi
  done
done
grep -q 'SeqAck 帮助' "$data/help/zh_CN/seqack/index.page" 2>/dev/null \
  || fail "the Chinese guide is not translated"

echo "$failures failures"
[ "$failures" -eq 0 ]
