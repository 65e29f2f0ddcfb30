package ui

import (
	"time"

	"github.com/eaeu-dash/eaeu-dash/ui/chart"
)

// ChartMode is how the chart draws an indicator.
type ChartMode int

const (
	ModeLine     ChartMode = iota // one line per series over time
	ModeBars                      // entities side by side at one period
	ModeProgress                  // baseline vs current vs target
	numModes
)

func (c ChartMode) String() string {
	switch c {
	case ModeBars:
		return "bars"
	case ModeProgress:
		return "progress"
	}
	return "line"
}

// Table columns, in display order.
const (
	ColIndicator = iota
	ColEntity
	ColPeriod
	ColValue
	ColUnit
	ColStatus
	ColSource
	numCols
)

// State is everything on the screen that belongs to the whole screen and
// that a presenter shares with followers. It is a plain comparable value;
// Reduce is the only thing that changes it.
type State struct {
	View View // active view
	Prev View // where esc returns to from the detail view

	Indicator string // selected indicator id (charts, detail)

	// Chart time range as Unix seconds; From == To == 0 means the whole
	// extent of the indicator.
	From, To int64
	Mode     ChartMode
	Relative bool // change relative to the first point instead of values
	Log      bool // log scale (only when every value is positive)

	Card int // selected KPI card (overview)
	Pick int // selected line of the indicator picker (charts)
	Row  int // selected table row, after sort and filter

	SortCol  int  // ColIndicator..ColSource
	SortDesc bool // reverse order

	PickFilter  string // charts picker filter
	TableFilter string // table filter
	Typing      bool   // keys go into the active view's filter

	Source     int  // selected source (sources view)
	SourceOpen bool // the selected source's points are listed
	SourceRow  int  // selected point of the open source
	FromEvent  bool // the open source was opened from an event: esc returns to Events
	Event      int  // selected event (events view)

	Scroll int // detail view scroll, in lines

	Stop int // the story's stop on screen, 1..M (0: none; see story.go)

	// Map view (mapview.go).
	MapSel         int  // selected line or point (lines first, then points)
	MapZoom        int  // zoom steps of 1.5 from the whole map
	MapLon, MapLat int  // centre, hundredths of a degree (when MapMoved)
	MapMoved       bool // panned or focused: the centre is MapLon, MapLat
}

// ActionKind says what an Action does.
type ActionKind int

const (
	ActNone            ActionKind = iota
	ActView                       // switch to Action.View
	ActNextView                   // next tab
	ActPrevView                   // previous tab
	ActUp                         // selection up
	ActDown                       // selection down
	ActLeft                       // selection left (overview) or pan left (charts)
	ActRight                      // selection right (overview) or pan right (charts)
	ActPageUp                     // a page up
	ActPageDown                   // a page down
	ActHome                       // first item
	ActEnd                        // last item
	ActEnter                      // open the selection
	ActBack                       // esc
	ActSelect                     // select item Action.N of the active view (mouse)
	ActOpen                       // open the detail of indicator Action.S
	ActZoomIn                     // zoom the chart in around Action.F (0..1 across the plot)
	ActZoomOut                    // zoom the chart out around Action.F
	ActPan                        // pan the chart by Action.F of its span (negative: left)
	ActReset                      // whole extent
	ActRelative                   // toggle absolute/relative
	ActLog                        // toggle log scale
	ActMode                       // cycle line -> bars -> progress
	ActSort                       // Action.N < 0: next sort column; else sort by column N (again: reverse)
	ActSortReverse                // reverse the sort
	ActFilterStart                // start typing into the filter
	ActFilterInput                // append Action.S to the filter
	ActFilterBackspace            // delete the last rune of the filter
	ActFilterDone                 // stop typing, keep the filter
	ActFilterCancel               // stop typing, clear the filter
	ActScroll                     // scroll Action.N lines (detail; lists move the selection)
	ActStoryNext                  // the story's next stop (after the last: the first)
	ActStoryPrev                  // the story's previous stop
	ActStoryStop                  // the story's stop Action.N (1-based)
	ActMapPan                     // pan the map Action.N cells right and Action.F cells down
)

// Action is one user intent, already decoded from a key or mouse event.
type Action struct {
	Kind ActionKind
	View View
	N    int
	F    float64
	S    string
}

