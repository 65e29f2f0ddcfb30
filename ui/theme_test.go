package ui

import (
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func colourRenderer(p termenv.Profile, dark bool) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(p)
	r.SetHasDarkBackground(dark)
	return r
}

// TestStylesFollowBackground: the colours are resolved once per program,
// and still by that program's background: a light and a dark terminal get
// different foreground codes for the same style.
func TestStylesFollowBackground(t *testing.T) {
	for _, p := range []termenv.Profile{termenv.ANSI256, termenv.TrueColor} {
		light, dark := newStyles(colourRenderer(p, false)), newStyles(colourRenderer(p, true))
		for name, pair := range map[string][2]lipgloss.Style{
			"Text": {light.Text, dark.Text}, "Accent": {light.Accent, dark.Accent},
			"Muted": {light.Muted, dark.Muted}, "Selected": {light.Selected, dark.Selected},
		} {
			l, d := pair[0].Render("x"), pair[1].Render("x")
			if l == d || !strings.Contains(l, "\x1b[") || !strings.Contains(d, "\x1b[") {
				t.Errorf("profile %v, %s: light %q, dark %q: want two different colours", p, name, l, d)
			}
		}
		// and exactly what the adaptive colour would have given
		for _, dk := range []bool{false, true} {
			r := colourRenderer(p, dk)
			if got, want := newStyles(r).Text.Render("x"), r.NewStyle().Foreground(colText).Render("x"); got != want {
				t.Errorf("profile %v dark %v: Text %q, adaptive colour %q", p, dk, got, want)
			}
		}
	}
}

var sgrRe = regexp.MustCompile("\x1b\\[([0-9;]*)m")

// TestANSIProfileUsesSixteenColours: with a 16-colour renderer every frame
// uses only 16-colour SGR codes (no 38;5 / 38;2 forms).
func TestANSIProfileUsesSixteenColours(t *testing.T) {
	ds := loadDefault(t)
	for _, dark := range []bool{false, true} {
		opts := testOptions()
		opts.Renderer = colourRenderer(termenv.ANSI, dark)
		colours := 0
		for _, v := range []View{ViewOverview, ViewCharts, ViewTable, ViewDetail, ViewSources, ViewEvents} {
			st, _ := InitialState(ds, v, "")
			out := Render(ds, opts, st, 150, 45)
			for _, m := range sgrRe.FindAllStringSubmatch(out, -1) {
				for _, code := range strings.Split(m[1], ";") {
					switch {
					case code == "38", code == "48":
						t.Fatalf("dark %v, %v: %q is not a 16-colour code", dark, v, m[0])
					case len(code) == 2 && (code[0] == '3' || code[0] == '4' || code[0] == '9'),
						len(code) == 3 && code[:2] == "10":
						colours++
					}
				}
			}
		}
		if colours == 0 {
			t.Fatalf("dark %v: no colour at all in the ANSI frames", dark)
		}
	}
}
