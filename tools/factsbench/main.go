// Command factsbench measures the store's write path where effective
// facts are computed. With -write N it first files N releases the way
// the importer does, each in one transaction (CreateRelease with an auto
// label, a new case for every other release, AddCaseRelease,
// AddCaseOrganization, AddDecision), and reports releases per second;
// then it measures an editor's correction: SetOverride of a release's
// status (which changes its facets and its case's merged facts) and
// DeleteOverride (which restores them), on -n public releases filed in
// cases, spread over the casebook. -db is a SQLite file or a PostgreSQL
// URL. It only uses the jikenbo.Store interface, so the same source
// built from an older commit measures that commit's store
// (docs/measurements/effective-facts.md).
//
//	go run ./tools/factsbench -db /tmp/bench.db -write 3000 [-n 200]
//	go run ./tools/factsbench -db /tmp/s10k.db [-n 200]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/store/postgres"
	"github.com/jikenbo/jikenbo/store/sqlite"
)

func main() {
	db := flag.String("db", "jikenbo.db", "casebook file or postgres:// URL")
	n := flag.Int("n", 200, "releases corrected")
	w := flag.Int("write", 0, "releases filed first")
	flag.Parse()
	if err := run(*db, *w, *n); err != nil {
		fmt.Fprintln(os.Stderr, "factsbench:", err)
		os.Exit(1)
	}
}

func run(db string, w, n int) error {
	ctx := context.Background()
	var s jikenbo.Store
	var err error
	if postgres.IsDSN(db) {
		s, err = postgres.Open(ctx, db, postgres.Options{})
	} else {
		s, err = sqlite.Open(ctx, db, sqlite.Options{})
	}
	if err != nil {
		return err
	}
	defer s.Close()
	if w > 0 {
		start := time.Now()
		if err := write(ctx, s, w); err != nil {
			return err
		}
		d := time.Since(start)
		fmt.Printf("filed %d releases in %.2f s: %.0f releases/s\n", w, d.Seconds(), float64(w)/d.Seconds())
	}
	no := false
	all, _, err := s.FindReleases(ctx, jikenbo.ReleaseFilter{Draft: &no, TextLimit: 1})
	if err != nil {
		return err
	}
	all = slices.DeleteFunc(all, func(r *jikenbo.Release) bool { return r.CaseID == "" })
	if len(all) == 0 {
		return fmt.Errorf("%s: no public release in a case", db)
	}
	step := max(len(all)/n, 1)
	var set, del []time.Duration
	for i := 0; i < len(all) && len(set) < n; i += step {
		r := all[i]
		status := jikenbo.StatusConcluded
		if r.Facts().Status == jikenbo.StatusConcluded {
			status = jikenbo.StatusOngoing
		}
		v, _ := json.Marshal(status)
		start := time.Now()
		if err := s.SetOverride(ctx, r.ID, jikenbo.Override{Field: "status", Value: v, Editor: "factsbench"}); err != nil {
			return err
		}
		set = append(set, time.Since(start))
		start = time.Now()
		if err := s.DeleteOverride(ctx, r.ID, "status"); err != nil {
			return err
		}
		del = append(del, time.Since(start))
	}
	fmt.Printf("%d public releases in cases; %d corrected\n", len(all), len(set))
	for _, m := range []struct {
		name string
		ds   []time.Duration
	}{{"SetOverride", set}, {"DeleteOverride", del}} {
		slices.Sort(m.ds)
		var sum time.Duration
		for _, d := range m.ds {
			sum += d
		}
		fmt.Printf("%-15s p50 %6.2f ms  p90 %6.2f ms  mean %6.2f ms\n", m.name, ms(m.ds[len(m.ds)/2]), ms(m.ds[len(m.ds)*9/10]), ms(sum/time.Duration(len(m.ds))))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// write files n releases as the importer does, one transaction each:
// every other release opens a case, the next follows it up.
func write(ctx context.Context, s jikenbo.Store, n int) error {
	var orgs []int64
	for i := range 100 {
		name := fmt.Sprintf("試験商事%03d株式会社", i)
		o := &jikenbo.Organization{Name: name, Kind: jikenbo.OrgCompany, Aliases: []jikenbo.OrgAlias{{Name: name, Key: name}}}
		if err := s.CreateOrganization(ctx, o); err != nil {
			return err
		}
		orgs = append(orgs, o.ID)
	}
	var caseID string
	for i := range n {
		cat := jikenbo.Categories[i%len(jikenbo.Categories)]
		persons := i * 7 % 5000
		status := jikenbo.StatusOngoing
		if i%2 == 1 {
			status = jikenbo.StatusConcluded
		}
		f := jikenbo.Facts{Title: fmt.Sprintf("第%d報", i%2+1), Published: jikenbo.Date{Year: 2020 + i%5, Month: i%12 + 1, Day: i%28 + 1},
			Status: status, Categories: []string{cat.Code}, AffectedPersons: &persons}
		text := fmt.Sprintf("試験のお知らせ %d: %s により個人情報 %d 件が漏えいした可能性があります。", i, cat.Name, persons)
		org := orgs[i/2%len(orgs)]
		err := s.InTx(ctx, func(tx jikenbo.Store) error {
			r := &jikenbo.Release{Original: []byte(text), Text: text, Encoding: "UTF-8", Source: fmt.Sprintf("bench/%06d.txt", i),
				OrganizationID: org, Extracted: f, Labels: []jikenbo.ReleaseLabel{{Name: cat.Name, Source: jikenbo.LabelAuto}}}
			if err := tx.CreateRelease(ctx, r); err != nil {
				return err
			}
			stage, action := jikenbo.StageFollowUp, jikenbo.DecisionFollowUp
			if i%2 == 0 {
				c := &jikenbo.Case{Year: f.Published.Year}
				if err := tx.CreateCase(ctx, c); err != nil {
					return err
				}
				caseID, stage, action = c.ID, jikenbo.StageFirst, jikenbo.DecisionNewCase
			}
			if err := tx.AddCaseRelease(ctx, caseID, r.ID, stage); err != nil {
				return err
			}
			if err := tx.AddCaseOrganization(ctx, caseID, org, jikenbo.RolePublisher, r.ID); err != nil {
				return err
			}
			return tx.AddDecision(ctx, jikenbo.Decision{ReleaseID: r.ID, CaseID: caseID, Action: action, Reasons: []string{"factsbench"}})
		})
		if err != nil {
			return err
		}
	}
	return nil
}
