package ui

import (
	"fmt"
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
)

func loadDefault(t testing.TB) *data.Dataset {
	t.Helper()
	ds, err := data.Default()
	if err != nil {
		t.Fatalf("default dataset: %v", err)
	}
	return ds
}

// TestSizeSweep resizes every view through many sizes from 1x1 to 400x120:
// no panic, exactly H lines, each exactly W cells.
func TestSizeSweep(t *testing.T) {
	t.Parallel()
	widths := []int{1, 2, 3, 7, 20, 39, 40, 41, 59, 60, 71, 72, 79, 80, 81, 99, 100, 101, 120, 160, 200, 240, 333, 400}
	heights := []int{1, 2, 3, 5, 11, 12, 13, 15, 16, 23, 24, 25, 30, 40, 48, 70, 120}
	if testing.Short() {
		widths = []int{1, 40, 80, 400}
		heights = []int{1, 12, 24, 120}
	}
	sets := map[string]*data.Dataset{"mini": loadMini(t), "default": loadDefault(t), "empty": {}}
	for name, ds := range sets {
		for _, keys := range [][]string{{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7"}, {"7", "+", "H", "down"}, {"2", "?"}, {"5", "enter"}, {"3", "/", "k"}} {
			t.Run(fmt.Sprintf("%s/%v", name, keys), func(t *testing.T) {
				m := newSized(t, ds, 100, 30)
				m = press(m, keys...)
				for _, w := range widths {
					for _, h := range heights {
						m = send(m, tea.WindowSizeMsg{Width: w, Height: h})
						checkFrame(t, m.View(), w, h)
					}
				}
				// the largest window serve lets a client ask for
				m = send(m, tea.WindowSizeMsg{Width: 1000, Height: 500})
				checkFrame(t, m.View(), 1000, 500)
			})
		}
	}
}

// TestColourFrames: with a 256-colour or true-colour renderer the frame has
// colour and is still exactly W x H; the Ascii one has no escape codes.
func TestColourFrames(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	for _, p := range []termenv.Profile{termenv.ANSI, termenv.ANSI256, termenv.TrueColor, termenv.Ascii} {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(p)
		opts := testOptions()
		opts.Renderer = r
		for _, v := range []View{ViewOverview, ViewCharts, ViewTable, ViewDetail, ViewSources, ViewEvents} {
			st, _ := InitialState(ds, v, "")
			for _, sz := range [][2]int{{80, 24}, {150, 45}} {
				out := Render(ds, opts, st, sz[0], sz[1])
				checkFrame(t, out, sz[0], sz[1])
				hasEsc := strings.Contains(out, "\x1b[")
				if p == termenv.Ascii && hasEsc {
					t.Fatalf("Ascii profile: %v has escape codes", v)
				}
				if p != termenv.Ascii && !hasEsc {
					t.Fatalf("profile %v: %v has no colour", p, v)
				}
			}
		}
	}
}

// TestSizeSweepRussian: the Russian interface (longer words, Cyrillic)
// also fills exactly W x H in every view.
func TestSizeSweepRussian(t *testing.T) {
	t.Parallel()
	ds := loadDefault(t)
	opts := testOptions()
	opts.Lang = "ru"
	for _, keys := range [][]string{{"1"}, {"2"}, {"3"}, {"4"}, {"5"}, {"6"}, {"7"}, {"7", "+", "H", "down"}, {"2", "?"}, {"5", "enter"}, {"3", "/", "k"}} {
		m := send(Model{newModel(ds, opts)}, tea.WindowSizeMsg{Width: 100, Height: 30})
		m = press(m, keys...)
		for _, w := range []int{1, 20, 40, 59, 60, 79, 80, 99, 100, 120, 240} {
			for _, h := range []int{1, 12, 16, 23, 24, 40, 70} {
				m = send(m, tea.WindowSizeMsg{Width: w, Height: h})
				checkFrame(t, m.View(), w, h)
			}
		}
	}
}
