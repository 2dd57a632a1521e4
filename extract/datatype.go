package extract

// readDataTypes: placeholder until the data-type rules land.
func readDataTypes(d *doc) ([]string, []span) { return nil, nil }
