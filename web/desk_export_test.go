package web

// DeskRoutePatterns lists the desk's route patterns for the tests that
// walk them.
func (s *Server) DeskRoutePatterns() []string {
	var out []string
	for _, rt := range s.deskRoutes() {
		out = append(out, rt.pattern)
	}
	return out
}

// PasswordChecks is how many password hashes logins have computed.
func (s *Server) PasswordChecks() int64 { return s.passwordChecks.Load() }
