package web

// Internals of the presentation for the black-box tests.
var (
	CursorAfter   = cursorAfter
	FirstSentence = firstSentence
)

var TickLabel = tickLabel
