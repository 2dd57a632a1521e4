package extract

// readCategories: placeholder until the category rules land.
func readCategories(d *doc) ([]string, []span) { return nil, nil }
