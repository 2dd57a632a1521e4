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
	ev := func(field string, sp span) {
		if sp.end <= sp.start {
			return
		}
		s, e := d.span(sp.start, sp.end)
		f.Evidence = append(f.Evidence, jikenbo.Evidence{Field: field, Start: s, End: e})
	}

	h, hasHeadline := readHeadline(d)
	if hasHeadline {
		f.CaseID = h.caseID
		ev("case_id", h.caseIDSpan)
	}

	org := readOrganization(d, h)
	f.Organization = org.text
	ev("organization", org.sp)

	title := readTitle(d, h)
	f.Title = title.text
	ev("title", title.sp)

	dates := readDates(d, h)
	if p, sp, ok := dates.published(); ok {
		f.Published = p
		ev("published", sp)
	}
	if dt, sp, ok := dates.detected(); ok {
		f.Detected = dt
		ev("detected", sp)
	}

	st, stSpan := readStatus(d)
	f.Status = st
	ev("status", stSpan)

	cats, catSpans := readCategories(d)
	f.Categories = cats
	for _, sp := range catSpans {
		ev("categories", sp)
	}

	persons, personsSpan, cards, cardsSpan := readCounts(d)
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
	if rel.third {
		ev("third_party", rel.thirdSpan)
	}
	f.RelatedOrganizations = rel.names()
	for _, o := range rel.orgs {
		ev("related_organizations", o.sp)
	}

	sort.SliceStable(f.Evidence, func(i, j int) bool { return f.Evidence[i].Start < f.Evidence[j].Start })
	return f
}
