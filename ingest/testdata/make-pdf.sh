#!/bin/sh
# Regenerates the PDF fixtures in pdf/ (run from ingest/testdata). Needs
# chromium and fonts-ipafont-gothic for the printed pages; the hand-made
# ones (CID fonts not embedded, a scan without text) come from mkpdf.
set -eu
for f in pdf-release pdf-twocol; do
	chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--print-to-pdf="pdf/$f.pdf" "src/$f.html"
done
(cd ../.. && go run ./ingest/testdata/mkpdf)
# pdftotext's -bbox-layout output of the fixtures, the seed corpus of
# FuzzPDFLayout (which must run without pdftotext).
for f in pdf-release pdf-twocol cid-ucs2 scanned; do
	pdftotext -enc UTF-8 -bbox-layout "pdf/$f.pdf" "bbox/$f.xml"
done
