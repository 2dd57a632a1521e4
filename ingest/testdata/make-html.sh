#!/bin/sh
# Regenerates the encoded HTML fixtures in html/ from the UTF-8 pages in
# src/ (run from ingest/testdata). iconv's CP932 is what Japanese sites
# labelled Shift_JIS really use.
set -eu
cp src/news-main.html html/news-utf8.html
cp src/short-notice.html html/short-notice.html
iconv -f UTF-8 -t CP932 src/news-sjis.html >html/news-sjis.html
iconv -f UTF-8 -t CP932 src/table-sjis.html >html/table-sjis.html
# EUC-JP without any charset label: only the bytes tell.
iconv -f UTF-8 -t EUC-JP src/news-eucjp.html >html/news-eucjp-nolabel.html
# UTF-8 bytes under a label that says EUC-JP: valid UTF-8 must win.
sed 's|<head>|<head><meta http-equiv="Content-Type" content="text/html; charset=EUC-JP">|' src/news-eucjp.html >html/wrong-label-utf8.html
# Shift_JIS bytes under a label that says UTF-8.
iconv -f UTF-8 -t CP932 src/short-notice.html >html/wrong-label-sjis.html