// ReduceCtx is what the reducer needs to know about the current screen:
// list lengths, the card grid and the ids behind selections. The model
// computes it from the dataset and the current State.
type ReduceCtx struct {
	Cards []string // indicator ids in card order
	Grid  [][]int  // visual rows of card indices (topics start new rows)

	Picker []string // indicator ids listed by the picker (after its filter)

	TableRows         int           // table rows after the filter
	TableRowIndicator string        // indicator of the selected table row
	HiddenCols        [numCols]bool // table columns the width leaves out (s skips them)

	Sources              int    // number of sources
	SourcePoints         int    // points of the open source
	SourcePointIndicator string // indicator of the selected point of the open source

	Events         int
	EventIndicator string // the one indicator backed by the selected event's source, if only one
	EventSource    int    // the selected event's source, -1 when none

	DetailLines int // lines of the detail content
	Page        int // lines visible in the body (page size)

	LogAllowed           bool  // every value of the selected indicator is positive
	ExtentFrom, ExtentTo int64 // the selected indicator's time extent (Unix seconds)
	MinSpan              int64 // the narrowest range zooming in reaches (seconds; see chart.MinSpan)

	Stops []State // what each stop of the story shows (story.go), none without a story

	MapItems                   int          // lines and points of the map
	MapSelIndicator            string       // the indicator enter opens on the map
	MapCenterLon, MapCenterLat float64      // the map's centre now
	MapDegW, MapDegH           float64      // degrees of longitude and latitude per cell
	MapSelLon, MapSelLat       float64      // the centre of the selected line or point
	MapW, MapH                 int          // the map area, cells
	MapPos                     [][2]float64 // each item's centre, lon and lat (the arrows pick by direction)
}

