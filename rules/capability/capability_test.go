package capability

import "testing"

func TestName(t *testing.T) {
	for in, want := range map[string]string{"cap_sys_admin": "SYS_ADMIN", " NET_RAW ": "NET_RAW", "all": "ALL", "CAP_ALL": "ALL", "Sys_Ptrace": "SYS_PTRACE"} {
		if got := Name(in); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
	}
}
