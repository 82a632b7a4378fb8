//go:build unix

package daemon

import (
	"io/fs"
	"syscall"
)

// owner is a file's numeric owner and group, when the platform says.
func owner(info fs.FileInfo) (uid, gid uint32, ok bool) {
	if info == nil {
		return 0, 0, false
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return st.Uid, st.Gid, true
}
