package rules

import (
	"fmt"
	"strings"
)

// Severity is how bad a finding is. The zero value is not a severity.
type Severity int

// Severities from least to most severe.
const (
	Info Severity = iota + 1
	Low
	Medium
	High
	Critical
)

// Severities lists every severity from most to least severe.
var Severities = []Severity{Critical, High, Medium, Low, Info}

var severityNames = map[Severity]string{Info: "info", Low: "low", Medium: "medium", High: "high", Critical: "critical"}

func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads a severity name (case-insensitive).
func ParseSeverity(s string) (Severity, error) {
	for sev, n := range severityNames {
		if strings.EqualFold(s, n) {
			return sev, nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want critical, high, medium, low or info)", s)
}

// SARIFLevel maps a severity to a SARIF result level.
func (s Severity) SARIFLevel() string {
	switch {
	case s >= High:
		return "error"
	case s == Medium:
		return "warning"
	}
	return "note"
}

// SecurityScore is the "security-severity" GitHub code scanning reads
// (over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low).
func (s Severity) SecurityScore() string {
	switch s {
	case Critical:
		return "9.5"
	case High:
		return "8.0"
	case Medium:
		return "5.5"
	case Low:
		return "3.0"
	}
	return "1.0"
}

// MarshalText writes the severity's name (JSON output, config files).
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
