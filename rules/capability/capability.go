// Package capability knows Linux capability names as container runtimes
// read them, for the compose and Kubernetes rules alike.
package capability

import "strings"

// Name normalises a capability as the container runtimes do: any case,
// with or without the CAP_ prefix ("cap_sys_admin" and "SYS_ADMIN" are
// both "SYS_ADMIN"); "all" is "ALL".
func Name(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	if c == "ALL" {
		return c
	}
	return strings.TrimPrefix(c, "CAP_")
}
