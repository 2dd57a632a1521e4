package extract

type headline struct {
	caseID     string
	caseIDSpan span
}

func readHeadline(d *doc) (headline, bool) { return headline{}, false }
