package extract

func readOrganization(d *doc, h headline) (string, span) { return "", span{} }
func readTitle(d *doc, h headline) (string, span)        { return "", span{} }
