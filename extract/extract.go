// Package extract reads the facts of a Japanese incident release: who
// published it and when, what happened, how many people and cards, which
// data, which contractor, and whether the investigation is concluded.
//
// It is pure: text in, jikenbo.Facts out, no I/O. Every field is read by a
// family of named rules over a normalised copy of the text (see doc), each
// family in its own file with its vocabulary at the top:
//
//	headline.go  casebook headline: case number, organisation, title, date
//	org.go       the publisher in a raw release, and the title line
//	date.go      dates (Western, era, full-width, year-less), published, detected
//	count.go     affected people and cards
//	status.go    concluded or ongoing
//	category.go  categories (closed vocabulary)
//	datatype.go  data types (closed vocabulary)
//	related.go   third party and related organisations
//	confidence.go  how sure each reading is (high or low)
//
// Unknown is left empty (null in JSON), never guessed.
package extract

import (
	"sort"

	"github.com/jikenbo/jikenbo"
)

// span is a byte range of the normalised text, end exclusive.
type span struct{ start, end int }

// Extract reads the facts of one release. text must be UTF-8 (invalid bytes
// are replaced); evidence offsets are UTF-8 byte offsets into text.
func Extract(text string) jikenbo.Facts {
	d := newDoc(text)
	var f jikenbo.Facts
	var rd readings
	ev := func(field string, sp span) {
		if sp.end <= sp.start {
			return
		}
		s, e := d.span(sp.start, sp.end)
		f.Evidence = append(f.Evidence, jikenbo.Evidence{Field: field, Start: s, End: e})
	}

	h, hasHeadline := readHeadline(d)
	rd.headline = h
	if hasHeadline {
		f.CaseID = h.caseID
		ev("case_id", h.caseIDSpan)
	}

	org := readOrganization(d, h)
	rd.orgSpan, rd.orgRule = org.sp, org.rule
	f.Organization = org.text
	ev("organization", org.sp)

	title := readTitle(d, h)
	f.Title = title.text
	rd.titleRule = title.rule
	ev("title", title.sp)

	dates := readDates(d, h)
	rd.pubScore = dates.pubScore
	if p, sp, ok := dates.published(); ok {
		f.Published = p
		ev("published", sp)
	}
	dt, sp, detRd, ok := dates.detected()
	rd.detected = detRd
	if ok {
		f.Detected = dt
		ev("detected", sp)
	}

	st, stSpan, stHow := readStatus(d)
	f.Status = st
	rd.status = stHow
	ev("status", stSpan)

	cats, catSpans := readCategories(d)
	f.Categories = cats
	for _, sp := range catSpans {
		ev("categories", sp)
	}

	persons, personsSpan, cards, cardsSpan, pr, cr := readCounts(d)
	rd.persons, rd.cards = pr, cr
	if persons != nil {
		f.AffectedPersons = persons
		ev("affected_persons", personsSpan)
	}
	if cards != nil {
		f.AffectedCards = cards
		ev("affected_cards", cardsSpan)
	}

	types, typeSpans := readDataTypes(d)
	f.DataTypes = types
	for _, sp := range typeSpans {
		ev("data_types", sp)
	}

	rel := readRelated(d, f.Organization)
	f.ThirdParty = rel.third
	rd.thirdRule = rel.thirdRule
	rd.relatedInferred = rel.inferred
	for _, o := range rel.orgs {
		rd.relatedRules = append(rd.relatedRules, o.rule)
	}
	if rel.third {
		ev("third_party", rel.thirdSpan)
	}
	f.RelatedOrganizations = rel.names()
	for _, o := range rel.orgs {
		ev("related_organizations", o.sp)
	}

	assessConfidence(d, &f, rd)
	// spans in text order, then the empty fields marked low
	sort.SliceStable(f.Evidence, func(i, j int) bool {
		a, b := f.Evidence[i], f.Evidence[j]
		if a.HasSpan() != b.HasSpan() {
			return a.HasSpan()
		}
		return a.Start < b.Start
	})
	return f
}
