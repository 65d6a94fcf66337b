#!/usr/bin/env bash
# Runs a command with an X display: the current one if there is one, else a private Xvfb via xvfb-run.
# Mesa's llvmpipe gives OpenGL 3.3 core under Xvfb.
set -euo pipefail
if [ -n "${DISPLAY:-}" ] && xdpyinfo >/dev/null 2>&1; then
  exec "$@"
fi
if ! command -v xvfb-run >/dev/null; then
  echo "with_display.sh: no DISPLAY and xvfb-run is not installed (apt-get install xvfb xauth)" >&2
  exit 1
fi
exec xvfb-run -a -s "-screen 0 1920x1200x24 -nolisten tcp" "$@"
