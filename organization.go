package jikenbo

import "time"

// OrgKind is what sort of body an organisation is.
type OrgKind string

// Organisation kinds.
const (
	OrgCompany      OrgKind = "company"
	OrgMunicipality OrgKind = "municipality"
	OrgSchool       OrgKind = "school"
	OrgHospital     OrgKind = "hospital"
	OrgFinancial    OrgKind = "financial"
	OrgGovernment   OrgKind = "government"
	OrgOther        OrgKind = "other"
)

// OrgKinds lists every kind in display order.
var OrgKinds = []OrgKind{OrgCompany, OrgMunicipality, OrgSchool, OrgHospital, OrgFinancial, OrgGovernment, OrgOther}

// Valid reports whether k is one of the kinds.
func (k OrgKind) Valid() bool {
	for _, v := range OrgKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Organization is a publisher, contractor or client of incidents.
type Organization struct {
	ID int64
	// Name is the canonical name, legal form kept (株式会社イセトー).
	Name string
	Kind OrgKind
	// Aliases are the other ways the organisation is written (イセトー社,
	// (株)イセトー, an old name). Name is always among them.
	Aliases   []OrgAlias
	CreatedAt time.Time
}

// OrgAlias is one way of writing an organisation's name with its match
// key: the form two spellings of one name share (see link.OrgKey). Keys are
// unique across organisations.
type OrgAlias struct {
	Name string
	Key  string
}

// Validate checks what every stored organisation must have.
func (o *Organization) Validate() error {
	if o.Name == "" {
		return Errorf(EINVALID, "organization: name required")
	}
	if o.Kind != "" && !o.Kind.Valid() {
		return Errorf(EINVALID, "organization %q: unknown kind %q", o.Name, o.Kind)
	}
	for _, a := range o.Aliases {
		if a.Key == "" {
			return Errorf(EINVALID, "organization %q: alias %q has no key", o.Name, a.Name)
		}
	}
	return nil
}

// OrganizationFilter selects organisations; zero fields do not filter.
type OrganizationFilter struct {
	ID     *int64
	Key    *string // an alias key
	Kind   *OrgKind
	Offset int
	Limit  int
}

// OrganizationUpdate changes an organisation; nil fields are left
// unchanged.
type OrganizationUpdate struct {
	Name *string
	Kind *OrgKind
}
