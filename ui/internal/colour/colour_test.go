package colour

import (
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestResolveRendersLikeAdaptive: a style with the resolved colour writes
// exactly the escape codes of the same style with the adaptive colour, for
// every profile and background, in the foreground and the background.
func TestResolveRendersLikeAdaptive(t *testing.T) {
	t.Parallel()
	cols := []lipgloss.AdaptiveColor{
		{Light: "#1a1a1a", Dark: "#e6e6e6"}, {Light: "#d7ebf7", Dark: "#1f3a4d"},
		{Light: "#000000", Dark: "#ffffff"}, {Light: "#B57A00", Dark: "#E69F00"},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		cols = append(cols, lipgloss.AdaptiveColor{
			Light: fmt.Sprintf("#%06x", rng.IntN(1<<24)), Dark: fmt.Sprintf("#%06x", rng.IntN(1<<24))})
	}
	for _, p := range []termenv.Profile{termenv.Ascii, termenv.ANSI, termenv.ANSI256, termenv.TrueColor} {
		for _, dark := range []bool{false, true} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(p)
			r.SetHasDarkBackground(dark)
			for _, c := range cols {
				res := Resolve(r, c)
				want := r.NewStyle().Foreground(c).Background(c).Render("x")
				got := r.NewStyle().Foreground(res).Background(res).Render("x")
				if got != want {
					t.Fatalf("profile %v dark %v colour %v: resolved %q, adaptive %q", p, dark, c, got, want)
				}
			}
		}
	}
}
