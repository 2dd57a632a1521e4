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
	Aliases []OrgAlias
	// CorporateNumber is the organisation's 法人番号 (13 digits, checked
	// by ValidCorporateNumber), "" when unknown; RegisteredAddress is the
	// address the National Tax Agency registers under it.
	CorporateNumber   string
	RegisteredAddress string
	CreatedAt         time.Time
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
	if o.CorporateNumber != "" {
		if err := ValidCorporateNumber(o.CorporateNumber); err != nil {
			return Errorf(EINVALID, "organization %q: %s", o.Name, ErrorMessage(err))
		}
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
	// CorporateNumber and RegisteredAddress set the 法人番号 and its
	// address ("" clears them); a number must pass ValidCorporateNumber.
	CorporateNumber   *string
	RegisteredAddress *string
}

// HoujinCandidate is an entry of the National Tax Agency's corporate
// registry that may be the organisation's: an import of the registry
// found several equally good ones, and an editor chooses.
type HoujinCandidate struct {
	OrganizationID  int64
	CorporateNumber string
	Name            string
	Address         string
}

// ValidCorporateNumber checks a 法人番号: 13 ASCII digits whose first is
// the check digit of the other twelve (the base number), as the Ministry
// of Finance's ordinance on corporate numbers (平成26年財務省令第70号, art. 2)
// defines it: 9 − (Σ Pn×Qn mod 9), where Pn is the n-th digit of the base
// number counted from its last, and Qn is 1 for odd n and 2 for even n.
func ValidCorporateNumber(s string) error {
	if len(s) != 13 {
		return Errorf(EINVALID, "法人番号 %q: want 13 digits", s)
	}
	sum := 0
	for i := 12; i >= 1; i-- {
		c := s[i]
		if c < '0' || c > '9' {
			return Errorf(EINVALID, "法人番号 %q: want 13 digits", s)
		}
		w := 1
		if (13-i)%2 == 0 {
			w = 2
		}
		sum += int(c-'0') * w
	}
	if s[0] < '1' || s[0] > '9' || int(s[0]-'0') != 9-sum%9 {
		return Errorf(EINVALID, "法人番号 %q: check digit %c does not match (want %d)", s, s[0], 9-sum%9)
	}
	return nil
}
