package ui

import (
	"reflect"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"

	"github.com/eaeu-dash/eaeu-dash/data"
)

// Every message has a Russian version.
func TestMessagesComplete(t *testing.T) {
	for _, tr := range []*msgs{&msgsEN, &msgsRU} {
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
	en := newKeyMap(&msgsEN)
	seen := map[string]bool{}
	for _, d := range views {
		v := d.v
		for _, typing := range []bool{false, true} {
			for _, open := range []bool{false, true} {
				h := viewKeys{k: en, tr: &msgsEN, v: v, typing: typing, follow: true, open: open}
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
		if _, ok := msgsRU.keys[d]; !ok {
			t.Errorf("key help %q has no Russian version", d)
		}
	}
}

func TestRussianPeriods(t *testing.T) {
	for in, want := range map[string]string{
		"2024": "2024", "2024-Q3": "2024 кв. 3", "2024-07": "июл 2024", "2024-07-05": "5 июл 2024",
		"2014-05": "май 2014", "2014-05-29": "29 мая 2014", // the genitive after a day
	} {
		p, ok := data.ParsePeriod(in)
		if !ok {
			t.Fatalf("parse %q", in)
		}
		if got := msgsRU.period(p); got != want {
			t.Errorf("ru %s = %q, want %q", in, got, want)
		}
		if got := msgsEN.period(p); got != p.Label() {
			t.Errorf("en %s = %q, want Label %q", in, got, p.Label())
		}
	}
	if got := msgsRU.value(1234567.891, 2, "Mt"); got != "1\u00a0234\u00a0567,89 Mt" {
		t.Errorf("ru value = %q", got)
	}
	if got := msgsRU.signed(1.25, 1); !strings.HasPrefix(got, "+1,") {
		t.Errorf("ru signed = %q", got)
	}
}
