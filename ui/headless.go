package ui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// Render returns one frame, exactly what the dashboard shows at width x
// height in state st, without running a program (the `render` command).
func Render(ds *data.Dataset, opts Options, st State, width, height int) string {
	m := newModel(ds, opts)
	m.state = m.sanitize(st)
	m.update(tea.WindowSizeMsg{Width: width, Height: height})
	return m.frame
}

// InitialState is the state that opens view v on indicator indicatorID
// ("" for the first indicator). An unknown id is an error that lists
// a few known ones.
func InitialState(ds *data.Dataset, v View, indicatorID string) (State, error) {
	// Only the cards' order and the ids are needed: not a whole dsView
	// (names, ranks, rows), which Render builds again (BENCHMARKS.md,
	// "Start-up").
	if ds == nil {
		ds = &data.Dataset{}
	}
	_, cardIDs, _ := cardOrder(ds)
	s := defaultStateOf(cardIDs)
	if !validView(v) {
		return s, fmt.Errorf("unknown view %d", int(v))
	}
	if indicatorID != "" {
		known := false
		for i := range ds.Indicators {
			known = known || ds.Indicators[i].ID == indicatorID
		}
		if !known {
			var known []string
			for j, id := range cardIDs {
				if j == 8 {
					known = append(known, "…")
					break
				}
				known = append(known, id)
			}
			return s, fmt.Errorf("unknown indicator %q (known: %s)", indicatorID, strings.Join(known, ", "))
		}
		s.Indicator = indicatorID
		for ci, id := range cardIDs {
			if id == indicatorID {
				s.Card = ci
				s.Pick = ci
			}
		}
		if v == ViewTable {
			// show that indicator's rows
			s.TableFilter = indicatorID
		}
	}
	s.View = v
	return s, nil
}
