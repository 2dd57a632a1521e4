package extract

// readRelated: placeholder until the related-organisation rules land.
func readRelated(d *doc, publisher string) (thirdParty bool, thirdSpan span, orgs []string, spans []span) {
	return false, span{}, nil, nil
}
