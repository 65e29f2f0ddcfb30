// Command screenshots writes the README's pictures of the dashboard: SVG
// snapshots of views of the embedded dataset, drawn by the same renderer
// as `eaeu-dash render --format svg` and ctrl+s.
//
//	go run ./tools/screenshots            # writes docs/screenshots/*.svg
//	go run ./tools/screenshots -o DIR
//
// The clock is fixed at the dataset's date, so that running it again
// without a change to the data or the views changes no file.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/eaeu-dash/eaeu-dash/data"
	"github.com/eaeu-dash/eaeu-dash/ui"
	"github.com/eaeu-dash/eaeu-dash/ui/snapshot"
)

// shot is one picture: a view at a size, on a background.
type shot struct {
	file      string
	view      string
	indicator string
	w, h      int
	dark      bool
	stop      int // a stop of the embedded story (its caption bar included), 0: none
}

var shots = []shot{
	{"overview-dark.svg", "overview", "", 120, 36, true, 0},
	{"charts-dark.svg", "charts", "kz-rail-transit", 120, 32, true, 0},
	{"charts-light.svg", "charts", "kz-rail-transit", 120, 32, false, 0},
	{"table-light.svg", "table", "", 120, 30, false, 0},
	{"events-dark.svg", "events", "", 120, 30, true, 0},
	{"map-dark.svg", "map", "", 160, 48, true, 0},
	{"story-stop5-dark.svg", "map", "", 140, 40, true, 5},
}

func main() {
	out := flag.String("o", "docs/screenshots", "directory to write the pictures to")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "screenshots:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	ds, err := data.Default()
	if err != nil {
		return err
	}
	now := ds.Updated.Start()
	if ds.Updated.IsZero() {
		now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	story, err := data.DefaultStory(ds, data.StoryOptions{Views: ui.ViewNames()})
	if err != nil {
		return err
	}
	for _, s := range shots {
		v, ok := ui.ParseView(s.view)
		if !ok {
			return fmt.Errorf("%s: no view %q", s.file, s.view)
		}
		st, err := ui.InitialState(ds, v, s.indicator)
		if err != nil {
			return err
		}
		var withStory *data.Story
		if s.stop > 0 {
			if st, err = ui.StopState(ds, story, s.stop); err != nil {
				return err
			}
			withStory = story
		}
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.TrueColor)
		r.SetHasDarkBackground(s.dark)
		frame := ui.Render(ds, ui.Options{Renderer: r, Lang: "en", Story: withStory, Now: func() time.Time { return now }}, st, s.w, s.h)
		svg := snapshot.SVG(frame, snapshot.Options{Dark: s.dark, Title: "eaeu-dash: " + s.view})
		if err := os.WriteFile(filepath.Join(dir, s.file), []byte(svg), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "%s: %s %dx%d\n", filepath.Join(dir, s.file), s.view, s.w, s.h)
	}
	return nil
}
