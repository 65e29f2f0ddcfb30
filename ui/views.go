package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// viewDef is one view of the dashboard: one row of the views table. Every
// list or check of views derives from the table: the tabs and their keys,
// ParseView and View.String (so the CLI's --view and storyboards), range
// checks, help, the reducer's and the renderer's dispatch, mouse clicks.
// Adding a view is one file and one row (its tab word goes in i18n, its
// fields in State).
type viewDef struct {
	v    View
	name string // its name on the command line and in storyboards

	// render draws the body, w x h cells.
	render func(m *model, w, h int) string
	// reduce applies an action that is not global (Reduce handles views,
	// filters and opening a detail) in this view; page is the page size.
	reduce func(s State, a Action, c ReduceCtx, page int) State
	// keys are the view's own keys, tried before the movement keys.
	keys func(km *keyMap) []keyAction
	// short and full are the view's lines of help (without the global
	// keys).
	short, full func(h viewKeys) []key.Binding
	// click handles a left click on the item id of the last frame (not
	// a tab).
	click func(m *model, id string, msg tea.MouseMsg)
	// wheel handles the wheel (d: -1 up, 1 down) over the item id at x, y
	// (in its zone); false lets the wheel scroll the view's list.
	wheel func(m *model, id string, x, y, d int) bool
}

// views is the table, in tab order (keys 1, 2, ...). It is set in init so
// that its functions may use it (Go's initialisation order).
var views []viewDef

