package ui

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// The views table is the only list of views: everything else agrees with
// it.
func TestViewsTable(t *testing.T) {
	seen := map[View]bool{}
	names := map[string]bool{}
	for i, d := range views {
		if seen[d.v] || names[d.name] {
			t.Fatalf("row %d: view %d or name %q twice", i, d.v, d.name)
		}
		seen[d.v], names[d.name] = true, true
		if d.render == nil || d.reduce == nil || d.short == nil || d.full == nil {
			t.Errorf("%s: a row needs render, reduce and help", d.name)
		}
		if v, ok := ParseView(strings.ToUpper(d.name)); !ok || v != d.v || v.String() != d.name {
			t.Errorf("%s: ParseView/String do not round-trip", d.name)
		}
		for _, tr := range []*texts{&textsEN, &textsRU} {
			if tr.tabs[d.v] == "" {
				t.Errorf("%s: no tab word in %s", d.name, tr.lang)
			}
		}
		if tabIndex(d.v) != i {
			t.Errorf("%s: tab index %d, want %d", d.name, tabIndex(d.v), i)
		}
	}
	for _, tr := range []*texts{&textsEN, &textsRU} {
		if len(tr.tabs) != len(views) {
			t.Errorf("%s has %d tab words for %d views", tr.lang, len(tr.tabs), len(views))
		}
	}
	keys, help := tabKeys()
	if len(keys) != len(views) || help != "1-"+keys[len(keys)-1] {
		t.Errorf("tab keys %v %q", keys, help)
	}
	if validView(View(len(views)+5)) || validView(-1) {
		t.Error("a value outside the table is a view")
	}
	// Storyboards name the same views: the schema's enum is the table.
	var s struct {
		Defs struct {
			Stop struct {
				Properties struct {
					View struct{ Enum []string }
				}
			}
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data.StorySchema(), &s); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(s.Defs.Stop.Properties.View.Enum, " "), strings.Join(ViewNames(), " "); got != want {
		t.Errorf("the storyboard schema's views are %q, the table's %q", got, want)
	}
}

// Every tab is reached by its number key and by tab, in table order.
func TestEveryViewByKey(t *testing.T) {
	ds := loadMini(t)
	m := newSized(t, ds, 100, 30)
	for i, d := range views {
		m = press(m, string(rune('1'+i)))
		if m.m.state.View != d.v {
			t.Errorf("key %d: view %s, want %s", i+1, m.m.state.View, d.name)
		}
		checkFrame(t, m.View(), 100, 30)
	}
	m = press(m, "1")
	for i := range views {
		if m.m.state.View != views[i].v {
			t.Errorf("tab %d: view %s, want %s", i, m.m.state.View, views[i].name)
		}
		m = press(m, "tab")
	}
}
