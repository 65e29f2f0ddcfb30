package ui

import (
	"fmt"
	"strings"
)

// GlyphsASCII says whether a terminal gets ASCII only (Options.ASCII) for
// --glyphs mode: "unicode" never, "ascii" always, "auto" (or "") when the
// locale's character set is not UTF-8 (LANG=C, LC_ALL=POSIX, a Latin-1 or
// KOI8 locale) or TERM is the Linux console or a VT100, the terminals of
// PuTTY's defaults and Windows conhost among them. getenv reads the
// terminal's environment; a locale that is not set at all counts as C
// when unsetIsC (a local process), and as unknown (not ASCII) otherwise
// (an SSH client that sends no LANG says nothing of its charset).
func GlyphsASCII(mode string, getenv func(string) string, unsetIsC bool) (bool, error) {
	switch mode {
	case "unicode":
		return false, nil
	case "ascii":
		return true, nil
	case "auto", "":
	default:
		return false, fmt.Errorf("--glyphs must be auto, unicode or ascii, not %q", mode)
	}
	switch t := strings.ToLower(getenv("TERM")); {
	case t == "linux", t == "vt100", t == "vt102", t == "vt220", strings.HasPrefix(t, "vt100-"):
		return true, nil
	}
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(k); v != "" {
			return !utf8Locale(v), nil
		}
	}
	return unsetIsC, nil
}

// utf8Locale reports whether a locale name (ru_RU.UTF-8, C.utf8, en_US)
// has UTF-8 as its character set.
func utf8Locale(v string) bool {
	_, cs, ok := strings.Cut(v, ".")
	if !ok {
		return false // C, POSIX, en_US: not UTF-8
	}
	cs, _, _ = strings.Cut(cs, "@")
	cs = strings.ToLower(strings.ReplaceAll(cs, "-", ""))
	return cs == "utf8"
}
