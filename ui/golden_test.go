package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// TestGolden runs the program per view and size with the Ascii profile and
// a fixed clock, and compares the final View() with testdata/TestGolden/*.
// Update with: go test ./ui -run TestGolden -update
func TestGolden(t *testing.T) {
	t.Parallel()
	ds := loadMini(t)
	views := []struct {
		name string
		keys []string
		lang string
	}{
		{"overview", nil, ""},
		{"charts", []string{"2"}, ""},
		{"table", []string{"3"}, ""},
		{"detail", []string{"4"}, ""},
		{"sources", []string{"5"}, ""},
		{"events", []string{"6"}, ""},
		{"help", []string{"2", "?"}, ""},
		{"table-filtered", []string{"3", "/", "k", "a", "z", "enter", "s", "s"}, ""},
		{"sources-open", []string{"5", "enter"}, ""},
		{"charts-bars", []string{"2", "b"}, ""},
		{"overview-ru", nil, "ru"},
		{"table-ru", []string{"3"}, "ru"},
		{"charts-ru", []string{"2"}, "ru"},
		{"detail-ru", []string{"4"}, "ru"},
		{"sources-open-ru", []string{"5", "enter"}, "ru"},
		{"help-ru", []string{"2", "?"}, "ru"},
		// --glyphs ascii: nothing outside ASCII (LANG=C, TERM=linux, PuTTY)
		{"overview-ascii", nil, ""},
		{"charts-ascii", []string{"2"}, ""},
		{"charts-bars-ascii", []string{"2", "b"}, ""},
		{"table-ascii", []string{"3"}, ""},
		{"detail-ascii", []string{"4"}, ""},
		{"sources-open-ascii", []string{"5", "enter"}, ""},
		{"events-ascii", []string{"6"}, ""},
	}
	sizes := [][2]int{{80, 24}, {160, 48}}
	for _, v := range views {
		for _, sz := range sizes {
			if v.lang != "" && sz[0] != 80 {
				continue // other languages at 80x24 only
			}
			ascii := strings.HasSuffix(v.name, "-ascii")
			if ascii && sz[0] != 80 {
				continue // ASCII at 80x24 only
			}
			t.Run(fmt.Sprintf("%s_%dx%d", v.name, sz[0], sz[1]), func(t *testing.T) {
				opts := testOptions()
				opts.ASCII = ascii
				if v.lang != "" {
					opts.Lang = v.lang
				}
				tm := teatest.NewTestModel(t, New(ds, opts), teatest.WithInitialTermSize(sz[0], sz[1]))
				for _, k := range v.keys {
					tm.Send(keyOf(k))
				}
				tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
				fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
				out := fm.View()
				checkFrame(t, out, sz[0], sz[1])
				teatest.RequireEqualOutput(t, []byte(out))
			})
		}
	}
}
