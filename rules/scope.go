package rules

// A Scope is what a rule judges when that is narrower than every file of
// its Kind and Reads: one component whose configuration a scan may or may
// not hold. The Docker daemon rules read systemd units and environment
// files, but judge something only when one of them (or a daemon.json)
// configures dockerd; a kubelet.service or a .env file is not the daemon's
// configuration. The threat-model report says a threat is "not assessed"
// rather than "no evidence found" when none of the files that could show
// it were in the scan, and a scope is how a rule tells which those are.
type Scope struct {
	// ID is stable ("docker-daemon").
	ID string
	// Title names what the files configure, for people ("Docker daemon
	// configuration").
	Title string
	// Missing says what a scan without it lacks and what to add to assess
	// it (Markdown, one or two sentences).
	Missing string
	// Files finds the scanned files that hold it. It runs in the
	// cross-file phase over every parsed file, with the memo the rules of
	// the scan share.
	Files func(*ProjectPass) []ScopeFile
}

// ScopeFile is a scanned file that holds (part of) a scope.
type ScopeFile struct {
	Path string
	// CIS narrows the CIS Docker Benchmark sections the file lets the
	// scope's rules decide (daemon.json read from a host tree decides 3.17
	// and 3.18, not 3.10). Empty means every section of the rules.
	CIS []string
}
