#!/bin/sh
# test-ui-second-instance.sh: `seqack FILE` while SeqAck runs opens FILE in
# the running instance through D-Bus (G_APPLICATION_HANDLES_OPEN), the
# way a file manager hands it a double-clicked capture, and the second
# process leaves at once. Runs inside dbus-run-session and xvfb-run: its
# own session bus, its own display, and a home of its own.
#
# Usage: test-ui-second-instance.sh SEQACK SEQACK-CLI
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

seqack=$1
cli=$2
app_id=io.github.seqack.SeqAck

dir=$(mktemp -d "${TMPDIR:-/tmp}/seqack-second-XXXXXX")
first=
cleanup () {
  [ -z "$first" ] || kill "$first" 2>/dev/null || true
  [ -z "$first" ] || wait "$first" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

export HOME="$dir" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config"
export XDG_CACHE_HOME="$dir/cache"
mkdir -p "$XDG_DATA_HOME"
recent="$XDG_DATA_HOME/recently-used.xbel"

"$cli" run hello-goodbye --seed 1 --pcap "$dir/hello.pcap" >/dev/null

fail () {
  echo "not ok - $*"
  echo "0 passed, 1 failed"
  exit 1
}

# The first instance: it owns the application's name on the bus.
"$seqack" >"$dir/first.log" 2>&1 &
first=$!
gdbus wait --session --timeout 60 "$app_id" ||
  fail "the first instance never took $app_id on the session bus"
gdbus call --session --dest org.freedesktop.DBus \
  --object-path /org/freedesktop/DBus \
  --method org.freedesktop.DBus.NameHasOwner "$app_id" | grep -q true ||
  fail "$app_id has no owner"

# The second: it hands the file over and exits, whatever the first does
# with it.
timeout 60 "$seqack" "$dir/hello.pcap" >"$dir/second.log" 2>&1 ||
  fail "the second seqack did not exit 0: $(cat "$dir/second.log")"
kill -0 "$first" 2>/dev/null ||
  fail "the first instance is gone: $(cat "$dir/first.log")"

# The first instance opened it: an opened file joins Open Recent, which
# GTK writes to recently-used.xbel when the main loop is next idle.
uri="file://$dir/hello.pcap"
i=0
until grep -q "$uri" "$recent" 2>/dev/null; do
  i=$((i + 1))
  [ "$i" -lt 600 ] || fail "the running instance never opened $uri"
  sleep 0.1
done

# A second file the same way: a missing one is reported by the running
# instance, and the second process still leaves cleanly.
timeout 60 "$seqack" "$dir/missing.pcap" >"$dir/third.log" 2>&1 ||
  fail "seqack with a missing file did not exit 0: $(cat "$dir/third.log")"
kill -0 "$first" 2>/dev/null ||
  fail "a missing file ended the running instance: $(cat "$dir/first.log")"
grep -q "missing.pcap" "$recent" &&
  fail "a missing file joined Open Recent"

echo "ok 1 - seqack FILE opens FILE in the running instance"
echo "1 passed, 0 failed"
