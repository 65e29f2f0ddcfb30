package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// A story (Options.Story) is a briefing as stops. State.Stop is the stop on
// screen (1..M; 0 before the first): it travels with the State, so over
// SSH followers see the presenter's stop and its caption, and `f` brings a
// viewer who looked around back to it. What a stop shows is computed once
// per story and dataset (stopStates) and applied by the pure Reduce
// (ActStoryNext, ActStoryPrev) from ReduceCtx.Stops.

// tourMsg drives --tour: the model checks the clock on each one.
type tourMsg struct{}

// tourPausedText is what the tour's mark says while input holds it.
var tourPausedText = map[string]string{"en": "paused", "ru": "пауза"}

// stopStates turns each stop of st into the State it shows, from base (the
// State before the story). Unknown ids (a story checked against another
// dataset) leave that part of the state alone.
func stopStates(dv *dsView, st *data.Story, base State) []State {
	if st == nil {
		return nil
	}
	out := make([]State, len(st.Stops))
	for i := range st.Stops {
		p := &st.Stops[i]
		s := base
		s.Stop = i + 1
		s.Typing = false
		s.Scroll = 0
		if v, ok := ParseView(p.View); ok {
			s.View = v
		}
		s.Prev = ViewOverview
		if p.Indicator != "" {
			if _, ii := dv.indicator(p.Indicator); ii >= 0 {
				s.Indicator = p.Indicator
				for ci, id := range dv.cardIDs {
					if id == p.Indicator {
						s.Card, s.Pick = ci, ci
					}
				}
			}
		}
		s.PickFilter = ""
		s.From, s.To = 0, 0
		if !p.Chart.From.IsZero() {
			s.From = p.Chart.From.Start().Unix()
		}
		if !p.Chart.To.IsZero() {
			s.To = p.Chart.To.End().Unix()
		}
		if s.From != 0 && s.To == 0 || s.From == 0 && s.To != 0 {
			if _, ii := dv.indicator(s.Indicator); ii >= 0 {
				lo, hi := dv.extent(ii)
				if s.From == 0 {
					s.From = lo
				} else {
					s.To = hi
				}
			}
		}
		s.Mode = ModeLine
		for mi, name := range data.StoryModes() {
			if p.Chart.Mode == name {
				s.Mode = ChartMode(mi)
			}
		}
		s.Relative, s.Log = p.Chart.Relative, p.Chart.Log
		s.TableFilter = p.Table.Filter
		s.SortCol, s.SortDesc = ColIndicator, p.Table.Desc
		for ci, name := range data.StorySortColumns() {
			if p.Table.Sort == name {
				s.SortCol = ci
			}
		}
		s.Row = 0
		if p.Event >= 0 && p.Event < len(dv.ds.Events) {
			s.Event = p.Event
		}
		s.MapSel, s.MapZoom, s.MapMoved, s.MapLon, s.MapLat = 0, 0, false, 0, 0
		focus := p.Map.Focus
		if focus == "" && s.View == ViewMap {
			focus = p.Entity // a map stop on an entity focuses it
		}
		if focus != "" || p.Map.Zoom > 0 {
			s = mapStopState(dv, s, focus, p.Map.Zoom)
		}
		out[i] = s
	}
	return out
}

// StopState is the State that shows stop n (1-based) of st on ds, for
// `render` (a stop as a picture, its caption bar included when the
// program's Options.Story is st).
func StopState(ds *data.Dataset, st *data.Story, n int) (State, error) {
	if st == nil || n < 1 || n > len(st.Stops) {
		m := 0
		if st != nil {
			m = len(st.Stops)
		}
		return State{}, fmt.Errorf("no stop %d (the story has %d)", n, m)
	}
	dv := newDSView(ds, "en")
	return stopStates(dv, st, defaultState(dv))[n-1], nil
}

// goStop is the State of stop n (1-based, wrapping around), keeping what
// belongs to the viewer and not to the story.
func goStop(s State, n int, stops []State) State {
	if len(stops) == 0 {
		return s
	}
	n = ((n-1)%len(stops)+len(stops))%len(stops) + 1
	return stops[n-1]
}

// storyOn reports whether this program has a story to step through.
func (m *model) storyOn() bool { return m.opts.Story != nil && len(m.opts.Story.Stops) > 0 }

// stops is the States of the story's stops on the current dataset, built
// once per story and dataset.
func (m *model) stops() []State {
	if !m.storyOn() {
		return nil
	}
	if m.stopsFor != m.dv {
		m.stopsFor = m.dv
		m.stopCache = stopStates(m.dv, m.opts.Story, defaultState(m.dv))
	}
	return m.stopCache
}

