#!/bin/sh
# Renders the overview of the HTML review report shown in README.md
# (docs/html-overview.png) with headless Chromium, from the example and
# seed reports.
#
#   sh docs/make-screenshots.sh    (from the repository root)
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run -q --release -- check -q --output "html=$work/审核.html" \
    examples/reports/*.txt tests/fixtures/seed_00?.txt >/dev/null || true
chromium --headless --no-sandbox --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=1000,640 --screenshot=docs/html-overview.png \
    "file://$work/审核.html" 2>/dev/null
