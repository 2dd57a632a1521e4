package web

import (
	"context"

	"github.com/jikenbo/jikenbo"
)

// goneRelease answers a release that was not found: when its ID belongs
// to a deleted release, with EGONE (410) and msg's message; otherwise
// with err as it is.
func (s *Server) goneRelease(ctx context.Context, id int64, err error, msg func(*jikenbo.DeletedRelease) string) error {
	if jikenbo.ErrorCode(err) != jikenbo.ENOTFOUND {
		return err
	}
	d, derr := s.store.FindDeletedRelease(ctx, id)
	if derr == nil && d.Draft {
		return err // never public: as unknown as any missing ID
	}
	if derr != nil {
		if jikenbo.ErrorCode(derr) == jikenbo.ENOTFOUND {
			return err
		}
		return derr
	}
	return jikenbo.Errorf(jikenbo.EGONE, "%s", msg(d))
}

func deletedReleaseMessage(d *jikenbo.DeletedRelease) string {
	return "この公表文は " + d.DeletedAt.In(jst).Format("2006年1月2日") + " に削除されました。"
}
