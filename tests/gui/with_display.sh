#!/usr/bin/env bash
# Runs a command with an X display: the current one if there is one, else a private Xvfb via xvfb-run.
# Mesa's llvmpipe gives OpenGL 3.3 core under Xvfb.
# LATENTLAB_SCREEN=WIDTHxHEIGHT always starts a private Xvfb of that size (the layout tests: a 1024x700 or a
# 1366x768 screen); the default screen is 1920x1200.
set -euo pipefail
screen=${LATENTLAB_SCREEN:-}
if [ -z "$screen" ] && [ -n "${DISPLAY:-}" ] && xdpyinfo >/dev/null 2>&1; then
  exec "$@"
fi
if ! command -v xvfb-run >/dev/null; then
  echo "with_display.sh: no DISPLAY and xvfb-run is not installed (apt-get install xvfb xauth)" >&2
  exit 1
fi
exec xvfb-run -a -s "-screen 0 ${screen:-1920x1200}x24 -nolisten tcp" "$@"
