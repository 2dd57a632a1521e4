package damage_test

import (
	"math"
	"testing"

	"github.com/jikenbo/jikenbo"
	"github.com/jikenbo/jikenbo/damage"
)

// TestJO checks the model against values computed by hand from the
// published coefficients (docs/jo-model.md).
func TestJO(t *testing.T) {
	company := []jikenbo.OrgKind{jikenbo.OrgCompany}
	tests := []struct {
		name string
		in   damage.Inputs
		// x, y, sensitivity, identifiability, social, per person, total
		x, y, sens, ident, social, per int
		total                          int64
	}{
		// 500 × (10^0 + 5^0 = 2) × 6 × 1 × 1 = 6,000円; × 1,000人
		{"name and address", damage.Inputs{DataTypes: []string{"name", "address"}, Persons: 1000, OrgKinds: company},
			1, 1, 2, 6, 1, 6000, 6_000_000},
		// card number: economic level 3 → 1 + 5^2 = 26; 500 × 26 × 6 = 78,000円
		{"web shop cards", damage.Inputs{DataTypes: []string{"name", "address", "card_number", "card_expiry", "card_cvv"}, Persons: 1850, OrgKinds: company},
			1, 3, 26, 6, 1, 78000, 144_300_000},
		// health: privacy level 2 → 10 + 1 = 11; name only → 3; a city → 2
		// 500 × 11 × 3 × 2 = 33,000円
		{"city health records", damage.Inputs{DataTypes: []string{"name", "health"}, Persons: 10, OrgKinds: []jikenbo.OrgKind{jikenbo.OrgMunicipality}},
			2, 1, 11, 3, 2, 33000, 330_000},
		// e-mail addresses only: hard to identify → 1; a hospital → 2
		{"hospital e-mail", damage.Inputs{DataTypes: []string{"email"}, Persons: 500, OrgKinds: []jikenbo.OrgKind{jikenbo.OrgCompany, jikenbo.OrgHospital}},
			1, 1, 2, 1, 2, 2000, 1_000_000},
		// address and phone → 3; bank account: economic 2 → 1 + 5 = 6
		{"address phone bank", damage.Inputs{DataTypes: []string{"address", "phone", "bank_account"}, Persons: 3, OrgKinds: company},
			1, 2, 6, 3, 1, 9000, 27_000},
		// a card holder's name is a name
		{"card holder and address", damage.Inputs{DataTypes: []string{"card_holder", "address"}, Persons: 1},
			1, 1, 2, 6, 1, 6000, 6000},
		// health and cards: 10 + 25 = 35; 500 × 35 × 6 × 2 = 210,000円
		{"both axes", damage.Inputs{DataTypes: []string{"name", "address", "health", "card_number"}, Persons: 2, OrgKinds: []jikenbo.OrgKind{jikenbo.OrgFinancial}},
			2, 3, 35, 6, 2, 210000, 420_000},
		// nothing known of the data: basic information
		{"no data types", damage.Inputs{Persons: 100}, 1, 1, 2, 1, 1, 1000, 100_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := damage.JO(tt.in)
			if !ok {
				t.Fatal("no estimate")
			}
			got := []int{e.Privacy, e.Economic, e.Sensitivity, e.Identifiability, e.Social, e.PerPerson}
			want := []int{tt.x, tt.y, tt.sens, tt.ident, tt.social, tt.per}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("x,y,sens,ident,social,per: got %v, want %v", got, want)
					break
				}
			}
			if e.Total != tt.total {
				t.Errorf("total: got %d, want %d", e.Total, tt.total)
			}
			if e.BaseValue != 500 || e.Response != 1 || e.PersonalValue*e.Social*e.Response != e.PerPerson {
				t.Errorf("inconsistent steps: %+v", e)
			}
			if len(e.Assumptions) == 0 {
				t.Error("no assumption stated (the response is always assumed)")
			}
		})
	}
}

func TestJONoPersons(t *testing.T) {
	for _, n := range []int{0, -1} {
		if e, ok := damage.JO(damage.Inputs{DataTypes: []string{"name"}, Persons: n}); ok {
			t.Errorf("%d persons: got %+v, want no estimate", n, e)
		}
	}
}

func TestJOFrom(t *testing.T) {
	e, _ := damage.JO(damage.Inputs{DataTypes: []string{"name", "card_expiry", "card_number", "health"}, Persons: 1})
	if e.PrivacyFrom != "health" || e.EconomicFrom != "card_number" {
		t.Errorf("from: got %q, %q, want health, card_number", e.PrivacyFrom, e.EconomicFrom)
	}
	if got, want := e.Explain(), "500 × (10^(2-1) + 5^(3-1) = 35) × 3 × 1 × 1 = 52500円/人 × 1人"; got != want {
		t.Errorf("Explain: got %q, want %q", got, want)
	}
}

func TestJOOverflow(t *testing.T) {
	e, ok := damage.JO(damage.Inputs{DataTypes: []string{"name", "address", "health", "card_number"}, Persons: math.MaxInt64 / 1000})
	if !ok || e.Total != math.MaxInt64 {
		t.Errorf("got %d, want the largest int64 rather than a wrapped figure", e.Total)
	}
}
