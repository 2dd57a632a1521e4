package veris

import (
	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/taxonomy"
)

// Action is how one of our categories reads in VERIS: the action
// category with its varieties and vectors, the actor it implies, and the
// assets and attributes the category names.
type Action struct {
	// Category is VERIS's action category: hacking, malware, social,
	// error, misuse, physical or unknown.
	Category string
	Variety  []string
	Vector   []string
	Target   []string // social actions only
	// Actor is the actor category (external, internal, partner, unknown)
	// and Motive its motive.
	Actor  string
	Motive string
	// Assets, Integrity and Availability are the asset varieties and
	// attribute varieties the category implies; none means unknown.
	Assets       []string
	Integrity    []string
	Availability []string
}

// actors are the actor category each VERIS action category implies:
// attacks come from outside, errors and misuse from inside.
var actors = map[string]string{"hacking": "external", "malware": "external", "social": "external", "physical": "external",
	"error": "internal", "misuse": "internal"}

// effects are what a category does to integrity and availability and
// the motive it shows, beyond the shared table's action and asset.
var effects = map[string]struct {
	motive                  string
	integrity, availability []string
}{
	jikenbo.CatRansomware:       {"Financial", []string{"Software installation"}, []string{"Obscuration"}},
	jikenbo.CatMalware:          {"", []string{"Software installation"}, nil},
	jikenbo.CatWebSkimming:      {"Financial", []string{"Software installation"}, nil},
	jikenbo.CatDDoS:             {"", nil, []string{"Interruption"}},
	jikenbo.CatLossTheft:        {"NA", nil, []string{"Loss"}},
	jikenbo.CatMisdelivery:      {"NA", nil, nil},
	jikenbo.CatMisconfiguration: {"NA", nil, nil},
}

// Actions maps one of our category codes to its VERIS actions. The
// action, variety and vector come from the shared mapping table
// (taxonomy.VERISActions, the table /stats and /report count by), and the
// asset from its veris_asset column; this function adds the actor, its
// motive and the attributes the category implies. What a category does
// not say (how an intruder got in) is "Unknown"; 紛失・盗難 is coded as
// loss, the common case, as the table says.
func Actions(category string) []Action {
	row, _ := taxonomy.For(taxonomy.KindCategory, category)
	eff := effects[category]
	var out []Action
	for _, a := range taxonomy.VERISActions(category) {
		act := Action{Category: a.Action, Actor: actors[a.Action], Motive: eff.motive,
			Integrity: eff.integrity, Availability: eff.availability}
		if act.Actor == "" {
			act.Category, act.Actor = "unknown", "unknown"
			out = append(out, act)
			continue
		}
		if act.Motive == "" {
			act.Motive = "Unknown"
		}
		act.Variety = []string{orUnknown(a.Variety)}
		act.Vector = []string{orUnknown(a.Vector)}
		if a.Action == "social" {
			act.Target = []string{"Unknown"}
		}
		if row.VERISAsset != "" {
			act.Assets = []string{row.VERISAsset}
		}
		out = append(out, act)
	}
	if len(out) == 0 {
		return []Action{{Category: "unknown", Actor: "unknown"}}
	}
	return out
}

func orUnknown(s string) string {
	if s == "" {
		return "Unknown"
	}
	return s
}
