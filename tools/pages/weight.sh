#!/bin/sh
# weight.sh BASE PATH... — bytes on the wire of each path without
# compression, with gzip and with brotli, and the ratios, in one run.
# Example: tools/pages/weight.sh http://127.0.0.1:8080 / /stats /feed.atom
set -eu
base=$1; shift
printf '%-40s %10s %10s %10s %7s %7s\n' path identity gzip br gzip% br%
for p in "$@"; do
	id=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: identity' "$base$p")
	gz=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: gzip' "$base$p")
	br=$(curl -s -o /dev/null -w '%{size_download}' -H 'Accept-Encoding: br' "$base$p")
	printf '%-40s %10d %10d %10d %6.1f%% %6.1f%%\n' "$p" "$id" "$gz" "$br" \
		"$(echo "100*$gz/$id" | bc -l)" "$(echo "100*$br/$id" | bc -l)"
done
