package extract

import "github.com/jikenbo/jikenbo"

type dateSet struct{}

func readDates(d *doc, h headline) dateSet               { return dateSet{} }
func (ds dateSet) published() (jikenbo.Date, span, bool) { return jikenbo.Date{}, span{}, false }
func (ds dateSet) detected() (jikenbo.Date, span, bool)  { return jikenbo.Date{}, span{}, false }
