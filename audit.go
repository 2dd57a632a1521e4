package jikenbo

import (
	"context"
	"encoding/json"
	"time"
)

// AuditEntry records one change to the casebook: who made it, when,
// what, and the changed thing before and after (JSON, null when it did
// not exist before or no longer exists after).
type AuditEntry struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	// ReleaseID and CaseID say what the change was about (0 and "" when
	// not a release or not a case).
	ReleaseID int64           `json:"release_id,omitempty"`
	CaseID    string          `json:"case_id,omitempty"`
	Before    json.RawMessage `json:"before"`
	After     json.RawMessage `json:"after"`
}

// Audit actions.
const (
	AuditAddRelease    = "release.add"
	AuditAddVersion    = "release.version"
	AuditAddSource     = "release.source"
	AuditReextract     = "release.reextract"
	AuditCorrect       = "release.correct"
	AuditUncorrect     = "release.uncorrect"
	AuditPublish       = "release.publish"
	AuditFileRelease   = "release.file"
	AuditMergeCases    = "case.merge"
	AuditSplitCase     = "case.split"
	AuditDeleteRelease = "release.delete"
	AuditDeleteCase    = "case.delete"
	AuditCaseTitle     = "case.title"
	AuditAddLabel      = "label.add"
	AuditRemoveLabel   = "label.remove"
	AuditRenameLabel   = "label.rename"
	AuditUserAdd       = "user.add"
	AuditUserPassword  = "user.passwd"
	AuditUserDisable   = "user.disable"
	AuditTokenAdd      = "token.add"
	AuditTokenRevoke   = "token.revoke"
	AuditSessionLogin  = "session.login"
	AuditSessionLogout = "session.logout"
	AuditWebhookAdd    = "webhook.add"
	AuditWebhookRemove = "webhook.remove"
	// AuditHoujinImport is an import of the corporate-number data;
	// AuditOrgHoujin an editor's choice of an organisation's 法人番号.
	AuditHoujinImport = "org.houjin_import"
	AuditOrgHoujin    = "org.houjin"
)

// AuditFilter selects audit entries; zero fields do not filter.
type AuditFilter struct {
	ReleaseID *int64
	CaseID    *string
	// AfterID pages through the log in ID order.
	AfterID int64
	Limit   int // 0: no limit
}

// AuditStore keeps the audit log. Entries are only ever added.
type AuditStore interface {
	// AddAuditEntry stores e and sets its ID and, unless given, At.
	// EINVALID without an actor or action.
	AddAuditEntry(ctx context.Context, e *AuditEntry) error
	// FindAuditEntries returns the entries matching f in ID order (the
	// order they happened). No match is an empty list.
	FindAuditEntries(ctx context.Context, f AuditFilter) ([]*AuditEntry, error)
}

// FactChangesJSON returns the before and after of an audit entry for a
// change of extracted facts: each side an object of the changed fields.
func FactChangesJSON(cs []FactChange) (before, after json.RawMessage) {
	b, a := map[string]json.RawMessage{}, map[string]json.RawMessage{}
	for _, c := range cs {
		b[c.Field], a[c.Field] = c.Before, c.After
	}
	return AuditJSON(b), AuditJSON(a)
}

// AuditJSON marshals v for an audit entry's Before or After; nil is null.
func AuditJSON(v any) json.RawMessage {
	if v == nil {
		return json.RawMessage("null")
	}
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage("null")
	}
	return b
}
