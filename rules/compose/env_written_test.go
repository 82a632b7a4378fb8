package compose

import "testing"

func TestInterpolateWritten(t *testing.T) {
	tests := []struct {
		raw, value, marked string
		known              bool
		defaulted          string
	}{
		{raw: "hunter2", value: "hunter2", marked: "hunter2", known: true},
		{raw: "${DB_PASSWORD}", value: "", marked: "\x00"},
		{raw: "$DB_PASSWORD", value: "", marked: "\x00"},
		{raw: "${DB_PASSWORD:-changeme}", value: "changeme", marked: "changeme", known: true, defaulted: "DB_PASSWORD"},
		{raw: "${DB_PASSWORD-changeme}", value: "changeme", marked: "changeme", known: true, defaulted: "DB_PASSWORD"},
		{raw: "${DB_PASSWORD:-}", value: "", marked: "\x00"},
		{raw: "${DB_PASSWORD:?set it}", value: "", marked: "\x00"},
		{raw: "${DB_PASSWORD:+x}", value: "", marked: "\x00"},
		{raw: "prefix-${X}", value: "prefix-", marked: "prefix-\x00"},
		{raw: "${A:-x}-${B}", value: "x-", marked: "x-\x00", defaulted: "A"},
		{raw: "${A:-x}-${B:-y}", value: "x-y", marked: "x-y", known: true, defaulted: "A"},
		{raw: "${A:-${B}}", value: "", marked: "\x00"},
		{raw: "pa$$word", value: "pa$word", marked: "pa$word", known: true},
		{raw: "nginx:${TAG:-1.25}", value: "nginx:1.25", marked: "nginx:1.25", known: true, defaulted: "TAG"},
		{raw: "${REGISTRY}/nginx", value: "/nginx", marked: "\x00/nginx"},
	}
	for _, tt := range tests {
		w := interpolate(tt.raw)
		if w.Value != tt.value || w.Marked != tt.marked || w.Known != tt.known || w.Defaulted != tt.defaulted {
			t.Errorf("interpolate(%q) = value %q marked %q known %v defaulted %q; want %q %q %v %q",
				tt.raw, w.Value, w.Marked, w.Known, w.Defaulted, tt.value, tt.marked, tt.known, tt.defaulted)
		}
	}
}
