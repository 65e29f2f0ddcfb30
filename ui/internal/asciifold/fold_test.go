package asciifold

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestStringKeepsWidthAndIsASCII(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"╭─┬─╮ │a│ ╰─┴─╯", "● ◐ ◇ ○", "Kazakhstan–China — “quoted” «ёлки» …", "▁▂▃▄▅▆▇█ ░▓",
		"\x1b[38;5;1m●\x1b[0m ⣿⡀", "中文 wide", "e\u0301", "",
	} {
		got := String(s)
		if !IsASCII(got) {
			t.Errorf("%q: %q is not ASCII", s, got)
		}
		if ansi.StringWidth(got) != ansi.StringWidth(s) {
			t.Errorf("%q: width %d, want %d (%q)", s, ansi.StringWidth(got), ansi.StringWidth(s), got)
		}
	}
	if got := String("● actual ◐ estimate ◇ plan ○ target"); got != "* actual ~ estimate ^ plan o target" {
		t.Errorf("statuses: %q", got)
	}
	if got := String("╔═╗║┌─┐│"); got != "+=+|+-+|" {
		t.Errorf("boxes: %q", got)
	}
}

func TestCyrillicIsTransliterated(t *testing.T) {
	t.Parallel()
	if got := String("Объем транзитных перевозок"); got != "Ob'em tranzitnyh perevozok" {
		t.Errorf("got %q", got)
	}
}
