package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/jikenbo/jikenbo"
)

// FindOrganizationByID returns the organisation or ENOTFOUND.
func (s *Store) FindOrganizationByID(ctx context.Context, id int64) (*jikenbo.Organization, error) {
	os, _, err := s.FindOrganizations(ctx, jikenbo.OrganizationFilter{ID: &id})
	if err != nil {
		return nil, err
	} else if len(os) == 0 {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "organization %d not found", id)
	}
	return os[0], nil
}

// FindOrganizationByKey returns the organisation with that alias key or
// ENOTFOUND.
func (s *Store) FindOrganizationByKey(ctx context.Context, key string) (*jikenbo.Organization, error) {
	os, _, err := s.FindOrganizations(ctx, jikenbo.OrganizationFilter{Key: &key})
	if err != nil {
		return nil, err
	} else if len(os) == 0 {
		return nil, jikenbo.Errorf(jikenbo.ENOTFOUND, "organization %q not found", key)
	}
	return os[0], nil
}

// FindOrganizations returns the organisations matching f.
func (s *Store) FindOrganizations(ctx context.Context, f jikenbo.OrganizationFilter) (out []*jikenbo.Organization, n int, err error) {
	err = s.read(ctx, func(q querier) error {
		where, args := []string{"1 = 1"}, []any{}
		if f.ID != nil {
			where, args = append(where, "id = ?"), append(args, *f.ID)
		}
		if f.Key != nil {
			where, args = append(where, "id IN (SELECT organization_id FROM org_aliases WHERE key = ?)"), append(args, *f.Key)
		}
		if f.Kind != nil {
			where, args = append(where, "kind = ?"), append(args, *f.Kind)
		}
		w := strings.Join(where, " AND ")
		// Unpaged, the count is the number of rows (no COUNT query).
		paged := f.Limit > 0 || f.Offset > 0
		if paged {
			if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM organizations WHERE `+w, args...).Scan(&n); err != nil {
				return err
			}
		}
		defer func() {
			if !paged {
				n = len(out)
			}
		}()
		rows, err := q.QueryContext(ctx, `SELECT id, name, kind, corporate_number, registered_address, created_at FROM organizations WHERE `+w+` ORDER BY id`+limitClause(f.Limit, f.Offset), args...)
		if err != nil {
			return err
		}
		byID := map[int64]*jikenbo.Organization{}
		for rows.Next() {
			var o jikenbo.Organization
			var created string
			if err := rows.Scan(&o.ID, &o.Name, &o.Kind, &o.CorporateNumber, &o.RegisteredAddress, &created); err != nil {
				rows.Close()
				return err
			}
			o.CreatedAt = parseTime(created)
			out = append(out, &o)
			byID[o.ID] = &o
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		// One query for every alias when listing many organisations; one
		// per organisation would be slow on a large casebook.
		aq, aargs := `SELECT organization_id, name, key FROM org_aliases ORDER BY `+q.Dialect().InsertOrder(), []any{}
		if len(out) <= 500 {
			ids := make([]any, len(out))
			for i, o := range out {
				ids[i] = o.ID
			}
			aq, aargs = `SELECT organization_id, name, key FROM org_aliases WHERE organization_id IN (`+placeholders(len(ids))+`) ORDER BY `+q.Dialect().InsertOrder(), ids
		}
		rows, err = q.QueryContext(ctx, aq, aargs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var a jikenbo.OrgAlias
			if err := rows.Scan(&id, &a.Name, &a.Key); err != nil {
				return err
			}
			if o := byID[id]; o != nil {
				o.Aliases = append(o.Aliases, a)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, 0, fmt.Errorf("find organizations: %w", err)
	}
	return out, n, nil
}

// CreateOrganization stores o with its aliases.
func (s *Store) CreateOrganization(ctx context.Context, o *jikenbo.Organization) error {
	err := s.write(ctx, func(tx *Store) error {
		if err := o.Validate(); err != nil {
			return err
		}
		if o.Kind == "" {
			o.Kind = jikenbo.OrgOther
		}
		if o.CreatedAt.IsZero() {
			o.CreatedAt = tx.db.now()
		}
		if err := tx.checkCorporateNumber(ctx, o.ID, o.CorporateNumber); err != nil {
			return err
		}
		if o.ID != 0 {
			// An ID given (restoring an export) is kept.
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO organizations (id, name, kind, corporate_number, registered_address, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				o.ID, o.Name, o.Kind, o.CorporateNumber, o.RegisteredAddress, fmtTime(o.CreatedAt)); err != nil {
				return err
			}
			if err := tx.tx.Dialect().AfterExplicitID(ctx, tx.tx, "organizations"); err != nil {
				return err
			}
		} else if err := tx.tx.QueryRowContext(ctx, `INSERT INTO organizations (name, kind, corporate_number, registered_address, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			o.Name, o.Kind, o.CorporateNumber, o.RegisteredAddress, fmtTime(o.CreatedAt)).Scan(&o.ID); err != nil {
			return err
		}
		for _, a := range o.Aliases {
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO org_aliases (key, organization_id, name) VALUES (?, ?, ?)`, a.Key, o.ID, a.Name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("create organization %q: %w", o.Name, err)
	}
	return nil
}

// AddOrganizationAlias adds a way of writing an organisation's name.
func (s *Store) AddOrganizationAlias(ctx context.Context, id int64, a jikenbo.OrgAlias) error {
	err := s.write(ctx, func(tx *Store) error {
		if a.Key == "" || a.Name == "" {
			return jikenbo.Errorf(jikenbo.EINVALID, "alias needs a name and a key")
		}
		if _, err := tx.FindOrganizationByID(ctx, id); err != nil {
			return err
		}
		var owner int64
		err := tx.tx.QueryRowContext(ctx, `SELECT organization_id FROM org_aliases WHERE key = ?`, a.Key).Scan(&owner)
		switch {
		case err == nil && owner == id:
			return nil
		case err == nil:
			return jikenbo.Errorf(jikenbo.ECONFLICT, "alias %q belongs to organization %d", a.Name, owner)
		case !isNoRows(err):
			return err
		}
		if _, err = tx.tx.ExecContext(ctx, `INSERT INTO org_aliases (key, organization_id, name) VALUES (?, ?, ?)`, a.Key, id, a.Name); err != nil {
			return err
		}
		public, err := orgIsPublic(ctx, tx.tx, id)
		tx.publishedIf(public)
		return err
	})
	if err != nil {
		return fmt.Errorf("add alias %q to organization %d: %w", a.Name, id, err)
	}
	return nil
}

// UpdateOrganization renames an organisation or changes its kind.
func (s *Store) UpdateOrganization(ctx context.Context, id int64, upd jikenbo.OrganizationUpdate) (*jikenbo.Organization, error) {
	var out *jikenbo.Organization
	err := s.write(ctx, func(tx *Store) error {
		o, err := tx.FindOrganizationByID(ctx, id)
		if err != nil {
			return err
		}
		if upd.Name != nil {
			o.Name = strings.TrimSpace(*upd.Name)
		}
		if upd.Kind != nil {
			o.Kind = *upd.Kind
		}
		if upd.CorporateNumber != nil {
			o.CorporateNumber = strings.TrimSpace(*upd.CorporateNumber)
		}
		if upd.RegisteredAddress != nil {
			o.RegisteredAddress = strings.TrimSpace(*upd.RegisteredAddress)
		}
		if err := o.Validate(); err != nil {
			return err
		}
		if err := tx.checkCorporateNumber(ctx, id, o.CorporateNumber); err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE organizations SET name = ?, kind = ?, corporate_number = ?, registered_address = ? WHERE id = ?`,
			o.Name, o.Kind, o.CorporateNumber, o.RegisteredAddress, id); err != nil {
			return err
		}
		public, err := orgIsPublic(ctx, tx.tx, id)
		if err != nil {
			return err
		}
		tx.publishedIf(public)
		// A number chosen settles the candidates an import left.
		if o.CorporateNumber != "" {
			if _, err := tx.tx.ExecContext(ctx, `DELETE FROM houjin_candidates WHERE organization_id = ?`, id); err != nil {
				return err
			}
		}
		// A case's title is made from its contractor's name.
		if _, err := refreshCases(ctx, tx, `SELECT DISTINCT case_id FROM case_organizations WHERE organization_id = ? ORDER BY case_id`, id); err != nil {
			return err
		}
		out = o
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update organization %d: %w", id, err)
	}
	return out, nil
}

// checkCorporateNumber returns ECONFLICT when another organisation than
// id has the 法人番号 n.
func (s *Store) checkCorporateNumber(ctx context.Context, id int64, n string) error {
	if n == "" {
		return nil
	}
	var owner int64
	err := s.tx.QueryRowContext(ctx, `SELECT id FROM organizations WHERE corporate_number = ? AND id <> ?`, n, id).Scan(&owner)
	switch {
	case err == nil:
		return jikenbo.Errorf(jikenbo.ECONFLICT, "法人番号 %s belongs to organization %d", n, owner)
	case !isNoRows(err):
		return err
	}
	return nil
}

// SetHoujinCandidates replaces the organisation's waiting candidates.
func (s *Store) SetHoujinCandidates(ctx context.Context, orgID int64, cs []jikenbo.HoujinCandidate) error {
	err := s.write(ctx, func(tx *Store) error {
		if _, err := tx.FindOrganizationByID(ctx, orgID); err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM houjin_candidates WHERE organization_id = ?`, orgID); err != nil {
			return err
		}
		for _, c := range cs {
			if err := jikenbo.ValidCorporateNumber(c.CorporateNumber); err != nil {
				return err
			}
			if _, err := tx.tx.ExecContext(ctx, `INSERT INTO houjin_candidates (organization_id, corporate_number, name, address) VALUES (?, ?, ?, ?)
				ON CONFLICT (organization_id, corporate_number) DO NOTHING`, orgID, c.CorporateNumber, c.Name, c.Address); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set 法人番号 candidates of organization %d: %w", orgID, err)
	}
	return nil
}

// FindHoujinCandidates returns every waiting candidate.
func (s *Store) FindHoujinCandidates(ctx context.Context) (out []jikenbo.HoujinCandidate, err error) {
	err = s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, `SELECT organization_id, corporate_number, name, address FROM houjin_candidates ORDER BY organization_id, corporate_number`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c jikenbo.HoujinCandidate
			if err := rows.Scan(&c.OrganizationID, &c.CorporateNumber, &c.Name, &c.Address); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find 法人番号 candidates: %w", err)
	}
	return out, nil
}
