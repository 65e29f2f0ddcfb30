package ui

import (
	"sync"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// keyMap holds every key binding of the dashboard.
type keyMap struct {
	Tabs, NextTab, PrevTab          key.Binding
	Up, Down, Left, Right           key.Binding
	PageUp, PageDown, Home, End     key.Binding
	Enter, Back, Filter, Help, Quit key.Binding
	Follow                          key.Binding
	ZoomIn, ZoomOut, Pan, Reset     key.Binding
	Relative, Log, Mode             key.Binding
	Sort, SortRev                   key.Binding
	CardMove, PickMove, Scroll      key.Binding // help-only summaries
	FilterDone, FilterCancel        key.Binding
}

// The key map of each language, built at its first session. Nothing
// changes a key map once built (withHelp changes a copy of a binding), so
// all sessions of a language share one, like its msgs.
var (
	keyMapEN = sync.OnceValue(func() *keyMap { k := newKeyMap(&msgsEN); return &k })
	keyMapRU = sync.OnceValue(func() *keyMap { k := newKeyMap(&msgsRU); return &k })
)

// keyMapOf is the shared key map of tr's language.
func keyMapOf(tr *msgs) *keyMap {
	switch tr {
	case &msgsEN:
		return keyMapEN()
	case &msgsRU:
		return keyMapRU()
	}
	k := newKeyMap(tr)
	return &k
}

func newKeyMap(tr *msgs) keyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, tr.key(desc)))
	}
	return keyMap{
		Tabs:         b("1-6", "views", "1", "2", "3", "4", "5", "6"),
		NextTab:      b("tab", "next view", "tab"),
		PrevTab:      b("shift+tab", "prev view", "shift+tab"),
		Up:           b("↑/k", "up", "up", "k"),
		Down:         b("↓/j", "down", "down", "j"),
		Left:         b("←/h", "left", "left", "h"),
		Right:        b("→/l", "right", "right", "l"),
		PageUp:       b("pgup", "page up", "pgup", "ctrl+u"),
		PageDown:     b("pgdn", "page down", "pgdown", "ctrl+d", " "),
		Home:         b("home", "first", "home"),
		End:          b("end/G", "last", "end", "G"),
		Enter:        b("enter", "open detail", "enter"),
		Back:         b("esc", "back", "esc"),
		Filter:       b("/", "search", "/"),
		Help:         b("?", "help", "?"),
		Quit:         b("q", "quit", "q", "ctrl+c"),
		Follow:       b("f", "follow presenter", "f"),
		ZoomIn:       b("+", "zoom in", "+", "="),
		ZoomOut:      b("-", "zoom out", "-", "_"),
		Pan:          b("←→/hl", "pan", "left", "right", "h", "l"),
		Reset:        b("0", "reset zoom", "0"),
		Relative:     b("r", "relative/absolute", "r"),
		Log:          b("g", "log scale", "g"),
		Mode:         b("b", "line/bars/progress", "b"),
		Sort:         b("s", "sort column", "s"),
		SortRev:      b("S", "reverse sort", "S"),
		CardMove:     b("←↓↑→/hjkl", "move", "up", "down", "left", "right", "h", "j", "k", "l"),
		PickMove:     b("↑↓/jk", "pick indicator", "up", "down", "j", "k"),
		Scroll:       b("↑↓/jk", "scroll", "up", "down", "j", "k"),
		FilterDone:   b("enter", "keep filter", "enter"),
		FilterCancel: b("esc", "clear filter", "esc"),
	}
}

// viewKeys is the help.KeyMap of one view.
type viewKeys struct {
	k      keyMap
	tr     *msgs
	v      View
	typing bool
	follow bool // a follower with a presenter: the full help lists f
	detach bool // and it looks around: the short help starts with f
	open   bool // a source's points are listed
	mode   ChartMode
	// eventOpens: enter on the selected event leads to figures; an event
	// whose source backs none does not offer it.
	eventOpens bool
}