// figure writes the point a caption names, in the interface's language.
func (m *model) figure(r data.PointRef, number bool) string {
	ds := m.dv.ds
	if int(r.I) >= len(ds.Indicators) || int(r.S) >= len(ds.Indicators[r.I].Series) || int(r.P) >= len(ds.Indicators[r.I].Series[r.S].Points) {
		return "?"
	}
	ind, _, p := ds.Point(r)
	if number {
		return m.tr.num(p.Value, ind.Decimals)
	}
	return m.tr.value(p.Value, ind.Decimals, m.dv.unit(ind))
}

// captionRows is the number of lines the caption bar takes (captionLines).
func (m *model) captionRows() int {
	if !m.storyOn() || m.state.Stop < 1 || m.state.Stop > len(m.opts.Story.Stops) {
		return 0
	}
	if m.h >= 30 && strings.Contains(m.opts.Story.Stops[m.state.Stop-1].Caption.Get(m.opts.Lang), "\n") {
		return 2
	}
	return 1
}

// captionLines is the caption bar: "N/M" and the caption of the stop on
// screen, one or two lines of w cells (none without a story or before its
// first stop). With a tour the bar ends in a thin mark of the time left.
func (m *model) captionLines(w int) []string {
	if !m.storyOn() || m.state.Stop < 1 || m.state.Stop > len(m.opts.Story.Stops) {
		return nil
	}
	stop := &m.opts.Story.Stops[m.state.Stop-1]
	text := stop.CaptionText(m.opts.Lang, m.figure)
	lines := strings.Split(text, "\n")
	if len(lines) > 2 {
		lines = lines[:2]
	}
	if m.h < 30 && len(lines) == 2 { // a small screen keeps one line for the caption
		lines = []string{lines[0] + " " + lines[1]}
	}
	head := " " + strconv.Itoa(m.state.Stop) + "/" + strconv.Itoa(len(m.opts.Story.Stops)) + " "
	mark := m.tourMark()
	out := make([]string, len(lines))
	for i, ln := range lines {
		prefix := strings.Repeat(" ", len(head))
		if i == 0 {
			prefix = head
		}
		room := w - len(prefix) - 1
		if i == 0 && mark != "" {
			room -= ansi.StringWidth(mark) + 1
		}
		if room < 1 {
			room = 1
		}
		body := ln
		if ansi.StringWidth(body) > room {
			body = ansi.Truncate(body, room-1, "") + "…"
		}
		line := m.st.Accent.Render(prefix) + m.st.Text.Render(body)
		if i == 0 && mark != "" {
			pad := w - ansi.StringWidth(line) - ansi.StringWidth(mark) - 1
			line += strings.Repeat(" ", max(pad, 1)) + m.st.Muted.Render(mark)
		}
		out[i] = fit(line, w)
	}
	return out
}

// tourMark is the tour's progress to the next stop (8 cells), or the word
// "paused" while a viewer's keys hold it; "" without a tour.
func (m *model) tourMark() string {
	if m.opts.Tour <= 0 || !m.storyOn() || m.role == RoleFollower {
		return ""
	}
	now := m.now()
	if m.tourPaused(now) {
		if t, ok := tourPausedText[m.opts.Lang]; ok {
			return t
		}
		return tourPausedText["en"]
	}
	left := m.tourNext.Sub(now)
	frac := 1 - float64(left)/float64(m.opts.Tour)
	frac = clampF(frac, 0, 1)
	const cells = 8
	n := int(frac*cells + 0.5)
	if m.st.look.ascii {
		return "[" + strings.Repeat("#", n) + strings.Repeat("-", cells-n) + "]"
	}
	return strings.Repeat("▰", n) + strings.Repeat("▱", cells-n)
}

// tourPaused: a key or a click in the last Tour holds the tour.
func (m *model) tourPaused(now time.Time) bool {
	return m.tourInput && now.Sub(m.lastInput) < m.opts.Tour
}

// tourTick is the next tourMsg: often enough for the progress mark to move
// (an eighth of the duration, at least 100 ms, at most a second).
func (m *model) tourTick() tea.Cmd {
	d := m.opts.Tour / 8
	d = min(max(d, 100*time.Millisecond), time.Second)
	return tea.Tick(d, func(time.Time) tea.Msg { return tourMsg{} })
}

// onTour advances the tour when its time has come and nobody holds it.
// It returns whether the screen changed.
func (m *model) onTour() bool {
	if m.opts.Tour <= 0 || !m.storyOn() || m.role == RoleFollower {
		return false
	}
	now := m.now()
	if m.tourPaused(now) {
		// Resume a whole duration after the last input.
		m.tourNext = m.lastInput.Add(2 * m.opts.Tour)
		return true
	}
	m.tourInput = false
	if now.Before(m.tourNext) {
		return true // the progress mark moves
	}
	m.tourNext = now.Add(m.opts.Tour)
	m.state = Reduce(m.state, Action{Kind: ActStoryNext}, m.reduceCtx())
	return true
}
