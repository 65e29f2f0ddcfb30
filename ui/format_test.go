package ui

import (
	"math"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestStrWidthMatchesAnsi(t *testing.T) {
	t.Parallel()
	for r := rune(0x20); r < 0x3000; r++ {
		s := "a" + string(r) + "\x1b[1;38;5;12mb\x1b[0m"
		if got, want := strWidth(s), ansi.StringWidth(s); got != want {
			t.Errorf("rune %U %q: strWidth %d, ansi %d", r, string(r), got, want)
		}
	}
	for _, s := range []string{"", "Казахстан ● actual", "漢字", "e\u0301", "\x1b]8;;x\x1b\\link", "tab\there", "⣀⠤●━┄○"} {
		if got, want := strWidth(s), ansi.StringWidth(s); got != want {
			t.Errorf("%q: strWidth %d, ansi %d", s, got, want)
		}
	}
}

func TestFmtNum(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    float64
		dec  int
		want string
	}{
		{0, 0, "0"}, {1234567.891, 2, "1,234,567.89"}, {-1.25, 2, "-1.25"}, {-0.001, 1, "0.0"},
		{999, 0, "999"}, {1000, 0, "1,000"}, {-1000000, 0, "-1,000,000"}, {12.5, 9, "12.500000"},
	}
	for _, tt := range tests {
		if got := textsEN.num(tt.v, tt.dec); got != tt.want {
			t.Errorf("num(%v, %d) = %q, want %q", tt.v, tt.dec, got, tt.want)
		}
	}
	// Cards and tables write infinities and huge values as the chart's
	// labels do (ui/internal/numfmt is the one formatter).
	for _, tt := range []struct {
		tr   *texts
		v    float64
		want string
	}{
		{&textsEN, math.Inf(1), "∞"}, {&textsRU, math.Inf(-1), "-∞"}, {&textsEN, math.NaN(), "–"},
		{&textsEN, 1e15, "1e+15"}, {&textsRU, -2.5e16, "-2,5e+16"}, {&textsRU, 1234.5, "1\u00a0234,5"},
	} {
		if got := tt.tr.num(tt.v, 1); got != tt.want {
			t.Errorf("%s num(%v) = %q, want %q", tt.tr.lang, tt.v, got, tt.want)
		}
	}
	if got := textsEN.value(45, 0, "%"); got != "45%" {
		t.Errorf("fmtValue %% = %q", got)
	}
	if got := textsEN.value(3.5, 1, "Mt"); got != "3.5 Mt" {
		t.Errorf("fmtValue Mt = %q", got)
	}
}

func TestWrapNeverLoops(t *testing.T) {
	t.Parallel()
	for _, w := range []int{0, 1, 2, 5} {
		lines := wrap("漢字漢字 averyveryverylongword x", w)
		if len(lines) == 0 {
			t.Fatalf("wrap at %d gave nothing", w)
		}
	}
}

func TestSplitNote(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, q, r string }{
		{`"Last year … 2019" — rail container transit`, "Last year … 2019", "rail container transit"},
		{`"by 2027 will increase the capacity"`, "by 2027 will increase the capacity", ""},
		{`"a" — remark with "inner" quotes`, "a", `remark with "inner" quotes`},
		{`«в 2024 году достиг 27,4 млн тонн» — оценка`, "в 2024 году достиг 27,4 млн тонн", "оценка"},
		{`design capacity, not a measured figure`, "", "design capacity, not a measured figure"},
	} {
		q, r := splitNote(c.in)
		if q != c.q || r != c.r {
			t.Errorf("%q: %q / %q, want %q / %q", c.in, q, r, c.q, c.r)
		}
	}
	if q, r := quoteNote(`"Last year" — rail`); q != "“Last year”" || r != "— rail" {
		t.Errorf("quoteNote: %q %q", q, r)
	}
}
