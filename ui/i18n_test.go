package ui

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// Every message has a Russian version.
func TestMessagesComplete(t *testing.T) {
	t.Parallel()
	for _, tr := range []*texts{&textsEN, &textsRU} {
		v := reflect.ValueOf(*tr)
		for i := 0; i < v.NumField(); i++ {
			f, name := v.Field(i), v.Type().Field(i).Name
			switch f.Kind() {
			case reflect.String:
				if f.String() == "" {
					t.Errorf("%s: %s is empty", tr.lang, name)
				}
			case reflect.Array:
				for j := 0; j < f.Len(); j++ {
					if f.Index(j).String() == "" {
						t.Errorf("%s: %s[%d] is empty", tr.lang, name, j)
					}
				}
			case reflect.Func, reflect.Map:
				if f.IsNil() && !(name == "keys" && tr.lang == "en") {
					t.Errorf("%s: %s is nil", tr.lang, name)
				}
			}
		}
		for _, tp := range topicOrder {
			if tr.topic(tp) == string(tp) {
				t.Errorf("%s: topic %q has no title", tr.lang, tp)
			}
		}
	}
}

// Every key help text shown anywhere has a Russian version.
func TestKeyHelpTranslated(t *testing.T) {
	t.Parallel()
	en := newKeyMap(&textsEN)
	seen := map[string]bool{}
	for _, d := range views {
		v := d.v
		for _, typing := range []bool{false, true} {
			for _, open := range []bool{false, true} {
				h := viewKeys{k: en, tr: &textsEN, v: v, typing: typing, follow: true, open: open}
				bs := h.ShortHelp()
				for _, g := range h.FullHelp() {
					bs = append(bs, g...)
				}
				h.follow, h.story = false, true // a story without a presenter: f goes back to the stop
				for _, g := range h.FullHelp() {
					bs = append(bs, g...)
				}
				for _, b := range bs {
					seen[b.Help().Desc] = true
				}
			}
		}
	}
	rv := reflect.ValueOf(en)
	for i := 0; i < rv.NumField(); i++ {
		seen[rv.Field(i).Interface().(key.Binding).Help().Desc] = true
	}
	for d := range seen {
		if _, ok := textsRU.keys[d]; !ok {
			t.Errorf("key help %q has no Russian version", d)
		}
	}
}

func TestRussianPeriods(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"2024": "2024", "2024-Q3": "2024 кв. 3", "2024-07": "июл 2024", "2024-07-05": "5 июл 2024",
		"2014-05": "май 2014", "2014-05-29": "29 мая 2014", // the genitive after a day
	} {
		p, ok := data.ParsePeriod(in)
		if !ok {
			t.Fatalf("parse %q", in)
		}
		if got := textsRU.period(p); got != want {
			t.Errorf("ru %s = %q, want %q", in, got, want)
		}
		if got := textsEN.period(p); got != p.Label() {
			t.Errorf("en %s = %q, want Label %q", in, got, p.Label())
		}
	}
	if got := textsRU.value(1234567.891, 2, "Mt"); got != "1\u00a0234\u00a0567,89 Mt" {
		t.Errorf("ru value = %q", got)
	}
	if got := textsRU.signed(1.25, 1); !strings.HasPrefix(got, "+1,") {
		t.Errorf("ru signed = %q", got)
	}
}

func TestPluralForms(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "0 figures"}, {"en", 1, "1 figure"}, {"en", 2, "2 figures"},
		{"ru", 1, "1 значение"}, {"ru", 2, "2 значения"}, {"ru", 5, "5 значений"},
		{"ru", 11, "11 значений"}, {"ru", 21, "21 значение"}, {"ru", 22, "22 значения"},
		{"ru", 14, "14 значений"}, {"ru", 101, "101 значение"}, {"ru", 112, "112 значений"},
	} {
		tr := textsFor(c.lang)
		if got := tr.count(c.n, tr.nFigures); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.lang, c.n, got, c.want)
		}
	}
}

// helpKeys reads the keys a help entry names: "↑/k" is up and k, "hjkl"
// four keys, "1-6" six, "pgdn" pgdown.
func helpKeys(label string) []string {
	named := map[string]string{"pgdn": "pgdown", "pgup": "pgup", "home": "home", "end": "end", "enter": "enter",
		"esc": "esc", "tab": "tab", "shift+tab": "shift+tab", "ctrl+c": "ctrl+c"}
	arrows := map[rune]string{'↑': "up", '↓': "down", '←': "left", '→': "right"}
	if label == "/" {
		return []string{"/"}
	}
	var out []string
	for _, part := range strings.Split(label, "/") {
		if k, ok := named[part]; ok {
			out = append(out, k)
			continue
		}
		if len(part) == 3 && part[1] == '-' && part[0] != '-' { // 1-6
			for c := part[0]; c <= part[2]; c++ {
				out = append(out, string(c))
			}
			continue
		}
		for _, r := range part {
			if a, ok := arrows[r]; ok {
				out = append(out, a)
			} else {
				out = append(out, string(r))
			}
		}
	}
	return out
}

// TestHelpKeysAreTheBindingsKeys: every key a help entry (short or full,
// of every view and mode, in both languages) names is a key of its
// binding: the help never offers a key that does something else.
func TestHelpKeysAreTheBindingsKeys(t *testing.T) {
	t.Parallel()
	for _, tr := range []*texts{&textsEN, &textsRU} {
		k := keyMapOf(tr)
		for _, v := range []View{ViewOverview, ViewCharts, ViewTable, ViewDetail, ViewSources, ViewEvents} {
			for _, vk := range []viewKeys{
				{k: *k, tr: tr, v: v}, {k: *k, tr: tr, v: v, open: true, eventOpens: true, follow: true},
				{k: *k, tr: tr, v: v, mode: ModeBars}, {k: *k, tr: tr, v: v, typing: true},
			} {
				groups := vk.FullHelp()
				groups = groups[:len(groups)-1] // the mouse: click, wheel, drag
				groups = append(groups, vk.ShortHelp())
				for _, g := range groups {
					for _, b := range g {
						label := b.Help().Key
						for _, key := range helpKeys(label) {
							if !slices.Contains(b.Keys(), key) {
								t.Errorf("%s %v: help %q names %q, not a key of the binding %v", tr.lang, v, label, key, b.Keys())
							}
						}
					}
				}
			}
		}
	}
}