func init() {
	views = []viewDef{
		{
			v: ViewOverview, name: "overview",
			render: (*model).renderOverview,
			reduce: func(s State, a Action, c ReduceCtx, _ int) State { return reduceOverview(s, a, c) },
			short:  func(h viewKeys) []key.Binding { return []key.Binding{h.k.CardMove, h.k.Enter} },
			full: func(h viewKeys) []key.Binding {
				k := h.k
				return []key.Binding{k.CardMove, k.PageUp, k.PageDown, h.withHelp(k.Enter, "enter", "open card detail")}
			},
			click: func(m *model, id string, _ tea.MouseMsg) {
				if n, ok := zoneIndex(id, "card-"); ok {
					m.clickItem(n, m.state.Card)
				}
			},
		},
		{
			v: ViewCharts, name: "charts",
			render: (*model).renderCharts,
			reduce: reduceCharts,
			keys: func(km *keyMap) []keyAction {
				return []keyAction{
					{km.ZoomIn, Action{Kind: ActZoomIn, F: 0.5}},
					{km.ZoomOut, Action{Kind: ActZoomOut, F: 0.5}},
					{km.Reset, Action{Kind: ActReset}},
					{km.Relative, Action{Kind: ActRelative}},
					{km.Log, Action{Kind: ActLog}},
					{km.Mode, Action{Kind: ActMode}},
				}
			},
			short: func(h viewKeys) []key.Binding {
				k := h.k
				if h.mode != ModeLine { // range, relative and log are the line chart's
					return []key.Binding{k.PickMove, k.Mode, k.Filter, k.Enter}
				}
				return []key.Binding{k.PickMove, k.ZoomIn, k.ZoomOut, k.Pan, k.Reset, k.Relative, k.Log, k.Mode, k.Filter}
			},
			full: func(h viewKeys) []key.Binding {
				k := h.k
				if h.mode != ModeLine {
					return []key.Binding{k.PickMove, h.withHelp(k.Enter, "enter", "detail"), k.Filter, k.Mode}
				}
				return []key.Binding{k.PickMove, h.withHelp(k.Enter, "enter", "detail"), k.Filter, k.ZoomIn, k.ZoomOut, k.Pan, k.Reset, k.Relative, k.Log, k.Mode}
			},
			click: func(m *model, id string, msg tea.MouseMsg) {
				if n, ok := zoneIndex(id, "pick-"); ok {
					m.apply(Action{Kind: ActSelect, N: n})
				} else if id == "chart" {
					m.dragging, m.dragX = true, msg.X
				}
			},
			wheel: func(m *model, id string, x, _, d int) bool {
				if id != "chart" {
					return false
				}
				if d < 0 {
					m.apply(Action{Kind: ActZoomIn, F: m.chartFrac(x)})
				} else {
					m.apply(Action{Kind: ActZoomOut, F: m.chartFrac(x)})
				}
				return true
			},
		},
		{
			v: ViewTable, name: "table",
			render: (*model).renderTable,
			reduce: reduceTable,
			keys: func(km *keyMap) []keyAction {
				return []keyAction{
					{km.Sort, Action{Kind: ActSort, N: -1}},
					{km.SortRev, Action{Kind: ActSortReverse}},
				}
			},
			short: func(h viewKeys) []key.Binding {
				k := h.k
				return []key.Binding{k.Up, k.Down, k.Sort, k.SortRev, k.Filter, k.Enter}
			},
			full: func(h viewKeys) []key.Binding {
				k := h.k
				return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Sort, k.SortRev, h.withHelp(k.Filter, "/", "filter rows"), k.Enter, h.withHelp(k.Back, "esc", "clear filter")}
			},
			click: func(m *model, id string, _ tea.MouseMsg) {
				if n, ok := zoneIndex(id, "row-"); ok {
					m.clickItem(n, m.state.Row)
				} else if n, ok := zoneIndex(id, "hdr-"); ok {
					m.apply(Action{Kind: ActSort, N: n})
				}
			},
		},
		{
			v: ViewDetail, name: "detail",
			render: (*model).renderDetail,
			reduce: reduceDetail,
			short:  func(h viewKeys) []key.Binding { return []key.Binding{h.k.Scroll, h.k.PageDown, h.k.Back} },
			full: func(h viewKeys) []key.Binding {
				k := h.k
				return []key.Binding{k.Scroll, k.PageUp, k.PageDown, k.Home, k.End, k.Back}
			},
			wheel: func(m *model, _ string, _, _, d int) bool {
				m.apply(Action{Kind: ActScroll, N: 3 * d})
				return true
			},
		},
		{
			v: ViewSources, name: "sources",
			render: (*model).renderSources,
			reduce: reduceSources,
			short: func(h viewKeys) []key.Binding {
				k := h.k
				if h.open {
					return []key.Binding{k.Up, k.Down, k.Enter, k.Back}
				}
				return []key.Binding{k.Up, k.Down, h.withHelp(k.Enter, "enter", "list points")}
			},
			full: func(h viewKeys) []key.Binding {
				k := h.k
				return []key.Binding{k.Up, k.Down, h.withHelp(k.Enter, "enter", "list points / open detail"), h.withHelp(k.Back, "esc", "back to sources")}
			},
			click: func(m *model, id string, _ tea.MouseMsg) {
				if n, ok := zoneIndex(id, "src-"); ok {
					m.clickItem(n, m.state.Source)
				} else if n, ok := zoneIndex(id, "sp-"); ok {
					m.clickItem(n, m.state.SourceRow)
				}
			},
		},
		{
			v: ViewEvents, name: "events",
			render: (*model).renderEvents,
			reduce: reduceEvents,
			short: func(h viewKeys) []key.Binding {
				if h.eventOpens {
					return []key.Binding{h.k.Up, h.k.Down, h.withHelp(h.k.Enter, "enter", "open its figures")}
				}
				return []key.Binding{h.k.Up, h.k.Down}
			},
			full: func(h viewKeys) []key.Binding {
				k := h.k
				return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, h.withHelp(k.Enter, "enter", "the indicator or source behind it")}
			},
			click: func(m *model, id string, _ tea.MouseMsg) {
				if n, ok := zoneIndex(id, "ev-"); ok {
					m.clickItem(n, m.state.Event)
				}
			},
		},
		{
			v: ViewMap, name: "map",
			render: (*model).renderMap,
			reduce: reduceMap,
			keys: func(km *keyMap) []keyAction {
				return []keyAction{
					{km.MapLeft, Action{Kind: ActMapPan, N: -8}},
					{km.MapRight, Action{Kind: ActMapPan, N: 8}},
					{km.MapUp, Action{Kind: ActMapPan, F: -4}},
					{km.MapDown, Action{Kind: ActMapPan, F: 4}},
					{km.ZoomIn, Action{Kind: ActZoomIn, N: 1}}, // on the selection
					{km.ZoomOut, Action{Kind: ActZoomOut}},
					{km.Reset, Action{Kind: ActReset}},
				}
			},
			short: func(h viewKeys) []key.Binding {
				k := h.k
				return []key.Binding{k.MapSelect, k.MapPan, k.ZoomIn, k.ZoomOut, k.Reset, h.withHelp(k.Enter, "enter", "detail")}
			},
			full: func(h viewKeys) []key.Binding {
				k := h.k
				return []key.Binding{k.MapSelect, k.MapPan, k.ZoomIn, k.ZoomOut, k.Reset, h.withHelp(k.Enter, "enter", "detail")}
			},
			click: func(m *model, id string, msg tea.MouseMsg) {
				if id != "map" {
					return
				}
				_, x, y := m.hit(msg)
				if n := m.mapHit(x, y); n >= 0 {
					m.apply(Action{Kind: ActSelect, N: n})
				}
				m.dragging, m.dragX, m.dragY = true, msg.X, msg.Y
			},
			wheel: func(m *model, id string, x, y, d int) bool {
				if id != "map" {
					return false
				}
				// Around the pointer: the place under it stays under it.
				if d < 0 {
					m.apply(Action{Kind: ActZoomIn, N: 2, F: mapAt(x, y)})
				} else {
					m.apply(Action{Kind: ActZoomOut, N: 2, F: mapAt(x, y)})
				}
				return true
			},
		},
	}
}

// viewOf is v's row of the table, or nil for a value that is not a view.
func viewOf(v View) *viewDef {
	for i := range views {
		if views[i].v == v {
			return &views[i]
		}
	}
	return nil
}

// validView reports whether v is a view of the table.
func validView(v View) bool { return viewOf(v) != nil }

// tabIndex is v's place in the tab order (0 for a value that is not a
// view).
func tabIndex(v View) int {
	for i := range views {
		if views[i].v == v {
			return i
		}
	}
	return 0
}

// tabKeys are the keys of the tabs, "1".."N", and their help, "1-N".
func tabKeys() (keys []string, help string) {
	for i := range views {
		keys = append(keys, strconv.Itoa(i+1))
	}
	return keys, "1-" + strconv.Itoa(len(views))
}

// ViewNames are the views' names in tab order, as ParseView reads them
// (the CLI's --view, storyboards).
func ViewNames() []string {
	out := make([]string, len(views))
	for i, d := range views {
		out[i] = d.name
	}
	return out
}

// ParseView reads a view's name (see ViewNames), in any case.
func ParseView(name string) (View, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	for _, d := range views {
		if d.name == name {
			return d.v, true
		}
	}
	return 0, false
}

// String is the view's name as ParseView reads it.
func (v View) String() string {
	if d := viewOf(v); d != nil {
		return d.name
	}
	return "View(" + strconv.Itoa(int(v)) + ")"
}