var _ help.KeyMap = viewKeys{}

func (h viewKeys) ShortHelp() []key.Binding {
	k := h.k
	if h.typing {
		return []key.Binding{k.FilterDone, k.FilterCancel}
	}
	var out []key.Binding
	switch h.v {
	case ViewOverview:
		out = []key.Binding{k.CardMove, k.Enter}
	case ViewCharts:
		out = []key.Binding{k.PickMove, k.ZoomIn, k.ZoomOut, k.Pan, k.Reset, k.Relative, k.Log, k.Mode, k.Filter}
		if h.mode != ModeLine { // range, relative and log are the line chart's
			out = []key.Binding{k.PickMove, k.Mode, k.Filter, k.Enter}
		}
	case ViewTable:
		out = []key.Binding{k.Up, k.Down, k.Sort, k.SortRev, k.Filter, k.Enter}
	case ViewDetail:
		out = []key.Binding{k.Scroll, k.PageDown, k.Back}
	case ViewSources:
		if h.open {
			out = []key.Binding{k.Up, k.Down, k.Enter, k.Back}
		} else {
			out = []key.Binding{k.Up, k.Down, h.withHelp(k.Enter, "enter", "list points")}
		}
	case ViewEvents:
		out = []key.Binding{k.Up, k.Down}
		if h.eventOpens {
			out = append(out, h.withHelp(k.Enter, "enter", "open its figures"))
		}
	}
	if h.follow && h.detach {
		out = append([]key.Binding{k.Follow}, out...)
	}
	return append(out, k.NextTab, k.Help, k.Quit)
}

// withHelp is b with another help text (desc in English, translated).
func (h viewKeys) withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, h.tr.key(desc))
	return b
}

func (h viewKeys) FullHelp() [][]key.Binding {
	k := h.k
	global := []key.Binding{k.Tabs, k.NextTab, k.PrevTab, k.Filter, k.Help, k.Quit}
	if h.follow {
		global = append(global, k.Follow)
	}
	var view []key.Binding
	switch h.v {
	case ViewOverview:
		view = []key.Binding{k.CardMove, k.PageUp, k.PageDown, h.withHelp(k.Enter, "enter", "open card detail")}
	case ViewCharts:
		view = []key.Binding{k.PickMove, h.withHelp(k.Enter, "enter", "detail"), k.Filter, k.ZoomIn, k.ZoomOut, k.Pan, k.Reset, k.Relative, k.Log, k.Mode}
		if h.mode != ModeLine {
			view = []key.Binding{k.PickMove, h.withHelp(k.Enter, "enter", "detail"), k.Filter, k.Mode}
		}
	case ViewTable:
		view = []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Home, k.End, k.Sort, k.SortRev, h.withHelp(k.Filter, "/", "filter rows"), k.Enter, h.withHelp(k.Back, "esc", "clear filter")}
	case ViewDetail:
		view = []key.Binding{k.Scroll, k.PageUp, k.PageDown, k.Home, k.End, k.Back}
	case ViewSources:
		view = []key.Binding{k.Up, k.Down, h.withHelp(k.Enter, "enter", "list points / open detail"), h.withHelp(k.Back, "esc", "back to sources")}
	case ViewEvents:
		view = []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, h.withHelp(k.Enter, "enter", "the indicator or source behind it")}
	}
	mouse := []key.Binding{
		key.NewBinding(key.WithKeys("click"), key.WithHelp(h.tr.key("click"), h.tr.key("tabs, cards, rows, headers"))),
		key.NewBinding(key.WithKeys("wheel"), key.WithHelp(h.tr.key("wheel"), h.tr.key("scroll lists, zoom charts"))),
		key.NewBinding(key.WithKeys("drag"), key.WithHelp(h.tr.key("drag"), h.tr.key("pan the chart"))),
	}
	return [][]key.Binding{view, global, mouse}
}