func clamp(v, lo, hi int) int {
	if hi < lo {
		hi = lo
	}
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// Reduce applies one action to a state. It is pure: the same inputs give
// the same State, and it never panics on odd contexts (empty lists).
func Reduce(s State, a Action, c ReduceCtx) State {
	page := c.Page
	if page < 1 {
		page = 1
	}
	switch a.Kind {
	case ActView:
		return switchView(s, a.View, c)
	case ActNextView:
		return switchView(s, views[(tabIndex(s.View)+1)%len(views)].v, c)
	case ActPrevView:
		return switchView(s, views[(tabIndex(s.View)+len(views)-1)%len(views)].v, c)
	case ActStoryNext:
		return goStop(s, max(s.Stop, 0)+1, c.Stops)
	case ActStoryPrev:
		return goStop(s, max(s.Stop-1, 1), c.Stops)
	case ActStoryStop:
		if a.N < 1 || a.N > len(c.Stops) {
			return s
		}
		return goStop(s, a.N, c.Stops)
	case ActOpen:
		if a.S == "" {
			return s
		}
		return openDetail(s, a.S)
	case ActFilterStart:
		switch s.View {
		case ViewCharts, ViewTable:
		default:
			s = switchView(s, ViewTable, c)
		}
		s.Typing = true
		return s
	case ActFilterInput:
		if !s.Typing {
			return s
		}
		return setFilter(s, filterOf(s)+a.S)
	case ActFilterBackspace:
		f := []rune(filterOf(s))
		if len(f) > 0 {
			f = f[:len(f)-1]
		}
		return setFilter(s, string(f))
	case ActFilterDone:
		s.Typing = false
		if s.View == ViewCharts && len(c.Picker) > 0 {
			// chart the first match unless the charted indicator matches too
			found := false
			for i, id := range c.Picker {
				if id == s.Indicator {
					s.Pick, found = i, true
				}
			}
			if !found {
				s = pickIndicator(s, c.Picker[0])
				s.Pick = 0
			}
		}
		return s
	case ActFilterCancel:
		s.Typing = false
		return setFilter(s, "")
	}

	if d := viewOf(s.View); d != nil && d.reduce != nil {
		return d.reduce(s, a, c, page)
	}
	return s
}

// reduceEvents: enter opens what the event's source backs: the indicator's
// detail when it backs one indicator, else the source's figures.
func reduceEvents(s State, a Action, c ReduceCtx, page int) State {
	if a.Kind != ActEnter {
		s.Event = moveSel(s.Event, a, c.Events, page)
		return s
	}
	switch {
	case c.EventIndicator != "":
		return openDetail(s, c.EventIndicator)
	case c.EventSource >= 0 && c.EventSource < c.Sources:
		s.View = ViewSources
		s.Source, s.SourceOpen, s.SourceRow, s.FromEvent = c.EventSource, true, 0, true
	}
	return s
}

func filterOf(s State) string {
	if s.View == ViewCharts {
		return s.PickFilter
	}
	return s.TableFilter
}

func setFilter(s State, f string) State {
	if s.View == ViewCharts {
		s.PickFilter = f
		s.Pick = 0
	} else {
		s.TableFilter = f
		s.Row = 0
	}
	return s
}

func switchView(s State, v View, c ReduceCtx) State {
	s.Typing = false
	if v == s.View {
		return s
	}
	if v == ViewDetail {
		if s.Indicator == "" && len(c.Cards) > 0 {
			s.Indicator = c.Cards[clamp(s.Card, 0, len(c.Cards)-1)]
		}
		s.Prev = s.View
		s.Scroll = 0
	}
	if v == ViewCharts && s.Indicator == "" && len(c.Cards) > 0 {
		s.Indicator = c.Cards[clamp(s.Card, 0, len(c.Cards)-1)]
	}
	s.View = v
	return s
}

func openDetail(s State, id string) State {
	if s.View != ViewDetail {
		s.Prev = s.View
	}
	if s.Indicator != id {
		s.From, s.To = 0, 0
		s.Log = false
	}
	s.Indicator = id
	s.View = ViewDetail
	s.Typing = false
	s.Scroll = 0
	return s
}

// moveSel moves a selection in a plain vertical list of n items.
func moveSel(sel int, a Action, n, page int) int {
	switch a.Kind {
	case ActUp:
		sel--
	case ActDown:
		sel++
	case ActPageUp:
		sel -= page
	case ActPageDown:
		sel += page
	case ActHome:
		sel = 0
	case ActEnd:
		sel = n - 1
	case ActScroll:
		sel += a.N
	case ActSelect:
		sel = a.N
	default:
		return sel
	}
	return clamp(sel, 0, n-1)
}

func reduceOverview(s State, a Action, c ReduceCtx) State {
	n := len(c.Cards)
	if n == 0 {
		return s
	}
	s.Card = clamp(s.Card, 0, n-1)
	row, col := gridPos(c.Grid, s.Card)
	switch a.Kind {
	case ActLeft:
		s.Card = clamp(s.Card-1, 0, n-1)
	case ActRight:
		s.Card = clamp(s.Card+1, 0, n-1)
	case ActUp, ActDown, ActPageUp, ActPageDown, ActScroll:
		d := 1
		switch a.Kind {
		case ActUp:
			d = -1
		case ActPageUp:
			d = -3
		case ActPageDown:
			d = 3
		case ActScroll:
			d = a.N
		}
		if row < 0 {
			s.Card = clamp(s.Card+d, 0, n-1)
			break
		}
		r := clamp(row+d, 0, len(c.Grid)-1)
		if len(c.Grid[r]) > 0 {
			s.Card = c.Grid[r][clamp(col, 0, len(c.Grid[r])-1)]
		}
	case ActHome:
		s.Card = 0
	case ActEnd:
		s.Card = n - 1
	case ActSelect:
		s.Card = clamp(a.N, 0, n-1)
	case ActEnter:
		return openDetail(s, c.Cards[s.Card])
	default:
		return s
	}
	s.Card = clamp(s.Card, 0, n-1)
	return s
}

func gridPos(grid [][]int, card int) (row, col int) {
	for r, cells := range grid {
		for c, i := range cells {
			if i == card {
				return r, c
			}
		}
	}
	return -1, 0
}

func reduceCharts(s State, a Action, c ReduceCtx, page int) State {
	for i, id := range c.Picker { // move from the indicator on screen
		if id == s.Indicator {
			s.Pick = i
			break
		}
	}
	if s.Mode != ModeLine {
		switch a.Kind {
		case ActLeft, ActRight, ActPan, ActZoomIn, ActZoomOut, ActReset, ActRelative, ActLog:
			// Range, relative and log are the line chart's: in bars and
			// progress they would change nothing on screen (the footer
			// does not offer them there).
			return s
		}
	}
	switch a.Kind {
	case ActUp, ActDown, ActPageUp, ActPageDown, ActHome, ActEnd, ActScroll, ActSelect:
		s.Pick = moveSel(s.Pick, a, len(c.Picker), page)
		if len(c.Picker) > 0 {
			s = pickIndicator(s, c.Picker[clamp(s.Pick, 0, len(c.Picker)-1)])
		}
	case ActEnter:
		if len(c.Picker) > 0 {
			id := c.Picker[clamp(s.Pick, 0, len(c.Picker)-1)]
			if id != s.Indicator {
				return pickIndicator(s, id)
			}
			return openDetail(s, id)
		}
	case ActLeft, ActRight, ActPan:
		frac := a.F
		if a.Kind == ActLeft {
			frac = -0.25
		} else if a.Kind == ActRight {
			frac = 0.25
		}
		return stepRange(s, c, func(f, t, lo, hi time.Time) (time.Time, time.Time) {
			return chart.Pan(f, t, frac, lo, hi)
		})
	case ActZoomIn:
		return stepRange(s, c, func(f, t, _, _ time.Time) (time.Time, time.Time) {
			return chart.ZoomInTo(f, t, a.F, time.Duration(c.MinSpan)*time.Second)
		})
	case ActZoomOut:
		return stepRange(s, c, func(f, t, lo, hi time.Time) (time.Time, time.Time) {
			return chart.ZoomOut(f, t, a.F, lo, hi)
		})
	case ActBack:
		s.PickFilter = ""
	case ActReset:
		s.From, s.To = 0, 0
	case ActRelative:
		s.Relative = !s.Relative
		if s.Relative {
			s.Log = false
		}
	case ActLog:
		if c.LogAllowed && !s.Relative {
			s.Log = !s.Log
		} else {
			s.Log = false
		}
	case ActMode:
		s.Mode = (s.Mode + 1) % numModes
	}
	return s
}

func pickIndicator(s State, id string) State {
	if id != s.Indicator {
		s.Indicator = id
		s.From, s.To = 0, 0
		s.Log = false
	}
	return s
}

func reduceTable(s State, a Action, c ReduceCtx, page int) State {
	switch a.Kind {
	case ActSort:
		if a.N < 0 {
			s.SortCol = (s.SortCol + 1) % numCols
			for k := 0; k < numCols && c.HiddenCols[s.SortCol]; k++ {
				s.SortCol = (s.SortCol + 1) % numCols // sorting by what is not shown shows nothing
			}
			s.SortDesc = false
		} else if a.N == s.SortCol {
			s.SortDesc = !s.SortDesc
		} else {
			s.SortCol = clamp(a.N, 0, numCols-1)
			s.SortDesc = false
		}
		s.Row = 0
		return s
	case ActSortReverse:
		s.SortDesc = !s.SortDesc
		s.Row = 0
		return s
	case ActEnter:
		if c.TableRowIndicator != "" {
			return openDetail(s, c.TableRowIndicator)
		}
		return s
	case ActBack:
		if s.TableFilter != "" {
			s.TableFilter = ""
			s.Row = 0
		}
		return s
	}
	s.Row = moveSel(s.Row, a, c.TableRows, page)
	return s
}

func reduceDetail(s State, a Action, c ReduceCtx, page int) State {
	max := c.DetailLines - page
	if max < 0 {
		max = 0
	}
	if a.Kind == ActBack {
		prev := s.Prev
		if prev == ViewDetail {
			prev = ViewOverview
		}
		s.View = prev
		s.Scroll = 0
		return s
	}
	if a.Kind != ActSelect { // the detail has no items to select
		s.Scroll = moveSel(s.Scroll, a, max+1, page) // scrolling is moving over lines 0..max
	}
	return s
}

func reduceSources(s State, a Action, c ReduceCtx, page int) State {
	if s.SourceOpen {
		switch a.Kind {
		case ActBack:
			s.SourceOpen = false
			s.SourceRow = 0
			if s.FromEvent { // back where enter was pressed
				s.View, s.FromEvent = ViewEvents, false
			}
			return s
		case ActEnter:
			if c.SourcePointIndicator != "" {
				return openDetail(s, c.SourcePointIndicator)
			}
			return s
		}
		s.SourceRow = moveSel(s.SourceRow, a, c.SourcePoints, page)
		return s
	}
	if a.Kind == ActEnter {
		if c.Sources > 0 {
			s.SourceOpen = true
			s.SourceRow = 0
			s.FromEvent = false
		}
		return s
	}
	s.Source = moveSel(s.Source, a, c.Sources, page)
	return s
}

// stepRange applies one step of the chart's time-range model (chart.ZoomIn,
// ZoomOut or Pan, tested in ui/chart) to the State's range. State keeps
// Unix seconds so that it stays comparable; times exist only here.
func stepRange(s State, c ReduceCtx, step func(from, to, lo, hi time.Time) (time.Time, time.Time)) State {
	if c.ExtentFrom >= c.ExtentTo {
		return s
	}
	lo, hi := time.Unix(c.ExtentFrom, 0).UTC(), time.Unix(c.ExtentTo, 0).UTC()
	from, to := lo, hi
	if s.From < s.To {
		from, to = time.Unix(s.From, 0).UTC(), time.Unix(s.To, 0).UTC()
	}
	f, t := step(from, to, lo, hi)
	s.From, s.To = f.Round(time.Second).Unix(), t.Round(time.Second).Unix()
	if s.From <= c.ExtentFrom && s.To >= c.ExtentTo {
		s.From, s.To = 0, 0 // the whole extent
	}
	return s
}

func clampF(v, lo, hi float64) float64 {
	if v != v || v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
