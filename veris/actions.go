package veris

import "github.com/jikenbo/jikenbo"

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

// Actions maps one of our category codes to its VERIS actions. It is the
// one place the mapping lives, so that it can read the shared taxonomy
// table (taxonomy.VERISActions) once that exists. Where a category does
// not say something (most releases do not say how an intruder got in),
// the variety or vector is "Unknown"; 紛失・盗難 is coded as loss, the
// common case, and the notes of the action say so.
func Actions(category string) []Action {
	switch category {
	case jikenbo.CatUnauthorizedAccess:
		return []Action{{Category: "hacking", Variety: []string{"Unknown"}, Vector: []string{"Unknown"}, Actor: "external", Motive: "Unknown"}}
	case jikenbo.CatVulnerability:
		return []Action{{Category: "hacking", Variety: []string{"Exploit vuln"}, Vector: []string{"Unknown"}, Actor: "external", Motive: "Unknown"}}
	case jikenbo.CatRansomware:
		return []Action{{Category: "malware", Variety: []string{"Ransomware"}, Vector: []string{"Unknown"}, Actor: "external", Motive: "Financial",
			Integrity: []string{"Software installation"}, Availability: []string{"Obscuration"}}}
	case jikenbo.CatMalware:
		return []Action{{Category: "malware", Variety: []string{"Unknown"}, Vector: []string{"Unknown"}, Actor: "external", Motive: "Unknown",
			Integrity: []string{"Software installation"}}}
	case jikenbo.CatWebSkimming:
		// A payment page altered to send card data to the attacker
		// (Magecart): the site is hacked, then code that captures what
		// customers type is planted in it.
		return []Action{
			{Category: "hacking", Variety: []string{"Unknown"}, Vector: []string{"Web application"}, Actor: "external", Motive: "Financial",
				Assets: []string{"S - Web application"}, Integrity: []string{"Software installation"}},
			{Category: "malware", Variety: []string{"Capture app data"}, Vector: []string{"Web application"}, Actor: "external", Motive: "Financial",
				Assets: []string{"S - Web application"}},
		}
	case jikenbo.CatPhishing:
		return []Action{{Category: "social", Variety: []string{"Phishing"}, Vector: []string{"Unknown"}, Target: []string{"Unknown"},
			Actor: "external", Motive: "Unknown"}}
	case jikenbo.CatMisdelivery:
		return []Action{{Category: "error", Variety: []string{"Misdelivery"}, Vector: []string{"Carelessness"}, Actor: "internal", Motive: "NA"}}
	case jikenbo.CatMisconfiguration:
		return []Action{{Category: "error", Variety: []string{"Misconfiguration"}, Vector: []string{"Unknown"}, Actor: "internal", Motive: "NA"}}
	case jikenbo.CatLossTheft:
		return []Action{{Category: "error", Variety: []string{"Loss"}, Vector: []string{"Carelessness"}, Actor: "internal", Motive: "NA",
			Availability: []string{"Loss"}}}
	case jikenbo.CatInsider:
		return []Action{{Category: "misuse", Variety: []string{"Privilege abuse"}, Vector: []string{"Unknown"}, Actor: "internal", Motive: "Unknown"}}
	case jikenbo.CatMisuse:
		return []Action{{Category: "misuse", Variety: []string{"Data mishandling"}, Vector: []string{"Unknown"}, Actor: "internal", Motive: "Unknown"}}
	case jikenbo.CatDDoS:
		return []Action{{Category: "hacking", Variety: []string{"DoS"}, Vector: []string{"Web application"}, Actor: "external", Motive: "Unknown",
			Assets: []string{"S - Web application"}, Availability: []string{"Interruption"}}}
	}
	return []Action{{Category: "unknown", Actor: "unknown"}}
}
