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
	StoryNext, StoryPrev            key.Binding
	Snapshot                        key.Binding
	MapLeft, MapRight, MapUp        key.Binding
	MapDown, MapPan, MapSelect      key.Binding // MapPan, MapSelect: help-only summaries
	ZoomIn, ZoomOut, Pan, Reset     key.Binding
	Relative, Log, Mode             key.Binding
	Sort, SortRev                   key.Binding
	CardMove, PickMove, Scroll      key.Binding // help-only summaries
	FilterDone, FilterCancel        key.Binding
}

// The key map of each language, built at its first session. Nothing
// changes a key map once built (withHelp changes a copy of a binding), so
// all sessions of a language share one, like its texts.
var (
	keyMapEN = sync.OnceValue(func() *keyMap { k := newKeyMap(&textsEN); return &k })
	keyMapRU = sync.OnceValue(func() *keyMap { k := newKeyMap(&textsRU); return &k })
)

// keyMapOf is the shared key map of tr's language.
func keyMapOf(tr *texts) *keyMap {
	switch tr {
	case &textsEN:
		return keyMapEN()
	case &textsRU:
		return keyMapRU()
	}
	k := newKeyMap(tr)
	return &k
}

func newKeyMap(tr *texts) keyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, tr.key(desc)))
	}
	tabs, tabsHelp := tabKeys()
	return keyMap{
		Tabs:         b(tabsHelp, "views", tabs...),
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
		StoryNext:    b("n/space", "next stop", "n", " "),
		StoryPrev:    b("p", "previous stop", "p"),
		Snapshot:     b("ctrl+s", "save the screen (SVG)", snapshotKey),
		MapLeft:      b("H", "pan left", "H", "shift+left"),
		MapRight:     b("L", "pan right", "L", "shift+right"),
		MapUp:        b("K", "pan up", "K", "shift+up"),
		MapDown:      b("J", "pan down", "J", "shift+down"),
		MapPan:       b("HJKL/shift+←↓↑→", "pan the map", "H", "J", "K", "L"),
		MapSelect:    b("←↓↑→/hjkl", "select line or point", "up", "down", "left", "right", "h", "j", "k", "l"),
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
	tr     *texts
	v      View
	typing bool
	follow bool // a follower with a presenter: the full help lists f
	detach bool // and it looks around: the short help starts with f
	story  bool // show the story's keys
	snap   bool // ctrl+s saves the screen here
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
	if d := viewOf(h.v); d != nil && d.short != nil {
		out = d.short(h)
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
	if h.snap {
		global = append(global, k.Snapshot)
	}
	if h.story {
		global = append(global, k.StoryNext, k.StoryPrev)
		if !h.follow {
			global = append(global, h.withHelp(k.Follow, "f", "back to the stop"))
		}
	}
	if h.follow {
		global = append(global, k.Follow)
	}
	var view []key.Binding
	if d := viewOf(h.v); d != nil && d.full != nil {
		view = d.full(h)
	}
	mouse := []key.Binding{
		key.NewBinding(key.WithKeys("click"), key.WithHelp(h.tr.key("click"), h.tr.key("tabs, cards, rows, headers, map"))),
		key.NewBinding(key.WithKeys("wheel"), key.WithHelp(h.tr.key("wheel"), h.tr.key("scroll lists, zoom charts and the map"))),
		key.NewBinding(key.WithKeys("drag"), key.WithHelp(h.tr.key("drag"), h.tr.key("pan the chart or the map"))),
	}
	return [][]key.Binding{view, global, mouse}
}
