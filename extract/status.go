package extract

import "github.com/jikenbo/jikenbo"

func readStatus(d *doc) (jikenbo.Status, span) { return jikenbo.StatusConcluded, span{} }
