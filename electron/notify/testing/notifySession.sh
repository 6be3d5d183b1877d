#!/usr/bin/env bash
# One desktop notification end to end, on a private X display and a private session bus.
#
#   dbus-run-session -- bash notifySession.sh WORK_DIR REPO_ROOT
#
# dbus-run-session gives this script a session bus of its own (so nothing reaches the desktop of
# whoever runs the tests) and stops that bus when the script exits. The script starts Xvfb,
# dbus-monitor and dunst, runs sendP0Notification.ts, waits for dunst to paint, and leaves in
# WORK_DIR:
#   monitor.log  what dbus-monitor saw of org.freedesktop.Notifications.Notify
#   screen.xwd   the X framebuffer (XWD format) with the notification drawn
#   pids         "name pid" per process started here, so the caller can check they are gone
#   *.log        each program's own output, to explain a failure
# Whatever happens (error, timeout, signal), everything started here is stopped on exit.

set -euo pipefail

work=$1
repo=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

fail() {
  echo "notifySession: $*" >&2
  exit 1
}

started=()
stop_all() {
  local i pid
  # Newest first, each gone before the next, so dunst never outlives the display it draws on.
  # TERM first so Xvfb removes its /tmp/.X<n>-lock and socket; KILL only what ignores it.
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do
    pid=${started[i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 40); do
      kill -0 "$pid" 2>/dev/null || continue 2
      sleep 0.05
    done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT
# Turn signals into a normal exit so the EXIT trap runs for them too.
trap 'exit 143' TERM INT HUP

remember() {
  started+=("$2")
  echo "$1 $2" >>"$work/pids"
}

# wait_for SECONDS WHAT CHECK...: polls CHECK every 0.1 s; a CHECK may itself call fail.
wait_for() {
  local tries=$(($1 * 10)) what=$2
  shift 2
  until "$@"; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || fail "$what within the time allowed"
    sleep 0.1
  done
}

alive_or_fail() {
  kill -0 "$2" 2>/dev/null || fail "$1 exited early: $(cat "$work/$1.log")"
}

# --- X display. -displayfd lets Xvfb pick a free display number itself and tell us once it
# accepts connections, so parallel runs and a desktop's own :0 never collide. -fbdir keeps the
# framebuffer in an XWD file we can copy, which is the screenshot without any extra tool.
: >"$work/display"
Xvfb -displayfd 3 -screen 0 800x480x24 -fbdir "$work" -br -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb=$!
remember xvfb "$xvfb"
xvfb_ready() {
  alive_or_fail xvfb "$xvfb"
  [ -s "$work/display" ]
}
wait_for 10 "Xvfb did not report a display" xvfb_ready
DISPLAY=":$(tr -d '[:space:]' <"$work/display")"
export DISPLAY
fb="$work/Xvfb_screen0"
[ -f "$fb" ] || fail "Xvfb did not create its framebuffer file $fb"

# --- Monitor first, so it cannot miss the call. It prints NameLost for its own connection once
# the bus has made it a monitor; before that, messages would go by unseen.
dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
  >"$work/monitor.log" 2>"$work/monitor.err.log" &
monitor=$!
remember monitor "$monitor"
monitor_ready() {
  kill -0 "$monitor" 2>/dev/null || fail "dbus-monitor exited early: $(cat "$work/monitor.err.log")"
  grep -q 'member=NameLost' "$work/monitor.log"
}
wait_for 5 "dbus-monitor did not become a monitor" monitor_ready

# --- Notification daemon. Its config lives in a config home of its own so a developer's
# ~/.config/dunst cannot change what the screenshot shows. It must own the bus name before the
# notification goes out: otherwise the bus would start dunst through D-Bus activation, without
# our DISPLAY or config.
mkdir -p "$work/config/dunst"
cp "$here/dunstrc" "$work/config/dunst/dunstrc"
XDG_CONFIG_HOME="$work/config" dunst -conf "$work/config/dunst/dunstrc" >"$work/dunst.log" 2>&1 &
dunst=$!
remember dunst "$dunst"
dunst_ready() {
  alive_or_fail dunst "$dunst"
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q 'boolean true'
}
wait_for 10 "dunst did not take the org.freedesktop.Notifications bus name" dunst_ready

cp "$fb" "$work/blank.xwd"

# --- The notification itself, through Vigil's notifier and node-notifier, as the app sends it.
sent=0
# The third argument names the sender script (default: one P0 page).
sender="${3:-sendP0Notification.ts}"
(cd "$repo" && timeout 20 npx --no -- tsx "electron/notify/testing/$sender") >"$work/sender.log" 2>&1 ||
  sent=$?
[ "$sent" = 0 ] || fail "$sender failed (exit $sent): $(cat "$work/sender.log")"

# --- dunst answers Notify before it paints. Take the screen once it has changed from blank and
# then held still for one poll, so the picture is neither empty nor half drawn. If it never
# settles, keep the last frame anyway: the test reports what is (not) on it.
cp "$fb" "$work/previous.xwd"
for _ in $(seq 50); do
  sleep 0.1
  cp "$fb" "$work/screen.xwd"
  if ! cmp -s "$work/blank.xwd" "$work/screen.xwd" && cmp -s "$work/previous.xwd" "$work/screen.xwd"; then
    exit 0
  fi
  cp "$work/screen.xwd" "$work/previous.xwd"
done
echo "notifySession: the screen did not settle with a notification on it within 5 s" >&2
